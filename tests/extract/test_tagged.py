"""Attributions from the span tagger's spans, merged with the rules' (hand-set spans on
invented sentences, so each test states exactly what the tagger said)."""

import pytest
from spacy.tokens import Doc, Span

from claimgraph.extract.attribution import find_attributions
from claimgraph.extract.claims import TAGGED_EXTRACTOR, extract_claims
from claimgraph.extract.tagged import CONSTRUCTION, merge, tagged_attributions
from claimgraph.nlp.models import ATTRIBUTION_SPANS_KEY
from claimgraph.nlp.pipeline import build

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def nlp():
    return build()  # no tagger: each test sets the spans it wants


def _tag(doc: Doc, *marks: tuple[str, str]) -> Doc:
    spans = []
    for text, label in marks:
        start = doc.text.index(text)
        found = doc.char_span(start, start + len(text), label=label)
        assert found is not None, text
        spans.append(found)
    doc.spans[ATTRIBUTION_SPANS_KEY] = spans
    return doc


def _text(doc: Doc, span: tuple[int, int] | None) -> str | None:
    return doc.text[span[0] : span[1]] if span else None


def test_a_noun_cue_the_rules_miss_becomes_a_claim(nlp) -> None:
    doc = _tag(nlp("In a statement on Monday, the harbour authority of Port Lume reported no damage to the piers."),
               ("statement", "CUE"), ("the harbour authority of Port Lume", "SOURCE"), ("no damage to the piers", "CONTENT"))
    (att,) = tagged_attributions(doc)
    assert att.construction == CONSTRUCTION
    assert (_text(doc, att.cue), _text(doc, att.source), _text(doc, att.content)) == (
        "statement", "the harbour authority of Port Lume", "no damage to the piers")
    claims = [c for c in extract_claims(doc, "d1", "Lume Gazette") if c.attributed]
    assert [(c.cue, c.extractor) for c in claims if c.cue == "statement"] == [("statement", TAGGED_EXTRACTOR)]


def test_two_cues_may_share_one_content_and_a_cue_without_content_adds_nothing(nlp) -> None:
    doc = _tag(nlp("The mayor told the police that the bridge was closed, an aide added. Officials declined."),
               ("told", "CUE"), ("The mayor", "SOURCE"), ("added", "CUE"), ("an aide", "SOURCE"),
               ("that the bridge was closed", "CONTENT"), ("declined", "CUE"))
    found = {(_text(doc, a.cue), _text(doc, a.source), _text(doc, a.content)) for a in tagged_attributions(doc)}
    assert found == {("told", "The mayor", "that the bridge was closed"),
                     ("added", "an aide", "that the bridge was closed")}


def test_for_a_cue_both_found_the_rules_reading_stands_with_the_taggers_source(nlp) -> None:
    doc = _tag(nlp("Two port officials told the Lume Gazette that the ferry had sunk near Cape Orre."),
               ("told", "CUE"), ("Two port officials", "SOURCE"), ("that the ferry had sunk", "CONTENT"))
    rules = find_attributions(doc)
    merged = merge(rules, tagged_attributions(doc))
    (att,) = [a for a in merged if _text(doc, a.cue) == "told"]
    assert att.construction != CONSTRUCTION and att.channel == "the Lume Gazette"
    assert _text(doc, att.source) == "Two port officials"
    assert len(merged) == len(rules)  # nothing added twice


def test_without_the_taggers_spans_the_rules_alone_speak(nlp) -> None:
    doc = nlp("The governor said the road to Port Lume had reopened.")
    assert tagged_attributions(doc) == []
    assert merge(find_attributions(doc), []) == find_attributions(doc)


def test_a_claims_sentence_covers_its_cue_and_its_content(nlp) -> None:
    """ "The spokesman said:" and the quotation in the next sentence: the sentence a claim
    card highlights its content in must hold that content."""
    doc = _tag(nlp('The harbour master said this on Monday. "All ferries to Cape Orre are suspended until further notice."'),
               ("said", "CUE"), ("The harbour master", "SOURCE"),
               ("All ferries to Cape Orre are suspended until further notice.", "CONTENT"))
    assert len(list(doc.sents)) == 2
    (att,) = tagged_attributions(doc)
    assert att.sentence[0] <= att.cue[0] and att.content[1] <= att.sentence[1]
    for claim in extract_claims(doc, "d2", "Lume Gazette"):
        s0 = claim.sentence_span[0]
        assert claim.sentence[claim.span[0] - s0 : claim.span[1] - s0] == claim.evidence


