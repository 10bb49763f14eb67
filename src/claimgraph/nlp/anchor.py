"""Anchor the attribution tagger's cues in the parse: a cue left without a source or a
content gets the ones its parse names (its subject, the clause it governs or sits beside).

Why: the tagger is a CNN that sees a few tokens either side and runs before the parser.
It finds a cue more often than the source that goes with it when that source is far away
("…, the ministry said in a statement late on Monday") or is a pronoun, and it misses
the content of some cues it finds. The dependency parse links them at any distance
within the sentence. Only spans the tagger did not cover are added, and each added span
carries ``span.id_ == PARSE_ID`` so that a reader (the PolNeAR evaluation) can tell them
apart. The rules were chosen on PolNeAR's held-out train slice, never on dev.
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Doc, Span, Token

__all__ = ["PARSE_ID", "anchor_spans", "cue_content", "cue_source"]

PARSE_ID = "parse"
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj"})
CONTENT_DEPS = frozenset({"ccomp", "xcomp"})
OBJECT_DEPS = frozenset({"dobj"})
_POSS_DEPS = frozenset({"poss"})
# a cue inside one of these clauses borrows the subject of the clause it hangs from:
# "X plans to say", "X stood up and said", "X, speaking on Monday, said"
CLIMB_DEPS = frozenset({"xcomp", "conj", "ccomp", "advcl", "pcomp"})
CLIMB_STEPS = 3
# subjects that name no speaker: expletives and relative or demonstrative pronouns
NOT_A_SOURCE = frozenset({"it", "that", "which", "what", "this", "there"})
# a cue that names its source through a preposition: "according to X", "as per X"
_PREP_AFTER = {"according": "to", "as": "per"}


def cue_source(cue: Token) -> Token | None:
    """The token heading the source of ``cue`` (a cue's root), or ``None``.

    "according to X" and "as per X" → X; a noun cue's possessor ("the minister's claim")
    → the possessor; otherwise the subject of the cue's verb, or of the verb its clause
    hangs from (up to :data:`CLIMB_STEPS` levels up).
    """
    if cue.lower_ in _PREP_AFTER or cue.lower_ == "per":
        obj = _object_of(cue)
        if obj is not None:
            return obj
    if cue.pos_ in ("NOUN", "PROPN"):
        owner = _child(cue, _POSS_DEPS)
        if owner is not None:
            return owner
    verb = cue
    for _ in range(CLIMB_STEPS):
        subject = _child(verb, SUBJECT_DEPS)
        if subject is not None:
            return None if subject.lower_ in NOT_A_SOURCE else subject
        if verb.dep_ not in CLIMB_DEPS or verb.head is verb:
            return None
        verb = verb.head
    return None


def cue_content(cue: Token) -> tuple[int, int] | None:
    """Token offsets ``(start, end)`` of what ``cue`` (a cue's root) reports, or ``None``.

    In order: the clause the cue governs (its first ``ccomp``/``xcomp``: "said *that …*");
    for a cue set beside its clause ("*X happened*, according to Y", "*X happened*, Y
    said"), that clause less the cue's own phrase and the punctuation at its edges; the
    cue's direct object ("denied *the report*").
    """
    clause = _child(cue, CONTENT_DEPS)
    if clause is not None:
        return _edges(clause)
    host = _host_clause(cue)
    if host is not None:
        return host
    obj = _child(cue, OBJECT_DEPS)
    return _edges(obj) if obj is not None else None


_ASIDE_MARKS = frozenset(", ; — – -".split())


def _host_clause(cue: Token) -> tuple[int, int] | None:
    """The clause a side-set cue hangs from, less the cue's phrase (see :func:`cue_content`)."""
    if not (cue.dep_ == "parataxis" or cue.dep_ == "prep" and cue.lower_ in _PREP_AFTER or _tacked_on(cue)):
        return None
    doc, host = cue.doc, cue.head
    if cue.left_edge.i > host.i:
        if cue.left_edge.text not in _ASIDE_MARKS and doc[cue.left_edge.i - 1].text not in _ASIDE_MARKS:
            return None  # "X happened. The army says …": a misparse across a sentence end
        start, end = host.left_edge.i, cue.left_edge.i
    elif cue.right_edge.i < host.i:
        start, end = cue.right_edge.i + 1, host.right_edge.i + 1
    else:
        return None
    while start < end and (doc[start].is_punct or doc[start].is_space):
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    return (start, end) if end - start >= 2 else None


def _tacked_on(cue: Token) -> bool:
    """"X entered the town, a monitor and witnesses said": a cue the parser coordinated
    with the clause it reports, with a subject of its own after a comma."""
    if cue.dep_ != "conj" or cue.i < cue.head.i:
        return False
    subject = next((c for c in cue.children if c.dep_ == "nsubj" and c.i < cue.i), None)
    return subject is not None and subject.left_edge.i > 0 and cue.doc[subject.left_edge.i - 1].text == ","


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
            _add(out, Span(doc, *_edges(head), label="SOURCE", span_id=PARSE_ID))
    for cue in cues:
        sent = cue.root.sent
        content = cue_content(cue.root)
        if content is None:
            continue
        if any(s.label_ == "CONTENT" and sent.start <= s.start < sent.end for s in out) and (
            _host_clause(cue.root) is None
            or any(s.label_ == "CONTENT" and s.start < content[1] and content[0] < s.end for s in out)
        ):
            continue
        _add(out, Span(doc, *content, label="CONTENT", span_id=PARSE_ID))
    return sorted(out, key=lambda s: (s.start, s.end))


def _object_of(cue: Token) -> Token | None:
    """X in "according to X" (``to`` → ``pobj``) or "as per X" (``per`` → ``pobj``)."""
    word = cue.lower_
    preps = [cue] if word == "per" else [c for c in cue.children if c.lower_ == _PREP_AFTER[word]]
    return next((c for prep in preps for c in prep.children if c.dep_ == "pobj"), None)


def _child(token: Token, deps: frozenset[str]) -> Token | None:
    return next((c for c in token.children if c.dep_ in deps), None)


def _edges(token: Token) -> tuple[int, int]:
    """Token offsets of ``token``'s subtree."""
    return token.left_edge.i, token.right_edge.i + 1


def _add(out: list[Span], span: Span) -> None:
    if not any(s.start < span.end and span.start < s.end for s in out):
        out.append(span)
