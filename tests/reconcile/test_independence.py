"""One vote per independent source: wire copies, relays, anonymous sources, retractions.

Scenario (invented): the wire "Coastline Wire" files that rebels hold the port of Kerewa;
two outlets reprint it; a local daily reports it on its own; the ministry denies it.
"""

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from claimgraph.model import Evidence
from hypothesis import given, settings
from hypothesis import strategies as st

from claimgraph.reconcile.independence import independent_count, replay, source_key, votes

T0 = datetime(2025, 5, 2, 6, 0, tzinfo=UTC)
BASE = Evidence(
    claim_id="c", n=0, document_id="d", event_type="CONTROL", family="CONTROL", side="opposition",
    modality="claimed", agent="Coast Rebels", agent_side="opposition", facility="", geonames_id=1,
    place_name="Kerewa", country="XX", lat=1.0, lon=2.0, time_start=T0, time_end=T0 + timedelta(days=1),
    stance="assert", source_canonical="Coastline Wire", source_kind="media", source_side="media",
    attributed=False, chain=("Coastline Wire",), outlet="Coastline Wire", published_at=T0,
    syndication_group="g-wire", wire_origin="Coastline Wire",
)


def ev(claim_id: str, hours: int = 0, **kw: object) -> Evidence:
    return replace(BASE, claim_id=claim_id, document_id=kw.pop("document_id", f"doc-{claim_id}"),  # type: ignore[arg-type]
                   published_at=T0 + timedelta(hours=hours), **kw)


WIRE = ev("wire")
COPIES = [
    ev("copy1", 1, outlet="Harbour Times", source_canonical="Harbour Times"),
    ev("copy2", 2, outlet="Delta Digest", source_canonical="Delta Digest"),
]


def test_independence_wire_copies_in_the_syndication_group_count_once() -> None:
    assert independent_count([WIRE]) == 1
    assert independent_count([WIRE, *COPIES]) == 1
    (vote,) = votes([WIRE, *COPIES])
    assert vote.name == "Coastline Wire" and set(vote.documents) == {"doc-wire", "doc-copy1", "doc-copy2"}


def test_independence_group_without_wire_credit_speaks_as_its_earliest_outlet() -> None:
    copies = [replace(c, wire_origin=None, syndication_group="g-near") for c in COPIES]
    (vote,) = votes(copies)
    assert vote.name == "Harbour Times"


def test_independence_a_credit_to_unnamed_agencies_is_no_source() -> None:
    """ "With inputs from agencies" names no agency: each outlet speaks in its own voice, and
    no source called "agencies" votes (seen on Sudan; the copies here are of a port story)."""
    one = ev("a1", 1, outlet="Harbour Times", wire_origin="agencies", syndication_group="g-a1")
    two = ev("a2", 2, outlet="Kerewa Daily", wire_origin="agencies", syndication_group="g-a2")
    names = {v.name for v in votes([one, two])}
    assert names == {"Harbour Times", "Kerewa Daily"}


def test_independence_an_own_report_outside_the_group_is_a_second_source() -> None:
    own = ev("local", 3, outlet="Kerewa Daily", source_canonical="Kerewa Daily", syndication_group="g-local",
             wire_origin=None)
    assert independent_count([WIRE, *COPIES, own]) == 2


def test_independence_a_relay_chain_counts_for_its_origin_not_the_relays() -> None:
    relayed = [
        ev(f"r{i}", i, attributed=True, source_canonical="Port Authority", source_kind="government",
           source_side="none", chain=("the port authority", relay, outlet), outlet=outlet,
           syndication_group=f"g{i}", wire_origin=None)
        for i, (relay, outlet) in enumerate([("Coastline Wire", "Harbour Times"), ("Radio Kerewa", "Delta Digest")])
    ]
    (vote,) = votes(relayed)
    assert vote.name == "Port Authority"
    assert vote.relays == ("Coastline Wire", "Delta Digest", "Harbour Times", "Radio Kerewa")


def test_independence_anonymous_sources_are_one_per_syndication_group() -> None:
    anon = dict(attributed=True, source_canonical="officials (anonymous)", source_kind="anonymous",
                source_side="none", wire_origin=None)
    same_story = [ev("a1", 0, syndication_group="g1", **anon), ev("a2", 1, syndication_group="g1", **anon)]
    other_story = ev("a3", 2, syndication_group="g2", **anon)
    assert independent_count(same_story) == 1
    assert independent_count([*same_story, other_story]) == 2
    assert source_key(same_story[0])[0] != source_key(other_story)[0]


def test_independence_latest_stance_wins_and_a_retraction_is_marked() -> None:
    said = dict(attributed=True, source_canonical="Coast Rebels", source_kind="armed_group",
                source_side="opposition", wire_origin=None)
    claim = ev("claim", 0, syndication_group="g1", **said)
    taken_back = ev("retract", 30, syndication_group="g2", stance="deny", **said)
    (vote,) = votes([taken_back, claim])
    assert (vote.stance, vote.retracted, vote.claims) == ("deny", True, ("claim", "retract"))
    (again,) = votes([claim, replace(taken_back, stance="assert")])
    assert (again.stance, again.retracted) == ("assert", False)


