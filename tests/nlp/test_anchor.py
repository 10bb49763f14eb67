"""Parse anchoring of the attribution tagger's cues: invented sentences, hand-set tagger spans."""

import pytest
import spacy
from spacy.tokens import Doc, Span

from claimgraph.nlp.anchor import PARSE_ID, anchor_spans
from claimgraph.nlp.pipeline import load

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def nlp():
    return load()


def span(doc: Doc, text: str, label: str) -> Span:
    start = doc.text.index(text)
    found = doc.char_span(start, start + len(text), label=label)
    assert found is not None, text
    return found


def labelled(spans: list[Span]) -> list[tuple[str, str, str]]:
    return [(s.label_, s.text, s.id_) for s in spans]


def test_a_distant_subject_and_its_clause_are_added_to_a_lone_cue(nlp) -> None:
    doc = nlp(
        "The interior ministry of Ruvania, in a statement read on state radio late on Monday, "
        "said that the convoy had been ambushed near Kalemie."
    )
    out = anchor_spans(doc, [span(doc, "said", "CUE")])
    assert labelled(out) == [
        ("SOURCE", "The interior ministry of Ruvania", PARSE_ID),
        ("CUE", "said", ""),
        ("CONTENT", "that the convoy had been ambushed near Kalemie", PARSE_ID),
    ]


def test_according_to_gives_its_object_as_the_source(nlp) -> None:
    doc = nlp("Twelve fishermen were detained off the coast, according to a harbour official.")
    out = anchor_spans(doc, [span(doc, "according", "CUE")])
    assert ("SOURCE", "a harbour official", PARSE_ID) in labelled(out)


def test_as_per_gives_its_object_as_the_source(nlp) -> None:
    doc = nlp("Residents, as per a local radio station, fled toward the hills.")
    out = anchor_spans(doc, [span(doc, "per", "CUE")])
    assert ("SOURCE", "a local radio station", PARSE_ID) in labelled(out)


def test_a_cue_in_an_infinitive_borrows_the_subject_of_the_verb_it_hangs_from(nlp) -> None:
    doc = nlp("The militia plans to tell mediators that it will not disarm.")
    out = anchor_spans(doc, [span(doc, "tell", "CUE")])
    assert labelled(out)[0] == ("SOURCE", "The militia", PARSE_ID)


def test_a_noun_cue_takes_its_possessor(nlp) -> None:
    doc = nlp("The governor's claim that the bridge was intact drew laughter in Mopti.")
    out = anchor_spans(doc, [span(doc, "claim", "CUE")])
    assert labelled(out)[0] == ("SOURCE", "The governor's", PARSE_ID)


def test_an_expletive_subject_is_no_source(nlp) -> None:
    doc = nlp("It was reported that the dam had been shelled.")
    out = anchor_spans(doc, [span(doc, "reported", "CUE")])
    assert [s.label_ for s in out] == ["CUE", "CONTENT"]


def test_the_taggers_own_spans_win(nlp) -> None:
    doc = nlp("The rebel spokesman, reached by telephone in Goma, said the airport was quiet.")
    source = span(doc, "spokesman", "SOURCE")  # shorter than the parse's subject: kept as it is
    content = span(doc, "the airport was quiet", "CONTENT")
    out = anchor_spans(doc, [content, span(doc, "said", "CUE"), source])
    assert labelled(out) == [
        ("SOURCE", "spokesman", ""),
        ("CUE", "said", ""),
        ("CONTENT", "the airport was quiet", ""),
    ]


def test_a_content_anywhere_in_the_sentence_blocks_the_parse_content(nlp) -> None:
    doc = nlp("Aid workers said on Friday that the road to Gao had reopened, a claim the army denied.")
    own = span(doc, "the road to Gao had reopened", "CONTENT")
    out = anchor_spans(doc, [own, span(doc, "said", "CUE")])
    assert [s for s in out if s.label_ == "CONTENT"] == [own]
    assert ("SOURCE", "Aid workers", PARSE_ID) in labelled(out)


