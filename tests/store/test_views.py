"""Propositions as SQL rows: the ``propositions`` and ``proposition_claims`` views that
Datasette, sqlite3 and psql users browse (migration 0008), on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import text

from claimgraph.ingest.run import ingest
from claimgraph.reconcile.materialize import refresh
from claimgraph.settings import Settings
from claimgraph.store.engine import open_store


def test_propositions_and_their_claims_are_rows(db_url: str, corpus: Path) -> None:
    engine = open_store(db_url)
    try:
        ingest([str(corpus)], engine, Settings(db_url=db_url))
        refresh(engine)
        with engine.connect() as conn:
            rows = [dict(r._mapping) for r in conn.execute(text("SELECT * FROM propositions"))]
            cached = {r.id: json.loads(r.body) for r in conn.execute(text("SELECT id, body FROM proposition_cache"))}
            links = [tuple(r) for r in conn.execute(text("SELECT proposition_id, claim_id, role FROM proposition_claims"))]
            by_status = dict(conn.execute(text("SELECT status, count(*) FROM propositions GROUP BY status")).all())
    finally:
        engine.dispose()
    assert rows and len(rows) == len(cached)
    for row in rows:
        body = cached[row["id"]]
        assert (row["type"], row["status"], row["place_name"], row["agent_side"]) == (
            body["type"], body["status"], body["place"]["name"], body["agent_side"])
        assert float(row["confidence"]) == body["confidence"]
        assert row["valid_from"].endswith("+00:00")  # ISO 8601 with its offset
    assert sum(by_status.values()) == len(rows)
    for pid, body in cached.items():
        linked = {(c, role) for p, c, role in links if p == pid}
        assert {c for c, role in linked if role == "deny"} == set(body["deny"])
        assert {c for c, role in linked if role != "deny"} == set(body["support"])
