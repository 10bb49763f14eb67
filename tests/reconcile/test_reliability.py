"""Source reliability on hand-built propositions, and the confidence prior it feeds.

Invented conflict (as in test_status.py): the Coast Rebels against Lagoonia's government
over five invented towns; the outlets and the monitor are invented too.
"""

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimgraph.model import Evidence
from claimgraph.reconcile.cluster import clusters
from claimgraph.reconcile.independence import Vote, votes
from claimgraph.reconcile.reliability import (
    METHOD,
    MIN_SHARED,
    SourceReliability,
    adjust_confidence,
    fit_labels,
    reliabilities,
    reliability_report,
    source_reliability,
)
from claimgraph.reconcile.status import _BANDS, STATUSES, Proposition, Verdict, assess, judge

T0 = datetime(2025, 5, 2, 6, 0, tzinfo=UTC)
BASE = Evidence(
    claim_id="c", n=0, document_id="d", event_type="CONTROL", family="CONTROL", side="opposition",
    modality="claimed", agent="Coast Rebels", agent_side="opposition", facility="", geonames_id=1,
    place_name="Kerewa", country="XX", lat=1.0, lon=2.0, time_start=T0, time_end=T0 + timedelta(days=1),
    stance="assert", source_canonical="x", source_kind="media", source_side="media",
    attributed=True, chain=("x",), outlet="Harbour Times", published_at=T0,
    syndication_group=None, wire_origin=None,
)
SIDES = {"Harbour Monitor": "monitor", "Kerewa Daily": "media", "Coastline Wire": "media",
         "Lagoonia Ministry of Defence": "government", "Delta Herald": "media"}
TOWNS = ["Kerewa", "Olumo", "Ibeji", "Sapele", "Warri"]


def say(source: str, town: int, stance: str = "assert", hours: int = 0, group: str | None = None) -> Evidence:
    """One claim by ``source`` about the Coast Rebels holding town number ``town``."""
    doc = f"{source}-{town}-{hours}"
    return replace(
        BASE, claim_id=f"c-{doc}", document_id=doc, geonames_id=100 + town, place_name=TOWNS[town],
        source_canonical=source, chain=(source,), source_side=SIDES[source],
        source_kind="government" if SIDES[source] == "government" else "media",
        stance=stance, published_at=T0 + timedelta(hours=hours), syndication_group=group or doc,
    )


def props(*records: Evidence) -> list[Proposition]:
    return [assess(c) for c in clusters(records)]


def contradicted_ministry() -> list[Proposition]:
    """Three outlets agree town after town; the ministry denies every one of them."""
    records = []
    for town in range(5):
        records += [say("Harbour Monitor", town), say("Kerewa Daily", town, hours=1),
                    say("Lagoonia Ministry of Defence", town, "deny", hours=2)]
        if town % 2 == 0:
            records.append(say("Coastline Wire", town, hours=3))
    records.append(say("Delta Herald", 0, hours=4))  # one proposition: too little to judge
    return props(*records)


def by_name(found: list[SourceReliability]) -> dict[str, SourceReliability]:
    return {s.name: s for s in found}


@pytest.mark.parametrize("method", [METHOD, "OneCoinDawidSkene", "Wawa", "MajorityVote"])
def test_reliability_source_contradicted_by_consensus_scores_lowest(method: str) -> None:
    found = by_name(source_reliability(contradicted_ministry(), method))
    ministry = found["Lagoonia Ministry of Defence"].reliability
    assert ministry is not None and ministry < 0.5
    for name in ("Harbour Monitor", "Kerewa Daily", "Coastline Wire"):
        score = found[name].reliability
        assert score is not None and score > 0.5 > ministry, (name, score, ministry)


def test_reliability_too_little_evidence_is_none() -> None:
    found = by_name(source_reliability(contradicted_ministry()))
    assert found["Delta Herald"].reliability is None  # shares one proposition only
    assert MIN_SHARED > 1
    lone = props(say("Harbour Monitor", 1), say("Kerewa Daily", 2), say("Coastline Wire", 3))
    assert all(s.reliability is None for s in source_reliability(lone))  # nobody shares anything


