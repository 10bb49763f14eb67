"""Bulk loading of a batch's rows: ``COPY … FROM STDIN`` on PostgreSQL, one executemany
INSERT elsewhere (SQLite).

COPY streams rows in one statement without a bind parameter each, several times faster
than multi-row INSERTs for the claims, events and places of a batch. It runs on the
caller's connection, inside the caller's transaction, so a batch still commits whole.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import JSON, Connection, Table, insert


def insert_rows(conn: Connection, table: Table, rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert ``rows`` (dicts with the same keys, named after ``table``'s columns)."""
    if not rows:
        return
    if conn.dialect.name != "postgresql":
        conn.execute(insert(table), list(rows))
        return
    _copy(conn, table, rows)


def _copy(conn: Connection, table: Table, rows: Sequence[Mapping[str, Any]]) -> None:
    from psycopg import sql

    names = [c.name for c in table.c if c.name in rows[0]]
    as_json = {c.name for c in table.c if isinstance(c.type, JSON)}
    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(table.name), sql.SQL(", ").join(sql.Identifier(n) for n in names)
    )
    raw = conn.connection.driver_connection  # psycopg's, in the SQLAlchemy transaction
    with raw.cursor() as cursor, cursor.copy(statement) as copy:  # type: ignore[union-attr]
        for row in rows:
            # JSON as SQLAlchemy writes it (None becomes JSON null, as in an INSERT)
            copy.write_row([json.dumps(row[n]) if n in as_json else row[n] for n in names])
