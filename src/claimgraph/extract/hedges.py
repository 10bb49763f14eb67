"""Outlet caveats: "the claims have not been confirmed", "cannot independently verify".

A caveat is a sentence in the outlet's own voice that negates a verification verb. It
covers the claims of the source it names ("the claims of Syrian rebels"), or, naming no
one, either every claim (a standing disclaimer about "all statements") or the claims of
the sentences just before it.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from claimgraph.extract import cues
from claimgraph.nlp.table import token_table

_ALL_WORDS = frozenset("all every any".split())
_REFERENCE_WINDOW = 2  # sentences before an unnamed caveat that it covers


@dataclass(frozen=True, slots=True)
class Caveat:
    """A caveat sentence, the source it names (if any) and how far it reaches."""

    span: tuple[int, int]
    text: str
    names: tuple[int, int] | None  # the named source's characters ("Syrian rebels")
    scope: str  # "named", "all" or "preceding"
    preceding: tuple[int, int] | None  # characters of the sentences it covers when "preceding"


def find_caveats(doc: Doc) -> list[Caveat]:
    """Every caveat sentence of the document, in order."""
    sents = list(doc.sents)
    out = []
    for i, sent in enumerate(sents):
        verb = _negated_verification(sent)
        if verb is None:
            continue
        names = _named_source(verb)
        scope = "named" if names else ("all" if _covers_all(sent) else "preceding")
        window = sents[max(0, i - _REFERENCE_WINDOW) : i]
        preceding = (window[0].start_char, window[-1].end_char) if window else None
        text = sent.text.strip()
        start = sent.start_char + (len(sent.text) - len(sent.text.lstrip()))
        out.append(Caveat((start, start + len(text)), text, names, scope, preceding))
    return out


def _negated_verification(sent: Span) -> Token | None:
    """"not confirmed", "cannot verify", "could not be independently verified", "unverified"."""
    table = token_table(sent.doc)
    lemma, lower = table.lemma, table.lower
    for i in range(sent.start, sent.end):
        if lemma[i] in cues.VERIFY_VERBS and table.pos[i] in ("VERB", "AUX"):
            children = table.children(i)
            if any(table.dep[c] == "neg" for c in children) or any(
                lower[c] in ("cannot", "can't", "unable") for c in children
            ):
                return sent.doc[i]
        if lower[i] in ("unable", "impossible") and any(
            lemma[c] in cues.VERIFY_VERBS for c in table.subtree(i)
        ):
            return sent.doc[i]
    return None


def _named_source(verb: Token) -> tuple[int, int] | None:
    """"the claims of Syrian rebels" / "the rebels' claims": the source the caveat names."""
    for child in verb.children:
        if child.dep_ not in ("nsubjpass", "nsubj", "dobj"):
            continue
        for tok in child.subtree:
            if tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head == child:
                return None if _generic(tok) else _span(tok)
            if tok.dep_ == "poss" and tok.head == child and tok.pos_ in ("NOUN", "PROPN"):
                return None if _generic(tok) else _span(tok)
    return None


_GENERIC = frozenset("statement claim report video photo post footage image account".split())


def _generic(tok: Token) -> bool:
    """"the authenticity of all statements" names no source: it is a blanket caveat."""
    return tok.lemma_.lower() in _GENERIC or any(c.lower_ in _ALL_WORDS for c in tok.children)


def _covers_all(sent: Span) -> bool:
    return any(t.lower_ in _ALL_WORDS for t in sent) or "authenticity" in sent.text.lower()


def _span(tok: Token) -> tuple[int, int]:
    tokens = [t for t in tok.subtree if not t.is_punct and t.dep_ != "case"]
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
