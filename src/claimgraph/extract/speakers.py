"""Which words a claim's speaker is read from: no junk speaker votes.

A speaker span as the parse or the tagger gives it is sometimes no name at all: a relative
pronoun ("the group, which says …"), a bare numeral ("Two residents … One said …"), or a
word that is no agent ("fighting", "reports", "posts"). A junk speaker is worse than a
missing one, because it votes; so each is read back to the phrase it stands for, or the
claim keeps no speaker. Pure functions of the parsed document.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from claimgraph.extract import cues
from claimgraph.extract.attribution import span_tokens
from claimgraph.extract.vocabulary import _RELATIVE, _TITLES

_COUNTING = frozenset("one another both".split())
_PERSONAL = frozenset("he she".split())
# what a body issues and then "says": "the statement said" is its issuer speaking
_ISSUED = frozenset("statement communique communiqué release announcement declaration".split())
_PERSONAL_POSSESSIVE = frozenset("his her".split())
_OWNED_VOICES = frozenset("office aides aide spokesman spokeswoman spokesperson camp lawyer lawyers".split())
_NOT_SPEAKERS = frozenset("GPE LOC FAC DATE TIME".split())
# Heads that name no one who could speak ("heavy fighting said to …", "unconfirmed posts"):
# a claim keeps no speaker where the resolver finds nothing behind one (claims.py).
NON_AGENTS = frozenset(
    "fighting clashes battle battles report reports post posts video videos footage image images "
    "claim claims rumour rumours rumor rumors account accounts control "
    # genre labels before a colon ("Analysis: How a rebel front took the city") name no one
    "analysis opinion editorial explainer factbox update updates live comment commentary".split()
)
_LOOKBACK_SENTENCES = 2


def _phrase(tok: Token) -> tuple[int, int]:
    """A noun's phrase up to its first relative clause, apposition or punctuation."""
    last = tok.i
    for child in tok.rights:
        if child.dep_ in ("relcl", "acl", "appos") or child.is_punct:
            break
        last = child.right_edge.i
    doc = tok.doc
    return doc[tok.left_edge.i].idx, doc[last].idx + len(doc[last].text)


def _counted_group(doc: Doc, before: Token) -> Token | None:
    """The plural noun a bare "One" picks one of: "Two residents said … One said …"."""
    sent_start = before.sent.start
    first_sent = sent_start
    for _ in range(_LOOKBACK_SENTENCES):
        if first_sent == 0:
            break
        first_sent = doc[first_sent - 1].sent.start
    for tok in reversed(doc[first_sent : before.i]):
        if tok.tag_ == "NNS" and any(c.dep_ == "nummod" for c in tok.children):
            return tok
    return None


_LOCATIVE = frozenset("in into of from to near around about at outside inside toward towards".split())


def _place_like(doc: Doc) -> set[str]:
    """Names the document uses as places: tagged GPE/LOC/FAC, or after a locative
    preposition somewhere ("fled from Wad Madani"), though the tagger calls one a PERSON."""
    names = {e.text.lower() for e in doc.ents if e.label_ in ("GPE", "LOC", "FAC")}
    names |= {e.text.lower() for e in doc.ents if e.start > 0 and doc[e.start - 1].lower_ in _LOCATIVE}
    return names


def _lookback_start(doc: Doc, before: Token) -> int:
    """The first token of ``before``'s sentence or of the ``_LOOKBACK_SENTENCES`` before it."""
    first = before.sent.start
    for _ in range(_LOOKBACK_SENTENCES):
        if first == 0:
            break
        first = doc[first - 1].sent.start
    return first


def _person_before(doc: Doc, before: Token, content: tuple[int, int] | None) -> Span | None:
    """The last PERSON named before ``before`` in its sentence or the two before it, outside
    the claim's own content and not a name the document uses for a place."""
    first = _lookback_start(doc, before)
    places = _place_like(doc)
    people = [
        e for e in doc.ents
        if e.label_ == "PERSON" and first <= e.start and e.end <= before.i and e.text.lower() not in places
        and not (content and content[0] <= e.start_char < content[1])
        and (len(e) > 1 or e.start > 0 and doc[e.start - 1].lower_.rstrip(".") in _TITLES)
    ]
    return people[-1] if people else None


def _body_before(doc: Doc, before: Token, content: tuple[int, int] | None,
                 people: bool = False) -> tuple[int, int] | None:
    """What "it" speaks for in "it said", "it later reported": the last subject of a
    reporting verb before ``before`` in its sentence or the two before it that is a named
    body (no pronoun; no person unless ``people``), outside the claim's content ("a war monitor said, though
    it later reported …"; "The ministry said … It added …")."""
    first = _lookback_start(doc, before)
    for tok in reversed(doc[first : before.i]):
        if tok.dep_ not in ("nsubj", "nsubjpass") or tok.head.lemma_.lower() not in cues.REPORTING:
            continue
        if tok.pos_ == "PRON" or tok.ent_type_ == "PERSON" and not people \
                or (content and content[0] <= tok.idx < content[1]) or tok.lemma_.lower() in _ISSUED:
            continue
        return _phrase(tok)
    return None


