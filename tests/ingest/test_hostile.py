"""Hostile content: bombs, entities, giant lines, deep nesting, impossible characters.

Each input here was built for these tests; each must end as documents or a named error
naming the file, quickly and within bounded memory.
"""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import pytest
from fuzz_targets import time_limit
from typer.testing import CliRunner

from claimgraph.cli import app
from claimgraph.errors import NoTextError, TooLargeError
from claimgraph.ingest import feeds, html
from claimgraph.ingest.normalize import normalize, parse_published
from claimgraph.ingest.readers import iter_raw
from claimgraph.model import RawDocument
from claimgraph.settings import Settings

from .samples import ARTICLE_PAGE, REPORT, RSS2, Page, documents, failures, warc_bytes

# The document limit is above the gzip limits, so the bombs meet the gzip checks first.
SMALL = Settings(max_document_bytes=5_000_000, max_decompressed_bytes=1_000_000, max_decompression_ratio=100)
MILLION = 1_000_000


def _read(path: Path, settings: Settings = SMALL) -> list:
    with time_limit(20):
        return list(iter_raw([str(path)], settings))


def _bomb(size: int = 3 * MILLION) -> bytes:
    return gzip.compress(b" " * size, compresslevel=9, mtime=0)


@pytest.mark.parametrize(
    ("name", "head"),
    [("a.txt.gz", b"Rebels said"), ("a.jsonl.gz", b'{"text": "'), ("a.warc.gz", b"WARC/1.0\r\n"),
     ("a.xml.gz", b"<rss><channel><item><description>"), ("a.html.gz", b"<html><body><p>")],
)  # fmt: skip
def test_gzip_bomb_is_refused_for_every_reader(tmp_path: Path, name: str, head: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(gzip.compress(head + b" " * (3 * MILLION), compresslevel=9, mtime=0))
    (failure,) = failures(_read(path))
    assert failure.code == "E002" and failure.path == str(path) and "gzip bomb" in failure.reason


def test_gzip_size_limit_applies_even_at_a_modest_ratio(tmp_path: Path) -> None:
    import random

    rng = random.Random(5)
    text = " ".join(rng.choice(["militia", "bridge", "depot", "river", "convoy"]) for _ in range(400_000))
    path = tmp_path / "big.txt.gz"
    path.write_bytes(gzip.compress(text.encode(), mtime=0))  # ratio ~5, over 1 MB inflated
    (failure,) = failures(_read(path))
    assert failure.code == "E002" and "max_decompressed_bytes" in failure.reason


def test_gzip_inside_gzip_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "nested.txt.gz"
    path.write_bytes(gzip.compress(_bomb(), mtime=0))
    (failure,) = failures(_read(path))
    assert failure.code == "E005" and "gzip data inside gzip" in failure.reason


def test_cli_limits_name_the_file(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.txt.gz"
    bomb.write_bytes(gzip.compress(b"Rebels said " * 100_000, mtime=0))
    big = tmp_path / "big.txt"
    big.write_text(REPORT * 2000)
    args = ["ingest", str(bomb), str(big), "--db", str(tmp_path / "s.db"), "--no-extract", "--json",
            "--max-decompressed-mb", "1", "--max-decompression-ratio", "50", "--max-doc-mb", "0.5"]  # fmt: skip
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 1
    errors = {e["path"]: e for e in json.loads(result.stdout)["errors"]}
    assert errors[str(bomb)]["code"] == "E002" and "max_decompression_ratio" in errors[str(bomb)]["reason"]
    assert errors[str(big)]["code"] == "E003" and "max_document_bytes" in errors[str(big)]["reason"]


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("spaces.txt", "Rebels said" + " " * MILLION + "they held the bridge.\n"),
        ("tabs.txt", "Rebels said" + " \t" * (MILLION // 2) + "x\n" + " \n" * 100_000),
        ("front.md", "---\nurl: a" + " " * MILLION + "b\ntitle: T\n---\nRebels said they held the bridge.\n"),
        ("heading.md", "# Rebels" + " " * MILLION + "hold\nRebels said they held the bridge.\n"),
        ("one-word.txt", "x" * (2 * MILLION)),
        ("marks.txt", "\u202e\u200d\u0301\u2066" * (MILLION // 4)),
    ],
)
def test_giant_lines_are_read_in_linear_time(tmp_path: Path, name: str, content: str) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with time_limit(20):
        (raw,) = documents(iter_raw([str(path)], Settings()))
        try:
            normalize(raw)
        except TooLargeError as exc:  # over the parser's limit: refused by name, as fast
            assert "over the parser's limit" in exc.reason


def test_a_jsonl_line_over_the_limit_is_one_named_failure(tmp_path: Path) -> None:
    path = tmp_path / "export.jsonl"
    giant = json.dumps({"text": "x" * 300_000})
    path.write_text(json.dumps({"text": REPORT}) + "\n" + giant + "\n" + json.dumps({"text": "Second report."}) + "\n")
    items = _read(path, Settings(max_document_bytes=200_000))
    (failure,) = failures(items)
    assert (failure.path, failure.line, failure.code) == (str(path), 2, "E003")
    assert len(documents(items)) == 2


def test_a_long_date_string_is_no_date_and_costs_nothing() -> None:
    with time_limit(2):
        assert parse_published("Dec 8 " * 20_000) is None


@pytest.mark.parametrize("wrap", ["{}", "<article>{}</article>", "<table><tr><td>{}</td></tr></table>"])
def test_deeply_nested_html_is_a_named_error_not_a_crash(wrap: str) -> None:
    depth = 100_000
    page = "<html><body>" + "<div>" * depth + wrap.format("Rebels said they held the bridge.") + "</div>" * depth
    with time_limit(30):
        try:
            content = html.extract(page, None, "deep.html")
        except NoTextError as exc:
            assert exc.path == "deep.html"
        else:
            assert content.text


def test_deeply_nested_html_in_every_container(tmp_path: Path) -> None:
    nested = "<div>" * 50_000 + "Rebels said they held the bridge." + "</div>" * 50_000
    (tmp_path / "deep.html").write_text(f"<html><body>{nested}</body></html>")
    (tmp_path / "deep.jsonl").write_text(json.dumps({"html": nested}) + "\n")
    (tmp_path / "deep.warc").write_bytes(warc_bytes([Page("https://deep.example/", body=nested.encode())]))
    with time_limit(60):
        for item in iter_raw([str(tmp_path)], Settings()):
            if isinstance(item, RawDocument):
                try:
                    normalize(item)
                except NoTextError:
                    pass
            else:
                assert item.code != "E000", item


XXE_PAGE = """<?xml version="1.0"?>
<!DOCTYPE html [<!ENTITY secret SYSTEM "file://{path}"><!ENTITY lol "lollollollollol">
<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<html><body><article><p>The ministry said the bridge was open &secret; &lol3;.</p>
<p>Residents said they had seen convoys crossing it since the early morning.</p></article></body></html>"""


def test_html_and_warc_pages_expand_no_entities(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRETVALUE")
    page = XXE_PAGE.format(path=secret)
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "xxe.xhtml").write_text(page)
    (tmp_path / "in" / "xxe.warc").write_bytes(
        warc_bytes([Page("https://x.example/", content_type="application/xhtml+xml", body=page.encode())])
    )
    texts = []
    for raw in documents(_read(tmp_path / "in")):
        try:
            texts.append(normalize(raw).text)
        except NoTextError:
            pass
    assert texts and all("TOPSECRET" not in t and "lollollol" not in t for t in texts)


def test_impossible_character_references_in_a_feed_are_replaced(tmp_path: Path) -> None:
    body = "<![CDATA[<p>Rebels said &#xD800; &#1114112; &#0; they held it.</p>]]>"
    feed = RSS2.replace("<description>The defence", f"<description>{body} The defence")
    items = list(feeds.read("f.xml", io.BytesIO(feed.encode()), Settings()))
    assert len(documents(items)) == 2 and not failures(items)
    assert "&#xfffd; &#xfffd; &#xfffd;" in documents(items)[1].html


def test_html_that_breaks_the_date_search_still_gives_text() -> None:
    page = "<svg><html class='x'><body><p>" + REPORT + "</p></body></html></svg>"
    content = html.extract(page, None, "svg.html")
    assert "defence ministry" in content.text
    with pytest.raises(NoTextError):
        html.extract('<svg class="story"><html class="story">', None, "empty.html")


def test_article_page_still_reads_normally() -> None:
    content = html.extract(ARTICLE_PAGE, None, "page.html")
    assert content.title == "Rebels say they hold central Homs" and "roundabout" in content.text


def test_many_small_gzip_members_cannot_add_up_to_a_bomb(tmp_path: Path) -> None:
    """Each limit applied per member: 12 members of ~830 bytes inflated to 9.8 MB unnoticed."""
    member = gzip.compress(b"\n" * 819_200, mtime=0)  # each well under the per-member limit
    path = tmp_path / "members.jsonl.gz"
    path.write_bytes(member * 12)
    settings = Settings(max_decompressed_bytes=4 * 1024 * 1024, max_decompression_ratio=2000)
    items = _read(path, settings)
    (failure,) = failures(items)
    assert failure.code == "E002" and "in all" in failure.reason


@pytest.mark.slow
def test_a_document_that_breaks_extraction_is_named_and_the_batch_lands(tmp_path: Path, monkeypatch) -> None:
    # Any exception while parsing or extracting one document (here: an extractor that
    # trips on a marker word) becomes an E007 naming its file; the others are stored, and
    # the failed one is not, so a later ingest retries it.
    import claimgraph.extract.document as document

    real = document.extract_parsed

    def fragile(parsed, doc):
        if "Zanzibarite" in doc.text:
            raise RecursionError("maximum recursion depth exceeded")
        return real(parsed, doc)

    monkeypatch.setattr(document, "extract_parsed", fragile)
    good = tmp_path / "good.txt"
    good.write_text("Kosti, March 3 - The army said it held Kosti on Monday.\n")
    bad = tmp_path / "bad.txt"
    bad.write_text("Kosti, March 3 - A Zanzibarite trader said the rebels held Kosti on Monday.\n")
    db = tmp_path / "s.db"
    result = CliRunner().invoke(app, ["ingest", str(good), str(bad), "--db", str(db), "--json"])
    assert result.exit_code == 1, result.output
    report = json.loads(result.stdout)
    (error,) = report["errors"]
    assert error["path"] == str(bad) and error["code"] == "E007" and "RecursionError" in error["reason"]
    assert report["new"] == 1 and report["claims"] >= 1
    monkeypatch.setattr(document, "extract_parsed", real)
    again = json.loads(CliRunner().invoke(app, ["ingest", str(good), str(bad), "--db", str(db), "--json"]).stdout)
    assert again["new"] == 1 and again["errors"] == []  # the failed one is retried, not skipped


@pytest.mark.slow
def test_a_text_that_breaks_the_parser_is_found_alone_and_the_rest_parse(monkeypatch) -> None:
    import claimgraph.extract.document as document
    from claimgraph.ingest.normalize import normalize

    real = document.parse

    def fragile(items, batch_size=32):
        items = list(items)
        if any("Zanzibarite" in text for text, _ in items):
            raise ValueError("[E088] Text of length 1000001 exceeds maximum of 1000000")
        return real(items, batch_size=batch_size)

    monkeypatch.setattr(document, "parse", fragile)
    raws = [RawDocument(text=t, location=f"doc{i}.txt") for i, t in enumerate([
        "The army said it held Kosti on Monday.", "A Zanzibarite trader said rebels held Kosti.",
        "Rebels said they held Kosti on Tuesday."])]
    docs = [normalize(r) for r in raws]
    out = list(document.extract_documents(docs, safe=True))
    assert [e.document.location for e in out if e.failure] == ["doc1.txt"]
    assert "E088" in out[[e.document.location for e in out].index("doc1.txt")].failure
    assert sorted(e.document.location for e in out if not e.failure) == ["doc0.txt", "doc2.txt"]


@pytest.mark.slow
def test_a_document_the_store_refuses_is_named_and_the_rest_land(tmp_path: Path, monkeypatch) -> None:
    # A value one backend refuses (as PostgreSQL refused a NUL) must not lose the batch:
    # the batch is stored one document at a time and the refused one is an E010.
    import claimgraph.ingest.run as run

    real = run.store_batch

    def picky(conn, docs, settings, now):
        if any("Zanzibarite" in d.text for d in docs):
            raise ValueError("text fields cannot contain the word Zanzibarite")
        return real(conn, docs, settings, now)

    monkeypatch.setattr(run, "store_batch", picky)
    paths = []
    for name, text in [("a.txt", "The army said it held Kosti on Monday."),
                       ("b.txt", "A Zanzibarite trader said rebels held Kosti."),
                       ("c.txt", "Rebels said they held Kosti on Tuesday.")]:
        (tmp_path / name).write_text(text + "\n")
        paths.append(str(tmp_path / name))
    result = CliRunner().invoke(app, ["ingest", *paths, "--db", str(tmp_path / "s.db"), "--json", "--no-extract"])
    assert result.exit_code == 1, result.output
    report = json.loads(result.stdout)
    (error,) = report["errors"]
    assert error["path"] == paths[1] and error["code"] == "E010" and "Zanzibarite" in error["reason"]
    assert report["new"] == 2


@pytest.mark.parametrize("value", ["9999-12-31T23:59:59-14:00", "0001-01-01T00:00:00+14:00"])
def test_a_publication_time_outside_the_datetime_range_is_no_date(value: str) -> None:
    # It used to end as E000 with a traceback and the document discarded.
    assert parse_published(value) is None
    doc = normalize(RawDocument(location="edge.jsonl:1", text="The army said it held Kosti.", published=value))
    assert doc.published_at is None and doc.text
