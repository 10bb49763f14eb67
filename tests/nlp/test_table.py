"""TokenTable reads the same parse as spaCy's own Token objects, only faster."""

from __future__ import annotations

import pytest

from claimgraph.nlp.pipeline import load
from claimgraph.nlp.table import TokenTable, token_table

TEXTS = [
    'The GRF said on Tuesday that its fighters had "entered the town", a claim the army rejected.\n\n'
    "Residents, speaking by phone, said shelling continued overnight.",
    "  Leading spaces,\ttabs and  double  spaces survive.  ",
    "",
]


@pytest.fixture(scope="module")
def nlp():
    return load()


@pytest.mark.parametrize("text", TEXTS)
def test_the_table_agrees_with_spacy_token_by_token(nlp, text: str) -> None:
    doc = nlp(text)
    table = TokenTable(doc)
    assert table.text == doc.text
    for tok in doc:
        i = tok.i
        assert table.head[i] == tok.head.i
        assert (table.dep[i], table.lower[i], table.pos[i], table.tag[i]) == (tok.dep_, tok.lower_, tok.pos_, tok.tag_)
        assert table.lemma[i] == tok.lemma_.lower()
        assert (table.idx[i], table.end[i]) == (tok.idx, tok.idx + len(tok.text))
        assert table.word(i) == tok.text
        assert (table.punct[i], table.space[i]) == (tok.is_punct, tok.is_space)
        assert table.children(i) == [c.i for c in tok.children]
        assert table.subtree(i) == [t.i for t in tok.subtree]


def test_one_table_per_document_while_it_is_worked_on(nlp) -> None:
    first, second = nlp("One report."), nlp("Another report.")
    assert token_table(first) is token_table(first)
    assert token_table(second).doc is second
    assert token_table(first).doc is first  # a new document gets its own table back
