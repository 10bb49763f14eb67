import pytest

from claimgraph.extract.hedges import find_caveats
from claimgraph.nlp.pipeline import load

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def nlp():
    return load()


def test_named_unnamed_and_standing_caveats(nlp) -> None:
    text = (
        "The militia said it had captured the airport. "
        "The claims of the militia could not be independently verified. "
        "Officials said the road was open. These reports have not been confirmed.\n\n"
        "The Courier cannot independently verify all statements made by parties to the conflict."
    )
    doc = nlp(text)
    caveats = find_caveats(doc)
    assert [c.scope for c in caveats] == ["named", "preceding", "all"]
    named = caveats[0]
    assert named.names is not None and text[named.names[0] : named.names[1]] == "the militia"
    preceding = caveats[1]
    assert preceding.preceding is not None
    assert "Officials said" in text[preceding.preceding[0] : preceding.preceding[1]]


def test_no_caveat_in_an_attributed_confirmation(nlp) -> None:
    assert find_caveats(nlp("The ministry confirmed the withdrawal on Sunday.")) == []


def test_blanket_disclaimer_about_all_statements_covers_everything(nlp) -> None:
    text = "The Courier cannot independently verify the authenticity of all statements and videos."
    (caveat,) = find_caveats(nlp(text))
    assert (caveat.scope, caveat.names) == ("all", None)
