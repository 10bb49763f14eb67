"""The parse of a speaker mention: conflict-independent, so cached across documents.

:func:`_analyse` finds the registry and outlet names inside a mention, the person's name
it ends in with titles and roles stripped, its head noun, determiners, demonyms and
qualifiers: everything the resolver (:mod:`claimgraph.extract.actors`) needs that does
not depend on the document. Each distinct mention is parsed once per process.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from claimgraph.extract.folding import _clean, _keyseq, _scan, _Tok, _tokens
from claimgraph.extract.registry import _Index, _index
from claimgraph.extract.vocabulary import (
    _ANON_PHRASES,
    _DEMONYMS,
    _DETERMINERS,
    _LOCATIVE,
    _MARKERS,
    _PARTICLES,
    _POSSESSIVES,
    _QUALIFIERS,
    _QUANTIFIERS,
    _VOCAB,
)


@dataclass(frozen=True, slots=True)
class _Hit:
    """A registry or outlet name found inside a mention."""

    start: int  # token range
    end: int
    key: str
    idxs: tuple[int, ...]
    outlet: str | None
    person: bool  # every registry candidate is a person
    locative: bool  # inside "in Damascus", "at the border": a place, not an affiliation


@dataclass(frozen=True, slots=True)
class _Parse:
    """What a mention says regardless of the document: cached, so each distinct mention
    is parsed once per process however many documents repeat it."""

    clean: str
    display: str  # as written, leading determiners dropped ("Israeli media")
    key: str  # whole mention, leading determiners and quantifiers dropped
    words: frozenset[str]
    hits: tuple[_Hit, ...]
    name: str | None  # a person's name as written, titles stripped
    name_key: str
    head: str  # folded head noun of the first phrase ("" when it ends in a name)
    core: tuple[str, ...]  # folded words of the first phrase, determiners dropped
    definite: bool
    indefinite: bool
    anonymity: bool
    demonyms: tuple[str, ...]
    qualifier: str | None  # "Western", "US": who the unnamed are when no organisation is
    modifier: str | None  # a plain noun before the head: "aid" workers, "hospital" staff
    possessive: str | None  # "its" spokesman, "their" accounts, "his" office


def _find_hits(ix: _Index, toks: list[_Tok], words: list[str], owner: list[int]) -> list[_Hit]:
    """Registry and outlet names inside a mention (case-sensitive acronyms as written)."""
    raw = [(owner[i], owner[j - 1] + 1, k, ix.table[k]) for i, j, k in _scan(words, ix.table, ix.prefixes)]
    plain = [(i, t.text) for i, t in enumerate(toks) if not t.sep and not t.article]
    for i, j, k in _scan([w for _, w in plain], ix.cs, ix.cs_prefixes):
        start, end = plain[i][0], plain[j - 1][0] + 1
        raw = [h for h in raw if h[1] <= start or h[0] >= end]
        raw.append((start, end, k, ix.cs[k]))
    hits = []
    for start, end, key, (idxs, outlet) in sorted(raw):
        if outlet and not idxs and not (toks[start].text[:1].isupper() or toks[start].text[:1].isdigit()):
            continue
        person = bool(idxs) and all(ix.entries[i].kind == "person" for i in idxs) and not outlet
        hits.append(_Hit(start, end, key, idxs, outlet, person, False))
    return hits


def _chunks(toks: list[_Tok], hits: Sequence[_Hit]) -> list[tuple[str, list[int]]]:
    """Split at commas and clause words ("of", "who", "in", "close to"), never inside a name."""
    inside = {i for h in hits for i in range(h.start + 1, h.end)}
    chunks: list[tuple[str, list[int]]] = [("", [])]
    for i, tok in enumerate(toks):
        if i not in inside and (tok.sep or (tok.fold in _MARKERS and chunks[-1][1])):
            chunks.append((tok.fold if not tok.sep else "(" if tok.text in "()" else ",", []))
        elif not tok.sep:
            chunks[-1][1].append(i)
    return [c for c in chunks if c[1]]


def _name_run(ix: _Index, toks: list[_Tok], idxs: list[int], hits: Sequence[_Hit]) -> tuple[int, int] | None:
    """The person's name that ends a phrase ("... Lt. Col Hassan Abdel Ghani"), if any."""
    person_tok = {i for h in hits if h.person for i in range(h.start, h.end)}
    other_tok = {i for h in hits if not h.person for i in range(h.start, h.end)}

    def nameish(i: int) -> bool:
        tok = toks[i]
        if i in person_tok:
            return True
        if i in other_tok or tok.fold in ix.non_name:
            return tok.fold in _PARTICLES and i not in other_tok
        return tok.text[:1].isupper() or tok.article or tok.fold in _PARTICLES

    run: list[int] = []
    for i in reversed(idxs):
        if not nameish(i):
            break
        run.insert(0, i)
    while run and toks[run[0]].fold in _PARTICLES and toks[run[0]].text.islower() and not toks[run[0]].article:
        run.pop(0)
    if not run or len(run) > 7 or not any(toks[i].text[:1].isupper() and toks[i].fold not in _PARTICLES for i in run):
        return None
    if all(toks[i].fold in _PARTICLES for i in run):
        return None
    if all(toks[i].text.isupper() and len(toks[i].text) <= 5 for i in run):
        return None  # an acronym ("MoD", "GRF") names an organisation, not a person
    return run[0], run[-1] + 1


