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
    assert v.reasons[0] == "asserted by 2 independent non-party sources in 2 separate reports, no denial"
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
    v = verdict(say("Coast Rebels"), say("Lagoonia Ministry of Defence", 1, "deny"), say("Harbour Monitor", 2, "deny"),
                say("Kerewa Daily", 3, "deny", attributed=False))
    assert v.status == "refuted"
    # One outside denial beside the harmed side's is no consensus: the parties' words
    # (and a rival's claim to hold the town, which counts as its denial) do not make one.
    one_outside = verdict(say("Coast Rebels"), say("Lagoonia Ministry of Defence", 1, "deny"),
                          say("Harbour Monitor", 2, "deny"))
    assert one_outside.status == "contested"
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
    attack = sides("ATTACK", "opposition")
    assert (attack.harmed, attack.gains, attack.adversaries) == ("", "", ("opposition", "government"))
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


def test_status_two_non_party_sources_in_one_report_only_corroborate() -> None:
    """A monitor and the outlet's own voice in one article (and its wire copy) stand on one
    reporter's word: corroborated at most, never confirmed."""
    v = verdict(say("Harbour Monitor", 1, document_id="story"),
                say("Kerewa Daily", 1, document_id="story", attributed=False),
                say("Harbour Monitor", 2, document_id="copy", group="story"))
    assert v.status == "corroborated"
    assert "its non-party sources speak in one report only: not confirmed" in v.reasons


def test_status_both_parties_asserting_is_not_corroboration() -> None:
    """The rebels' claim and an unnamed army insider's leak: two parties, no outside source,
    no admission (a leak is not the side's word): unverified, not corroborated."""
    leak = say("Lagoon Army", 3, source_kind="anonymous")
    v = verdict(say("Coast Rebels"), leak)
    assert v.status == "unverified"


INTERSTATE = {"Northland Defence Ministry": "russia", "Southland General Staff": "ukraine"}


def test_status_interstate_war_parties_are_parties() -> None:
    """In a war between two states (registry labels "russia" / "ukraine"), the claims of
    one state's ministry and general staff are a party's word, not two outside sources;
    the other state's denial contests it; its own admission confirms it."""
    def state(source: str, hours: int, stance: str = "assert", **kw: object) -> Evidence:
        return replace(say("Harbour Monitor", hours, stance, **kw), source_canonical=source, chain=(source,),
                       source_side=INTERSTATE[source], source_kind="military")

    claim = replace(state("Northland Defence Ministry", 0), agent="Northland army", agent_side="russia", side="russia")
    again = replace(state("Northland Defence Ministry", 5), agent="Northland army", agent_side="russia", side="russia")
    assert judge("CONTROL", "russia", votes([claim, again])).status == "unverified"
    denial = state("Southland General Staff", 6, "deny")
    assert judge("CONTROL", "russia", votes([claim, denial])).status == "contested"
    admission = state("Southland General Staff", 30, event_type="WITHDRAW", agent_side="ukraine")
    v = judge("CONTROL", "russia", votes([claim, denial, admission]))
    assert v.status == "confirmed"
    assert v.reasons[0] == "admitted by Southland General Staff (the side it harms)"


def test_status_a_denial_overtaken_by_later_outside_reports_leaves_it_corroborated() -> None:
    """The harmed side denied on day one; two outside sources in separate reports said it
    afterwards: the denial no longer stands, but without an admission it is not confirmed.
    (Seen in eastern Congo; here in the invented Lagoonia war.)"""
    early = [say("Coast Rebels"), say("Lagoonia Ministry of Defence", 2, "deny")]
    assert verdict(*early).status == "contested"
    later = [say("Harbour Monitor", 30), say("Kerewa Daily", 40, attributed=False)]
    v = verdict(*early, *later)
    assert v.status == "corroborated"
    assert v.reasons[0] == "2 independent non-party sources reported it after the last denial"
    one_later = verdict(*early, say("Harbour Monitor", 30))
    assert one_later.status == "contested"
    before = verdict(say("Harbour Monitor", 0), say("Kerewa Daily", 1, attributed=False), *early[:1],
                     say("Lagoonia Ministry of Defence", 5, "deny"))
    assert before.status == "contested"  # the outside reports came before the denial


def test_status_an_article_that_carries_a_claim_and_its_denial_retracts_nothing() -> None:
    """An outlet's own line that the rebels took the port and, further down, that the town
    has not fallen is not the outlet retracting itself (seen in eastern Congo)."""
    same = [say("Kerewa Daily", 1, attributed=False, document_id="story"),
            say("Kerewa Daily", 1, "deny", attributed=False, document_id="story")]
    assert verdict(*same).status != "refuted"
    later = [say("Kerewa Daily", 1, attributed=False, document_id="story"),
             say("Kerewa Daily", 20, "deny", attributed=False, document_id="correction")]
    assert verdict(*later).status == "refuted"


def test_status_a_negated_event_votes_as_a_denial() -> None:
    """ "Kerewa is not occupied", said by the harmed side, denies the rebels' control."""
    v = verdict(say("Coast Rebels"), say("Lagoonia Ministry of Defence", 2, modality="negated"))
    assert v.status == "contested"
    assert "denied by Lagoonia Ministry of Defence (the side it harms)" in v.reasons


@pytest.mark.parametrize("modality", ["ongoing", "relayed"])
def test_status_a_change_still_under_way_or_a_relayed_claim_is_no_admission(modality: str) -> None:
    """ "The army is withdrawing from Kerewa" and an outlet's "rebels claim Kerewa" weigh as
    hedges: the harmed side's ongoing withdrawal admits nothing yet."""
    withdrawing = say("Lagoon Army", 5, event_type="WITHDRAW", agent_side="government", modality=modality)
    v = verdict(say("Coast Rebels"), withdrawing)
    assert v.status != "confirmed"
    assert "hedged by Lagoon Army (the side it harms)" in v.reasons


