"""The actor registry (``actors.json`` with ``ingest/outlets.json``) as look-up tables.

:func:`_index` loads both files once per process into folded, case-sensitive and soft
alias tables (see :mod:`claimgraph.extract.folding`), with each conflict's sides by
country and the words that never belong to a person's name. The per-conflict views that
the resolver scans (:func:`_scoped`, :func:`_fuzzy_choices`) are cached per conflict.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib import resources
from typing import Any

from claimgraph.extract.folding import _cs_key, _key, _prefixes, _soft_key
from claimgraph.extract.vocabulary import _VOCAB
from claimgraph.ingest.outlets import registry as outlet_registry
from claimgraph.model import Outlet

_NEUTRAL_SIDES = frozenset({"third-party", "monitor", "media", "none"})


@dataclass(frozen=True, slots=True)
class _Entry:
    """One actors.json record, with its matching key and titles pre-folded."""

    canonical: str
    ckey: str
    kind: str
    conflict: str | None
    side: str
    country: str | None
    member_of: str | None
    titles: tuple[frozenset[str], ...]
    also_in: Mapping[str, str]
    changes: tuple[tuple[date, str], ...]
    fictional: bool


_Ref = tuple[tuple[int, ...], str | None]  # registry entries, outlet name
_Raw = Mapping[str, Any]  # a record of actors.json as loaded


@dataclass(slots=True)
class _Index:
    """Everything looked up while resolving, built once per process by :func:`_index`."""

    entries: list[_Entry]
    by_canonical: dict[str, int]
    table: dict[str, _Ref]
    prefixes: frozenset[str]
    cs: dict[str, _Ref]
    cs_prefixes: frozenset[str]
    soft: dict[str, tuple[int, ...]]
    outlets: dict[str, Outlet]
    fictional_outlets: frozenset[str]
    conflicts: dict[str, _Raw]
    side_by_country: dict[str, dict[str, str]]
    non_name: frozenset[str]
    alias_keys: list[tuple[str, ...]]


def _entry(raw: _Raw) -> _Entry:
    """Pre-fold a registry record for matching."""
    changes = tuple(sorted((date.fromisoformat(str(c["from"])), str(c["side"])) for c in raw.get("side_changes") or ()))
    return _Entry(
        canonical=str(raw["canonical"]),
        ckey=_key(str(raw["canonical"])),
        kind=str(raw["kind"]),
        conflict=raw.get("conflict"),
        side=str(raw["side"]),
        country=raw.get("country"),
        member_of=raw.get("member_of"),
        titles=tuple(frozenset(_key(t).split()) for t in raw.get("titles") or ()),
        also_in=dict(raw.get("also_in") or {}),
        changes=changes,
        fictional=bool(raw.get("fictional")),
    )


def _add(table: dict[str, _Ref], key: str, idx: int | None = None, outlet: str | None = None) -> None:
    idxs, name = table.get(key, ((), None))
    if idx is not None and idx not in idxs:
        idxs = (*idxs, idx)
    table[key] = (idxs, name or outlet)


def _alias_tables(
    raw_actors: Sequence[_Raw],
) -> tuple[dict[str, _Ref], dict[str, _Ref], dict[str, tuple[int, ...]]]:
    """Folded, case-sensitive and soft alias tables of the actor registry."""
    table: dict[str, _Ref] = {}
    cs: dict[str, _Ref] = {}
    soft: dict[str, tuple[int, ...]] = defaultdict(tuple)
    for idx, raw in enumerate(raw_actors):
        cs_aliases = [str(a) for a in raw.get("case_sensitive_aliases") or ()]
        cs_folds = {_key(a) for a in cs_aliases}
        for alias in cs_aliases:
            _add(cs, _cs_key(alias), idx)
        for name in (str(raw["canonical"]), *(str(a) for a in raw.get("aliases") or ())):
            key = _key(name)
            if not key:
                continue
            if key in cs_folds:
                _add(cs, _cs_key(name), idx)
                continue
            _add(table, key, idx)
            if idx not in soft[_soft_key(key)]:
                soft[_soft_key(key)] += (idx,)
    return table, cs, dict(soft)


def _add_outlets(table: dict[str, _Ref], cs: dict[str, _Ref]) -> tuple[dict[str, Outlet], frozenset[str]]:
    """Outlet names and aliases into the same tables; short acronyms only as written."""
    outlets = {o.name: o for o in outlet_registry().outlets}
    for outlet in outlets.values():
        for name in (outlet.name, *outlet.aliases):
            if _key(name) in _VOCAB:
                # "Al-Monitor" folds to "monitor" (its article dropped, as the mention scanner
                # drops it too): a common word that "a war monitor" or "Front Monitor" must
                # not match. Such an outlet is known by its documents, not in mentions.
                continue
            if len(name) <= 4:
                _add(cs, _cs_key(name), outlet=outlet.name)
            else:
                _add(table, _key(name), outlet=outlet.name)
    raw = resources.files("claimgraph.ingest").joinpath("outlets.json").read_text("utf-8")
    fictional = frozenset(str(o["name"]) for o in json.loads(raw) if o.get("fictional"))
    return outlets, fictional


def _side_by_country(entries: Sequence[_Entry], conflicts: Mapping[str, _Raw]) -> dict[str, dict[str, str]]:
    """For each conflict, the side that a state's government and army belong to."""
    out: dict[str, dict[str, str]] = {}
    for conflict in conflicts:
        votes: dict[str, Counter[str]] = defaultdict(Counter)
        for e in entries:
            side = e.side if e.conflict == conflict else e.also_in.get(conflict)
            if side and side not in _NEUTRAL_SIDES and e.country and e.kind in ("government", "military"):
                votes[e.country][side] += 1
        out[conflict] = {iso: c.most_common(1)[0][0] for iso, c in votes.items()}
    return out


