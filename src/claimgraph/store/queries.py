"""Every SQL statement claimgraph runs on documents: small functions over a Connection.

Statements are built with SQLAlchemy Core, so every value is a bound parameter.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, and_, func, insert, or_, select

from claimgraph.ingest.syndication import Fingerprint
from claimgraph.model import Document, ReadFailure
from claimgraph.store.schema import documents, ingest_failures, lsh_bands

DOC_COLUMNS = (
    "id",
    "url",
    "outlet",
    "title",
    "published_at",
    "language",
    "syndication_group",
    "wire_origin",
)


@dataclass(frozen=True, slots=True)
class Candidate:
    """A stored document that shares at least one LSH band with a new one."""

    id: str
    syndication_group: str
    minhash: bytes
    shingles: int


def utc(value: datetime | None) -> datetime | None:
    """Re-attach UTC to datetimes that SQLite hands back naive."""
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=UTC)


def document_exists(conn: Connection, doc_id: str) -> bool:
    return conn.execute(select(documents.c.id).where(documents.c.id == doc_id)).first() is not None


def latest_version(conn: Connection, url: str) -> str | None:
    """Id of the most recently ingested document with this URL (for version links)."""
    row = conn.execute(
        select(documents.c.id)
        .where(documents.c.url == url)
        .order_by(documents.c.ingested_at.desc(), documents.c.id)
        .limit(1)
    ).first()
    return row[0] if row else None


def copy_candidates(conn: Connection, bands: Sequence[tuple[int, int]]) -> list[Candidate]:
    """Stored documents sharing a band key with ``bands`` (an indexed lookup, no scan)."""
    if not bands:
        return []
    match = or_(*(and_(lsh_bands.c.band == b, lsh_bands.c.key == k) for b, k in bands))
    rows = conn.execute(
        select(
            documents.c.id, documents.c.syndication_group, documents.c.minhash, documents.c.shingles
        )
        .where(documents.c.id.in_(select(lsh_bands.c.document_id).where(match)))
        .order_by(documents.c.ingested_at, documents.c.id)
    )
    return [Candidate(r.id, r.syndication_group, r.minhash, r.shingles) for r in rows]


def insert_document(conn: Connection, doc: Document, fp: Fingerprint, now: datetime) -> None:
    """Store one document and its band keys (inside the caller's transaction)."""
    conn.execute(
        insert(documents).values(
            id=doc.id,
            url=doc.url,
            outlet=doc.outlet,
            outlet_kind=doc.outlet_kind,
            outlet_country=doc.outlet_country,
            outlet_state=doc.outlet_state,
            title=doc.title,
            published_at=doc.published_at,
            language=doc.language,
            text=doc.text,
            retrieved_at=doc.retrieved_at,
            ingested_at=now,
            location=doc.location,
            previous_version=doc.previous_version,
            syndication_group=doc.syndication_group,
            wire_origin=doc.wire_origin,
            shingles=fp.shingles,
            minhash=fp.signature,
        )
    )
    if fp.bands:
        conn.execute(
            insert(lsh_bands),
            [{"band": b, "key": k, "document_id": doc.id} for b, k in sorted(set(fp.bands))],
        )


def insert_failures(conn: Connection, failures: Iterable[ReadFailure], now: datetime) -> None:
    """Keep a record of every input that was skipped, and why."""
    rows = [
        {"path": f.path, "line": f.line, "code": f.code, "reason": f.reason, "at": now}
        for f in failures
    ]
    if rows:
        conn.execute(insert(ingest_failures), rows)


def list_documents(
    conn: Connection, limit: int | None = None, offset: int = 0, outlet: str | None = None
) -> list[dict[str, Any]]:
    """Documents in publication order, as plain dicts with the contract's keys."""
    query = select(*(documents.c[name] for name in DOC_COLUMNS), documents.c.outlet_kind)
    if outlet:
        query = query.where(func.lower(documents.c.outlet) == outlet.lower())
    query = query.order_by(documents.c.published_at, documents.c.id).offset(offset)
    if limit is not None:
        query = query.limit(limit)
    out = []
    for row in conn.execute(query).mappings():
        item = dict(row)
        published = utc(item["published_at"])
        item["published_at"] = published.isoformat() if published else None
        out.append(item)
    return out


def get_document(conn: Connection, doc_id: str) -> dict[str, Any] | None:
    """One document with its full text, or None."""
    row = conn.execute(select(documents).where(documents.c.id == doc_id)).mappings().first()
    if row is None:
        return None
    item = {k: v for k, v in row.items() if k != "minhash"}
    for key in ("published_at", "retrieved_at", "ingested_at"):
        value = utc(item[key])
        item[key] = value.isoformat() if value else None
    return item


def counts(conn: Connection) -> dict[str, int]:
    """Totals for summaries: documents, syndication groups, outlets, failures."""
    docs = conn.execute(
        select(
            func.count(),
            func.count(func.distinct(documents.c.syndication_group)),
            func.count(func.distinct(documents.c.outlet)),
        )
    ).one()
    failures = conn.execute(select(func.count()).select_from(ingest_failures)).scalar_one()
    return {"documents": docs[0], "groups": docs[1], "outlets": docs[2], "failures": failures}
