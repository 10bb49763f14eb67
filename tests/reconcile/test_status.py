"""Statuses, confidence and reasons on hand-built votes.

Invented conflict: the Coast Rebels (opposition) against Lagoonia's government (the Lagoon
Army, the Lagoonia Ministry of Defence), over the port town of Kerewa; outlets and a monitor
are invented too.
"""

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from claimgraph.model import Evidence
from claimgraph.reconcile.cluster import Cluster
from claimgraph.reconcile.independence import votes
from claimgraph.reconcile.status import STATUSES, Sides, assess, judge, sides

T0 = datetime(2025, 5, 2, 6, 0, tzinfo=UTC)
BASE = Evidence(
    claim_id="c", n=0, document_id="d", event_type="CONTROL", family="CONTROL", side="opposition",
    modality="claimed", agent="Coast Rebels", agent_side="opposition", facility="", geonames_id=1,
    place_name="Kerewa", country="XX", lat=1.0, lon=2.0, time_start=T0, time_end=T0 + timedelta(days=1),
    stance="assert", source_canonical="x", source_kind="person", source_side="none",
    attributed=True, chain=("x",), outlet="Harbour Times", published_at=T0,
    syndication_group=None, wire_origin=None,
)
SIDES = {"Coast Rebels": "opposition", "Lagoon Army": "government", "Lagoonia Ministry of Defence": "government",
         "Harbour Monitor": "monitor", "Kerewa Daily": "media", "Coastline Wire": "media", "port workers": "none"}


def say(source: str, hours: int = 0, stance: str = "assert", **kw: object) -> Evidence:
    """One claim by ``source`` published ``hours`` after T0 in its own document."""
    doc = str(kw.pop("document_id", f"{source}-{hours}-{stance}"))
    return replace(BASE, claim_id=f"c-{doc}", document_id=doc, source_canonical=source, chain=(source,),  # type: ignore[arg-type]
                   source_side=SIDES[source], stance=stance, published_at=T0 + timedelta(hours=hours),
                   syndication_group=str(kw.pop("group", doc)), **kw)


def verdict(*records: Evidence, family: str = "CONTROL", side: str = "opposition"):
    return judge(family, side, votes(records))


def test_status_admission_by_the_side_it_harms_confirms() -> None:
    withdraw = say("Lagoon Army", 40, event_type="WITHDRAW", agent="Lagoon Army", agent_side="government")
    v = verdict(say("Coast Rebels"), say("Lagoonia Ministry of Defence", 2, "deny"), withdraw)
    assert v.status == "confirmed"
    assert v.reasons[0] == "admitted by Lagoon Army (the side it harms)"
    assert "denied by Lagoonia Ministry of Defence (the side it harms)" in v.reasons
    assert v.confidence >= 0.85


def test_status_rebels_assert_and_ministry_denies_is_contested() -> None:
    v = verdict(say("Coast Rebels"), say("Lagoonia Ministry of Defence", 2, "deny"))
    assert v.status == "contested"
    assert "asserted by Coast Rebels (the side that gains)" in v.reasons
    assert "denied by Lagoonia Ministry of Defence (the side it harms)" in v.reasons
    assert v.reasons[-1] == "1 independent source, 1 party; 1 denying"
    assert 0.35 <= v.confidence <= 0.65


def test_status_two_independent_non_party_sources_confirm() -> None:
    v = verdict(say("Harbour Monitor"), say("Kerewa Daily", 1, attributed=False), say("Coast Rebels", 2))
    assert v.status == "confirmed"
    assert v.reasons[0] == "asserted by 2 independent non-party sources, no denial"
    assert v.reasons[-1] == "3 independent sources, 1 party"


def test_status_one_party_and_one_independent_source_corroborate() -> None:
    v = verdict(say("Coast Rebels"), say("Harbour Monitor", 3))
    assert v.status == "corroborated" and 0.65 <= v.confidence <= 0.75
    hedged = verdict(say("Harbour Monitor"), say("Kerewa Daily", 1, "hedge"))
    assert hedged.status == "corroborated"  # a hedge is a weak assertion: not enough to confirm
    assert "hedged by Kerewa Daily" in hedged.reasons


def test_status_wire_copies_do_not_corroborate() -> None:
    wire = dict(attributed=False, wire_origin="Coastline Wire", group="g-wire")
    copies = [say("Coastline Wire", h, document_id=f"copy{h}", outlet=o, **wire)
              for h, o in enumerate(["Coastline Wire", "Harbour Times", "Kerewa Daily"])]
    v = verdict(*copies)
    assert v.status == "unverified" and v.reasons[0] == "a single source"
    assert v.reasons[-1] == "1 independent source, 0 parties"


