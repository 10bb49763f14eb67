"""Places mentioned in each document and the events each claim describes.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "places",
        sa.Column(
            "document_id",
            sa.String(40),
            sa.ForeignKey("documents.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("start", sa.Integer, primary_key=True),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("name", sa.Text),
        sa.Column("geonames_id", sa.BigInteger),
        sa.Column("country", sa.String(8)),
        sa.Column("lat", sa.Float),
        sa.Column("lon", sa.Float),
        sa.Column("feature", sa.String(32)),
        sa.Column("reason", sa.Text),
    )
    op.create_index("ix_places_geonames_id", "places", ["geonames_id"])
    op.create_table(
        "events",
        sa.Column(
            "claim_id", sa.String(40), sa.ForeignKey("claims.id", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column("n", sa.SmallInteger, primary_key=True),
        sa.Column(
            "document_id",
            sa.String(40),
            sa.ForeignKey("documents.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("type", sa.String(16), nullable=False),
        sa.Column("modality", sa.String(16), nullable=False),
        sa.Column("agent_text", sa.Text),
        sa.Column("agent", sa.Text),
        sa.Column("agent_side", sa.String(64)),
        sa.Column("target", sa.Text),
        sa.Column("target_side", sa.String(64)),
        sa.Column("facility", sa.Text),
        sa.Column("place_name", sa.Text),
        sa.Column("geonames_id", sa.BigInteger),
        sa.Column("country", sa.String(8)),
        sa.Column("lat", sa.Float),
        sa.Column("lon", sa.Float),
        sa.Column("place_text", sa.Text),
        sa.Column("time_start", sa.DateTime(timezone=True)),
        sa.Column("time_end", sa.DateTime(timezone=True)),
        sa.Column("time_text", sa.Text),
        sa.Column("time_granularity", sa.String(16)),
        sa.Column("trigger", sa.Text),
        sa.Column("trigger_start", sa.Integer),
        sa.Column("trigger_end", sa.Integer),
        sa.Column("count", sa.Integer),
    )
    op.create_index("ix_events_document_id", "events", ["document_id"])
    op.create_index("ix_events_geonames_id", "events", ["geonames_id"])
    op.create_index("ix_events_type", "events", ["type"])


def downgrade() -> None:
    op.drop_table("events")
    op.drop_table("places")
