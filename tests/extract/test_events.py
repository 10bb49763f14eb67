"""Events on our own sentences: type, agent, places (one per listed place), modality, time."""

from datetime import UTC, datetime

import pytest

from claimgraph.extract.actors import ActorResolver
from claimgraph.extract.attribution import find_attributions
from claimgraph.extract.events import EventContext, claim_events
from claimgraph.geo.places import PlaceContext, find_places
from claimgraph.nlp.pipeline import load
from claimgraph.time.resolver import find_times

pytestmark = pytest.mark.slow
PUBLISHED = datetime(2025, 3, 13, 9, 0, tzinfo=UTC)  # a Thursday


@pytest.fixture(scope="module")
def nlp():
    return load()


def _events(nlp, text: str, conflict: str = "sudan"):
    doc = nlp(text)
    resolver = ActorResolver(conflict, "Sahel Post", PUBLISHED)
    places = find_places(doc, PlaceContext(countries=resolver.countries))
    ctx = EventContext(doc, places, find_times(doc, PUBLISHED), PUBLISHED, resolver, None, None, None)
    out = []
    for att in find_attributions(doc):
        source = resolver.resolve(doc.text[att.source[0] : att.source[1]]) if att.source else None
        out.append(claim_events(ctx, att.content, source, att.stance, True, att.denied))
    return out


def test_capture_with_explicit_agent_and_place(nlp) -> None:
    (events,) = _events(nlp, "The army said the Rapid Support Forces had captured Kosti on Tuesday.")
    (event,) = events
    assert event.type == "CONTROL"
    assert event.agent is not None and event.agent.canonical == "Rapid Support Forces"
    assert event.place is not None and event.place["name"] == "Kosti"
    assert event.modality == "claimed"
    assert str(event.time["start"]).startswith("2025-03-11")


def test_a_list_of_places_gives_one_event_each(nlp) -> None:
    (events,) = _events(nlp, "The RSF said it had seized three towns: Rabak, Kosti and Sennar.")
    assert [e.type for e in events] == ["CONTROL"] * 3
    assert [e.place["name"] for e in events if e.place] == ["Rabak", "Kosti", "Sennar"]


def test_denial_of_a_fall_is_about_control_by_the_other_side(nlp) -> None:
    text = "The Sudanese army dismissed reports of the fall of Sennar as false."
    (events,) = _events(nlp, text)
    (event,) = events
    assert event.type == "CONTROL"
    assert event.agent is not None and event.agent.side == "opposition"


def test_withdrawal_departure_and_intent(nlp) -> None:
    (withdraw,) = _events(nlp, "The army acknowledged that its units had withdrawn from Wad Madani.")
    assert withdraw[0].type == "WITHDRAW"
    (depart,) = _events(nlp, "Officials said the governor had boarded a plane and left for Port Sudan.")
    assert depart[0].type == "DEPART"
    (intent,) = _events(nlp, "The RSF commander said his fighters will now focus on El Obeid.")
    assert (intent[0].type, intent[0].modality) == ("STATEMENT", "intended")


def test_facility_and_casualty_count(nlp) -> None:
    (control,) = _events(nlp, "Witnesses said fighters had taken control of the central prison in Kosti.")
    assert control[0].facility == "central prison"
    (deaths,) = _events(nlp, "The monitor said the shelling killed 14 civilians in Rabak.")
    assert deaths[0].type == "CASUALTIES" and deaths[0].count == 14


def test_a_day_of_the_month_is_not_a_casualty_count(nlp) -> None:
    (deaths,) = _events(nlp, "The monitor said the shelling of Rabak on March 12 killed 9 civilians.")
    assert deaths[0].type == "CASUALTIES" and deaths[0].count == 9
    (dated,) = _events(nlp, "Medics said people were killed in Rabak on 12 March.")
    assert dated[0].type == "CASUALTIES" and dated[0].count is None


def test_possible_defection(nlp) -> None:
    (events,) = _events(nlp, "The rebels claimed several army officers are thinking about defecting.")
    assert events[0].type == "DEFECT" and events[0].modality == "possible"


def test_a_state_as_subject_is_no_place(nlp) -> None:
    (events,) = _events(nlp, "A White House spokesman said the United States will not send troops to Sudan.")
    (event,) = events
    assert event.type == "STATEMENT"
    assert event.place is not None and event.place["name"] == "Sudan"


