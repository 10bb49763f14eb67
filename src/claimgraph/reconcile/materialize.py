"""The current state, materialized: what ``propositions`` and ``timeline`` answer without
an as-of time, stored as JSON per proposition and per place, so that the API reads it
with one index lookup instead of reconciling a million claims per request.

Why it can be done place by place: a proposition's key includes its place, and its votes
and verdict depend on its own evidence only, so the propositions at a place are a
function of the events at that place. Triggers on ``events`` (store migration 0005) mark
each place where an event is stored or deleted as stale; :func:`refresh` recomputes the
stale places, and readers (:func:`current_propositions`, :func:`current_timeline`)
compute any place still stale live, so an answer is never behind the store, only slower
until the next refresh. ``claimgraph ingest`` and ``POST /api/documents`` refresh when
they finish; ``claimgraph refresh`` does it on demand, in several processes if asked.
"""

from __future__ import annotations

import heapq
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing import get_context
from typing import Any

from sqlalchemy import Connection, Engine

from claimgraph.reconcile.status import Proposition, place_ids, propositions
from claimgraph.reconcile.timeline import timeline
from claimgraph.store.engine import create
from claimgraph.store.materialized import (
    CachedProposition,
    cached_propositions,
    cached_timeline,
    replace_places,
    stale_versions,
)

PLACES_PER_STEP = 400  # places recomputed per transaction (bounds memory and lock time)
# Past this many stale places the exclusion list would not fit one statement; the reader
# then reconciles everything live (only a store that was never refreshed gets here).
_MAX_STALE_MERGED = 30_000
_SEP = "\x1f"  # below every printable character: "Town 1" + SEP sorts before "Town 10"


def sort_key(p: Proposition) -> str:
    """The text whose code-point order is :func:`claimgraph.reconcile.status.propositions`'
    order (place name, type, valid start, id): the cache is read in this order."""
    c = p.cluster
    return _SEP.join((c.place["name"] or "", c.family, c.valid_from.isoformat(), c.id))