def _locate_name(
    ix: _Index, toks: list[_Tok], chunks: Sequence[tuple[str, list[int]]], hits: Sequence[_Hit]
) -> tuple[int, int] | None:
    """The first phrase (or apposition) that ends in a person's name."""
    for marker, idxs in chunks:
        if marker in ("", ",") or marker == "of" and len(idxs) > 1:
            run = _name_run(ix, toks, idxs, hits)
            if run and (marker != "of" or run[0] > idxs[0]):
                return run  # "the governor of Kharkiv region Oleh X", not "the leader of Hamas"
    return None


def _core(toks: list[_Tok], idxs: Sequence[int]) -> tuple[tuple[str, ...], bool, bool]:
    """Folded words of the first phrase without its determiners; whether it was definite or
    indefinite/counted ("the army" vs "two officers", "a source")."""
    words = [toks[i].fold for i in idxs if not toks[i].article]
    definite = indefinite = False
    while len(words) > 1 and (words[0] in _DETERMINERS or words[0] in _QUANTIFIERS or words[0].isdigit()):
        definite = definite or words[0] in ("the", "this", "these", "its", "their", "our")
        indefinite = indefinite or words[0] in ("a", "an") or words[0] in _QUANTIFIERS or words[0].isdigit()
        words.pop(0)
    while len(words) > 1 and words[-1].endswith(("ed", "ing")) and words[-1] not in _index().non_name:
        words.pop()  # "two doctors reached (by ...)": the head is "doctors"
    return tuple(words), definite, indefinite


def _qualifier(toks: list[_Tok], idxs: Sequence[int], hits: Sequence[_Hit]) -> tuple[str | None, str | None]:
    """Who unnamed people are when no organisation is named: a capitalised modifier
    ("Western", "US", "Kurdish") and a plain noun modifier ("aid" workers)."""
    covered = {i for h in hits for i in range(h.start, h.end)}
    free = [i for i in idxs if i not in covered and not toks[i].article]
    known = [toks[i].text for i in free if toks[i].fold in _QUALIFIERS or toks[i].fold in _DEMONYMS]
    before = toks[idxs[-2]] if len(idxs) > 1 and idxs[-2] in free else None
    if before is None or before.fold in _VOCAB or not before.fold.isalpha():
        return (known[0] if known else None), None
    if before.text[:1].isupper():
        return (known[0] if known else before.text), None
    return (known[0] if known else None), before.text


@lru_cache(maxsize=16384)
def _analyse(mention: str) -> _Parse:
    """Everything about a mention that does not depend on the document."""
    ix = _index()
    clean = _clean(mention)
    toks = _tokens(clean)
    all_words, owner = _keyseq(toks)
    hits = _find_hits(ix, toks, all_words, owner)
    chunks = _chunks(toks, hits)
    loc = {i for marker, idxs in chunks if marker in _LOCATIVE for i in idxs}
    hits = [replace(h, locative=True) if h.start in loc else h for h in hits]
    run = _locate_name(ix, toks, chunks, hits)
    first = chunks[0][1] if chunks else []
    core, definite, indefinite = _core(toks, first)
    head = "" if (run and first and run[1] - 1 == first[-1]) or not core else core[-1]
    folded = " ".join(t.fold for t in toks if not t.sep)
    qualifier, modifier = _qualifier(toks, first, hits) if first else (None, None)
    words = all_words
    while len(words) > 1 and (words[0] in _DETERMINERS or words[0] in _QUANTIFIERS):
        words = words[1:]
    shown = [t for t in toks if not t.sep]
    while len(shown) > 1 and (shown[0].fold in _DETERMINERS or shown[0].fold in _QUANTIFIERS):
        shown.pop(0)
    return _Parse(
        clean=clean,
        display=clean[shown[0].start :] if shown else clean,
        key=" ".join(words),
        words=frozenset(t.fold for t in toks if not t.sep),
        hits=tuple(hits),
        name=clean[toks[run[0]].start : toks[run[1] - 1].end] if run else None,
        name_key=" ".join(w for w, o in zip(all_words, owner, strict=True) if run[0] <= o < run[1]) if run else "",
        head=head,
        core=core,
        definite=definite,
        indefinite=indefinite,
        anonymity=any(p in folded for p in _ANON_PHRASES),
        demonyms=tuple(dict.fromkeys(_DEMONYMS[t.fold] for t in toks if t.fold in _DEMONYMS)),
        qualifier=qualifier,
        modifier=modifier,
        possessive=toks[first[0]].fold if len(first) > 1 and toks[first[0]].fold in _POSSESSIVES else None,
    )