def _non_name_words(raw_actors: Sequence[_Raw]) -> frozenset[str]:
    """Words that never belong to a person's name: the vocabulary, demonyms, title words."""
    title_words = {w for raw in raw_actors for t in raw.get("titles") or () for w in _key(str(t)).split()}
    name_words = {
        w
        for raw in raw_actors
        if raw.get("kind") == "person"
        for n in (raw["canonical"], *(raw.get("aliases") or ()))
        for w in _key(str(n)).split()
    }
    return frozenset(_VOCAB | (title_words - name_words))


def _alias_keys(table: Mapping[str, _Ref], n: int) -> list[tuple[str, ...]]:
    out: list[list[str]] = [[] for _ in range(n)]
    for key, (idxs, _) in table.items():
        for i in idxs:
            out[i].append(key)
    return [tuple(k) for k in out]


@lru_cache(maxsize=1)
def _index() -> _Index:
    """Load actors.json and the outlet registry into look-up tables, once per process."""
    raw = json.loads(resources.files("claimgraph.extract").joinpath("actors.json").read_text("utf-8"))
    raw_actors = raw["actors"]
    entries = [_entry(a) for a in raw_actors]
    table, cs, soft = _alias_tables(raw_actors)
    outlets, fictional = _add_outlets(table, cs)
    return _Index(
        entries=entries,
        by_canonical={e.canonical: i for i, e in enumerate(entries)},
        table=table,
        prefixes=_prefixes(table),
        cs=cs,
        cs_prefixes=_prefixes(cs),
        soft=soft,
        outlets=outlets,
        fictional_outlets=fictional,
        conflicts=raw["conflicts"],
        side_by_country=_side_by_country(entries, raw["conflicts"]),
        non_name=_non_name_words(raw_actors),
        alias_keys=_alias_keys(table, len(entries)),
    )


def _state_score(e: _Entry, want: str, ix: _Index) -> int | None:
    """How well an entry fits a wanted state organ; None when it does not fit at all."""
    words = set(e.ckey.split())
    if want == "ministry":
        return 0 if e.kind == "government" and words & {"defence", "defense"} else None
    if want == "government":
        if e.kind != "government" or "ministry" in words:
            return None
        aliases = ix.alias_keys[ix.by_canonical[e.canonical]]
        if e.canonical.startswith("Government of"):
            return 0
        return 1 if any(k.startswith("government of") or k.endswith(" government") for k in aliases) else 2
    if e.kind != "media":
        return None
    outlet = ix.outlets.get(e.canonical)
    names = words.union(*(k.split() for k in ix.alias_keys[ix.by_canonical[e.canonical]]))
    tvish = bool(names & {"broadcasting", "television", "tv", "radio"}) or bool(outlet and outlet.kind == "broadcaster")
    if want == "tv":
        return 0 if tvish else None
    if want == "agency":
        return 0 if "agency" in words else None
    return 0


@lru_cache(maxsize=64)
def _scoped(conflict: str | None) -> tuple[tuple[int, int], ...]:
    """Registry entries that may be meant in a conflict without a full name: (index, rank)
    with rank 0 for the conflict's own, 1 for also_in, 2 for global actors."""
    out = []
    for idx, e in enumerate(_index().entries):
        if e.fictional and conflict != e.conflict and conflict not in e.also_in:
            continue
        if conflict is None or e.conflict == conflict:
            out.append((idx, 0))
        elif conflict in e.also_in:
            out.append((idx, 1))
        elif e.conflict is None:
            out.append((idx, 2))
    return tuple(out)


@lru_cache(maxsize=64)
def _fuzzy_choices(conflict: str | None) -> list[str]:
    """Soft keys of the registry names a fuzzy match may land on in this conflict."""
    ix = _index()
    out = []
    for key, idxs in ix.soft.items():
        if len(key) < 6:
            continue
        for i in idxs:
            e = ix.entries[i]
            if conflict is None or e.conflict in (conflict, None) or conflict in e.also_in:
                if not e.fictional or conflict == e.conflict or conflict in e.also_in:
                    out.append(key)
                    break
    return out


def speaks_for(canonical: str) -> str:
    """The organisation a registry person outside the war speaks for (its ``member_of``),
    else ``canonical``.

    Why: a monitor's director and the monitor ("Rami Abdel Rahman, head of the Syrian
    Observatory", "the Observatory said") are one outside source, however the report names
    it. A party's people keep their own voices: what each admits or denies is read on its
    own, and a party never counts as an independent source anyway.
    """
    ix = _index()
    idx = ix.by_canonical.get(canonical)
    if idx is None:
        return canonical
    entry = ix.entries[idx]
    outside = entry.side in _NEUTRAL_SIDES
    return entry.member_of if entry.kind == "person" and entry.member_of and outside else canonical


def names_an_actor(text: str) -> bool:
    """Whether ``text`` is the name or an alias of a registry actor or outlet ("M23",
    "Wagner"): such a name is no unlisted village, whatever the tagger calls it."""
    ix = _index()
    return _key(text) in ix.table or _cs_key(text) in ix.cs
