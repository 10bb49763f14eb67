"""Rows written straight into a store, one document, claim and event each, so that a test
states exactly which events exist (shared by the clustering and materialization tests)."""

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, insert

from claimgraph.store.schema import claims, documents, events

D = datetime(2025, 3, 10, tzinfo=UTC)


def add_rows(engine: Engine, rows: list[dict[str, Any]], place: int, place_name: str = "Tessaoua") -> None:
    """Each row: {'id', 'day', ...}; optional 'type', 'side', 'agent', 'modality',
    'facility', 'place', 'name', 'published' (day), 'hour', 'outlet', 'group', 'source',
    'source_side', 'kind', 'stance', 'country'."""
    with engine.begin() as conn:
        for r in rows:
            published = D + timedelta(days=r.get("published", r["day"]), hours=r.get("hour", 0))
            conn.execute(insert(documents).values(
                id=r["id"], outlet=r.get("outlet", "Sahel Post"), published_at=published, text="x",
                retrieved_at=published, ingested_at=published, location="t.txt", shingles=1,
                minhash=b"", syndication_group=r.get("group", r["id"])))
            conn.execute(insert(claims).values(
                id=r["id"], document_id=r["id"], sentence="s", sentence_start=0, sentence_end=1,
                start=0, end=1, evidence="e", source_canonical=r.get("source", "Someone"),
                source_kind=r.get("kind", "person"), source_side=r.get("source_side", "none"),
                stance=r.get("stance", "assert"), chain=[r.get("source", "Someone")], hedges=[],
                attributed=True, extractor="test"))
            start = D + timedelta(days=r["day"])
            conn.execute(insert(events).values(
                claim_id=r["id"], n=0, document_id=r["id"], type=r.get("type", "CONTROL"),
                modality=r.get("modality", "claimed"), agent=r.get("agent"), agent_side=r.get("side"),
                facility=r.get("facility"), place_name=r.get("name", place_name), country=r.get("country"),
                geonames_id=r.get("place", place), time_start=start, time_end=start + timedelta(days=1)))
