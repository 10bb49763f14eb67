"""SQL for people's reviews of propositions.

A review is a person's rating of a proposition ("true", "mostly-false", …). It is stored
apart from the computed status because only a review may be published as a schema.org
``ClaimReview``: a status says how the evidence weighs, not what a fact-checker concluded.

Ratings use one five-point scale (1 = false … 5 = true, as ClaimReview's ``ratingValue``
with ``worstRating`` 1 and ``bestRating`` 5) plus ``unproven``, which has a name but no
number: a reviewer who could not settle a claim is not rating it halfway true.

A proposition's id derives from its key and the start of its valid time, so an earlier
report can change it. A review therefore also keeps what it was about (``KEY_FIELDS``:
the key and the valid time when reviewed), and :func:`claimgraph.reconcile.reviews.attach`
finds the proposition it now belongs to.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, delete, select

from claimgraph.errors import UsageError
from claimgraph.store.queries import upsert, utc
from claimgraph.store.schema import PROPOSITION_ID_LENGTH, reviews

# name -> ratingValue on the 1-5 scale (None: a verdict without a place on the scale)
RATINGS: dict[str, int | None] = {
    "false": 1,
    "mostly-false": 2,
    "mixed": 3,
    "mostly-true": 4,
    "true": 5,
    "unproven": None,
}
WORST_RATING, BEST_RATING = 1, 5
_BY_VALUE = {value: name for name, value in RATINGS.items() if value is not None}
KEY_FIELDS = ("family", "geonames_id", "facility", "side", "valid_from", "valid_to")


def parse_rating(rating: str | int) -> tuple[str, int | None]:
    """(name, value) of a rating given as a name ("Mostly true", "mostly_true") or 1-5.

    Raises:
        UsageError: the rating is neither a known name nor a number from 1 to 5.
    """
    text = str(rating).strip().lower().replace("_", "-").replace(" ", "-")
    if text.isdigit() and int(text) in _BY_VALUE:
        value = int(text)
        return _BY_VALUE[value], value
    if text in RATINGS:
        return text, RATINGS[text]
    known = ", ".join(RATINGS)
    raise UsageError(f"unknown rating {str(rating)!r}: use one of {known}, or a number from 1 (false) to 5 (true)")


def mark_reviewed(
    conn: Connection,
    proposition_id: str,
    rating: str | int,
    reviewer: str,
    note: str | None = None,
    at: datetime | None = None,
    about: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Record (or replace) a person's review of a proposition; returns the stored review.

    The caller checks that the proposition exists (its id comes from reconcile, not from a
    table) and passes what it is in ``about`` (``KEY_FIELDS``); a second review of the same
    proposition replaces the first.

    Raises:
        UsageError: empty proposition id or reviewer, or an unknown rating.
    """
    proposition_id = proposition_id.strip()
    reviewer = reviewer.strip()
    if not proposition_id or len(proposition_id) > PROPOSITION_ID_LENGTH:
        raise UsageError(f"a proposition id is 1 to {PROPOSITION_ID_LENGTH} characters, got {proposition_id!r}")
    if not reviewer:
        raise UsageError("a review needs the reviewer's name (--by)")
    name, value = parse_rating(rating)
    row = {
        "rating": name,
        "rating_value": value,
        "reviewer": reviewer,
        "note": (note or "").strip() or None,
        "reviewed_at": at or datetime.now(UTC),
    } | {k: (about or {}).get(k) for k in KEY_FIELDS}
    upsert(conn, reviews, {"proposition_id": proposition_id}, row)
    return _as_dict({"proposition_id": proposition_id, **row})


def remove_review(conn: Connection, proposition_id: str) -> bool:
    """Withdraw a review (a mistaken one); True when there was one."""
    return bool(conn.execute(delete(reviews).where(reviews.c.proposition_id == proposition_id)).rowcount)


def list_reviews(conn: Connection) -> list[dict[str, Any]]:
    """Every review, oldest first, as plain dicts (``reviewed_at`` in ISO 8601, UTC)."""
    query = select(reviews).order_by(reviews.c.reviewed_at, reviews.c.proposition_id)
    return [_as_dict(dict(r)) for r in conn.execute(query).mappings()]


def _as_dict(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "proposition_id": row["proposition_id"],
        "rating": row["rating"],
        "rating_value": row["rating_value"],
        "reviewer": row["reviewer"],
        "note": row["note"],
        "reviewed_at": _iso(row["reviewed_at"]),
    } | {k: _iso(row.get(k)) for k in KEY_FIELDS}


def _iso(value: Any) -> Any:
    """A stored instant as ISO 8601 in UTC (SQLite hands it back naive); other values as they are."""
    if isinstance(value, datetime):
        return (utc(value) or value).astimezone(UTC).isoformat()
    return value
