"""Propositions as rows for SQL tools (Datasette, sqlite3, psql): a ``propositions`` view
over the materialized proposition cache, one row per proposition with its place, agent,
status, confidence, valid time (ISO 8601 with offset) and independent sources, and a
``proposition_claims`` view linking each claim to the proposition it is evidence for, with
its role (support, hedge, deny). Views, not tables: the cache stays the one copy, and
``claimgraph refresh`` (run after every ingest) keeps them current.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07
"""

from __future__ import annotations

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

_FIELDS = (  # (column, JSON path in the cached body)
    ("place_name", "place.name"), ("lat", "place.lat"), ("lon", "place.lon"),
    ("agent", "agent.canonical"), ("agent_side", "agent_side"), ("facility", "facility"),
    ("confidence", "confidence"), ("valid_from", "valid_from"), ("valid_to", "valid_to"),
    ("independent_sources", "independent_sources"), ("first_reported", "first_reported"),
    ("last_reported", "last_reported"),
)


def _field(dialect: str, path: str) -> str:
    if dialect == "postgresql":
        parts = path.split(".")
        return "(c.body::jsonb #>> '{" + ",".join(parts) + "}')"
    return f"json_extract(c.body, '$.{path}')"


def _claims(dialect: str, key: str) -> str:
    if dialect == "postgresql":
        return f"jsonb_array_elements_text(c.body::jsonb -> '{key}') AS j(value)"
    return f"json_each(c.body, '$.{key}') AS j"


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    columns = ", ".join(f"{_field(dialect, path)} AS {name}" for name, path in _FIELDS)
    op.execute(
        "CREATE VIEW propositions AS SELECT c.id AS id, c.family AS type, c.geonames_id AS geonames_id, "
        f"c.status AS status, {columns} FROM proposition_cache c"
    )
    op.execute(
        "CREATE VIEW proposition_claims AS "
        "SELECT c.id AS proposition_id, j.value AS claim_id, "
        "CASE WHEN cl.stance = 'hedge' THEN 'hedge' ELSE 'support' END AS role "
        f"FROM proposition_cache c CROSS JOIN {_claims(dialect, 'support')} LEFT JOIN claims cl ON cl.id = j.value "
        "UNION ALL "
        "SELECT c.id AS proposition_id, j.value AS claim_id, 'deny' AS role "
        f"FROM proposition_cache c CROSS JOIN {_claims(dialect, 'deny')}"
    )


def downgrade() -> None:
    op.execute("DROP VIEW IF EXISTS proposition_claims")
    op.execute("DROP VIEW IF EXISTS propositions")
