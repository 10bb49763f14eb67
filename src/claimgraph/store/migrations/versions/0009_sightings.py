"""Every sighting of a document (another URL, outlet or file with the same text), so a
story's outlets are all kept; the documents stored before this revision get one sighting
each, their own.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sightings",
        sa.Column("document_id", sa.String(40), sa.ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("url", sa.Text, primary_key=True),
        sa.Column("outlet", sa.Text, primary_key=True),
        sa.Column("published_at", sa.DateTime(timezone=True)),
        sa.Column("location", sa.Text, nullable=False),
        sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.execute(
        "INSERT INTO sightings (document_id, url, outlet, published_at, location, seen_at) "
        "SELECT id, COALESCE(url, ''), COALESCE(outlet, ''), published_at, location, ingested_at FROM documents"
    )


def downgrade() -> None:
    op.drop_table("sightings")
