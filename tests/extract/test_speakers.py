"""Speakers a user can trust: pronouns, numerals and non-agents are read back to whom they
stand for, or the claim keeps no speaker (invented sentences; the patterns were seen on
real and sample reporting about Sudan, and are tested here on other wars)."""

import pytest

from claimgraph.extract.claims import UNNAMED, extract_claims
from claimgraph.nlp.pipeline import build, load

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def nlp():
    return build()


@pytest.fixture(scope="module")
def tagged_nlp():
    return load()  # with the attribution span tagger, as ingest runs


def _claims(nlp, text: str, conflict: str):
    return [c for c in extract_claims(nlp(text), "d", "Lume Gazette", None, conflict) if c.attributed]


def _by_cue(claims, cue: str):
    found = [c for c in claims if c.cue == cue]
    assert found, [(c.cue, c.source.text) for c in claims]
    return found[-1]


def test_a_relative_pronoun_speaks_for_its_antecedent(nlp) -> None:
    claim = _by_cue(_claims(nlp, "M23, which says it holds the airport, sent fighters toward Sake on Monday.", "drc-east"), "says")
    assert claim.source.text == "which"  # the words as written stay the provenance
    assert claim.source.canonical == "M23" and claim.source.side == "opposition"


def test_one_of_a_counted_group_is_that_group(nlp) -> None:
    text = ("Two fishermen reached by telephone said they heard shelling near the port. "
            "One said smoke was rising over the grain silos.")
    claim = _claims(nlp, text, "russia-ukraine")[-1]
    assert claim.source.text == "One"
    assert claim.source.canonical == "fishermen"


def test_his_office_is_the_last_person_named_or_no_one(nlp) -> None:
    named = _claims(nlp, "Mayor Taras Hnatiuk left the city on Monday. His office said he was attending talks in Lviv.",
                    "russia-ukraine")
    assert "Hnatiuk" in (_by_cue(named, "said").source.canonical or "")
    nameless = _claims(nlp, "The mayor left the city on Monday. His office said he was attending talks in Lviv.",
                       "russia-ukraine")
    claim = _by_cue(nameless, "said")
    assert claim.source.canonical is None and claim.chain[0] == UNNAMED


def test_a_place_before_a_comma_is_no_part_of_the_speaker(nlp) -> None:
    text = ("Residents fled from Kupiansk overnight. Asked about Kupiansk, Colonel Ivan Petrenko said "
            "the town remained under Ukrainian control.")
    claim = _by_cue(_claims(nlp, text, "russia-ukraine"), "said")
    assert "Petrenko" in (claim.source.canonical or "")


def test_a_non_agent_is_never_a_speaker(nlp) -> None:
    claim = _by_cue(_claims(nlp, "Earlier reports said the bridge at Kherson had been blown up.", "russia-ukraine"),
                    "said")
    assert claim.source.canonical is None and claim.chain[0] == UNNAMED
    # posts on a platform are a channel of unnamed people, kept as such
    posts = _by_cue(_claims(nlp, "Unverified posts claimed the bridge at Kherson had been blown up.", "russia-ukraine"),
                    "claimed")
    assert posts.source.kind == "social_media"


def test_a_time_phrase_hung_on_the_speaker_is_no_part_of_it(tagged_nlp) -> None:
    nlp = tagged_nlp
    # (Seen as "The Democratic Republic of Congo's foreign minister on Friday accused ...";
    # here in Sudan: the long formal name reads as the state's short one.)
    claims = _claims(nlp, "The Republic of the Sudan's foreign minister on Friday accused the RSF of "
                     "occupying Kosti.", "sudan")
    claim = _by_cue(claims, "accused")
    assert "Friday" not in claim.source.canonical and claim.source.side == "government"


@pytest.mark.parametrize("text", [
    "Early Monday, Arakan Army fighters, who are allegedly backed by Beijing, claimed they took over Sittwe.",
    "Arakan Army fighters battling junta troops claim they took over Sittwe.",
])
def test_a_clause_describing_the_speaker_does_not_speak(nlp, text: str) -> None:
    # (Seen as "M23 rebels, who are allegedly backed by Kigali, claimed ..."; here in Myanmar.)
    claim = _by_cue(_claims(nlp, text, "myanmar"), "claimed" if "claimed" in text else "claim")
    assert claim.source.side == "opposition", claim.source


def _with_events(nlp, text: str):
    from datetime import UTC, datetime

    from claimgraph.extract.document import extract_parsed
    from claimgraph.model import Document

    at = datetime(2025, 3, 13, 9, tzinfo=UTC)
    return extract_parsed(nlp(text), Document("d", text, None, "Lume Gazette", None, at, "en", at, "t")).claims


def test_a_denial_of_this_is_of_the_nearest_claim_only(tagged_nlp) -> None:
    # (Seen on Goma: "M23 rebels captured Goma. Rwandan forces backed up M23, according
    # to Congo. Rwanda has denied this." denied the backing, not the capture.)
    text = ("Arakan Army fighters captured Sittwe on Monday. Foreign advisers helped the fighters, "
            "according to the junta. Beijing has denied this.")
    claims = _with_events(tagged_nlp, text)
    assert any(e.type == "CONTROL" for c in claims for e in c.events)
    assert not any(e.type == "CONTROL" for e in _by_cue(claims, "has denied").events)
    text2 = "Junta troops retook Sittwe on Friday, the army said. The Arakan Army has denied this."
    denial = _by_cue(_with_events(tagged_nlp, text2), "has denied")
    assert [e.type for e in denial.events] == ["CONTROL"]


