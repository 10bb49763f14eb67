from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest

from claimgraph.errors import NoTextError, TooLargeError
from claimgraph.ingest import html
from claimgraph.ingest.html import HtmlContent, extract
from claimgraph.model import RawDocument
from claimgraph.settings import Settings

from .samples import ARABIC, ARTICLE_PAGE, REPORT


def _read(path: Path, settings: Settings) -> RawDocument:
    with path.open("rb") as stream:
        [doc] = list(html.read(str(path), stream, settings))
    assert isinstance(doc, RawDocument)
    return doc


def test_html_read_yields_decoded_page(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "page.html"
    path.write_text(ARTICLE_PAGE, encoding="utf-8")
    doc = _read(path, settings)
    assert doc.location == str(path)
    assert doc.html == ARTICLE_PAGE
    assert doc.text is None


def test_html_read_uses_meta_charset(tmp_path: Path, settings: Settings) -> None:
    page = f'<html><head><meta charset="windows-1256"></head><body><p>{ARABIC}</p></body></html>'
    path = tmp_path / "arabic.html"
    path.write_bytes(page.encode("cp1256"))
    assert _read(path, settings).html == page


def test_html_read_empty_file(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "empty.html"
    path.write_bytes(b"\n  \n")
    with pytest.raises(NoTextError, match="empty file"):
        _read(path, settings)


def test_html_read_too_large(tmp_path: Path) -> None:
    path = tmp_path / "big.html"
    path.write_text(ARTICLE_PAGE * 10)
    with pytest.raises(TooLargeError):
        _read(path, Settings(max_document_bytes=len(ARTICLE_PAGE)))


def test_extract_article_and_metadata() -> None:
    found = extract(ARTICLE_PAGE, None, "page.html")
    assert isinstance(found, HtmlContent)
    assert "entered the central city of Homs overnight" in found.text
    assert "clock tower" in found.text
    assert "Front page" not in found.text  # navigation is boilerplate
    assert "morning briefing" not in found.text  # so is the footer
    assert found.title == "Rebels say they hold central Homs"
    assert found.published == "2024-12-08T02:10:00+00:00"  # the time of day is kept
    assert found.sitename == "Desert Ledger"
    assert found.url == "https://desert-ledger.example/2024/12/08/homs-claim"


def test_extract_is_frozen() -> None:
    found = extract(ARTICLE_PAGE, None, "page.html")
    with pytest.raises(dataclasses.FrozenInstanceError):
        found.text = "changed"  # type: ignore[misc]


def test_extract_keeps_given_url_without_canonical() -> None:
    page = ARTICLE_PAGE.replace('<link rel="canonical"', '<link rel="alternate"')
    found = extract(page, "https://desert-ledger.example/p/123", "page.html")
    assert found.url == "https://desert-ledger.example/p/123"


PAGE_WITHOUT_DATE = (
    "<html><head><title>Ministry denial</title></head><body><article>"
    f"<p>{REPORT}</p></article></body></html>"
)


def test_extract_date_from_url() -> None:
    found = extract(PAGE_WITHOUT_DATE, "https://levant-courier.example/2024/12/09/d", "x.html")
    assert found.published == "2024-12-09"


def test_extract_date_falls_back_to_htmldate(monkeypatch: pytest.MonkeyPatch) -> None:
    """When trafilatura gives no date, htmldate's extensive search is asked."""
    real = html.bare_extraction

    def without_date(*args: Any, **kwargs: Any) -> Any:
        found = real(*args, **kwargs)
        found.date = None
        return found

    monkeypatch.setattr(html, "bare_extraction", without_date)
    found = extract(PAGE_WITHOUT_DATE, "https://levant-courier.example/2024/12/09/d", "x.html")
    assert found.published == "2024-12-09"
    assert extract(PAGE_WITHOUT_DATE, None, "x.html").published is None


def test_extract_fragment_from_feed() -> None:
    found = extract("<p>A rebel commander <b>claimed</b> the city.</p>", None, "feed#entry-1")
    assert found.text == "A rebel commander claimed the city."


def test_extract_no_article_text() -> None:
    page = (
        "<html><head><title>Loading</title></head>"
        "<body><script>var a = 1;</script></body></html>"
    )
    with pytest.raises(NoTextError) as caught:
        extract(page, None, "blank.html")
    assert caught.value.path == "blank.html"
    assert caught.value.reason == "no article text found in the HTML"


def test_extract_does_not_expand_entities() -> None:
    page = (
        '<?xml version="1.0"?><!DOCTYPE html [<!ENTITY a "HAHAHAHAHA">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        f"<html><body><article><p>{REPORT} &b;</p></article></body></html>"
    )
    try:
        found = extract(page, None, "lol.html")
    except NoTextError:
        return  # refusing is fine too; expanding is not
    assert "HAHAHA" not in found.text


def test_extract_keeps_the_time_of_day_from_page_metadata() -> None:
    page = (
        "<html><head><title>Curfew extended</title>"
        '<meta property="article:published_time" content="2025-03-12T15:30:00+00:00">'
        "</head><body><article><p>The council extended the night curfew in the river "
        "district for a third week, citing sporadic gunfire near the old bridge and a "
        "shortage of fuel for the generators that power the water station.</p>"
        "</article></body></html>"
    )
    assert extract(page, None, "t.html").published == "2025-03-12T15:30:00+00:00"


def test_a_page_with_no_article_is_refused_by_name(tmp_path) -> None:
    # A page of navigation and footer once became a document titled "Menu" in Walloon.
    from claimgraph.errors import NoTextError
    from claimgraph.ingest.html import extract

    page = ("<!doctype html><html><head><title>Menu</title></head><body><nav><ul>"
            + "".join(f'<li><a href="/{w}">{w}</a></li>' for w in ["Home", "World", "Sport", "About us", "Contact"])
            + "</ul></nav><footer><p>Copyright 2025 Lume Gazette.</p><a href='/privacy'>Privacy</a></footer></body></html>")
    with pytest.raises(NoTextError, match="only short lines"):
        extract(page, None, "menu.html")
    assert extract("<p>Rebels take Kosti</p>", None, "feed.xml#entry-1").text == "Rebels take Kosti"  # a fragment stays


def test_too_little_text_has_an_undetermined_language() -> None:
    from claimgraph.ingest.normalize import detect_language

    assert detect_language("Kosti.") == "und"
    assert detect_language("The army said on Monday that it had retaken the town after heavy fighting.") == "en"
