"""Canonical actors and attributed claims, each tied to its document.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "actors",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("canonical", sa.Text, nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("side", sa.String(64), nullable=False),
        sa.Column("conflict", sa.String(64)),
        sa.Column("registry", sa.Boolean, nullable=False),
        sa.Column(
            "first_document", sa.String(40), sa.ForeignKey("documents.id", ondelete="SET NULL")
        ),
    )
    op.create_index("ix_actors_canonical", "actors", ["canonical"])
    op.create_table(
        "claims",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column(
            "document_id",
            sa.String(40),
            sa.ForeignKey("documents.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("sentence", sa.Text, nullable=False),
        sa.Column("sentence_start", sa.Integer, nullable=False),
        sa.Column("sentence_end", sa.Integer, nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("evidence", sa.Text, nullable=False),
        sa.Column("source_text", sa.Text),
        sa.Column("source_start", sa.Integer),
        sa.Column("source_end", sa.Integer),
        sa.Column("actor_id", sa.String(40), sa.ForeignKey("actors.id")),
        sa.Column("source_canonical", sa.Text),
        sa.Column("source_kind", sa.String(32), nullable=False),
        sa.Column("source_side", sa.String(64), nullable=False),
        sa.Column("cue", sa.Text),
        sa.Column("cue_start", sa.Integer),
        sa.Column("cue_end", sa.Integer),
        sa.Column("stance", sa.String(16), nullable=False),
        sa.Column("quote", sa.String(16)),
        sa.Column("channel", sa.Text),
        sa.Column("chain", sa.JSON, nullable=False),
        sa.Column("hedges", sa.JSON, nullable=False),
        sa.Column("attributed", sa.Boolean, nullable=False),
        sa.Column("extractor", sa.String(64), nullable=False),
    )
    op.create_index("ix_claims_document_id", "claims", ["document_id"])
    op.create_index("ix_claims_actor_id", "claims", ["actor_id"])
    op.create_index("ix_claims_source_canonical", "claims", ["source_canonical"])


def downgrade() -> None:
    op.drop_table("claims")
    op.drop_table("actors")
