"""Propositions: events about the same happening, clustered set-based in SQL.

A proposition is keyed by (type family, place, facility, agent side) plus a time window.
CONTROL, ENTER and WITHDRAW form one family, because DESIGN.md lets evidence cross them:
side A's WITHDRAW from P supports CONTROL of P by A's opponent, so a WITHDRAW joins the
family with its agent side flipped. A facility inside a city (a dam, a bridge) is its own
proposition: taking the dam is not taking the town.

The time window is gaps-and-islands over window functions (SQLite >= 3.25 and PostgreSQL):
per key, events sorted by start; an event opens a new proposition when it starts more than
``window`` after every earlier event of that key has ended. That is one sort per key,
never a comparison of event pairs, so it scales with the store.

The query lives in :mod:`claimgraph.store.evidence` (all SQL stays in ``store/``);
everything here is a pure function of the :class:`Evidence` records it returns.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from operator import attrgetter
from typing import Any

from claimgraph.model import Evidence
from claimgraph.store.evidence import as_utc


@dataclass(frozen=True, slots=True)
class Cluster:
    """The evidence of one proposition, before any judgement of its status."""

    id: str
    family: str
    geonames_id: int
    facility: str
    side: str
    valid_from: datetime
    valid_to: datetime
    evidence: tuple[Evidence, ...]
    place_name: str | None = field(default=None, compare=False)  # see :func:`_place_name`

    @property
    def agent(self) -> str | None:
        """The agent named most often by events that state it directly (not flipped)."""
        names = Counter(
            e.agent for e in self.evidence
            if e.agent and e.event_type != "WITHDRAW" and e.agent_side == self.side
        )
        return names.most_common(1)[0][0] if names else None

    @property
    def country(self) -> str | None:
        """The place's country code (every event shares the place): it picks the opponent
        of a side that fights in several wars (:func:`claimgraph.sides.opponent`)."""
        return self.evidence[0].country

    @property
    def place(self) -> dict[str, Any]:
        """Name, GeoNames id, country and coordinates (every event shares the id)."""
        first = self.evidence[0]
        return {
            "name": self.place_name if self.place_name is not None else _place_name(self.evidence),
            "geonames_id": self.geonames_id,
            "country": first.country,
            "lat": first.lat,
            "lon": first.lon,
        }


_PLACE_NAME = attrgetter("place_name")


def _place_name(evidence: Sequence[Evidence]) -> str | None:
    """The name the place is reported under most often (computed once per cluster: the
    place is read for every sort and every JSON of a proposition)."""
    names = Counter(map(_PLACE_NAME, evidence))
    names.pop(None, None)
    names.pop("", None)
    return names.most_common(1)[0][0] if names else None
_START = attrgetter("time_start")
_END = attrgetter("time_end")


def proposition_id(family: str, geonames_id: int, facility: str, side: str, start: datetime) -> str:
    """Content-derived id: the key plus the island's first valid instant, so re-running on
    the same store yields the same ids."""
    text = f"{family}|{geonames_id}|{facility}|{side}|{as_utc(start).isoformat()}"
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


def clusters(records: Iterable[Evidence]) -> list[Cluster]:
    """Group records into propositions by key and island number (one pass, no pairs)."""
    groups: dict[tuple[str, int, str, str, int], list[Evidence]] = {}
    last: tuple[str, int, str, str, int] | None = None
    members: list[Evidence] = []
    for r in records:
        key = (r.family, r.geonames_id, r.facility, r.side, r.cluster)
        if key != last:  # records of one proposition usually come together
            last = key
            members = groups.setdefault(key, [])
        members.append(r)
    return [_cluster(key[:4], members) for key, members in groups.items()]


def cluster_groups(groups: Iterable[Sequence[Evidence]]) -> list[Cluster]:
    """:func:`clusters` of records already grouped by proposition
    (:func:`claimgraph.store.evidence.load_groups`), without grouping them again."""
    found = []
    for members in groups:
        first = members[0]
        found.append(_cluster((first.family, first.geonames_id, first.facility, first.side), members))
    return found


def _cluster(key: Sequence[Any], members: Sequence[Evidence]) -> Cluster:
    family, geonames_id, facility, side = key
    start = min(map(_START, members))
    return Cluster(
        id=proposition_id(family, geonames_id, facility, side, start),
        family=family,
        geonames_id=geonames_id,
        facility=facility,
        side=side,
        valid_from=start,
        valid_to=max(map(_END, members)),
        evidence=tuple(members),
        place_name=_place_name(members),
    )