def test_status_only_the_side_that_gains_is_unverified() -> None:
    v = verdict(say("Coast Rebels"), say("Coast Rebels", 5))
    assert v.status == "unverified" and v.reasons[0] == "only the side that gains asserts it"
    assert v.confidence < verdict(say("Harbour Monitor")).confidence


def test_status_retraction_by_the_originator_refutes() -> None:
    v = verdict(say("Harbour Monitor"), say("Coast Rebels", 1), say("Harbour Monitor", 24, "deny"))
    assert v.status == "refuted"
    assert v.reasons[0] == "retracted by Harbour Monitor, its originator"
    assert v.confidence <= 0.15


def test_status_denial_consensus_refutes_a_claim_only_the_gainer_makes() -> None:
    v = verdict(say("Coast Rebels"), say("Lagoonia Ministry of Defence", 1, "deny"), say("Harbour Monitor", 2, "deny"))
    assert v.status == "refuted"
    party_only = verdict(say("Coast Rebels"), say("Lagoonia Ministry of Defence", 1, "deny"),
                         say("Lagoon Army", 2, "deny"))
    assert party_only.status == "contested"  # parties alone cannot refute


def test_status_as_of_before_the_admission_contested_after_confirmed() -> None:
    story = [
        say("Coast Rebels", 0),
        say("Lagoonia Ministry of Defence", 4, "deny"),
        say("Lagoon Army", 48, event_type="WITHDRAW", agent_side="government"),
    ]

    def as_of(hours: int) -> str:  # what store.evidence.load_evidence does with --as-of
        return verdict(*(r for r in story if r.published_at <= T0 + timedelta(hours=hours))).status

    assert [as_of(1), as_of(24), as_of(48)] == ["unverified", "contested", "confirmed"]


def test_status_sides_depend_on_the_event_type() -> None:
    assert sides("CONTROL", "opposition") == Sides(harmed="government", gains="opposition")
    assert sides("SURRENDER", "government") == Sides(harmed="government", gains="opposition")
    assert sides("ATTACK", "opposition") == Sides(harmed="", gains="")
    assert sides("CONTROL", "") == Sides(harmed="", gains="")
    # an army accusing the rebels of an attack is not an admission
    v = verdict(say("Lagoon Army", event_type="ATTACK"), family="ATTACK", side="opposition")
    assert v.status == "unverified"


@pytest.mark.parametrize("stances", [("assert",), ("deny",), ("assert", "deny"), ("hedge", "hedge", "deny")])
def test_status_is_known_and_confidence_within_bounds(stances: tuple[str, ...]) -> None:
    names = ["Harbour Monitor", "Lagoon Army", "Kerewa Daily"]
    v = verdict(*(say(names[i], i, s) for i, s in enumerate(stances)))
    assert v.status in STATUSES and 0.0 <= v.confidence <= 1.0 and v.reasons


def test_status_assess_gives_the_json_contract() -> None:
    records = (say("Coast Rebels"), say("Lagoonia Ministry of Defence", 2, "deny"))
    cluster = Cluster("p1", "CONTROL", 1, "", "opposition", T0, T0 + timedelta(days=1), records)
    data = assess(cluster).as_dict()
    assert {"id", "type", "place", "agent_side", "agent", "facility", "valid_from", "valid_to", "status",
            "confidence", "reasons", "claims", "sources"} <= set(data)
    assert data["place"] == {"name": "Kerewa", "geonames_id": 1, "country": "XX", "lat": 1.0, "lon": 2.0}
    assert data["agent"] == {"canonical": "Coast Rebels", "side": "opposition"}
    assert (data["status"], data["independent_sources"], data["documents"]) == ("contested", 1, 2)
    assert data["deny"] == [records[1].claim_id] and data["support"] == [records[0].claim_id]
    assert [s["name"] for s in data["sources"]] == ["Coast Rebels", "Lagoonia Ministry of Defence"]


def test_status_only_parties_of_one_side_stay_unverified() -> None:
    v = verdict(say("Lagoon Army", event_type="ATTACK"), say("Lagoonia Ministry of Defence", 1, event_type="ATTACK"),
                family="ATTACK", side="government")
    assert v.status == "unverified" and v.reasons[0] == "only parties to the conflict assert it"


def test_an_anonymous_insider_is_a_leak_not_the_sides_admission() -> None:
    """"A council member, speaking on condition of anonymity, said the governor had left":
    the government side, but not the government admitting it."""
    leak = replace(say("Lagoon Army", 5), source_kind="anonymous", source_canonical="Lagoon Army officials (anonymous)")
    rumour = say("Kerewa Daily", 1, stance="hedge")
    denial = say("Lagoonia Ministry of Defence", 3, "deny")
    v = verdict(rumour, denial, leak, family="DEPART", side="government")
    assert v.status == "contested"
    named = verdict(rumour, denial, say("Lagoon Army", 5), family="DEPART", side="government")
    assert named.status == "confirmed"
