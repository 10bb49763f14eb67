"""The store's tables (SQLAlchemy Core). Migrations in ``migrations/`` create them.

A test compares this metadata with a freshly migrated database, so the two cannot drift.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    SmallInteger,
    String,
    Table,
    Text,
)

metadata = MetaData()

documents = Table(
    "documents",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("url", Text, index=True),
    Column("outlet", Text, index=True),
    Column("outlet_kind", String(32)),
    Column("outlet_country", String(8)),
    Column("outlet_state", String(8)),
    Column("title", Text),
    Column("published_at", DateTime(timezone=True), index=True),
    Column("language", String(16)),
    Column("text", Text, nullable=False),
    Column("retrieved_at", DateTime(timezone=True), nullable=False),
    Column("ingested_at", DateTime(timezone=True), nullable=False),
    Column("location", Text, nullable=False),
    Column("previous_version", String(40), ForeignKey("documents.id"), index=True),
    Column("syndication_group", String(40), index=True),
    Column("wire_origin", Text),
    Column("shingles", Integer, nullable=False),
    Column("minhash", LargeBinary, nullable=False),
)

lsh_bands = Table(
    "lsh_bands",
    metadata,
    Column("band", SmallInteger, primary_key=True),
    Column("key", BigInteger, primary_key=True),
    Column(
        "document_id",
        String(40),
        ForeignKey("documents.id", ondelete="CASCADE"),
        primary_key=True,
    ),
)
Index("ix_lsh_bands_document_id", lsh_bands.c.document_id)

ingest_failures = Table(
    "ingest_failures",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("path", Text, nullable=False),
    Column("line", Integer),
    Column("code", String(8), nullable=False),
    Column("reason", Text, nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
)