def test_relative_clause_place_and_self_reference(nlp) -> None:
    text = "Families arrived in Kosti from Rabak, which the RSF said it captured on Tuesday."
    (events,) = _events(nlp, text)
    (event,) = events
    assert event.place is not None and event.place["name"] == "Rabak"
    assert event.agent is not None and event.agent.canonical == "Rapid Support Forces"


def test_a_pronoun_means_the_group_named_before_it_in_the_sentence(nlp) -> None:
    # The army spoke last, but "its fighters" are the RSF's: the speaker is their spokesman.
    text = (
        "The army said its troops held the bridge. Major Omar Bashir, a spokesman for the "
        "Rapid Support Forces, said on the group's channel that its fighters had entered Rabak."
    )
    _army, (rsf_entry,) = _events(nlp, text)
    assert rsf_entry.type == "ENTER"
    assert rsf_entry.agent is not None and rsf_entry.agent.canonical == "Rapid Support Forces"


def test_a_headline_denial_keeps_the_rebels_as_agents(nlp) -> None:
    text = "Sudan rebels say they hold Kosti; army calls claim baseless"
    by_stance = {}
    doc = nlp(text)
    for att in find_attributions(doc):
        by_stance[att.stance] = att
    assert set(by_stance) == {"assert", "deny"}  # the rebels assert, the army denies
    for events in _events(nlp, text):
        (event,) = events
        assert event.type == "CONTROL" and event.agent is not None and event.agent.side == "opposition"


def test_things_seized_are_no_place_and_withdrawals_are_not_where_forces_went(nlp) -> None:
    (seized,) = _events(nlp, "The army said in Kosti that its troops had seized four combat vehicles.")
    assert all(e.place is None or e.place["name"] != "Kosti" for e in seized if e.type == "CONTROL")
    (pulled,) = _events(nlp, "The army said it had withdrawn from the state capital to positions on the road to Sennar.")
    assert all(e.place is None or e.place["name"] != "Sennar" for e in pulled if e.type == "WITHDRAW")


def test_unrealized_events_and_modifier_nouns_are_no_events(nlp) -> None:
    (crushed,) = _events(nlp, "The army said the attackers were crushed before they reached Sennar.")
    assert not [e for e in crushed if e.type in ("ENTER", "CONTROL")]
    (campaign,) = _events(nlp, "The coalition said it launched a liberation campaign south of Kosti.")
    assert not [e for e in campaign if e.type == "CONTROL"]


def _departures(nlp, text: str) -> list:
    return [e for events in _events(nlp, text, "syria") for e in events if e.type == "DEPART"]


def test_a_departure_is_placed_where_they_left_not_where_they_went(nlp) -> None:
    (fled,) = _departures(nlp, "Shelling hit Idlib on Monday. Residents said the district governor had fled the city for Latakia.")
    assert fled.place is not None and fled.place["name"] == "Idlib"  # "the city": the town of the report
    (crowd,) = _departures(nlp, "Aid workers said thousands had left the Homs area, many of them heading to Tartus and Latakia.")
    assert crowd.place is not None and crowd.place["name"] == "Homs"
    (bare,) = _departures(nlp, "Heavy fighting reached Hama overnight. Unconfirmed reports on social media said the governor had fled.")
    assert bare.place is not None and bare.place["geonames_id"] == 170017  # Hama, not a dateline
    assert not _departures(nlp, "Doctors said the attack left 12 people dead.")


def test_he_in_a_reported_rumour_is_the_person_named_before_it(nlp) -> None:
    text = ("Heavy fighting reached Hama overnight. The army spokesman told reporters that Bashar al-Assad was at work, "
            "dismissing rumours that he had left the city as a fabrication.")
    (left,) = _departures(nlp, text)
    assert left.agent is not None and left.agent.canonical == "Bashar al-Assad"
    text = ("Rebels entered Hama on Sunday. The presidency said in a statement that Bashar al-Assad had travelled to "
            "Latakia on Monday, before the fighting reached the capital, and rejected reports that he had fled as baseless.")
    (fled,) = _departures(nlp, text)
    assert fled.agent is not None and fled.agent.canonical == "Bashar al-Assad"
