"""Rival claims of control deny each other (reconcile/rivals.py), on hand-built clusters.

Same invented conflict as test_status.py: the Coast Rebels (opposition) and the Lagoon
Army (government) over the port town of Kerewa.
"""

from dataclasses import replace
from datetime import timedelta

from test_status import T0, say

from claimgraph.reconcile.cluster import clusters
from claimgraph.reconcile.rivals import rival_denials
from claimgraph.reconcile.status import assess
from claimgraph.reconcile.timeline import history

ARMY = {"agent": "Lagoon Army", "agent_side": "government", "side": "government"}


def judged(*records):
    found = clusters(records)
    rivals = rival_denials(found)
    return {c.side: assess(c, rivals.get(c.id, ())) for c in found}


def test_rival_claims_of_control_at_the_same_time_contest_each_other() -> None:
    rebels = say("Coast Rebels")
    army = say("Lagoon Army", 3, **ARMY)  # "the town is completely under our control"
    alone = judged(rebels)["opposition"]
    assert alone.verdict.status == "unverified"
    both = judged(rebels, army)
    assert both["opposition"].verdict.status == "contested"
    assert "denied by Lagoon Army (the side it harms)" in both["opposition"].verdict.reasons
    assert both["government"].verdict.status == "contested"
    assert both["opposition"].as_dict()["deny"] == [army.claim_id]
    assert both["opposition"].as_dict()["independent_sources"] == 1  # a rival's word never supports


def test_a_change_of_hands_is_no_contest() -> None:
    """The army held Kerewa the week before; the rebels took it now: no overlap in valid time."""
    earlier = T0 - timedelta(days=7)
    army = say("Lagoon Army", -160, time_start=earlier, time_end=earlier + timedelta(days=1), **ARMY)
    result = judged(say("Coast Rebels"), army)
    assert result["opposition"].verdict.status == "unverified"
    assert result["opposition"].rival == ()


def test_a_facility_is_not_the_town_and_hedges_do_not_deny() -> None:
    prison = say("Lagoon Army", 3, facility="central prison", **ARMY)
    hedged = say("Lagoon Army", 4, stance="hedge", document_id="h", **ARMY)
    assert rival_denials(clusters([say("Coast Rebels"), prison])) == {}
    rebels = say("Coast Rebels")
    found = clusters([rebels, hedged])
    denials = rival_denials(found)
    [theirs] = [c for c in found if c.side == "opposition"]
    assert theirs.id not in denials  # the army's hedge denies nothing
    assert [d.claim_id for ds in denials.values() for d in ds] == [rebels.claim_id]  # the rebels' word does


def test_an_unknown_holder_denies_no_one() -> None:
    unknown = say("Harbour Monitor", 3, agent=None, agent_side="", side="")
    assert rival_denials(clusters([say("Coast Rebels"), unknown])) == {}


def test_history_replays_the_rival_denial_when_it_was_published() -> None:
    rebels = say("Coast Rebels")
    army = say("Lagoon Army", 12, **ARMY)
    prop = judged(rebels, army)["opposition"]
    assert [(c.at, c.status) for c in history(prop)] == [
        (rebels.published_at, "unverified"), (army.published_at, "contested"),
    ]


def test_the_rival_denial_keeps_its_claim_and_provenance() -> None:
    army = replace(say("Lagoon Army", 3, **ARMY), outlet="Kerewa Daily")
    [denial] = next(iter(rival_denials(clusters([say("Coast Rebels"), army])).values()))
    assert (denial.claim_id, denial.document_id, denial.outlet, denial.published_at) == (
        army.claim_id, army.document_id, "Kerewa Daily", army.published_at,
    )
    assert (denial.stance, denial.side) == ("deny", "opposition")


def test_a_rivals_hold_reversed_later_by_outside_reports_denies_nothing_since() -> None:
    """(Seen on Saraqeb 2020: government troops entered on the 5th, a monitor said the
    rebels drove them out hours later, and papers reported the army's capture on the 8th;
    the 5th's reversal kept the capture contested for weeks.) Here in Kerewa: the army held
    it on day 0, the rebels retook it on day 0 as the monitor says, and an outside paper and
    the monitor report the army taking it again on day 3."""
    again = T0 + timedelta(days=3)
    later = {"time_start": again, "time_end": again + timedelta(days=1), **ARMY}
    first = say("Lagoon Army", 1, **ARMY)
    reversal = say("Harbour Monitor", 2)  # the rebels drove the army out (rebels' control, day 0)
    before = judged(first, reversal)["government"]
    assert before.verdict.status == "contested"  # as of day 0, the reversal stands
    retaken = judged(first, reversal, say("Kerewa Daily", 80, **later), say("Harbour Monitor", 81, **later))
    assert retaken["government"].rival == ()
    assert retaken["government"].verdict.status in ("corroborated", "confirmed")
    # a party saying again that it holds the place settles nothing
    repeated = judged(first, reversal, say("Lagoonia Ministry of Defence", 80, **later))
    assert repeated["government"].verdict.status == "contested"