def dumps(data: Any) -> str:
    """Compact JSON, as the cache stores it."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def cache_row(p: Proposition) -> CachedProposition:
    return CachedProposition(
        p.cluster.id, p.cluster.geonames_id, p.cluster.family, p.verdict.status, sort_key(p), dumps(p.as_dict())
    )


def _by_place(props: Iterable[Proposition]) -> dict[int, list[Proposition]]:
    grouped: dict[int, list[Proposition]] = {}
    for p in props:
        grouped.setdefault(p.cluster.geonames_id, []).append(p)
    return grouped


def compute(conn: Connection, places: Sequence[int]) -> tuple[list[CachedProposition], dict[int, str]]:
    """Cache rows and timeline JSON of ``places``, from the store as it is now."""
    found = propositions(conn, places=places)
    timelines = {gid: dumps(timeline(ps).as_dict()) for gid, ps in _by_place(found).items()}
    return [cache_row(p) for p in found], timelines


def _compute_in_worker(db_url: str, places: Sequence[int]) -> tuple[list[CachedProposition], dict[int, str]]:
    engine = create(db_url)
    try:
        with engine.connect() as conn:
            return compute(conn, places)
    finally:
        engine.dispose()


@dataclass(slots=True)
class RefreshReport:
    """What a refresh did; ``as_dict`` is ``refresh --json``."""

    places: int = 0
    propositions: int = 0
    still_stale: int = 0

    def as_dict(self) -> dict[str, int]:
        return {"places": self.places, "propositions": self.propositions, "still_stale": self.still_stale}


def _steps(places: Sequence[int], size: int) -> list[list[int]]:
    ordered = sorted(places)
    return [ordered[i : i + size] for i in range(0, len(ordered), size)]


def refresh(
    engine: Engine,
    workers: int = 1,
    progress: Callable[[RefreshReport, int], None] | None = None,
    places_per_step: int = PLACES_PER_STEP,
) -> RefreshReport:
    """Recompute every stale place's cache rows; ``workers`` > 1 computes in that many
    processes (each opens the store itself; this process writes).

    Safe beside writers: each place's change counter is read before its rows are computed
    and its stale mark is cleared only if the counter has not moved since; a place changed
    meanwhile stays stale (and is read live) until the next refresh.
    """
    with engine.connect() as conn:
        versions = stale_versions(conn)
    report = RefreshReport()
    steps = _steps(list(versions), places_per_step)
    if progress:
        progress(report, len(versions))

    def store(step: Sequence[int], rows: list[CachedProposition], timelines: dict[int, str]) -> None:
        with engine.begin() as conn:
            report.still_stale += replace_places(conn, {g: versions[g] for g in step}, rows, timelines)
        report.places += len(step)
        report.propositions += len(rows)
        if progress:
            progress(report, len(versions))

    if workers <= 1 or len(steps) <= 1:
        for step in steps:
            with engine.connect() as conn:
                rows, timelines = compute(conn, step)
            store(step, rows, timelines)
        return report
    url = engine.url.render_as_string(hide_password=False)
    # spawn, not fork: a forked child would inherit this process's open database handles
    with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn")) as pool:
        for step, (rows, timelines) in zip(steps, pool.map(_compute_in_worker, [url] * len(steps), steps)):
            store(step, rows, timelines)
    return report


def _live(conn: Connection, places: Sequence[int]) -> list[CachedProposition]:
    return [cache_row(p) for p in propositions(conn, places=places)] if places else []


def current_propositions(
    conn: Connection,
    place: str | None = None,
    status: str | None = None,
    family: str | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> list[str]:
    """The JSON of each current proposition (as :func:`propositions` would give it, in its
    order), filtered and paged: cached rows, with stale places reconciled live."""
    places = place_ids(conn, place) if place else None
    if places is not None and not places:
        return []
    stale = sorted(stale_versions(conn, places))
    if len(stale) > _MAX_STALE_MERGED:
        rows = _live(conn, places) if places is not None else [cache_row(p) for p in propositions(conn)]
        return [r.body for r in _page(_filtered(rows, status, family), limit, offset)]
    end = None if limit is None else offset + limit
    if not stale:
        return [r.body for r in cached_propositions(conn, places, (), status, family, limit, offset)]
    cached = cached_propositions(conn, places, stale, status, family, end, 0)
    live = sorted(_filtered(_live(conn, stale), status, family), key=lambda r: r.sort_key)
    merged = heapq.merge(cached, live, key=lambda r: r.sort_key)
    return [r.body for r in _page(merged, limit, offset)]


def _filtered(rows: Iterable[CachedProposition], status: str | None, family: str | None) -> Iterator[CachedProposition]:
    return (r for r in rows if (not status or r.status == status) and (not family or r.family == family))


def _page(rows: Iterable[CachedProposition], limit: int | None, offset: int) -> list[CachedProposition]:
    found = list(rows)
    return found[offset:] if limit is None else found[offset : offset + limit]


def current_timeline(conn: Connection, place: str) -> str:
    """The JSON of ``place``'s control timeline now: cached when the name means one place
    that is not stale, computed otherwise."""
    places = place_ids(conn, place)
    cached = _fresh_timeline(conn, places)
    if cached is not None:
        return cached
    return dumps(timeline(propositions(conn, places=places) if places else []).as_dict())


def _id_only(place: str | None) -> list[int] | None:
    return [int(place)] if place and place.strip().isdigit() else None


def cached_only_propositions(
    conn: Connection,
    place: str | None = None,
    status: str | None = None,
    family: str | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> list[str] | None:
    """:func:`current_propositions` when it is a cache read alone (no place a name must be
    looked up for, none stale), else None: a read cheap enough to run anywhere."""
    places = _id_only(place)
    if place and places is None or stale_versions(conn, places):
        return None
    return [r.body for r in cached_propositions(conn, places, (), status, family, limit, offset)]


def cached_only_timeline(conn: Connection, place: str) -> str | None:
    """:func:`current_timeline` when it is a cache read alone (a GeoNames id, not stale,
    cached), else None."""
    places = _id_only(place)
    return None if places is None else _fresh_timeline(conn, places)


def _fresh_timeline(conn: Connection, places: Sequence[int]) -> str | None:
    """The cached timeline when ``places`` is one place and it is not stale, else None."""
    if len(places) != 1 or stale_versions(conn, places):
        return None
    return cached_timeline(conn, places[0])
