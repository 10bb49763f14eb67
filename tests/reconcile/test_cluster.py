"""Clustering events into propositions, in SQL, on SQLite and PostgreSQL.

An invented town ("Tessaoua", GeoNames-like id 1000) and rows written straight into the
store, so each test states exactly which events exist.
"""

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import Engine

from claimgraph.reconcile.cluster import clusters, proposition_id
from claimgraph.store.evidence import evidence_query, load_evidence
from claimgraph.store.engine import open_store
from claimgraph.store.schema import events

from reconcile_rows import add_rows

TOWN, OTHER = 1000, 2000
D = datetime(2025, 3, 10, tzinfo=UTC)


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    engine = open_store(db_url)
    yield engine
    engine.dispose()


def _add(engine: Engine, rows: list[dict[str, Any]]) -> None:
    add_rows(engine, rows, TOWN)


def _props(engine: Engine, **kw: Any) -> dict[tuple[str, str, str], list[set[str]]]:
    """(family, side, facility) -> the claim ids of each of its propositions."""
    with engine.connect() as conn:
        found = clusters(load_evidence(conn, **kw))
    result: dict[tuple[str, str, str], list[set[str]]] = {}
    for c in sorted(found, key=lambda c: c.valid_from):
        result.setdefault((c.family, c.side, c.facility), []).append({e.claim_id for e in c.evidence})
    return result


def test_cluster_control_enter_and_flipped_withdraw_are_one_proposition(engine: Engine) -> None:
    _add(engine, [
        {"id": "c1", "type": "CONTROL", "side": "opposition", "day": 1},
        {"id": "c2", "type": "ENTER", "side": "opposition", "day": 0},
        {"id": "c3", "type": "WITHDRAW", "side": "government", "day": 2},
    ])
    assert _props(engine) == {("CONTROL", "opposition", ""): [{"c1", "c2", "c3"}]}


def test_cluster_interstate_sides_keep_their_parties(engine: Engine) -> None:
    """An interstate war's sides are parties: each state's claims stay its own proposition,
    and a state's withdrawal joins its opponent's control, chosen by the place's country
    where the state fights different enemies (Israel: Hamas in Gaza, Hezbollah in Lebanon)."""
    _add(engine, [
        {"id": "took", "type": "CONTROL", "side": "russia", "day": 1},
        {"id": "held", "type": "CONTROL", "side": "ukraine", "day": 1},
        {"id": "left", "type": "WITHDRAW", "side": "ukraine", "day": 2},
        {"id": "gaza", "type": "WITHDRAW", "side": "israel", "day": 1, "place": OTHER, "country": "PS"},
        {"id": "south", "type": "WITHDRAW", "side": "israel", "day": 1, "place": 3000, "country": "LB"},
        {"id": "where", "type": "WITHDRAW", "side": "israel", "day": 1, "place": 4000},
    ])
    props = _props(engine)
    assert props[("CONTROL", "russia", "")] == [{"took", "left"}]
    assert props[("CONTROL", "ukraine", "")] == [{"held"}]
    assert props[("CONTROL", "hamas", "")] == [{"gaza"}]
    assert props[("CONTROL", "hezbollah", "")] == [{"south"}]
    assert props[("CONTROL", "", "")] == [{"where"}]  # no country: no opponent to credit


def test_cluster_sides_facilities_places_and_types_split(engine: Engine) -> None:
    _add(engine, [
        {"id": "town", "type": "CONTROL", "side": "opposition", "day": 1},
        {"id": "dam", "type": "CONTROL", "side": "opposition", "day": 1, "facility": " Dam "},
        {"id": "gov", "type": "CONTROL", "side": "government", "day": 1},
        {"id": "far", "type": "CONTROL", "side": "opposition", "day": 1, "place": OTHER},
        {"id": "atk", "type": "ATTACK", "side": "opposition", "day": 1},
        {"id": "media", "type": "CONTROL", "side": "media", "day": 1},
    ])
    props = _props(engine)
    assert props[("CONTROL", "opposition", "")] == [{"town"}, {"far"}]
    assert props[("CONTROL", "opposition", "dam")] == [{"dam"}]
    assert props[("CONTROL", "government", "")] == [{"gov"}]
    assert props[("ATTACK", "opposition", "")] == [{"atk"}]
    assert props[("CONTROL", "", "")] == [{"media"}]  # a non-party agent side is "unknown"


def test_cluster_time_window_chains_and_splits(engine: Engine) -> None:
    # ends day 1, 3, 4 -> chained within 2 days; day 10 starts a new proposition
    _add(engine, [
        {"id": f"e{day}", "type": "CONTROL", "side": "opposition", "day": day} for day in (0, 2, 3, 10)
    ])
    assert _props(engine) == {("CONTROL", "opposition", ""): [{"e0", "e2", "e3"}, {"e10"}]}
    narrow = _props(engine, window=timedelta(hours=12))
    assert narrow == {("CONTROL", "opposition", ""): [{"e0"}, {"e2", "e3"}, {"e10"}]}


def test_cluster_skips_intentions_and_unplaced_events(engine: Engine) -> None:
    _add(engine, [
        {"id": "vow", "type": "ENTER", "side": "opposition", "day": 0, "modality": "intended"},
        {"id": "real", "type": "ENTER", "side": "opposition", "day": 0},
        {"id": "nowhere", "type": "ENTER", "side": "opposition", "day": 0, "place": None},
    ])
    assert _props(engine) == {("CONTROL", "opposition", ""): [{"real"}]}


def test_cluster_as_of_uses_only_documents_published_by_then(engine: Engine) -> None:
    _add(engine, [
        {"id": "early", "type": "CONTROL", "side": "opposition", "day": 1, "published": 1},
        {"id": "late", "type": "WITHDRAW", "side": "government", "day": 1, "published": 3},
    ])
    assert _props(engine, as_of=D + timedelta(days=2)) == {("CONTROL", "opposition", ""): [{"early"}]}
    naive_same_instant = datetime(2025, 3, 13, 0, 0)  # taken as UTC: 'late' is published exactly then
    assert _props(engine, as_of=naive_same_instant) == {("CONTROL", "opposition", ""): [{"early", "late"}]}


def test_cluster_ids_are_deterministic_and_derive_from_key_and_window_start(engine: Engine) -> None:
    _add(engine, [{"id": "a", "type": "CONTROL", "side": "opposition", "day": 1, "facility": "Dam"}])
    with engine.connect() as conn:
        first = clusters(load_evidence(conn))
        again = clusters(load_evidence(conn))
    assert [c.id for c in first] == [c.id for c in again]
    assert first[0].id == proposition_id("CONTROL", TOWN, "dam", "opposition", D + timedelta(days=1))
    assert first[0].id != proposition_id("CONTROL", TOWN, "dam", "opposition", D)


def test_cluster_query_is_one_statement_with_window_functions(engine: Engine) -> None:
    sql = str(evidence_query().compile(engine))
    assert sql.upper().count("OVER (PARTITION BY") == 2
