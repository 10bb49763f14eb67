"""Whole-store snapshots for comparing stores built different ways."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from claimgraph.store.engine import open_store
from claimgraph.store.queries import utc
from claimgraph.store.schema import actors, claims, documents, events, lsh_bands, places

# When a row was read or written differs from run to run; nothing else may.
_RUN_TIMES = {"retrieved_at", "ingested_at"}


def _value(value: Any) -> Any:
    if hasattr(value, "tzinfo"):
        return utc(value)
    if isinstance(value, list | dict):
        return repr(value)  # sortable, and equal exactly when the JSON is equal
    return value


def store_rows(url: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of the content tables, sorted, without the ingest timestamps."""
    engine = open_store(url)
    out: dict[str, list[tuple[Any, ...]]] = {}
    with engine.connect() as conn:
        for table in (documents, lsh_bands, actors, claims, events, places):
            columns = [c for c in table.c if c.name not in _RUN_TIMES]
            rows = conn.execute(select(*columns)).all()
            out[table.name] = sorted(tuple(_value(v) for v in row) for row in rows)
    engine.dispose()
    return out
