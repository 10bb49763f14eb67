from datetime import UTC, datetime

import pytest

from claimgraph.errors import UsageError
from claimgraph.store.engine import open_store
from claimgraph.store.reviews import KEY_FIELDS, list_reviews, mark_reviewed, parse_rating, remove_review

AT = datetime(2025, 5, 4, 10, 30, tzinfo=UTC)


def test_reviews_round_trip_replace_and_remove(db_url: str) -> None:
    engine = open_store(db_url)
    with engine.begin() as conn:
        first = mark_reviewed(conn, "d4e1b206d040e264", "Mostly true", "A. Checker", "  two photos agree ", at=AT)
        mark_reviewed(conn, "96850ae74fbf8042", 1, "B. Desk", at=datetime(2025, 5, 5, tzinfo=UTC))
    assert first == {
        "proposition_id": "d4e1b206d040e264", "rating": "mostly-true", "rating_value": 4,
        "reviewer": "A. Checker", "note": "two photos agree", "reviewed_at": "2025-05-04T10:30:00+00:00",
    } | dict.fromkeys(KEY_FIELDS)  # no subject given
    with engine.connect() as conn:
        listed = list_reviews(conn)
    assert listed[0] == first
    assert (listed[1]["rating"], listed[1]["rating_value"], listed[1]["note"]) == ("false", 1, None)

    with engine.begin() as conn:  # a second review of the same proposition replaces the first
        mark_reviewed(conn, "d4e1b206d040e264", "unproven", "C. Editor", at=AT)
    with engine.connect() as conn:
        (replaced,) = [r for r in list_reviews(conn) if r["proposition_id"] == "d4e1b206d040e264"]
    assert (replaced["rating"], replaced["rating_value"], replaced["reviewer"]) == ("unproven", None, "C. Editor")

    with engine.begin() as conn:
        assert remove_review(conn, "96850ae74fbf8042") is True
        assert remove_review(conn, "96850ae74fbf8042") is False
    with engine.connect() as conn:
        assert [r["proposition_id"] for r in list_reviews(conn)] == ["d4e1b206d040e264"]
    engine.dispose()


def test_review_text_is_stored_verbatim(db_url: str) -> None:
    """Names and notes are bound parameters: quotes and SQL in them are just text."""
    engine = open_store(db_url)
    hostile = "O'Brien\"; DROP TABLE reviews; --"
    with engine.begin() as conn:
        mark_reviewed(conn, "p1", "mixed", hostile, hostile, at=AT)
    with engine.connect() as conn:
        (review,) = list_reviews(conn)
    assert review["reviewer"] == hostile and review["note"] == hostile
    engine.dispose()


@pytest.mark.parametrize(
    ("given", "expected"),
    [("true", ("true", 5)), ("MOSTLY_FALSE", ("mostly-false", 2)), ("3", ("mixed", 3)), (5, ("true", 5)),
     ("unproven", ("unproven", None))],
)
def test_parse_rating(given: str | int, expected: tuple[str, int | None]) -> None:
    assert parse_rating(given) == expected


@pytest.mark.parametrize("bad", ["6", "0", "maybe", "", "-1"])
def test_parse_rating_rejects_unknown(bad: str) -> None:
    with pytest.raises(UsageError, match="unknown rating"):
        parse_rating(bad)


def test_mark_reviewed_needs_a_reviewer_and_an_id(tmp_path) -> None:
    engine = open_store(f"sqlite:///{tmp_path / 'r.db'}")
    with engine.begin() as conn:
        with pytest.raises(UsageError, match="reviewer"):
            mark_reviewed(conn, "p1", "true", "  ")
        with pytest.raises(UsageError, match="proposition id"):
            mark_reviewed(conn, " ", "true", "A. Checker")
        with pytest.raises(UsageError, match="proposition id"):
            mark_reviewed(conn, "x" * 41, "true", "A. Checker")
    engine.dispose()


def test_a_review_keeps_what_it_was_about(db_url: str) -> None:
    about = {"family": "CONTROL", "geonames_id": 371760, "facility": "", "side": "opposition",
             "valid_from": datetime(2025, 3, 11, tzinfo=UTC), "valid_to": datetime(2025, 3, 12, 6, tzinfo=UTC)}
    engine = open_store(db_url)
    with engine.begin() as conn:
        mark_reviewed(conn, "0123456789abcdef", "false", "A. Checker", at=AT, about=about)
    with engine.connect() as conn:
        (row,) = list_reviews(conn)
    engine.dispose()
    assert {k: row[k] for k in KEY_FIELDS} == about | {
        "valid_from": "2025-03-11T00:00:00+00:00", "valid_to": "2025-03-12T06:00:00+00:00"}
