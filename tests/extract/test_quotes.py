from claimgraph.extract.quotes import containing, inner, quote_spans


def test_mixed_curly_and_straight_marks_pair_up() -> None:
    text = '“The bridge is ours," the commander said. He added: "We hold it."'
    spans = quote_spans(text)
    assert [text[s:e] for s, e in spans] == ['“The bridge is ours,"', '"We hold it."']
    assert text[slice(*inner(spans[0], text))] == "The bridge is ours"


def test_unclosed_quote_runs_to_paragraph_end_and_next_paragraph_restarts() -> None:
    text = '"First point, we will hold the line.\n\n"Second point, we will not negotiate," she said.'
    spans = quote_spans(text)
    assert len(spans) == 2
    assert text[spans[0][0] : spans[0][1]].endswith("line.")
    assert containing(spans, text.index("Second"), text.index("negotiate")) == spans[1]


def test_single_quotes_are_not_speech() -> None:
    assert quote_spans("Officials called the reports 'false' and 'baseless'.") == []
