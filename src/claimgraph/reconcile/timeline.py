"""Control timeline of one place: who held or claimed it, over valid time, with status.

Built from the place's CONTROL-family propositions (CONTROL, ENTER and a flipped WITHDRAW),
so it is a pure function of :func:`claimgraph.reconcile.status.propositions`' output.

Where DESIGN.md is silent:

- a holder keeps a place from the start of its proposition until another side's
  proposition starts (control persists until someone else is reported taking it);
- consecutive propositions of the same holder make one interval with the best status
  among them (a second report of the same capture a week later does not break the hold);
- a side's proposition that starts inside another side's better-established one (by
  status) makes no interval: the timeline never contradicts the propositions it is built
  from (a contested "still ours" does not end a confirmed capture);
- refuted propositions never make anyone the holder, and neither do claims of control
  whose agent's side is unknown ("EACM cannot verify who controls it"); both stay in
  ``history``;
- before the first holder, the side it was taken from is shown as ``presumed``
  (open start, no proposition): "government until Dec 7" is an inference from
  "the opposition took it on Dec 7", and is labelled as one;
- ``history`` replays each proposition's status over report time: its verdict as of
  every instant at which a new report about it was published, computed from the part of
  its evidence known then. That is how "unverified 06:00, contested 22:00, confirmed the
  next day" reads. Each replayed instant costs a reconcile of the proposition, so one
  reported at more than ``REPLAY_LIMIT`` instants (a capture repeated by thousands of
  reports) is replayed at its first ``REPLAY_LIMIT // 2`` instants, where statuses move,
  and at evenly spaced ones after, the last included; the timeline names it in
  ``history_sampled``: a change that came and went between two replayed instants is missed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from claimgraph.reconcile.independence import replay
from claimgraph.reconcile.status import Proposition, standing
from claimgraph.sides import opponent

REPLAY_LIMIT = 128
# Best first: which status an interval of several same-holder propositions shows.
_RANK = {"confirmed": 0, "corroborated": 1, "contested": 2, "unverified": 3}


@dataclass(frozen=True, slots=True)
class Interval:
    """One stretch of valid time during which one side held or claimed the place."""

    start: datetime | None
    end: datetime | None
    side: str
    canonical: str | None
    status: str
    confidence: float | None
    propositions: tuple[str, ...] = ()
    reasons: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {
            "start": self.start.isoformat() if self.start else None,
            "end": self.end.isoformat() if self.end else None,
            "holder": {"canonical": self.canonical, "side": self.side or "unknown"},
            "status": self.status,
            "confidence": self.confidence,
            "proposition": self.propositions[0] if self.propositions else None,
            "propositions": list(self.propositions),
            "reasons": list(self.reasons),
        }


@dataclass(frozen=True, slots=True)
class Change:
    """A proposition's status as of one report instant."""

    proposition: str
    at: datetime
    status: str
    confidence: float

    def as_dict(self) -> dict[str, Any]:
        return {"proposition": self.proposition, "at": self.at.isoformat(), "status": self.status,
                "confidence": self.confidence}


@dataclass(frozen=True, slots=True)
class Timeline:
    """The control timeline of one place."""

    place: dict[str, Any] | None
    intervals: tuple[Interval, ...]
    history: tuple[Change, ...] = field(default=())
    history_sampled: tuple[str, ...] = field(default=())  # propositions replayed at sampled instants

    def as_dict(self) -> dict[str, Any]:
        return {
            "place": self.place,
            "intervals": [i.as_dict() for i in self.intervals],
            "history": [c.as_dict() for c in self.history],
            "history_sampled": list(self.history_sampled),
        }


def replay_instants(instants: Sequence[datetime], limit: int = REPLAY_LIMIT) -> list[datetime]:
    """``instants`` (sorted), or past ``limit`` of them the first half of ``limit`` and
    evenly spaced ones after, the last included."""
    if len(instants) <= limit:
        return list(instants)
    head, rest = limit // 2, instants[limit // 2 :]
    spaced = limit - head
    picked = {rest[round(i * (len(rest) - 1) / (spaced - 1))] for i in range(spaced)}
    return list(instants[:head]) + sorted(picked)


