import pytest

from claimgraph.nlp.pipeline import load

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def nlp():
    return load()


def test_blank_lines_start_sentences(nlp) -> None:
    doc = nlp("Goma, DR Congo\n\nThe rebels said they had reached the airport.")
    assert [s.text.strip() for s in doc.sents] == ["Goma, DR Congo", "The rebels said they had reached the airport."]


def test_wire_dateline_is_its_own_sentence(nlp) -> None:
    doc = nlp("GOMA, May 4 (Reuters) - The rebels said on Sunday they had reached the airport.")
    first, second = list(doc.sents)
    assert first.text.strip() == "GOMA, May 4 (Reuters) -"
    said = next(t for t in second if t.lower_ == "said")
    assert [c.text for c in said.children if c.dep_ == "nsubj"] == ["rebels"]


def test_ordinary_capitalised_opening_is_left_alone(nlp) -> None:
    doc = nlp("UN officials said - after a long delay - that aid had arrived.")
    assert len(list(doc.sents)) == 1


def test_the_sentence_after_a_dateline_runs_to_its_full_stop(nlp) -> None:
    text = "KHARTOUM, March 11 (GWS) - Rebels of the Gezira Revolutionary Front (GRF) said on Tuesday that they had captured the city. Residents fled."
    sents = [s.text.strip() for s in nlp(text).sents]
    assert sents[1].startswith("Rebels of the Gezira") and sents[1].endswith("captured the city.")
    assert sents[2] == "Residents fled."
