from datetime import UTC, datetime

import pytest

from claimgraph.errors import NoTextError, UsageError
from claimgraph.ingest.normalize import (
    Overrides,
    clean_text,
    detect_language,
    document_id,
    normalize,
    parse_published,
    parse_published_option,
)
from claimgraph.model import RawDocument

REPORT = (
    "Fighters of the northern militia said on Tuesday they had reached the outskirts of "
    "the river port, while the provincial governor called the claim a fabrication."
)


def test_document_id_ignores_wrapping_and_case() -> None:
    wrapped = REPORT.replace(" the ", "\nthe ").upper()
    assert document_id(REPORT) == document_id(wrapped)
    assert document_id(REPORT) != document_id(REPORT + " Residents fled.")
    assert len(document_id(REPORT)) == 20


def test_clean_text_normalises_line_endings_and_blank_runs() -> None:
    assert clean_text("  one\r\ntwo  \r\n\r\n\r\n\r\nthree\n") == "one\ntwo\n\nthree"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-12-08", datetime(2024, 12, 8, tzinfo=UTC)),
        ("2024-12-08T06:30:00+03:00", datetime(2024, 12, 8, 3, 30, tzinfo=UTC)),
        ("Sun, 08 Dec 2024 06:00:00 GMT", datetime(2024, 12, 8, 6, 0, tzinfo=UTC)),
        ("8 December 2024 10:15", datetime(2024, 12, 8, 10, 15, tzinfo=UTC)),
        (datetime(2025, 3, 1, 12, 0), datetime(2025, 3, 1, 12, 0, tzinfo=UTC)),
        ("", None),
        (None, None),
        ("not a date at all", None),
    ],
)
def test_parse_published(value: object, expected: datetime | None) -> None:
    assert parse_published(value) == expected  # type: ignore[arg-type]


def test_parse_published_option_rejects_garbage() -> None:
    with pytest.raises(UsageError, match="cannot read"):
        parse_published_option("someday soon-ish")


def test_detect_language_english_and_arabic() -> None:
    assert detect_language(REPORT) == "en"
    assert detect_language("قالت القوات المسلحة إنها صدت هجوما على المدينة صباح اليوم") == "ar"
    assert detect_language("   ") is None


def test_normalize_resolves_outlet_from_domain_and_overrides_win() -> None:
    raw = RawDocument(location="a.txt", text=REPORT, url="https://www.reuters.com/world/x")
    doc = normalize(raw)
    assert doc.outlet == "Reuters"
    assert doc.outlet_kind == "wire"
    assert doc.language == "en"
    when = datetime(2024, 12, 8, tzinfo=UTC)
    forced = normalize(raw, Overrides(outlet="Al Jazeera", published=when, url="https://x.example/a"))
    assert (forced.outlet, forced.published_at, forced.url) == ("Al Jazeera", when, "https://x.example/a")
    assert forced.outlet_kind == "broadcaster"


def test_normalize_keeps_unknown_outlet_name_and_language_tag() -> None:
    raw = RawDocument(location="b.txt", text=REPORT, outlet="Gazette of Nowhere", language="en-GB")
    doc = normalize(raw)
    assert doc.outlet == "Gazette of Nowhere"
    assert doc.outlet_kind is None
    assert doc.language == "en"


def test_normalize_refuses_empty_text() -> None:
    with pytest.raises(NoTextError, match="c.txt"):
        normalize(RawDocument(location="c.txt", text=" \n\t "))