def test_without_a_parse_spans_come_back_unchanged() -> None:
    doc = spacy.blank("en")("The envoy said the talks had failed.")
    cue = doc.char_span(10, 14, label="CUE")
    assert anchor_spans(doc, [cue]) == [cue]


def test_the_component_completes_the_spans_key(nlp) -> None:
    doc = nlp("Monitors in Aleppo reported that two schools had been hit.")
    doc.spans["attribution"] = [span(doc, "reported", "CUE")]
    component = spacy.blank("en").add_pipe("claimgraph_attribution_anchor_v1")
    component(doc)
    assert [s.label_ for s in doc.spans["attribution"]] == ["SOURCE", "CUE", "CONTENT"]
    assert doc.spans["attribution"][0].text == "Monitors in Aleppo"


def test_as_per_as_the_cue_root_gives_its_object_as_the_source(nlp) -> None:
    doc = nlp("Residents, as per a local radio station, fled toward the hills.")
    out = anchor_spans(doc, [span(doc, "as per", "CUE")])
    assert ("SOURCE", "a local radio station", PARSE_ID) in labelled(out)


def test_a_cue_beside_its_clause_gets_that_clause_less_its_own_phrase(nlp) -> None:
    doc = nlp("Three bridges over the Niger were destroyed overnight, according to a militia commander.")
    out = anchor_spans(doc, [span(doc, "according to", "CUE")])
    assert labelled(out) == [
        ("CONTENT", "Three bridges over the Niger were destroyed overnight", PARSE_ID),
        ("CUE", "according to", ""),
        ("SOURCE", "a militia commander", PARSE_ID),
    ]


def test_a_cue_with_neither_clause_nor_host_reports_its_object(nlp) -> None:
    doc = nlp("The army denied the report.")
    out = anchor_spans(doc, [span(doc, "denied", "CUE")])
    assert labelled(out) == [
        ("SOURCE", "The army", PARSE_ID),
        ("CUE", "denied", ""),
        ("CONTENT", "the report", PARSE_ID),
    ]


def test_a_said_set_inside_its_clause_reports_the_part_before_it(nlp) -> None:
    doc = nlp("The ceasefire will hold until Friday, a UN envoy said, but shelling continued in the north.")
    out = anchor_spans(doc, [span(doc, "said", "CUE")])
    assert labelled(out) == [
        ("CONTENT", "The ceasefire will hold until Friday", PARSE_ID),
        ("SOURCE", "a UN envoy", PARSE_ID),
        ("CUE", "said", ""),
    ]


def test_a_cue_the_parser_coordinated_with_the_clause_it_reports_takes_that_clause(nlp) -> None:
    # (Seen as "government forces entered the town, a war monitor and eye witnesses said",
    # Syria; here in Myanmar.)
    doc = nlp("Junta troops entered the strategic town of Kawlin in Sagaing region, a war monitor and eye "
              "witnesses said on Tuesday.")
    cue = span(doc, "said", "CUE")
    assert cue.root.dep_ == "conj"  # the parse this reading is for
    out = anchor_spans(doc, [cue])
    assert ("CONTENT", "Junta troops entered the strategic town of Kawlin in Sagaing region", PARSE_ID) in labelled(out)


def test_a_side_set_cue_gets_its_clause_beside_another_claims_content(nlp) -> None:
    # "X happened, a monitor said, though it later reported Y": Y is tagged, X is not
    doc = nlp("Rebel fighters captured the town of Kawlin on Monday, a monitor said, "
              "though it later reported that junta troops drove them out hours after.")
    other = span(doc, "that junta troops drove them out hours after", "CONTENT")
    out = anchor_spans(doc, [span(doc, "said", "CUE"), span(doc, "reported", "CUE"), other])
    contents = [s.text for s in out if s.label_ == "CONTENT"]
    assert "Rebel fighters captured the town of Kawlin on Monday" in contents and other.text in contents
