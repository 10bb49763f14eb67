"""SQL over the materialized current state: cached proposition and timeline JSON, and the
places whose cache rows are out of date (see the tables in store/schema.py).

Only the store's side: what goes in the rows is reconcile/materialize.py's business.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import Connection, and_, bindparam, delete, func, insert, select

from claimgraph.store.queries import chunks
from claimgraph.store.schema import proposition_cache, stale_places, timeline_cache


@dataclass(frozen=True, slots=True)
class CachedProposition:
    """One row of ``proposition_cache``: the keys readers filter and sort on, and the JSON."""

    id: str
    geonames_id: int
    family: str
    status: str
    sort_key: str
    body: str


def stale_versions(conn: Connection, places: Sequence[int] | None = None) -> dict[int, int]:
    """GeoNames id -> change counter of every stale place (of ``places`` only, if given)."""
    query = select(stale_places.c.geonames_id, stale_places.c.version)
    if places is None:
        return {int(gid): int(v) for gid, v in conn.execute(query)}
    found: dict[int, int] = {}
    for part in chunks(sorted(set(places))):
        found.update((int(gid), int(v)) for gid, v in conn.execute(query.where(stale_places.c.geonames_id.in_(part))))
    return found


def cached_propositions(
    conn: Connection,
    places: Sequence[int] | None = None,
    exclude: Sequence[int] = (),
    status: str | None = None,
    family: str | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> list[CachedProposition]:
    """Cached rows in ``sort_key`` order, filtered; ``exclude`` drops places (the stale ones)."""
    c = proposition_cache.c
    where = []
    if places is not None:
        where.append(c.geonames_id.in_(sorted(set(places))))
    if exclude:
        where.append(c.geonames_id.not_in(sorted(set(exclude))))
    if status:
        where.append(c.status == status)
    if family:
        where.append(c.family == family)
    query = select(c.id, c.geonames_id, c.family, c.status, c.sort_key, c.body).order_by(c.sort_key)
    if where:
        query = query.where(and_(*where))
    if limit is not None:
        query = query.limit(limit)
    if offset:
        query = query.offset(offset)
    return [CachedProposition(*row) for row in conn.execute(query)]


def cached_timeline(conn: Connection, geonames_id: int) -> str | None:
    """The cached timeline JSON of one place, or None when it has none cached."""
    return conn.execute(
        select(timeline_cache.c.body).where(timeline_cache.c.geonames_id == geonames_id)
    ).scalar()


def replace_places(
    conn: Connection,
    versions: dict[int, int],
    rows: Iterable[CachedProposition],
    timelines: dict[int, str],
) -> int:
    """Replace the cache rows of the places in ``versions`` (GeoNames id -> the change
    counter read before ``rows`` were computed) and clear their stale marks, except where
    the counter moved meanwhile: those stay stale. Returns how many stayed stale."""
    places = sorted(versions)
    for part in chunks(places):
        conn.execute(delete(proposition_cache).where(proposition_cache.c.geonames_id.in_(part)))
        conn.execute(delete(timeline_cache).where(timeline_cache.c.geonames_id.in_(part)))
    values = [
        {"id": r.id, "geonames_id": r.geonames_id, "family": r.family, "status": r.status,
         "sort_key": r.sort_key, "body": r.body}
        for r in rows
    ]
    if values:
        conn.execute(insert(proposition_cache), values)
    if timelines:
        conn.execute(insert(timeline_cache), [{"geonames_id": g, "body": b} for g, b in timelines.items()])
    if not places:
        return 0
    conn.execute(
        delete(stale_places).where(
            stale_places.c.geonames_id == bindparam("gid"), stale_places.c.version == bindparam("version")
        ),
        [{"gid": gid, "version": versions[gid]} for gid in places],
    )
    return sum(
        conn.execute(select(func.count()).where(stale_places.c.geonames_id.in_(part))).scalar_one()
        for part in chunks(places)
    )
