"""Control timelines on hand-built propositions (the invented Kerewa conflict of
test_status.py: the Coast Rebels against Lagoonia's army)."""

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from claimgraph.model import Evidence
from claimgraph.reconcile.cluster import clusters
from claimgraph.reconcile.status import assess
from claimgraph.reconcile.timeline import history, timeline

T0 = datetime(2025, 5, 2, 6, 0, tzinfo=UTC)
BASE = Evidence(
    claim_id="c", n=0, document_id="d", event_type="CONTROL", family="CONTROL", side="opposition",
    modality="claimed", agent="Coast Rebels", agent_side="opposition", facility="", geonames_id=1,
    place_name="Kerewa", country="XX", lat=1.0, lon=2.0, time_start=T0, time_end=T0 + timedelta(days=1),
    stance="assert", source_canonical="Coast Rebels", source_kind="armed_group", source_side="opposition",
    attributed=True, chain=("Coast Rebels",), outlet="Harbour Times", published_at=T0,
    syndication_group=None, wire_origin=None, cluster=1,
)


def say(source: str, side: str, hours: int, stance: str = "assert", **kw: object) -> Evidence:
    doc = f"{source}-{hours}-{stance}"
    return replace(BASE, claim_id=f"c-{doc}", document_id=doc, source_canonical=source, chain=(source,),  # type: ignore[arg-type]
                   source_side=side, stance=stance, published_at=T0 + timedelta(hours=hours),
                   syndication_group=doc, **kw)


def props(*records: Evidence):
    return [assess(c) for c in clusters(records)]


REBELS_TAKE = (
    say("Coast Rebels", "opposition", 0),
    say("Lagoonia Ministry of Defence", "government", 10, "deny"),
    say("Lagoon Army", "government", 30),  # the army admits the loss a day later
)


def test_timeline_presumes_the_previous_holder_and_replays_the_status() -> None:
    tl = timeline(props(*REBELS_TAKE)).as_dict()
    before, taken = tl["intervals"]
    assert before == {
        "start": None, "end": T0.isoformat(), "holder": {"canonical": None, "side": "government"},
        "status": "presumed", "confidence": None, "proposition": None, "propositions": [],
        "reasons": ["held before Coast Rebels was reported taking it (2025-05-02)"],
    }
    assert taken["holder"] == {"canonical": "Coast Rebels", "side": "opposition"}
    assert taken["status"] == "confirmed" and taken["end"] is None
    assert [c["status"] for c in tl["history"]] == ["unverified", "contested", "confirmed"]
    assert [c["at"] for c in tl["history"]] == [(T0 + timedelta(hours=h)).isoformat() for h in (0, 10, 30)]


def test_timeline_hands_over_when_another_side_takes_it_back() -> None:
    later = T0 + timedelta(days=9)
    retaken = [
        replace(r, time_start=later, time_end=later + timedelta(days=1), side="government", agent="Lagoon Army",
                agent_side="government", claim_id=r.claim_id + "-back", document_id=r.document_id + "-back", cluster=2,
                published_at=later)
        for r in (say("Lagoon Army", "government", 0), say("Harbour Monitor", "monitor", 0))
    ]
    tl = timeline(props(*REBELS_TAKE, *retaken))
    rebels, army = tl.intervals[1:]
    assert rebels.side == "opposition" and rebels.end == later
    assert army.side == "government" and army.start == later and army.status == "corroborated"  # a party and a monitor


def test_timeline_leaves_unknown_sides_refuted_claims_and_facilities_out_of_the_holders() -> None:
    unknown = replace(say("Harbour Monitor", "monitor", 5), side="", agent=None, agent_side=None, cluster=3)
    dam = replace(say("Coast Rebels", "opposition", 7), facility="the dam", claim_id="c-dam", cluster=4)
    tl = timeline(props(*REBELS_TAKE, unknown, dam))
    assert [i.side for i in tl.intervals] == ["government", "opposition"]
    assert len(tl.intervals[1].propositions) == 1


def test_history_keeps_only_changes() -> None:
    (prop,) = props(say("Coast Rebels", "opposition", 0), say("Coast Rebels", "opposition", 5))
    assert [c.status for c in history(prop)] == ["unverified"]


def test_timeline_never_contradicts_its_propositions() -> None:
    """The army's contested "the town is still ours" a day into the rebels' confirmed hold
    does not end that hold in the timeline (seen on the sample corpus's Wad Madani); every
    interval's status is its propositions' best, and none starts inside a better-established
    hold of another side."""
    day1 = T0 + timedelta(days=1)
    still_ours = [
        replace(say("Lagoonia Ministry of Defence", "government", 26), time_start=day1, time_end=day1 + timedelta(days=1),
                side="government", agent="Lagoon Army", agent_side="government", cluster=5),
    ]
    ps = props(*REBELS_TAKE, *still_ours)
    tl = timeline(ps)
    assert [i.side for i in tl.intervals] == ["government", "opposition"]
    by_id = {p.cluster.id: p for p in ps}
    for interval in tl.intervals:
        mine = [by_id[i] for i in interval.propositions]
        if mine:
            assert interval.status == min((p.verdict.status for p in mine), key=["confirmed", "corroborated",
                                                                                   "contested", "unverified"].index)
        for p in ps:
            if interval.start and p.cluster.side not in ("", interval.side) and p.verdict.status == "confirmed":
                assert not p.cluster.valid_from <= interval.start <= p.cluster.valid_to
