"""Every SQL statement claimgraph runs on documents: small functions over a Connection.

Statements are built with SQLAlchemy Core, so every value is a bound parameter.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Table, and_, func, insert, or_, select, update

from claimgraph.ingest.syndication import Fingerprint
from claimgraph.model import Document, ReadFailure
from claimgraph.store.schema import claims, documents, ingest_failures, lsh_bands, sightings

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
    ingested_at: datetime


def utc(value: datetime | None) -> datetime | None:
    """Re-attach UTC to datetimes that SQLite hands back naive."""
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=UTC)


def upsert(conn: Connection, table: Table, key: dict[str, Any], row: dict[str, Any]) -> None:
    """Replace the row of ``table`` whose primary key is ``key`` with ``row``, or insert it
    (an UPDATE then, if it touched nothing, an INSERT: the same SQL on both backends)."""
    match = and_(*(table.c[name] == value for name, value in key.items()))
    if not conn.execute(update(table).where(match).values(**row)).rowcount:
        conn.execute(insert(table).values(**key, **row))


_CHUNK = 2000  # bound parameters per statement, well under SQLite's and PostgreSQL's limits


def chunks(values: Sequence[Any]) -> Iterable[Sequence[Any]]:
    """Slices of ``values`` small enough for one IN (...) list on either backend."""
    for i in range(0, len(values), _CHUNK):
        yield values[i : i + _CHUNK]


def existing_ids(conn: Connection, ids: Sequence[str]) -> set[str]:
    """Which of ``ids`` are already stored (one indexed query per chunk)."""
    found: set[str] = set()
    for part in chunks(sorted(set(ids))):
        found.update(conn.execute(select(documents.c.id).where(documents.c.id.in_(part))).scalars())
    return found


def latest_versions(conn: Connection, urls: Sequence[str]) -> dict[str, str]:
    """For each URL, the id of its most recently ingested document (for version links)."""
    latest: dict[str, tuple[datetime, str]] = {}
    for part in chunks(sorted(set(urls))):
        rows = conn.execute(
            select(documents.c.url, documents.c.ingested_at, documents.c.id).where(
                documents.c.url.in_(part)
            )
        )
        for url, at, doc_id in rows:
            if url not in latest or (at, doc_id) > latest[url]:
                latest[url] = (at, doc_id)
    return {url: doc_id for url, (_at, doc_id) in latest.items()}


def copy_candidates(
    conn: Connection, bands: Iterable[tuple[int, int]], keep: Callable[[Candidate], bool] | None = None
) -> list[Candidate]:
    """Stored documents sharing a band key with any of ``bands``, oldest ingested first;
    with ``keep``, only those it accepts, tested as they are read (see below)."""
    found = iter_copy_candidates(conn, bands)
    return sorted(found if keep is None else filter(keep, found), key=lambda c: (c.ingested_at, c.id))


def iter_copy_candidates(conn: Connection, bands: Iterable[tuple[int, int]]) -> Iterator[Candidate]:
    """Stored documents sharing a band key with any of ``bands`` (indexed lookups, no scan),
    each once, in no particular order, read as they are used: their number grows with the
    store, so a caller that keeps only some holds no more than one chunk of rows at a time.

    Each lookup names the band as well as the key: the primary key of ``lsh_bands`` is
    (band, key, document_id), so a condition on the key alone cannot use it and scans the
    whole table, once per chunk of every batch (an ingest slowing down as the store grows).
    """
    wanted: dict[int, set[int]] = {}
    for band, key in bands:
        wanted.setdefault(band, set()).add(key)
    ids: set[str] = set()
    for part in _band_chunks(wanted):
        condition = or_(
            *(and_(lsh_bands.c.band == band, lsh_bands.c.key.in_(keys)) for band, keys in part)
        )
        ids.update(conn.execute(select(lsh_bands.c.document_id).where(condition)).scalars())
    for part in chunks(sorted(ids)):
        rows = conn.execute(
            select(
                documents.c.id,
                documents.c.syndication_group,
                documents.c.minhash,
                documents.c.shingles,
                documents.c.ingested_at,
            ).where(documents.c.id.in_(part))
        )
        for r in rows:
            yield Candidate(r.id, r.syndication_group, r.minhash, r.shingles, r.ingested_at)


_BANDS_PER_STATEMENT = 64  # OR terms per statement, well under SQLite's expression depth


def _band_chunks(wanted: dict[int, set[int]]) -> Iterator[list[tuple[int, list[int]]]]:
    """(band, keys) terms grouped so that each group binds at most ``_CHUNK`` parameters."""
    part: list[tuple[int, list[int]]] = []
    size = 0
    for band in sorted(wanted):
        keys = sorted(wanted[band])
        for i in range(0, len(keys), _CHUNK - 1):
            piece = keys[i : i + _CHUNK - 1]
            if part and (size + 1 + len(piece) > _CHUNK or len(part) == _BANDS_PER_STATEMENT):
                yield part
                part, size = [], 0
            part.append((band, piece))
            size += 1 + len(piece)
    if part:
        yield part


def insert_documents(
    conn: Connection, docs: Sequence[tuple[Document, Fingerprint]], now: datetime
) -> None:
    """Store documents and their band keys in two bulk statements (caller's transaction)."""
    if not docs:
        return
    conn.execute(
        insert(documents),
        [
            {
                "id": doc.id,
                "url": doc.url,
                "outlet": doc.outlet,
                "outlet_kind": doc.outlet_kind,
                "outlet_country": doc.outlet_country,
                "outlet_state": doc.outlet_state,
                "title": doc.title,
                "published_at": doc.published_at,
                "language": doc.language,
                "text": doc.text,
                "retrieved_at": doc.retrieved_at,
                # microseconds apart, so that version order within a batch is kept
                "ingested_at": now + timedelta(microseconds=i),
                "location": doc.location,
                "previous_version": doc.previous_version,
                "syndication_group": doc.syndication_group,
                "wire_origin": doc.wire_origin,
                "shingles": fp.shingles,
                "minhash": fp.signature,
            }
            for i, (doc, fp) in enumerate(docs)
        ],
    )
    bands = [
        {"band": b, "key": k, "document_id": doc.id}
        for doc, fp in docs
        for b, k in sorted(set(fp.bands))
    ]
    if bands:
        conn.execute(insert(lsh_bands), bands)


def insert_failures(conn: Connection, failures: Iterable[ReadFailure], now: datetime) -> None:
    """Keep a record of every input that was skipped, and why."""
    rows = [
        {"path": f.path, "line": f.line, "code": f.code, "reason": f.reason, "at": now}
        for f in failures
    ]
    if rows:
        conn.execute(insert(ingest_failures), rows)


def insert_sightings(conn: Connection, docs: Sequence[Document], now: datetime) -> None:
    """Record where each document of a batch was seen, new or already stored (an existing
    sighting is kept as first seen)."""
    rows = list({
        (d.id, d.url or "", d.outlet or ""): {
            "document_id": d.id, "url": d.url or "", "outlet": d.outlet or "",
            "published_at": d.published_at, "location": d.location, "seen_at": now,
        } for d in docs
    }.values())
    if not rows:
        return
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as dialect_insert
    else:
        from sqlalchemy.dialects.sqlite import insert as dialect_insert
    conn.execute(dialect_insert(sightings).on_conflict_do_nothing(), rows)


def sightings_of(conn: Connection, ids: Sequence[str]) -> dict[str, list[dict[str, Any]]]:
    """Each document's sightings (url, outlet, published_at), earliest published first."""
    found: dict[str, list[dict[str, Any]]] = {}
    for part in chunks(list(ids)):
        query = (select(sightings.c.document_id, sightings.c.url, sightings.c.outlet, sightings.c.published_at)
                 .where(sightings.c.document_id.in_(part))
                 .order_by(sightings.c.document_id, sightings.c.published_at, sightings.c.seen_at, sightings.c.url))
        for row in conn.execute(query):
            published = utc(row.published_at)
            found.setdefault(row.document_id, []).append({
                "url": row.url or None, "outlet": row.outlet or None,
                "published_at": published.isoformat() if published else None,
            })
    return found


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
    items = [_doc_item(row) for row in conn.execute(query).mappings()]
    seen = sightings_of(conn, [i["id"] for i in items])
    for item in items:
        item["urls"] = seen.get(item["id"], [])
    return items


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
    """Totals for summaries: documents, syndication groups, outlets, claims, failures."""
    docs = conn.execute(
        select(
            func.count(),
            func.count(func.distinct(documents.c.syndication_group)),
            func.count(func.distinct(documents.c.outlet)),
        )
    ).one()
    # the outlets that ran a story, including those whose copy was the same text as one stored
    seen_outlets = conn.execute(
        select(func.count(func.distinct(sightings.c.outlet))).where(sightings.c.outlet != "")
    ).scalar_one()
    failures = conn.execute(select(func.count()).select_from(ingest_failures)).scalar_one()
    n_claims = conn.execute(select(func.count()).select_from(claims)).scalar_one()
    return {
        "documents": docs[0],
        "groups": docs[1],
        "outlets": max(docs[2], seen_outlets),
        "claims": n_claims,
        "failures": failures,
    }


def report_times(conn: Connection, most: int = 200) -> list[str]:
    """Distinct publication instants, oldest first, evenly thinned to at most ``most`` (the
    stops of an as-of slider; the first and last are always kept)."""
    rows = conn.execute(
        select(documents.c.published_at).where(documents.c.published_at.is_not(None))
        .distinct().order_by(documents.c.published_at)
    ).scalars().all()
    stamps = [t.isoformat() for t in (utc(r) for r in rows) if t is not None]
    if len(stamps) <= most:
        return stamps
    step = (len(stamps) - 1) / (most - 1)
    return [stamps[round(i * step)] for i in range(most)]


def search_documents(conn: Connection, words: str, limit: int = 50) -> list[dict[str, Any]]:
    """Documents whose title or text holds ``words`` (case-insensitive, parameterized LIKE)."""
    needle = f"%{_like_escape(words.lower())}%"
    query = (
        select(*(documents.c[name] for name in DOC_COLUMNS))
        .where(func.lower(func.coalesce(documents.c.title, "")).like(needle, escape="\\")
               | func.lower(documents.c.text).like(needle, escape="\\"))
        .order_by(documents.c.published_at, documents.c.id)
        .limit(limit)
    )
    return [_doc_item(row) for row in conn.execute(query).mappings()]


def _doc_item(row: Any) -> dict[str, Any]:
    item = dict(row)
    published = utc(item["published_at"])
    item["published_at"] = published.isoformat() if published else None
    return item


def _like_escape(text: str) -> str:
    """``%`` and ``_`` typed by a user are literal characters, not wildcards."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def documents_by_id(conn: Connection, ids: Sequence[str]) -> list[dict[str, Any]]:
    """The contract fields of the given documents (in chunks: any number of ids)."""
    out: list[dict[str, Any]] = []
    for chunk in chunks(ids):
        query = select(*(documents.c[name] for name in DOC_COLUMNS)).where(documents.c.id.in_(chunk))
        out.extend(_doc_item(row) for row in conn.execute(query).mappings())
    return out


def store_stamp(conn: Connection) -> tuple[int, str | None]:
    """Changes whenever documents are stored or deleted: (count, latest ingest instant).
    Cheap enough per request to tell whether a derived result is still current."""
    count, latest = conn.execute(select(func.count(), func.max(documents.c.ingested_at))).one()
    return int(count), str(latest) if latest is not None else None
