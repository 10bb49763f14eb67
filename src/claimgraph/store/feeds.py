"""What ``watch`` last heard from each feed, kept in the store (table ``feed_state``).

A row is written only after the entries its validators cover are committed, so a watch
that stops half-way asks for the feed whole again rather than skipping what it never stored.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, select

from claimgraph.store.queries import upsert
from claimgraph.store.schema import feed_state

FIELDS = ("etag", "last_modified", "file_size", "file_mtime_ns")


def load_states(conn: Connection, feeds: Sequence[str]) -> dict[str, dict[str, Any]]:
    """The saved fields of each of ``feeds`` that has a row (feeds never polled are absent)."""
    if not feeds:
        return {}
    rows = conn.execute(select(feed_state).where(feed_state.c.feed.in_(list(feeds)))).mappings()
    return {r["feed"]: {k: r[k] for k in FIELDS} for r in rows}


def save_state(conn: Connection, feed: str, fields: dict[str, Any], at: datetime | None = None) -> None:
    """Record (or replace) what the last answer for ``feed`` said."""
    row = {k: fields.get(k) for k in FIELDS} | {"updated_at": at or datetime.now(UTC)}
    upsert(conn, feed_state, {"feed": feed}, row)