def test_reliability_counts_and_contract() -> None:
    found = source_reliability(contradicted_ministry())
    ministry = by_name(found)["Lagoonia Ministry of Defence"]
    assert (ministry.evidence, ministry.propositions, ministry.asserted, ministry.denied) == (5, 5, 0, 5)
    assert (ministry.kind, ministry.side, ministry.key) == ("government", "government", "source:lagoonia ministry of defence")
    wire = by_name(found)["Coastline Wire"]
    assert (wire.evidence, wire.propositions, wire.asserted, wire.denied) == (3, 3, 3, 0)
    assert [s.evidence for s in found] == sorted((s.evidence for s in found), reverse=True)
    assert list(ministry.as_dict()) == ["key", "name", "kind", "side", "reliability", "evidence",
                                        "propositions", "asserted", "denied"]
    assert all(s.reliability is None or 0.0 <= s.reliability <= 1.0 for s in found)


def test_reliability_wire_copies_are_one_vote() -> None:
    """Three copies of one wire story in one syndication group: one source, one label."""
    copies = [say("Coastline Wire", 0, hours=h, group="wire-1") for h in range(3)]
    found = props(*copies, say("Lagoonia Ministry of Defence", 0, "deny", hours=4))
    assert len(found) == 1 and len(found[0].votes) == 2
    wire = by_name(source_reliability(found))["Coastline Wire"]
    assert wire.propositions == 1 and wire.evidence == 3


def test_fit_labels_rejects_unknown_method() -> None:
    with pytest.raises(ValueError, match="unknown aggregator"):
        fit_labels([("t", "w", "supports")], "Oracle")


def test_reliability_report_empty_store(tmp_path) -> None:
    from claimgraph.store.engine import open_store

    engine = open_store(f"sqlite:///{tmp_path / 'store.db'}")
    with engine.connect() as conn:
        assert reliability_report(conn) == {"method": METHOD, "sources": []}
    engine.dispose()


# --- confidence prior ------------------------------------------------------------------


def vote(key: str, stance: str = "assert", strength: float = 1.0) -> Vote:
    return Vote(key=key, name=key, side="media", kind="media", stance=stance, strength=strength,
                retracted=False, claims=(key,), documents=(key,), relays=(), first_reported=T0,
                last_reported=T0)


def test_adjust_confidence_unknown_sources_change_nothing() -> None:
    v = Verdict("contested", 0.47, ())
    assert adjust_confidence(v, [vote("a"), vote("b", "deny")], {}) == 0.47
    assert adjust_confidence(v, [vote("a"), vote("b", "deny")], {"a": None, "b": None}) == 0.47


def test_adjust_confidence_moves_with_who_is_reliable() -> None:
    both = [vote("a"), vote("b", "deny")]
    v = Verdict("contested", 0.47, ())
    up = adjust_confidence(v, both, {"a": 0.9, "b": 0.2})
    down = adjust_confidence(v, both, {"a": 0.2, "b": 0.9})
    assert down < 0.47 < up
    low, width = _BANDS["contested"]
    assert low <= down and up <= low + width


@settings(max_examples=200, deadline=None)
@given(
    status=st.sampled_from(STATUSES),
    place=st.floats(0.0, 1.0),
    stances=st.lists(st.tuples(st.sampled_from(["assert", "hedge", "deny"]),
                               st.one_of(st.none(), st.floats(0.0, 1.0))), min_size=1, max_size=12),
)
def test_adjust_confidence_stays_inside_the_band(status: str, place: float, stances: list) -> None:
    low, width = _BANDS[status]
    confidence = round(low + width * place, 3)
    vs = [vote(f"s{i}", stance, 0.5 if stance == "hedge" else 1.0) for i, (stance, _r) in enumerate(stances)]
    rel = {f"s{i}": r for i, (_stance, r) in enumerate(stances)}
    got = adjust_confidence(Verdict(status, confidence, ()), vs, rel)
    assert round(low, 3) <= got <= round(low + width, 3)


def test_adjust_confidence_never_changes_the_status() -> None:
    """The rules decide the status; reliability only shades the number inside its band."""
    records = [say("Harbour Monitor", 0), say("Lagoonia Ministry of Defence", 0, "deny", hours=1)]
    p = props(*records)[0]
    rel = reliabilities(source_reliability(contradicted_ministry()))
    assert judge("CONTROL", "opposition", votes(records)) == p.verdict
    adjusted = adjust_confidence(p.verdict, p.votes, rel)
    assert p.verdict.status == "contested" and adjusted > p.verdict.confidence
