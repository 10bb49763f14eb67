"""Status of a proposition: what the weight of independent evidence says, and why.

DESIGN.md defines the statuses; :func:`judge` applies them to the independent votes of one
proposition, in this order (the first that applies wins):

1. ``refuted`` when the source that first asserted it now denies it (a retraction);
2. ``confirmed`` when the side it harms admits it (the strongest evidence there is); a
   concession that forces entered ("militants entered parts of the city") admits the
   entry, not the loss: alone it makes the proposition ``corroborated`` at most;
3. with both assertions and denials: ``refuted`` when only the side that gains asserts and
   at least two independent non-party sources deny; ``corroborated`` (never more) when
   two or more independent non-party sources, in separate reports, asserted it after the
   last denial (the denial no longer stands); else ``contested``;
4. with denials only: ``refuted`` on the same consensus, else ``unverified``;
5. with assertions only: ``confirmed`` by two firm non-party sources that speak in at
   least two separate reports (two sources quoted in one article, or in its wire copies,
   stand on one reporter's word), ``corroborated`` by two sources of which one is not a
   party, else ``unverified`` (one source, only the side that gains, or only parties: a
   party's word about the other side is not corroboration, and a party that is not the
   harmed side naming its own side is no admission).

Where DESIGN.md is silent: which side an event harms depends on its type. Taking a place
harms the opponent of whoever takes it; a surrender, a defection or a departure harms the
agent's own side; for attacks, casualties, statements and releases an assertion by a party
is an accusation as often as an admission, so no side counts as harmed or gaining there.

Confidence is a number in [0, 1] for "this happened": each status has a band (refuted
0.05-0.15, unverified 0.2-0.4, contested 0.35-0.65, corroborated 0.65-0.75, confirmed
0.85-0.95) and the balance of weighted support against denial plus one pseudo-vote of doubt places
it inside the band, so a lone self-serving claim sits lower than a lone independent one.
Everything here is pure; :func:`propositions` is the one entry point that reads the store.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from rapidfuzz import fuzz
from sqlalchemy import Connection

from claimgraph.geo.gazetteer import fold
from claimgraph.model import Evidence
from claimgraph.reconcile.cluster import Cluster, cluster_groups
from claimgraph.reconcile.independence import UNNAMED_KINDS, Vote, votes
from claimgraph.reconcile.rivals import rival_denials
from claimgraph.sides import facing, opponent
from claimgraph.store.evidence import DEFAULT_WINDOW, load_groups
from claimgraph.store.places import place_spellings

STATUSES = ("confirmed", "corroborated", "contested", "unverified", "refuted")
SELF_HARMING = frozenset({"SURRENDER", "DEFECT", "DEPART"})
_DOUBT = 1.0  # a pseudo-vote against, so one weak word does not reach the top of its band
_BANDS = {
    "refuted": (0.05, 0.10),
    "unverified": (0.20, 0.20),
    "contested": (0.35, 0.30),
    "corroborated": (0.65, 0.10),
    "confirmed": (0.85, 0.10),
}


@dataclass(frozen=True, slots=True)
class Sides:
    """Which side a proposition harms and which it favours ("" when neither applies)."""

    harmed: str
    gains: str
    # other sides it harms: those whose own opponent is the side that gains (Syria's SDF
    # loses Ras al-Ain to the opposition, whose opponent is the government)
    also_harmed: frozenset[str] = frozenset()
    # an attack's agent side and the side it struck: each alone is a party's word (a claim
    # of responsibility, an accusation); the two agreeing is the strongest word there is
    adversaries: tuple[str, str] | None = None

    def harms(self, side: str) -> bool:
        return bool(side) and (side == self.harmed or side in self.also_harmed)


def sides(family: str, agent_side: str, country: str | None = None) -> Sides:
    """The side a proposition harms and the side it favours, by event type (module doc);
    ``country`` (of the place) picks the opponent of a side that fights in several wars."""
    other = opponent(agent_side, country)
    if family == "CONTROL":
        return Sides(harmed=other, gains=agent_side if other else "",
                     also_harmed=facing(agent_side, country) - {other} if other else frozenset())
    if family in SELF_HARMING:
        return Sides(harmed=agent_side if other else "", gains=other)
    if family == "ATTACK" and other:
        return Sides(harmed="", gains="", adversaries=(agent_side, other))
    return Sides(harmed="", gains="")


@dataclass(frozen=True, slots=True)
class Verdict:
    """A status, its confidence and the reasons, deciding ones first."""

    status: str
    confidence: float
    reasons: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class _Tally:
    """The votes of one proposition sorted into the roles the rules care about."""

    supporters: tuple[Vote, ...]
    deniers: tuple[Vote, ...]
    admissions: tuple[Vote, ...]
    gainers: tuple[Vote, ...]
    retracted_by_originator: Vote | None
    entries_admitted: tuple[Vote, ...] = ()  # the harmed side conceding an entry only
    both_sides: tuple[Vote, ...] = ()  # an attack asserted by its own side and by the side struck

    @classmethod
    def of(cls, all_votes: Sequence[Vote], s: Sides) -> _Tally:
        supporters: list[Vote] = []
        deniers: list[Vote] = []
        admissions: list[Vote] = []
        entries: list[Vote] = []
        gainers: list[Vote] = []
        originator = None  # the first that ever asserted it: votes come in report order
        for v in all_votes:  # one pass (a store holds ~50k propositions)
            supports = v.supports
            if supports:
                supporters.append(v)
                if v.strength == 1.0 and _admits(v, s):
                    (admissions if _holds(v) else entries).append(v)
                if s.gains and v.side == s.gains:
                    gainers.append(v)
            elif v.stance == "deny":
                deniers.append(v)
            if originator is None and (supports or v.retracted):
                originator = v
        return cls(
            supporters=tuple(supporters),
            deniers=tuple(deniers),
            admissions=tuple(admissions),
            gainers=tuple(gainers),
            # the harmed side taking back what reads as its admission is a denial, not the
            # originator retracting its claim
            retracted_by_originator=originator if originator and originator.retracted
            and not s.harms(originator.side) else None,
            entries_admitted=tuple(entries),
            both_sides=_both_sides(supporters, s),
        )

    def denial_consensus(self) -> bool:
        """At least two independent denials from outside the conflict: the parties' own
        words (a rival's claim to hold the place counts as its denial) are no consensus."""
        return sum(1 for v in self.deniers if not v.party) >= 2

    def overtaken_denials(self) -> list[Vote]:
        """Firm non-party supporters, in at least two separate reports, that all spoke
        after the last denial: the denial no longer stands against them (empty otherwise)."""
        last_denial = max((v.last_reported for v in self.deniers if v.last_reported), default=None)
        if last_denial is None:
            return []
        later = [v for v in self.supporters if not v.party and v.strength == 1.0
                 and v.first_reported is not None and v.first_reported > last_denial]
        return later if len({p for v in later for p in v.publications}) >= 2 else []

    def only_gainers_assert(self) -> bool:
        return bool(self.supporters) and len(self.gainers) == len(self.supporters)


def _both_sides(supporters: Sequence[Vote], s: Sides) -> tuple[Vote, ...]:
    """The first named, firm voice of each adversary where both assert the attack (the army
    announcing its strikes on a town, the rebels there reporting them); empty otherwise."""
    if s.adversaries is None:
        return ()
    firm = [v for v in supporters if v.strength == 1.0 and v.kind not in UNNAMED_KINDS]
    found = [next((v for v in firm if v.side == side), None) for side in s.adversaries]
    return tuple(v for v in found if v is not None) if all(found) else ()


def _holds(vote: Vote) -> bool:
    """The vote speaks of more than forces entering ("the army said militants had entered
    parts of the city" admits an entry, not the loss of the city)."""
    return bool(set(vote.kinds) - {"ENTER"}) or not vote.kinds


def _admits(vote: Vote, s: Sides) -> bool:
    """A supporter from the side the proposition harms, speaking as that side: an anonymous
    insider is a leak, not the side's admission."""
    return s.harms(vote.side) and vote.kind not in UNNAMED_KINDS


def _weight(vote: Vote, s: Sides) -> float:
    """How much one vote moves confidence: admissions most, self-serving words least."""
    if vote.supports:
        base = 3.0 if _admits(vote, s) else 0.4 if vote.side == s.gains and s.gains else None
    else:
        base = 0.4 if s.harms(vote.side) else 0.6 if vote.side == s.gains and s.gains else None
    if base is None:
        base = 0.75 if vote.party else 1.0
    return base * vote.strength


def _confidence(status: str, all_votes: Sequence[Vote], s: Sides) -> float:
    support = deny = 0.0  # summed in vote order, as sum() would
    for v in all_votes:
        if v.supports:
            support += _weight(v, s)
        elif v.stance == "deny":
            deny += _weight(v, s)
    balance = support / (support + deny + _DOUBT)
    low, width = _BANDS[status]
    return round(min(1.0, max(0.0, low + width * balance)), 3)


def _status(t: _Tally) -> tuple[str, list[str]]:
    """The status and its deciding reasons (rules 1-5 of the module docstring)."""
    if t.retracted_by_originator:
        return "refuted", [f"retracted by {t.retracted_by_originator.name}, its originator"]
    if t.admissions:
        return "confirmed", [f"admitted by {v.name} (the side it harms)" for v in t.admissions]
    if t.deniers and (t.only_gainers_assert() or not t.supporters) and t.denial_consensus():
        return "refuted", [f"denied by {len(t.deniers)} independent sources, not only parties"]
    if t.deniers and t.supporters:
        later = t.overtaken_denials()
        if later:
            return "corroborated", [f"{len(later)} independent non-party sources reported it after the last denial"]
        return "contested", []
    if t.deniers:
        return "unverified", ["no assertion on record, only denials"]
    if t.both_sides:
        attacker, struck = t.both_sides
        return "confirmed", [f"asserted by both sides: {attacker.name} (its own side) and {struck.name} "
                             "(the side struck)"]
    if t.entries_admitted:
        return "corroborated", [f"{v.name} (the side it harms) says forces entered, not that they hold it"
                                for v in t.entries_admitted]
    firm_outside = [v for v in t.supporters if not v.party and v.strength == 1.0]
    publications = {p for v in firm_outside for p in v.publications}
    holding = [v for v in firm_outside if _holds(v)]
    if len(firm_outside) >= 2 and len(publications) >= 2 and len(holding) >= 2:
        return "confirmed", [f"asserted by {len(firm_outside)} independent non-party sources "
                             f"in {len(publications)} separate reports, no denial"]
    if len(firm_outside) >= 2 and len(publications) >= 2:
        return "corroborated", ["outside sources say forces entered; fewer than two say they hold it"]
    if len(t.supporters) >= 2 and any(not v.party for v in t.supporters):
        # (two firm outside sources here can only speak in one report: more went above)
        return "corroborated", ["its non-party sources speak in one report only: not confirmed"] if len(
            firm_outside) >= 2 else []
    if t.only_gainers_assert():
        return "unverified", ["only the side that gains asserts it"]
    if t.supporters and all(v.party for v in t.supporters):
        return "unverified", ["only parties to the conflict assert it"]
    return "unverified", ["a single source"] if len(t.supporters) == 1 else []


def _sided(family: str, agent_side: str, status: str, deciding: list[str]) -> tuple[str, list[str]]:
    """Control by no known side is never confirmed: "someone holds the town" is not who does."""
    if family == "CONTROL" and not agent_side and status == "confirmed":
        return "corroborated", ["no known side takes it: who holds it is not established", *deciding]
    return status, deciding


def _describe(vote: Vote, s: Sides) -> str:
    """One reason per source, naming it and its role."""
    if vote.stance == "deny":
        verb = "denied by"
    else:
        verb = "hedged by" if vote.strength < 1.0 else "asserted by"
    if s.harms(vote.side):
        role = " (the side it harms)"
    elif s.gains and vote.side == s.gains:
        role = " (the side that gains)"
    else:
        role = " (a party)" if vote.party else ""
    return f"{verb} {vote.name}{role}"


def _count_reason(t: _Tally) -> str:
    n, parties = len(t.supporters), sum(1 for v in t.supporters if v.party)
    text = f"{n} independent source{'s' if n != 1 else ''}, {parties} part{'ies' if parties != 1 else 'y'}"
    return text + (f"; {len(t.deniers)} denying" if t.deniers else "")


def judge(family: str, agent_side: str, all_votes: Sequence[Vote], country: str | None = None) -> Verdict:
    """Status, confidence and reasons of one proposition from its independent votes.

    Args:
        family: the proposition's type family (CONTROL for CONTROL/ENTER/WITHDRAW).
        agent_side: the side of the proposition's agent ("" when unknown).
        all_votes: :func:`claimgraph.reconcile.independence.votes`, in report order.
        country: the place's country code (see :func:`sides`).
    """
    s = sides(family, agent_side, country)
    tally = _Tally.of(all_votes, s)
    status, deciding = _sided(family, agent_side, *_status(tally))
    described = [_describe(v, s) for v in all_votes]
    admitted = {f"asserted by {v.name} (the side it harms)" for v in tally.admissions}
    reasons = deciding + [r for r in described if r not in admitted] + [_count_reason(tally)]
    return Verdict(status, _confidence(status, all_votes, s), tuple(dict.fromkeys(reasons)))


def standing(
    family: str, agent_side: str, all_votes: Sequence[Vote], country: str | None = None
) -> tuple[str, float]:
    """:func:`judge`'s status and confidence without its reasons (which cost more than both:
    a replayed history needs only these)."""
    s = sides(family, agent_side, country)
    status, _deciding = _sided(family, agent_side, *_status(_Tally.of(all_votes, s)))
    return status, _confidence(status, all_votes, s)


@dataclass(frozen=True, slots=True)
class Proposition:
    """A clustered proposition with its independent votes and verdict."""

    cluster: Cluster
    votes: tuple[Vote, ...]
    verdict: Verdict
    # The rival side's claims of control at the same time, as denials (:mod:`.rivals`).
    rival: tuple[Evidence, ...] = ()

    @property
    def evidence(self) -> tuple[Evidence, ...]:
        """What the votes were cast on: the cluster's own evidence, then the rival's."""
        return self.cluster.evidence + self.rival if self.rival else self.cluster.evidence

    def as_dict(self) -> dict[str, Any]:
        """The ``propositions --json`` contract (brief and issue 5 names together)."""
        c, ev = self.cluster, self.evidence
        reported = sorted(e.published_at for e in ev if e.published_at is not None)
        valid = {"start": c.valid_from.isoformat(), "end": c.valid_to.isoformat()}
        return {
            "id": c.id, "type": c.family, "place": c.place,
            "agent": {"canonical": c.agent, "side": c.side or None},
            "agent_side": c.side or None, "facility": c.facility or None,
            "valid_from": valid["start"], "valid_to": valid["end"], "valid_time": valid,
            "status": self.verdict.status, "confidence": self.verdict.confidence,
            "reasons": list(self.verdict.reasons),
            "claims": list(dict.fromkeys(e.claim_id for e in ev)),
            "support": list(dict.fromkeys(e.claim_id for e in ev if e.stance != "deny")),
            "deny": list(dict.fromkeys(e.claim_id for e in ev if e.stance == "deny")),
            "independent_sources": sum(1 for v in self.votes if v.supports),
            "documents": len({e.document_id for e in ev}),
            "first_reported": reported[0].isoformat() if reported else None,
            "last_reported": reported[-1].isoformat() if reported else None,
            "sources": [_source_dict(v) for v in self.votes],
        }


def _source_dict(v: Vote) -> dict[str, Any]:
    return {
        "name": v.name, "side": v.side, "kind": v.kind, "stance": v.stance,
        "strength": v.strength, "retracted": v.retracted, "relays": list(v.relays),
        "claims": list(v.claims), "documents": list(v.documents),
        "first_reported": v.first_reported.isoformat() if v.first_reported else None,
        "last_reported": v.last_reported.isoformat() if v.last_reported else None,
    }


def assess(cluster: Cluster, rival: tuple[Evidence, ...] = ()) -> Proposition:
    """Votes and verdict of one cluster, with the rival side's claims as denials."""
    cluster_votes = tuple(votes(cluster.evidence + rival if rival else cluster.evidence))
    verdict = judge(cluster.family, cluster.side, cluster_votes, cluster.country)
    return Proposition(cluster, cluster_votes, verdict, rival)


def place_ids(conn: Connection, place: str) -> list[int]:
    """The GeoNames ids ``--place`` names: the id itself, or every place reported under a
    spelling equal or close to the name (folded; rapidfuzz ratio >= 85: Wad Madani ~ Wad
    Medani). A place's other spellings then come with it: it is one place."""
    if place.strip().isdigit():
        return [int(place)]
    wanted = fold(place)
    found = {
        gid for gid, name in place_spellings(conn)
        if (folded := fold(name)) == wanted or fuzz.ratio(folded, wanted) >= 85
    }
    return sorted(found)


def place_matches(cluster: Cluster, place: str) -> bool:
    """``--place``: a GeoNames id, or a name in any common spelling (Wad Madani ~ Wad Medani)."""
    if place.strip().isdigit():
        return int(place) == cluster.geonames_id
    wanted = fold(place)
    names = {fold(e.place_name) for e in cluster.evidence if e.place_name}
    return any(name == wanted or fuzz.ratio(name, wanted) >= 85 for name in names)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a store's worth of records is built: they
    form no cycles, and collections triggered by every few hundred new objects would
    traverse all those already built (a third of the time on a million claims)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _order(p: Proposition) -> tuple[str, str, datetime, str]:
    return p.cluster.place["name"] or "", p.cluster.family, p.cluster.valid_from, p.cluster.id


def propositions(
    conn: Connection,
    as_of: datetime | None = None,
    window: timedelta = DEFAULT_WINDOW,
    place: str | None = None,
    status: str | None = None,
    places: Sequence[int] | None = None,
) -> list[Proposition]:
    """Every proposition in the store as known at ``as_of``, optionally filtered.

    Args:
        as_of: report time; only documents published at or before it count (documents
            without a publication date count only when ``as_of`` is not given).
        window: valid-time window that keeps events in one proposition.
        place: a GeoNames id or place name (see :func:`place_ids`).
        status: keep only propositions with this status.
        places: only propositions at these GeoNames ids (with ``place``: at both).
    """
    if place:
        named = place_ids(conn, place)
        places = named if places is None else sorted(set(named) & set(places))
    if places is not None and not places:
        return []
    with _collector_paused():
        found = cluster_groups(load_groups(conn, as_of, window, places))
        rivals = rival_denials(found)
        result = [assess(c, rivals.get(c.id, ())) for c in found]
        if status:
            result = [p for p in result if p.verdict.status == status]
        result.sort(key=_order)
    return result