def _words_and_head(doc: Doc, span: tuple[int, int]) -> tuple[list[Token], Token | None]:
    """A span's words (no punctuation) and its syntactic head (None when it has no words)."""
    tokens = [t for t in span_tokens(doc, *span) if not t.is_punct]
    inside = {t.i for t in tokens}
    head = next((t for t in tokens if t.head.i not in inside or t.head == t), tokens[0] if tokens else None)
    return tokens, head


def speaker_span(
    doc: Doc, span: tuple[int, int] | None, content: tuple[int, int] | None = None
) -> tuple[int, int] | None:
    """The span to read a claim's speaker from (module doc); None for no speaker.
    ``content`` is the claim's content: an antecedent is never inside it."""
    if span is None:
        return None
    tokens, head = _words_and_head(doc, span)
    if head is None:
        return None
    if len(tokens) == 1 and head.lower_ in _RELATIVE:
        clause = head.head
        if clause.dep_ == "relcl" and clause.head.pos_ in ("NOUN", "PROPN"):
            return _phrase(clause.head)
        return None
    if len(tokens) == 1 and (head.lower_ in _COUNTING or head.like_num):
        group = _counted_group(doc, head)
        return (group.idx, group.idx + len(group.text)) if group is not None else None
    if head.lower_ in _PERSONAL or (head.lower_ in _OWNED_VOICES and any(
            c.lower_ in _PERSONAL_POSSESSIVE for c in head.children)):
        person = _person_before(doc, tokens[0], content)  # "he said", "his office said": the last person named
        if person is not None:
            return person.start_char, person.end_char
        return span if head.lower_ in _PERSONAL else None  # "his office" of no one named: no speaker
    if len(tokens) == 1 and head.lower_ == "it":
        return _body_before(doc, head, content)
    if len(tokens) == 2 and tokens[0].lower_ == "the" and head.lemma_.lower() in _ISSUED:
        # "Mali's armed forces confirmed the strikes … 'precision strikes', the statement
        # said": the statement is its issuer's voice, whoever issued it
        return _body_before(doc, head, content, people=True) or span
    span = _without_clause(doc, _without_time(doc, span, head), head)
    comma = next((t for t in span_tokens(doc, *span) if t.text == ","), None)
    if comma is not None:
        lead = [t for t in tokens if t.i < comma.i]
        lead_text = doc.text[lead[0].idx : lead[-1].idx + len(lead[-1].text)].lower() if lead else ""
        if lead and (all(t.ent_type_ in _NOT_SPEAKERS for t in lead) or lead_text in _place_like(doc)):
            # "Asked about Wad Medani, Brigadier Osman repeated …": the place is no part of him
            rest = [t for t in tokens if t.i > comma.i]
            span = rest[0].idx, rest[-1].idx + len(rest[-1].text)
            return _without_clause(doc, span, _words_and_head(doc, span)[1] or head)
    return span


def _without_clause(doc: Doc, span: tuple[int, int], head: Token) -> tuple[int, int]:
    """The span up to a clause that describes the speaker ("rebels fighting government
    forces", "fighters backed by Kigali"): the forces it fights or the backer named
    there are not who speaks."""
    clause = next((c for c in head.rights if c.dep_ in ("acl", "relcl") and span[0] <= c.idx < span[1]), None)
    if clause is None:
        return span
    words = [t for t in span_tokens(doc, span[0], clause.left_edge.idx) if not t.is_punct and not t.is_space]
    return (span[0], words[-1].idx + len(words[-1].text)) if words else span


def _without_time(doc: Doc, span: tuple[int, int], head: Token) -> tuple[int, int]:
    """The span without a trailing time phrase the parse hung on the speaker ("the foreign
    minister on Friday" is the foreign minister)."""
    end = span[1]
    for child in reversed(list(head.rights)):
        if child.dep_ == "prep" and child.right_edge.idx < end and any(
                g.dep_ == "pobj" and g.ent_type_ in ("DATE", "TIME") for g in child.children):
            end = child.idx
            continue
        break
    if end == span[1]:
        return span
    words = [t for t in span_tokens(doc, span[0], end) if not t.is_punct and not t.is_space]
    return (span[0], words[-1].idx + len(words[-1].text)) if words else span


def junk_speaker(doc: Doc, span: tuple[int, int], kind: str = "unknown") -> bool:
    """A speaker span that names no one: its head is no agent ("fighting", "control of the
    city"), or it is a pronoun or a numeral the resolver found no one behind (``kind``
    "unknown"). Such a claim keeps no speaker."""
    _tokens, head = _words_and_head(doc, span)
    if head is None:
        return True
    if head.lemma_.lower() in NON_AGENTS or head.lower_ in NON_AGENTS:
        return kind not in ("social_media", "media", "monitor")  # "reports on social media" name a channel
    return kind == "unknown" and (head.pos_ in ("PRON", "NUM") or head.like_num or head.lower_ in _COUNTING)