def test_the_group_said_is_the_organisation_named_just_before(nlp) -> None:
    # (Invented; Myanmar.) No earlier speaker explains "the group": the Arakan Army named in
    # the sentence does, not "no speaker".
    claims = _claims(nlp, "Arakan Army fighters captured Sittwe and Kyauktaw on Monday, the group said.", "myanmar")
    claim = _by_cue(claims, "said")
    assert claim.source.text == "the group"
    assert claim.source.canonical == "Arakan Army" and claim.source.side == "opposition"


@pytest.mark.parametrize("label", ["Analysis", "Explainer", "Factbox"])
def test_a_genre_label_before_a_colon_is_no_speaker(nlp, label: str) -> None:
    # (Seen in the sample corpus as "Analysis" listed as a person among the sources, where
    # the tagger read the colon as a cue; its spans are set by hand here, so the test holds
    # whatever a retrained tagger does with the line.)
    from claimgraph.nlp.models import ATTRIBUTION_SPANS_KEY

    text = f"{label}: How a little-known militia took Sittwe"
    doc = nlp(text)
    doc.spans[ATTRIBUTION_SPANS_KEY] = [doc.char_span(0, len(label), label="SOURCE"),
                                        doc.char_span(len(label), len(label) + 1, label="CUE"),
                                        doc.char_span(len(label) + 2, len(text), label="CONTENT")]
    claims = [c for c in extract_claims(doc, "d", "Lume Gazette", None, "myanmar") if c.attributed]
    assert claims  # the colon is read as a cue; only its speaker goes
    assert all(c.source.canonical != label and c.source.canonical is None for c in claims)


def test_a_wire_relaying_a_partys_claim_does_not_assert_it_itself(tagged_nlp) -> None:
    # (Seen in the sample corpus: "..., as the army said it had beaten back an assault on
    # Sennar, GWS reported" counted GWS as an independent witness; here in Myanmar.)
    text = ("Thousands fled toward Mandalay on Monday, as the military said it had repulsed an "
            "attack on Lashio, AFP reported.")
    claims = _with_events(tagged_nlp, text)
    assert any(c.source.kind == "media" for c in claims), [(c.cue, c.source) for c in claims]
    attacks = [(c.source.kind, c.source.canonical) for c in claims for e in c.events if e.type == "ATTACK"]
    assert attacks and all(kind != "media" for kind, _ in attacks), attacks


def test_it_of_a_reporting_verb_is_the_body_that_spoke_before(nlp) -> None:
    # (Seen as "a war monitor said, though it later reported …", Syria; here in Sudan.)
    text = ("The defence ministry said its forces had repelled an attack on Kadugli. "
            "It added that the RSF had withdrawn from the area.")
    claim = _by_cue(_claims(nlp, text, "sudan"), "added")
    assert claim.source.text == "It"  # as written
    assert claim.source.canonical == "Sudanese Ministry of Defence"
    expletive = _claims(nlp, "It was reported that the army entered Kosti.", "sudan")
    assert expletive and all(c.source.text is None for c in expletive)  # no one behind "It was reported"


def test_an_unnamed_monitor_is_the_one_monitor_the_report_names(nlp) -> None:
    # (Seen as "a war monitor said" beside the Syrian Observatory's director; here in Myanmar.)
    text = ("The Assistance Association for Political Prisoners said 12 people were detained in Monywa. "
            "Junta troops took the village of Kani on Monday, a rights monitor said.")
    claim = _by_cue(_claims(nlp, text, "myanmar"), "said")
    assert claim.source.canonical == "Assistance Association for Political Prisoners"
    two = text.replace("The Assistance Association for Political Prisoners said",
                       "The Assistance Association for Political Prisoners and Human Rights Watch said")
    assert _by_cue(_claims(nlp, two, "myanmar"), "said").source.canonical != "Assistance Association for Political Prisoners"


@pytest.mark.parametrize("outlet", ["The Harbinger", "Mirembe"])
def test_the_publishing_outlet_speaks_as_an_outlet_whatever_its_name_looks_like(nlp, outlet: str) -> None:
    # (Seen as "The Hindu" and "Hamodia" in their own reports, each a person of that name.)
    text = "Army troops took control of the town of Kosti on Saturday after weeks of fighting."
    claims = [c for c in extract_claims(nlp(text), "d", outlet, None, "sudan") if not c.attributed]
    assert claims and {(c.source.canonical, c.source.kind) for c in claims} == {(outlet, "media")}


def test_the_statement_speaks_for_its_issuer_and_the_strikes_for_their_means(tagged_nlp) -> None:
    # (Seen in Mali: "'These precision strikes targeted terrorists,' the statement said" had
    # the statement as a side-less speaker and the strikes no attacker.) Invented, Myanmar.
    text = ("Airstrikes hit the village of Thayetkhonegyi on Sunday, residents said. In a statement on "
            "state television, Myanmar's military confirmed the strikes. \"These precise strikes hit "
            "terrorist camps,\" the statement said.")
    claims = _with_events(tagged_nlp, text)
    quoted = next(c for c in claims if c.cue == "said" and "camps" in c.evidence)
    assert quoted.source.canonical == "Tatmadaw" and quoted.source.side == "government", quoted.source
    attacks = [e for e in quoted.events if e.type == "ATTACK"]
    assert attacks and all(e.agent is not None and e.agent.side == "government" for e in attacks), attacks


def test_a_spokesman_for_pro_independence_groups_speaks_for_the_opposition(nlp) -> None:
    # (Seen in Mali as "a spokesman for a coalition of Tuareg-majority pro-independence groups",
    # a side-less voice.) Invented, Myanmar: the war's opposition, though no one group.
    text = "Shelling killed four villagers, a spokesman for an alliance of pro-independence groups said."
    claim = _by_cue(_claims(nlp, text, "myanmar"), "said")
    assert claim.source.side == "opposition", claim.source
