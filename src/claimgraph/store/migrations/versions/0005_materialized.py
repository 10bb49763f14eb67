"""The materialized current state: proposition and timeline caches, the places whose
cache rows are out of date, and every spelling of each place (see store/schema.py).

Triggers on ``events`` mark a place stale whenever an event there is stored or deleted,
whatever path wrote it (ingest, a bulk load, a cascade), and record its spelling. The
upgrade marks every place of an existing store stale, so its first refresh fills the cache.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

_MARK = (
    "INSERT INTO stale_places (geonames_id, version) VALUES ({row}.geonames_id, 1) "
    "ON CONFLICT (geonames_id) DO UPDATE SET version = stale_places.version + 1"
)
_NAME = (
    "INSERT INTO place_names (geonames_id, name) SELECT NEW.geonames_id, NEW.place_name "
    "WHERE NEW.place_name IS NOT NULL ON CONFLICT DO NOTHING"
)

_SQLITE = (
    f"""CREATE TRIGGER events_stale_on_insert AFTER INSERT ON events
    WHEN NEW.geonames_id IS NOT NULL BEGIN {_MARK.format(row="NEW")}; {_NAME}; END""",
    f"""CREATE TRIGGER events_stale_on_delete AFTER DELETE ON events
    WHEN OLD.geonames_id IS NOT NULL BEGIN {_MARK.format(row="OLD")}; END""",
)
_POSTGRESQL = (
    f"""CREATE FUNCTION claimgraph_events_stale() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'DELETE' THEN
        IF OLD.geonames_id IS NOT NULL THEN {_MARK.format(row="OLD")}; END IF;
        RETURN OLD;
      END IF;
      IF NEW.geonames_id IS NOT NULL THEN {_MARK.format(row="NEW")}; {_NAME}; END IF;
      RETURN NEW;
    END $$""",
    """CREATE TRIGGER events_stale AFTER INSERT OR DELETE ON events
    FOR EACH ROW EXECUTE FUNCTION claimgraph_events_stale()""",
)


def upgrade() -> None:
    op.create_table(
        "proposition_cache",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("geonames_id", sa.BigInteger, nullable=False),
        sa.Column("family", sa.String(16), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("sort_key", sa.Text().with_variant(sa.Text(collation="C"), "postgresql"), nullable=False),
        sa.Column("body", sa.Text, nullable=False),
    )
    op.create_index("ix_proposition_cache_geonames_id", "proposition_cache", ["geonames_id"])
    op.create_index("ix_proposition_cache_sort_key", "proposition_cache", ["sort_key"])
    op.create_index("ix_proposition_cache_status", "proposition_cache", ["status", "sort_key"])
    op.create_table(
        "timeline_cache",
        sa.Column("geonames_id", sa.BigInteger, primary_key=True),
        sa.Column("body", sa.Text, nullable=False),
    )
    op.create_table(
        "stale_places",
        sa.Column("geonames_id", sa.BigInteger, primary_key=True),
        sa.Column("version", sa.BigInteger, nullable=False),
    )
    op.create_table(
        "place_names",
        sa.Column("geonames_id", sa.BigInteger, primary_key=True),
        sa.Column("name", sa.Text, primary_key=True),
    )
    op.execute(
        "INSERT INTO stale_places (geonames_id, version) "
        "SELECT DISTINCT geonames_id, 1 FROM events WHERE geonames_id IS NOT NULL"
    )
    op.execute(
        "INSERT INTO place_names (geonames_id, name) SELECT DISTINCT geonames_id, place_name "
        "FROM events WHERE geonames_id IS NOT NULL AND place_name IS NOT NULL"
    )
    for statement in _POSTGRESQL if op.get_bind().dialect.name == "postgresql" else _SQLITE:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS events_stale ON events")
        op.execute("DROP FUNCTION IF EXISTS claimgraph_events_stale()")
    else:
        op.execute("DROP TRIGGER IF EXISTS events_stale_on_insert")
        op.execute("DROP TRIGGER IF EXISTS events_stale_on_delete")
    for table in ("place_names", "stale_places", "timeline_cache", "proposition_cache"):
        op.drop_table(table)
