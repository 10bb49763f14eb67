"""Sides of every conflict in the actor registry: who is a party, and who faces whom.

One model for every stage below extraction (store, reconcile, export, the page): the side
labels are those of ``extract/actors.json`` ("government" / "opposition" in a civil war,
the states' own names in an interstate war: "russia" / "ukraine", "israel" / "hamas"), so a
war that is not government against opposition keeps its parties, its admissions and its
rivals instead of pooling both sides into one side-less proposition.

A conflict's ``opponents`` in the registry name a side's opponent outright; where the
registry is silent, a side's opponent is the other principal party of its
conflict (government and opposition face each other where both exist; the Islamic State
faces everyone and so no one in particular). A side that has different opponents in
different conflicts ("israel": Hamas in Gaza, Hezbollah in Lebanon) has its opponent
chosen by the country of the place, and none where the country does not decide.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from types import MappingProxyType
from typing import Mapping

# Sides that are not parties to a conflict (a monitor, a news outlet, nobody).
NON_PARTY_SIDES = frozenset({"monitor", "media", "none", ""})
# A third-party belligerent (a foreign state that strikes, a UN force) is a party to the
# conflict without holding a side of its own.
THIRD_PARTY = "third-party"
_FACES_NO_ONE = frozenset({"islamic-state"})


@dataclass(frozen=True, slots=True)
class Conflict:
    """One conflict of the registry: its countries, its sides and who faces whom."""

    id: str
    countries: tuple[str, ...]
    sides: tuple[str, ...]
    opponents: Mapping[str, str]
    fictional: bool = False


def _opponents(principal: list[str], sides: tuple[str, ...]) -> dict[str, str]:
    """Who faces whom in a conflict (module doc): government and opposition wherever both
    are sides (Myanmar's opposition has no principal actor and still fights the junta),
    else the two principal sides of a two-party war."""
    if "government" in sides and "opposition" in sides:
        return {"government": "opposition", "opposition": "government"}
    main = [s for s in principal if s not in _FACES_NO_ONE]
    if len(main) == 2:
        return {main[0]: main[1], main[1]: main[0]}
    return {}


@lru_cache(maxsize=1)
def conflicts() -> tuple[Conflict, ...]:
    """Every conflict of ``extract/actors.json`` (read as data: no stage above is imported)."""
    data = json.loads(resources.files("claimgraph.extract").joinpath("actors.json").read_text(encoding="utf-8"))
    found = []
    for cid, info in data["conflicts"].items():
        sides = tuple(info.get("sides") or ())
        principal = [s for s in (info.get("principal") or {}) if s in sides] or list(sides)
        opponents = _opponents(principal, sides)
        # the registry's own word where government/opposition does not say ("sdf" in Syria
        # lost its towns to the Turkish-backed opposition): who gains when that side withdraws
        opponents.update({a: b for a, b in (info.get("opponents") or {}).items() if a in sides and b in sides})
        found.append(Conflict(cid, tuple(info.get("countries") or ()), sides,
                              MappingProxyType(opponents), bool(info.get("fictional"))))
    return tuple(found)


def opponents_in(conflict: str | None) -> Mapping[str, str]:
    """Who faces whom in one conflict of the registry (empty for none or an unknown id)."""
    return next((c.opponents for c in conflicts() if c.id == conflict), MappingProxyType({}))


@lru_cache(maxsize=1)
def party_sides() -> tuple[str, ...]:
    """Every side label that is a party somewhere, the long-standing ones first (their
    numbers in the store's proposition key stay what they were)."""
    labels = ["government", "opposition", THIRD_PARTY]
    for c in conflicts():
        labels += [s for s in c.sides if s not in labels and s not in NON_PARTY_SIDES]
    return tuple(labels)


def is_party(side: str | None) -> bool:
    """A side of some conflict, or a third-party belligerent."""
    return bool(side) and side in party_sides()


@lru_cache(maxsize=1)
def opponent_table() -> tuple[tuple[tuple[str, str], ...], Mapping[str, str]]:
    """((side, country) → opponent where the country decides, side → opponent where the side
    alone does): the tables behind :func:`opponent`, also compiled into SQL by the store."""
    by_side: dict[str, set[str]] = {}
    by_country: dict[tuple[str, str], set[str]] = {}
    for c in conflicts():
        for side, other in c.opponents.items():
            by_side.setdefault(side, set()).add(other)
            for iso in c.countries:
                by_country.setdefault((side, iso), set()).add(other)
    alone = {side: next(iter(o)) for side, o in by_side.items() if len(o) == 1}
    decided = tuple(sorted(
        (key, next(iter(o))) for key, o in by_country.items() if len(o) == 1 and key[0] not in alone
    ))
    return decided, MappingProxyType(alone)


@lru_cache(maxsize=256)
def facing(side: str, country: str | None) -> frozenset[str]:
    """The sides of the conflicts in ``country`` whose opponent is ``side`` (Syria's SDF
    and government both face the opposition); none where the country is not known."""
    return frozenset(x for c in conflicts() if country and country in c.countries
                     for x, o in c.opponents.items() if o == side and x != side)


def opponent(side: str | None, country: str | None = None) -> str:
    """The side that ``side`` fights at a place in ``country`` ("" when none is known)."""
    if not side:
        return ""
    decided, alone = opponent_table()
    if side in alone:
        return alone[side]
    return dict(decided).get((side, country or ""), "")