def test_independence_hedges_and_possible_events_are_weak_assertions() -> None:
    (hedged,) = votes([ev("h", stance="hedge")])
    (possible,) = votes([ev("p", modality="possible")])
    (firm,) = votes([ev("f")])
    assert (hedged.stance, hedged.strength, hedged.supports) == ("hedge", 0.5, True)
    assert (possible.stance, possible.strength) == ("hedge", 0.5)
    assert (firm.stance, firm.strength) == ("assert", 1.0)


def test_independence_an_outlet_in_its_own_voice_and_quoted_by_name_is_one_source() -> None:
    own = ev("own", outlet="Kerewa Monitor", source_canonical="Kerewa Monitor", syndication_group="g1", wire_origin=None)
    quoted = ev("quoted", 1, attributed=True, source_canonical="Kerewa Monitor", source_kind="monitor",
                chain=("the monitor", "Harbour Times"), outlet="Harbour Times", syndication_group="g2", wire_origin=None)
    assert independent_count([own, quoted]) == 1


def test_independence_unnamed_witnesses_are_scoped_like_anonymous_sources() -> None:
    said = dict(attributed=True, source_canonical="residents", source_kind="witnesses", source_side="none",
                wire_origin=None)
    assert independent_count([ev("w1", syndication_group="g1", **said), ev("w2", syndication_group="g2", **said)]) == 2


def test_independence_a_wires_witnesses_are_one_set_however_the_copy_was_reworded() -> None:
    # (Seen on Rafah: a Reuters story of witnesses reworded by three outlets, each its own
    # syndication group, counted as three independent sets of witnesses.)
    said = dict(attributed=True, source_canonical="witnesses", source_kind="witnesses", source_side="none")
    reworded = [ev(f"r{i}", i, syndication_group=f"g{i}", outlet=f"Outlet {i}", wire_origin="Coastline Wire", **said)
                for i in range(3)]
    assert independent_count(reworded) == 1
    own_reporting = ev("own", 4, syndication_group="g9", wire_origin=None, **said)
    assert independent_count([*reworded, own_reporting]) == 2
    credited_to_agencies = ev("ag", 5, syndication_group="g8", wire_origin="agencies", **said)
    assert independent_count([*reworded, credited_to_agencies]) == 2  # "agencies" names no wire


_SOURCES = (  # (canonical, kind, side, attributed)
    ("Coast Rebels", "armed_group", "opposition", True), ("Lagoon Army", "military", "government", True),
    ("residents", "witnesses", "none", True), ("Harbour Times", "media", "media", False),
    ("Delta Digest", "media", "media", False), ("Coastline Wire", "media", "media", False),
)


@st.composite
def _reports(draw: st.DrawFn) -> list[Evidence]:
    records = []
    for k in range(draw(st.integers(1, 25))):
        canonical, kind, side, attributed = draw(st.sampled_from(_SOURCES))
        hours = draw(st.one_of(st.none(), st.integers(0, 6)))
        records.append(replace(
            BASE, claim_id=f"c{k}", document_id=f"d{draw(st.integers(0, 12))}",
            source_canonical=canonical, source_kind=kind, source_side=side, attributed=attributed,
            outlet=draw(st.sampled_from(("Harbour Times", "Delta Digest", "Coastline Wire"))),
            syndication_group=draw(st.sampled_from((None, "g1", "g2"))),
            wire_origin=draw(st.sampled_from((None, "Coastline Wire"))),
            stance=draw(st.sampled_from(("assert", "deny", "hedge"))),
            modality=draw(st.sampled_from(("claimed", "possible"))),
            chain=(canonical, *draw(st.lists(st.sampled_from(("Harbour Times", "Reuters")), max_size=2))),
            published_at=None if hours is None else T0 + timedelta(hours=hours),
        ))
    return records


@given(_reports(), st.lists(st.integers(0, 7), min_size=1, max_size=5, unique=True))
@settings(max_examples=150, deadline=None)
def test_independence_replay_equals_votes_of_what_was_known(records: list[Evidence], hours: list[int]) -> None:
    instants = sorted(T0 + timedelta(hours=h) for h in hours)
    for at, replayed in replay(records, instants):
        known = [r for r in records if r.published_at is not None and r.published_at <= at]
        assert replayed == votes(known)


def test_independence_an_outside_bodys_head_and_the_body_are_one_source() -> None:
    """(Seen as the Syrian Observatory's director and "the Observatory" voting twice.) The
    UN rights chief and his office, quoted in two papers, are one outside source; a party's
    spokesman keeps a voice of his own beside his army (a party never counts as independent,
    and what each admits is read on its own)."""
    head = ev("h", 1, attributed=True, source_canonical="Volker Türk", source_kind="person",
              source_side="third-party", outlet="Harbour Times", syndication_group=None, wire_origin=None)
    office = ev("o", 2, attributed=True, source_canonical="OHCHR", source_kind="intergovernmental",
                source_side="third-party", outlet="Kerewa Daily", syndication_group=None, wire_origin=None)
    assert independent_count([head, office]) == 1
    spokesman = replace(head, claim_id="s", source_canonical="Nabil Abdallah", source_side="government")
    army = replace(office, claim_id="a", source_canonical="Sudanese Armed Forces", source_kind="military",
                   source_side="government")
    assert len(votes([spokesman, army])) == 2
