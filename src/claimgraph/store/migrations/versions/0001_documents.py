"""Documents, LSH band keys for syndication, and the log of failed inputs.

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "documents",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("url", sa.Text),
        sa.Column("outlet", sa.Text),
        sa.Column("outlet_kind", sa.String(32)),
        sa.Column("outlet_country", sa.String(8)),
        sa.Column("outlet_state", sa.String(8)),
        sa.Column("title", sa.Text),
        sa.Column("published_at", sa.DateTime(timezone=True)),
        sa.Column("language", sa.String(16)),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("retrieved_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("location", sa.Text, nullable=False),
        sa.Column("previous_version", sa.String(40), sa.ForeignKey("documents.id")),
        sa.Column("syndication_group", sa.String(40)),
        sa.Column("wire_origin", sa.Text),
        sa.Column("shingles", sa.Integer, nullable=False),
        sa.Column("minhash", sa.LargeBinary, nullable=False),
    )
    for column in ("url", "outlet", "published_at", "previous_version", "syndication_group"):
        op.create_index(f"ix_documents_{column}", "documents", [column])
    op.create_table(
        "lsh_bands",
        sa.Column("band", sa.SmallInteger, primary_key=True),
        sa.Column("key", sa.BigInteger, primary_key=True),
        sa.Column(
            "document_id",
            sa.String(40),
            sa.ForeignKey("documents.id", ondelete="CASCADE"),
            primary_key=True,
        ),
    )
    op.create_index("ix_lsh_bands_document_id", "lsh_bands", ["document_id"])
    op.create_table(
        "ingest_failures",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("path", sa.Text, nullable=False),
        sa.Column("line", sa.Integer),
        sa.Column("code", sa.String(8), nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("ingest_failures")
    op.drop_table("lsh_bands")
    op.drop_table("documents")
