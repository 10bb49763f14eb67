"""Which proposition a person's review is about, now.

A proposition's id is its key plus the first instant of its valid time
(:func:`claimgraph.reconcile.cluster.proposition_id`), so an earlier report of the same
event moves the start and changes the id. A review keeps what it was about
(:func:`subject`); :func:`attach` gives it to the proposition with its id if that still
exists, else to the one with the same key whose valid time overlaps the reviewed one most.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

from claimgraph.reconcile.status import Proposition

Key = tuple[str, int, str, str]


def subject(p: Proposition) -> dict[str, Any]:
    """What a review of ``p`` is about (``store.reviews.KEY_FIELDS``)."""
    c = p.cluster
    return {"family": c.family, "geonames_id": c.geonames_id, "facility": c.facility, "side": c.side,
            "valid_from": c.valid_from, "valid_to": c.valid_to}


def attach(reviews: Iterable[Mapping[str, Any]], found: Sequence[Proposition]) -> dict[str, dict[str, Any]]:
    """Current proposition id -> its review (``list_reviews`` dicts, later reviews winning).

    A review that moved carries ``reviewed_as``, the id it was given under. A review whose
    proposition is gone (its evidence deleted, or an ``as_of`` before it) is left out.
    """
    ids = {p.cluster.id for p in found}
    by_key: dict[Key, list[Proposition]] = {}
    for p in found:
        by_key.setdefault(_key(p.cluster.family, p.cluster.geonames_id, p.cluster.facility, p.cluster.side), []).append(p)
    attached: dict[str, dict[str, Any]] = {}
    for review in sorted(reviews, key=lambda r: r["reviewed_at"] or ""):
        reviewed_as = review["proposition_id"]
        target = reviewed_as if reviewed_as in ids else _successor(review, by_key)
        if target is None:
            continue
        attached[target] = dict(review) if target == reviewed_as else {
            **review, "proposition_id": target, "reviewed_as": reviewed_as}
    return attached


def _key(family: Any, geonames_id: Any, facility: Any, side: Any) -> Key:
    return (str(family), int(geonames_id), str(facility or ""), str(side or ""))


def _successor(review: Mapping[str, Any], by_key: Mapping[Key, list[Proposition]]) -> str | None:
    """The proposition of the review's key whose valid time overlaps the reviewed one most."""
    if review.get("family") is None or review.get("geonames_id") is None or not review.get("valid_from"):
        return None  # a review stored before its subject was kept
    start, end = _instant(review["valid_from"]), _instant(review.get("valid_to") or review["valid_from"])
    best: tuple[float, str] | None = None
    for p in by_key.get(_key(review["family"], review["geonames_id"], review.get("facility"), review.get("side")), ()):
        overlap = (min(end, p.cluster.valid_to) - max(start, p.cluster.valid_from)).total_seconds()
        if overlap >= 0 and (best is None or overlap > best[0]):
            best = (overlap, p.cluster.id)
    return best[1] if best else None


def _instant(value: Any) -> datetime:
    return value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
