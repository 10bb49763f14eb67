"""The materialized current state: the cache answers what a live reconcile answers, stale
places are marked by the store itself and read live, and a refresh never clears a mark
that moved while it computed. On SQLite and PostgreSQL.

Invented places (GeoNames-like ids 1000 and 2000) and rows written straight into the store.
"""

import json
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import Engine, delete, select

from claimgraph.reconcile.materialize import (
    compute,
    current_propositions,
    current_timeline,
    dumps,
    refresh,
)
from claimgraph.reconcile.status import propositions
from claimgraph.reconcile.timeline import timeline
from claimgraph.store.engine import open_store
from claimgraph.store.materialized import replace_places, stale_versions
from claimgraph.store.schema import events, place_names, proposition_cache

from reconcile_rows import add_rows

TOWN, CITY = 1000, 2000


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    engine = open_store(db_url)
    yield engine
    engine.dispose()


def _add(engine: Engine, rows: list[dict[str, Any]]) -> None:
    add_rows(engine, [{"agent": "Coast Rebels", "side": "opposition", **r} for r in rows], TOWN)


STORY = [
    {"id": "t1", "day": 1, "source": "Coast Rebels", "source_side": "opposition", "kind": "armed_group"},
    {"id": "t2", "day": 1, "hour": 5, "source": "Lagoon Ministry", "source_side": "government",
     "kind": "government", "stance": "deny"},
    {"id": "t3", "day": 2, "type": "ATTACK", "source": "Delta Monitor", "source_side": "none", "kind": "monitor"},
    {"id": "c1", "day": 3, "place": CITY, "name": "Maradi", "source": "Delta Monitor", "kind": "monitor"},
    {"id": "c2", "day": 3, "place": CITY, "name": "Marady", "source": "Hill Radio", "kind": "media",
     "source_side": "media"},
]


def _live(engine: Engine, **kw: Any) -> list[dict[str, Any]]:
    with engine.connect() as conn:
        return [p.as_dict() for p in propositions(conn, **kw)]


def _cached(engine: Engine, **kw: Any) -> list[dict[str, Any]]:
    with engine.connect() as conn:
        return [json.loads(body) for body in current_propositions(conn, **kw)]


def test_materialize_store_marks_places_stale_and_refresh_fills_the_cache(engine: Engine) -> None:
    _add(engine, STORY)
    with engine.connect() as conn:
        assert set(stale_versions(conn)) == {TOWN, CITY}
        names = set(conn.execute(select(place_names.c.geonames_id, place_names.c.name)))
    assert names == {(TOWN, "Tessaoua"), (CITY, "Maradi"), (CITY, "Marady")}
    assert _cached(engine) == _live(engine) != []  # stale: computed live, same answer
    report = refresh(engine)
    assert (report.places, report.still_stale) == (2, 0)
    assert report.propositions == len(_live(engine)) == 3
    with engine.connect() as conn:
        assert stale_versions(conn) == {}
        assert conn.execute(select(proposition_cache.c.id)).scalars().all() != []
    assert _cached(engine) == _live(engine)


@pytest.mark.parametrize("kw", [
    {"status": "contested"}, {"family": "ATTACK"}, {"place": "Marady"}, {"place": str(TOWN)},
    {"place": "Nowhere at all"}, {"limit": 1, "offset": 1}, {"limit": 2},
])
def test_materialize_filters_and_pages_like_the_live_reconcile(engine: Engine, kw: dict[str, Any]) -> None:
    _add(engine, STORY)
    refresh(engine)
    live = _live(engine, **{k: v for k, v in kw.items() if k in ("status", "place")})
    if "family" in kw:
        live = [p for p in live if p["type"] == kw["family"]]
    offset = kw.get("offset", 0)
    live = live[offset : offset + kw["limit"]] if "limit" in kw else live
    assert _cached(engine, **kw) == live


def test_materialize_reads_a_place_changed_since_the_refresh_live(engine: Engine) -> None:
    _add(engine, STORY)
    refresh(engine)
    # The army admits the loss: only the town changes, and is marked so.
    _add(engine, [{"id": "t4", "day": 1, "published": 2, "source": "Lagoon Army", "source_side": "government",
                   "kind": "military"}])
    with engine.connect() as conn:
        assert set(stale_versions(conn)) == {TOWN}
    merged = _cached(engine)
    assert merged == _live(engine)
    assert {p["status"] for p in merged if p["place"]["geonames_id"] == TOWN and p["type"] == "CONTROL"} == {"confirmed"}
    assert _cached(engine, limit=1, offset=2) == _live(engine)[2:3]
    assert refresh(engine).places == 1


def test_materialize_deleting_a_document_marks_its_places(engine: Engine) -> None:
    _add(engine, STORY)
    refresh(engine)
    with engine.begin() as conn:
        conn.execute(delete(events).where(events.c.document_id == "c2"))
        assert set(stale_versions(conn)) == {CITY}
    refresh(engine)
    assert _cached(engine, place=str(CITY)) == _live(engine, place=str(CITY))
    assert _cached(engine, place=str(CITY))[0]["claims"] == ["c1"]


def test_materialize_a_place_changed_while_computing_stays_stale(engine: Engine) -> None:
    _add(engine, STORY)
    with engine.connect() as conn:
        seen = stale_versions(conn)
        rows, timelines = compute(conn, sorted(seen))
    _add(engine, [{"id": "t5", "day": 1, "hour": 9, "source": "Hill Radio", "kind": "media", "source_side": "media"}])
    with engine.begin() as conn:  # rows computed from the store as it was when ``seen`` was read
        assert replace_places(conn, seen, rows, timelines) == 1
        assert set(stale_versions(conn)) == {TOWN}  # its counter moved: still stale
    assert _cached(engine) == _live(engine)


def test_materialize_timeline_is_the_live_timeline(engine: Engine) -> None:
    _add(engine, STORY)
    refresh(engine)
    with engine.connect() as conn:
        for place in (str(TOWN), "Tessaoua", "Maradi", "Nowhere at all"):
            live = dumps(timeline(propositions(conn, place=place)).as_dict())
            assert json.loads(current_timeline(conn, place)) == json.loads(live)
        assert json.loads(current_timeline(conn, str(TOWN)))["intervals"][-1]["status"] == "contested"


def test_materialize_refresh_in_worker_processes_gives_the_same_cache(engine: Engine) -> None:
    _add(engine, STORY)
    report = refresh(engine, workers=2, places_per_step=1)
    assert (report.places, report.still_stale) == (2, 0)
    assert _cached(engine) == _live(engine)