def test_a_quotation_going_on_past_its_cue_is_the_same_speakers_claim(nlp) -> None:
    """'"A," the governor said. "B."' where the rules read only A (PolNeAR's ''-quoted
    continuations, which the quotation finder does not pair): the tagger gives the cue B
    as well, and B is the governor's claim, with the rules' speaker and cue."""
    text = '"The rebels shelled the grain market in Taiz," the provincial governor said. "Twelve shops burned."'
    doc = _tag(nlp(text), ("said", "CUE"), ("the provincial governor", "SOURCE"),
               ("The rebels shelled the grain market in Taiz,", "CONTENT"), ("Twelve shops burned.", "CONTENT"))
    rules = [a for a in find_attributions(doc) if _text(doc, a.content) != "Twelve shops burned."]
    merged = merge(rules, tagged_attributions(doc))
    assert len(merged) == len(rules) + 1
    said = [a for a in merged if _text(doc, a.cue) == "said"]
    assert {_text(doc, a.source) for a in said} == {"the provincial governor"}
    assert "Twelve shops burned." in {_text(doc, a.content) for a in said}
    assert merge(find_attributions(doc), tagged_attributions(doc)) == find_attributions(doc)  # once


def test_a_content_the_tagger_gives_a_rules_cue_inside_the_rules_content_adds_nothing(nlp) -> None:
    doc = _tag(nlp("The army said its troops had retaken Kadugli and the airport road on Sunday."),
               ("said", "CUE"), ("The army", "SOURCE"), ("the airport road", "CONTENT"))
    assert merge(find_attributions(doc), tagged_attributions(doc)) == find_attributions(doc)


def test_a_content_before_a_rules_cue_is_no_continuation(nlp) -> None:
    """The tagger read "attacked" as a cue (an event verb, dropped) and left its content to
    the next sentence's "says": that content is the outlet's report, not the junta's words."""
    doc = _tag(nlp("- The rebels attacked Sittwe port on Monday. The junta says that attack was repelled."),
               ("The rebels", "SOURCE"), ("attacked", "CUE"), ("Sittwe port", "CONTENT"),
               ("The junta", "SOURCE"), ("says", "CUE"), ("that attack was repelled", "CONTENT"))
    merged = merge(find_attributions(doc), tagged_attributions(doc))
    assert "Sittwe port" not in {_text(doc, a.content) for a in merged}


def test_the_tagger_never_gives_a_cue_another_cues_speaker(nlp) -> None:
    """"X said A, and Y later said B": the tagger put only X down as a source; Y keeps B."""
    text = ("Residents said the army had entered Kosti on Monday, and the RSF later said "
            "its fighters had left the town.")
    doc = _tag(nlp(text), ("Residents", "SOURCE"), ("said", "CUE"),
               ("the army had entered Kosti on Monday", "CONTENT"), ("later said", "CUE"),
               ("its fighters had left the town", "CONTENT"))
    merged = merge(find_attributions(doc), tagged_attributions(doc), doc.text, doc)
    sources = {_text(doc, a.content): _text(doc, a.source) for a in merged}
    assert sources["its fighters had left the town"] == "the RSF"


def test_a_phrase_the_tagger_cut_from_the_rules_sentence_is_no_continuation(nlp) -> None:
    """'"A," the minister said, a day after the president said B': "a day after the
    president" is no further claim of the minister's (it has no clause of its own)."""
    text = '"The fighting continues," the deputy minister said, a day after the president said Kosti was safe.'
    doc = _tag(nlp(text), ("the deputy minister", "SOURCE"), ("said", "CUE"),
               ("The fighting continues,", "CONTENT"), ("a day after the president", "CONTENT"))
    merged = merge(find_attributions(doc), tagged_attributions(doc), doc.text, doc)
    assert "a day after the president" not in {_text(doc, a.content) for a in merged}


def test_an_event_verb_one_person_aims_at_another_is_a_cue(nlp) -> None:
    # (PolNeAR: "Senator X has been pounding Trump as a 'con artist'" was dropped once
    # "pound" became an attack verb.) A person's blow is words; a force's is the event.
    doc = _tag(nlp("Mayor Lena Odria has been pounding Governor Tomas Reyl as a fraud."),
               ("Mayor Lena Odria", "SOURCE"), ("has been pounding", "CUE"), ("as a fraud", "CONTENT"))
    assert [_text(doc, a.cue) for a in tagged_attributions(doc)] == ["has been pounding"]
    doc = _tag(nlp("The militia has been pounding rebel positions near Port Lume."),
               ("The militia", "SOURCE"), ("has been pounding", "CUE"), ("rebel positions", "CONTENT"))
    assert tagged_attributions(doc) == []
