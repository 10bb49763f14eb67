"""claimgraph's spaCy components, registered under versioned names (``claimgraph_<name>_v1``; spaCy forbids dots).

Change a component's behaviour by adding a ``_v2`` factory, never by editing ``_v1`` in
place, so that stored records can name the exact extractor that made them.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from claimgraph.nlp.anchor import anchor_spans


@Language.component(
    "claimgraph_paragraphs_v1",
    assigns=["token.is_sent_start"],
)
def paragraph_boundaries(doc: Doc) -> Doc:
    """Start a sentence after every blank line, so datelines and headlines stand alone.

    The parser keeps boundaries that are already set; news text puts a paragraph break
    where the parser, trained on running prose, often sees none.
    """
    for token in doc[:-1]:
        if token.is_space and token.text.count("\n") >= 1:
            doc[token.i + 1].is_sent_start = True
    _after_dateline(doc)
    return doc


_DASHES = frozenset("- – — --".split())
_DATELINE_TOKENS = 14


def _after_dateline(doc: Doc) -> None:
    """A wire dateline ("KHARTOUM, March 11 (GWS) -") is no part of the first sentence:
    left attached, the parser makes the city the subject of "said"."""
    start = 0
    while start < len(doc) and doc[start].is_space:
        start += 1
    head = doc[start : start + _DATELINE_TOKENS]
    if not len(head) or not head[0].text.isupper() or len(head[0].text) < 3:
        return
    for token in head:
        if token.text in _DASHES and token.i + 1 < len(doc):
            doc[token.i + 1].is_sent_start = True
            _hold_together(doc, token.i + 2)
            return
        if token.pos_ in ("VERB", "AUX") or token.is_lower and token.is_alpha and token.text not in ("of",):
            return


def _hold_together(doc: Doc, start: int) -> None:
    """The first sentence after a dateline runs at least to its first full stop: left
    free, the parser splits "Rebels of the Gezira Revolutionary Front (GRF) | said …"."""
    for tok in doc[start:]:
        if tok.text in (".", "!", "?") or "\n" in tok.text:
            return
        tok.is_sent_start = False


@Language.factory(
    "claimgraph_attribution_anchor_v1",
    default_config={"spans_key": "attribution"},
    assigns=["doc.spans"],
    requires=["doc.spans", "token.dep"],
)
def make_attribution_anchor(nlp: Language, name: str, spans_key: str) -> AttributionAnchor:
    """Factory for :class:`AttributionAnchor`."""
    return AttributionAnchor(spans_key)


class AttributionAnchor:
    """Complete ``doc.spans[spans_key]`` from the parse (:func:`claimgraph.nlp.anchor.anchor_spans`)."""

    def __init__(self, spans_key: str) -> None:
        self.spans_key = spans_key

    def __call__(self, doc: Doc) -> Doc:
        if self.spans_key in doc.spans:
            doc.spans[self.spans_key] = anchor_spans(doc, doc.spans[self.spans_key])
        return doc
