"""Anchor the attribution tagger's cues in the parse: a cue left without a source or a
content gets the subject and the clause its word governs.

Why: the tagger is a CNN that sees a few tokens either side and runs before the parser.
It finds a cue more often than the source that goes with it when that source is far away
("…, the ministry said in a statement late on Monday") or is a pronoun, and it misses
the content of some cues it finds. The dependency parse links them at any distance
within the sentence. Only spans the tagger did not cover are added, and each added span
carries ``span.id_ == PARSE_ID`` so that a reader (the PolNeAR evaluation) can tell them
apart. The rules were chosen on PolNeAR's held-out train slice, never on dev.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.tokens import Doc, Span, Token

__all__ = ["PARSE_ID", "anchor_spans", "cue_content", "cue_source"]

PARSE_ID = "parse"
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj"})
CONTENT_DEPS = frozenset({"ccomp", "xcomp"})
# a cue inside one of these clauses borrows the subject of the clause it hangs from:
# "X plans to say", "X stood up and said", "X, speaking on Monday, said"
CLIMB_DEPS = frozenset({"xcomp", "conj", "ccomp", "advcl", "pcomp"})
CLIMB_STEPS = 3
# subjects that name no speaker: expletives and relative or demonstrative pronouns
NOT_A_SOURCE = frozenset({"it", "that", "which", "what", "this", "there"})


def cue_source(cue: Token) -> Token | None:
    """The token heading the source of ``cue`` (a cue's root), or ``None``.

    "according to X" and "as per X" → X; a noun cue's possessor ("the minister's claim")
    → the possessor; otherwise the subject of the cue's verb, or of the verb its clause
    hangs from (up to :data:`CLIMB_STEPS` levels up).
    """
    if cue.lower_ in ("according", "per"):
        obj = _object_of(cue)
        if obj is not None:
            return obj
    if cue.pos_ in ("NOUN", "PROPN"):
        for child in cue.children:
            if child.dep_ == "poss":
                return child
    verb = cue
    for _ in range(CLIMB_STEPS):
        for child in verb.children:
            if child.dep_ in SUBJECT_DEPS:
                return None if child.lower_ in NOT_A_SOURCE else child
        if verb.dep_ not in CLIMB_DEPS or verb.head is verb:
            return None
        verb = verb.head
    return None


def cue_content(cue: Token) -> Token | None:
    """The token heading the clause ``cue`` governs (its first ``ccomp``/``xcomp``), or ``None``."""
    return next((child for child in cue.children if child.dep_ in CONTENT_DEPS), None)


def anchor_spans(doc: Doc, spans: Iterable[Span]) -> list[Span]:
    """``spans`` plus, for every CUE, the source and content the parse gives it where the
    tagger found none; sorted by position.

    A source is added unless it overlaps a span already there; a content only when the
    cue's sentence has no CONTENT yet. ``doc`` must be parsed; without a parse ``spans``
    come back unchanged.
    """
    out = sorted(spans, key=lambda s: (s.start, s.end))
    if not doc.has_annotation("DEP"):
        return out
    cues = [s for s in out if s.label_ == "CUE"]
    for cue in cues:
        head = cue_source(cue.root)
        if head is not None:
            _add(out, _subtree(doc, head, "SOURCE"))
    for cue in cues:
        sent = cue.root.sent
        if any(s.label_ == "CONTENT" and sent.start <= s.start < sent.end for s in out):
            continue
        head = cue_content(cue.root)
        if head is not None:
            _add(out, _subtree(doc, head, "CONTENT"))
    return sorted(out, key=lambda s: (s.start, s.end))


def _object_of(cue: Token) -> Token | None:
    """X in "according to X" (``to`` → ``pobj``) or "as per X" (``per`` → ``pobj``)."""
    preps: Iterator[Token] = (c for c in cue.children if c.lower_ == "to") if cue.lower_ == "according" else iter((cue,))
    for prep in preps:
        for child in prep.children:
            if child.dep_ == "pobj":
                return child
    return None


def _subtree(doc: Doc, head: Token, label: str) -> Span:
    return Span(doc, head.left_edge.i, head.right_edge.i + 1, label=label, span_id=PARSE_ID)


def _add(out: list[Span], span: Span) -> None:
    if not any(s.start < span.end and span.start < s.end for s in out):
        out.append(span)