def history(prop: Proposition) -> list[Change]:
    """The proposition's verdict after each report about it (see :func:`replay_instants`),
    from the evidence known then; only the instants where the status or confidence changed."""
    ev = prop.evidence
    instants = sorted({e.published_at for e in ev if e.published_at is not None})
    changes: list[Change] = []
    for at, known in replay(ev, replay_instants(instants)):
        status, confidence = standing(prop.cluster.family, prop.cluster.side, known, prop.cluster.country)
        if not changes or (changes[-1].status, changes[-1].confidence) != (status, confidence):
            changes.append(Change(prop.cluster.id, at, status, confidence))
    return changes


def _merge(run: Sequence[Proposition], end: datetime | None) -> Interval:
    """One interval for consecutive propositions of one holder."""
    best = min(run, key=lambda p: (_RANK.get(p.verdict.status, 9), -p.verdict.confidence))
    return Interval(
        start=run[0].cluster.valid_from,
        end=end,
        side=run[0].cluster.side,
        canonical=next((p.cluster.agent for p in run if p.cluster.agent), None),
        status=best.verdict.status,
        confidence=best.verdict.confidence,
        propositions=tuple(p.cluster.id for p in run),
        reasons=best.verdict.reasons,
    )


def _outweighed(p: Proposition, others: Sequence[Proposition]) -> bool:
    """Another side holds the place then by a better-established proposition (its status
    ranks higher and its valid time covers this one's start): a contested "the army still
    holds the city" does not end the rebels' confirmed hold in the timeline, so the
    timeline never says what the propositions deny."""
    rank = _RANK.get(p.verdict.status, 9)
    return any(
        q.cluster.side != p.cluster.side and _RANK.get(q.verdict.status, 9) < rank
        and q.cluster.valid_from <= p.cluster.valid_from <= q.cluster.valid_to
        for q in others
    )


def intervals(props: Sequence[Proposition]) -> list[Interval]:
    """Holder intervals over valid time from one place's CONTROL propositions."""
    candidates = [p for p in props if p.cluster.family == "CONTROL" and p.cluster.side and p.verdict.status != "refuted"]
    holding = sorted((p for p in candidates if not _outweighed(p, candidates)),
                     key=lambda p: (p.cluster.valid_from, p.cluster.id))
    runs: list[list[Proposition]] = []
    for p in holding:
        if runs and runs[-1][-1].cluster.side == p.cluster.side:
            runs[-1].append(p)
        else:
            runs.append([p])
    result = [
        _merge(run, runs[i + 1][0].cluster.valid_from if i + 1 < len(runs) else None)
        for i, run in enumerate(runs)
    ]
    before = opponent(result[0].side, holding[0].cluster.country) if result else ""
    if before:
        first = result[0]
        taken = first.start.date().isoformat() if first.start else "?"
        who = first.canonical or first.side
        result.insert(0, Interval(
            start=None, end=first.start, side=before, canonical=None,
            status="presumed", confidence=None,
            reasons=(f"held before {who} was reported taking it ({taken})",),
        ))
    return result


def timeline(props: Sequence[Proposition]) -> Timeline:
    """The control timeline of the place that ``props`` (already filtered to it) are about."""
    by_place: dict[int, list[Proposition]] = {}
    for p in props:
        by_place.setdefault(p.cluster.geonames_id, []).append(p)
    if not by_place:
        return Timeline(place=None, intervals=())
    # A name can match several places; the one with the most evidence is meant.
    chosen = max(by_place.values(), key=lambda ps: sum(len(p.cluster.evidence) for p in ps))
    place = chosen[0].cluster.place
    # A facility inside the place (the dam, the bridge) has its own propositions: taking
    # the dam is not taking the town.
    control = [p for p in chosen if p.cluster.family == "CONTROL" and not p.cluster.facility]
    changes = sorted((c for p in control for c in history(p)), key=lambda c: (c.at, c.proposition))
    sampled = tuple(p.cluster.id for p in control if _reported_instants(p) > REPLAY_LIMIT)
    return Timeline(place=place, intervals=tuple(intervals(control)), history=tuple(changes), history_sampled=sampled)


def _reported_instants(prop: Proposition) -> int:
    return len({e.published_at for e in prop.evidence if e.published_at is not None})