def test_status_the_harmed_side_taking_back_an_admission_is_no_retraction() -> None:
    """The ministry first reads as conceding the rebels hold Kerewa, then denies it: that is
    the harmed side's denial (contested), not the claim's originator retracting it
    (refuted). (Seen on Bakhmut; here in the invented Lagoonia war.)"""
    v = verdict(say("Lagoonia Ministry of Defence", 0), say("Coast Rebels", 1),
                say("Lagoonia Ministry of Defence", 5, "deny"))
    assert v.status == "contested"


def test_status_control_by_no_known_side_is_never_confirmed() -> None:
    """Outside sources agreeing that "someone" took Kerewa do not establish who holds it
    (seen as a side-less CONTROL of a whole country confirmed by four sources)."""
    records = [replace(say("Harbour Monitor", 1), agent=None, agent_side=None, side=""),
               replace(say("Kerewa Daily", 3, attributed=False), agent=None, agent_side=None, side="")]
    v = judge("CONTROL", "", votes(records))
    assert v.status == "corroborated"
    assert v.reasons[0] == "no known side takes it: who holds it is not established"
    assert judge("ATTACK", "", votes(records)).status == "confirmed"  # an attack needs no holder


def test_status_outside_sources_that_only_saw_forces_enter_do_not_confirm_a_hold() -> None:
    """Two outside reports that the rebels entered Kerewa corroborate the rebels' control;
    only reports that they hold it (or the harmed side's admission) confirm it. (Seen on
    Wad Madani's first day, while the army's denials went unread; here in Lagoonia.)"""
    entered = [say("Harbour Monitor", 1, event_type="ENTER"), say("Kerewa Daily", 3, attributed=False, event_type="ENTER")]
    v = verdict(*entered)
    assert v.status == "corroborated"
    assert v.reasons[0] == "outside sources say forces entered; fewer than two say they hold it"
    held = [say("Harbour Monitor", 1), say("Kerewa Daily", 3, attributed=False)]
    assert verdict(*held).status == "confirmed"


def test_the_harmed_side_conceding_an_entry_is_no_admission_of_the_loss() -> None:
    # "The army said militants had entered parts of Kerewa" concedes an entry, not the town:
    # corroborated, never confirmed; a concession of the town itself still confirms.
    entered = say("Lagoon Army", 3, event_type="ENTER")
    v = verdict(say("Coast Rebels"), entered)
    assert v.status == "corroborated"
    assert v.reasons[0] == "Lagoon Army (the side it harms) says forces entered, not that they hold it"
    assert verdict(say("Coast Rebels"), entered, say("Lagoon Army", 4, event_type="CONTROL")).status == "confirmed"
    assert verdict(say("Coast Rebels"), entered, say("Lagoonia Ministry of Defence", 5, "deny")).status == "contested"


def test_a_third_side_that_loses_the_place_admits_it() -> None:
    """(Seen on Ras al-Ain 2019: the SDF said it had withdrawn, which confirms the Turkish-
    backed opposition's hold, yet only the government counted as the side harmed.) In a
    war of more than two sides the registry names (Syria: the SDF faces the opposition),
    every side whose opponent gains is harmed; elsewhere nothing changes."""
    assert sides("CONTROL", "opposition", "SY").also_harmed == frozenset({"sdf"})
    assert sides("CONTROL", "opposition", "SD").also_harmed == frozenset()
    claim = replace(say("Coast Rebels"), country="SY")
    withdrawal = replace(say("Lagoon Army", 30, event_type="WITHDRAW"), country="SY", source_canonical="Kurdish Front",
                         source_side="sdf", agent="Kurdish Front", agent_side="sdf")
    v = judge("CONTROL", "opposition", votes([claim, withdrawal]), "SY")
    assert v.status == "confirmed" and v.reasons[0] == "admitted by Kurdish Front (the side it harms)"
    elsewhere = judge("CONTROL", "opposition", votes([replace(claim, country="XX"), replace(withdrawal, country="XX")]), "XX")
    assert elsewhere.status != "confirmed"


def test_status_an_attack_both_adversaries_assert_is_confirmed() -> None:
    """(Seen in Mali: the army announced its strikes on a village, the rebels there reported
    them; each alone is a party's word.) The attacker's own claim and the side struck
    reporting it agree on what happened: confirmed, each named; one of them alone, or a
    denial by either, is not."""
    own = say("Lagoon Army", 0, event_type="ATTACK", agent="Lagoon Army", agent_side="government",
              side="government", family="ATTACK")
    struck = say("Coast Rebels", 3, event_type="ATTACK", agent="Lagoon Army", agent_side="government",
                 side="government", family="ATTACK")
    v = verdict(own, struck, family="ATTACK", side="government")
    assert v.status == "confirmed" and v.confidence >= 0.85
    assert v.reasons[0] == "asserted by both sides: Lagoon Army (its own side) and Coast Rebels (the side struck)"
    assert verdict(own, family="ATTACK", side="government").status == "unverified"
    assert verdict(struck, family="ATTACK", side="government").status == "unverified"
    denied = say("Lagoonia Ministry of Defence", 5, "deny", event_type="ATTACK", agent_side="government",
                 side="government", family="ATTACK")
    assert verdict(own, struck, denied, family="ATTACK", side="government").status == "contested"
    # an unnamed insider of either side is a leak, not that side's word
    leak = replace(struck, source_kind="anonymous")
    assert verdict(own, leak, family="ATTACK", side="government").status == "unverified"
