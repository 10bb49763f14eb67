from __future__ import annotations

import codecs
import gzip
import io
import json
import tracemalloc
import zlib
from pathlib import Path

import pytest

from claimgraph.errors import EncodingError, NoTextError, TooLargeError
from claimgraph.ingest import jsonl
from claimgraph.ingest.readers import iter_raw
from claimgraph.model import RawDocument, ReadFailure
from claimgraph.settings import Settings

from .samples import FRENCH, REPORT, LazyStream, documents, failures, gz

RECORD = {
    "url": "https://orontes-wire.example/homs",
    "outlet": "Orontes Wire",
    "title": "Rebels claim Homs",
    "published": "2024-12-08T02:10:00Z",
    "text": REPORT,
    "language": "en",
    "extra": {"ignored": True},
}


def _lines(*records: object) -> bytes:
    return b"".join(
        (value if isinstance(value, bytes) else json.dumps(value).encode()) + b"\n"
        for value in records
    )


def _read(data: bytes, settings: Settings | None = None) -> list[RawDocument | ReadFailure]:
    return list(jsonl.read("export.jsonl", io.BytesIO(data), settings or Settings()))


def test_jsonl_fields() -> None:
    [doc] = _read(_lines(RECORD))
    assert isinstance(doc, RawDocument)
    assert doc.location == "export.jsonl:1"
    assert doc.url == RECORD["url"]
    assert doc.outlet == "Orontes Wire"
    assert doc.title == "Rebels claim Homs"
    assert doc.published == "2024-12-08T02:10:00Z"
    assert doc.language == "en"
    assert doc.text == REPORT
    assert doc.html is None


def test_jsonl_html_record_and_text_wins() -> None:
    html_only = {"html": "<p>Ministry denies.</p>", "url": "https://x.example/1"}
    both = {"html": "<p>ignored</p>", "text": "Plain wins."}
    first, second = documents(_read(_lines(html_only, both)))
    assert (first.html, first.text) == ("<p>Ministry denies.</p>", None)
    assert (second.text, second.html) == ("Plain wins.", None)


def test_jsonl_broken_line_in_the_middle() -> None:
    data = _lines({"text": "first"}, b'{"text": "unterminated', {"text": "third"})
    items = _read(data)
    assert [doc.text for doc in documents(items)] == ["first", "third"]
    assert [doc.location for doc in documents(items)] == ["export.jsonl:1", "export.jsonl:3"]
    [failure] = failures(items)
    assert failure.path == "export.jsonl"
    assert failure.line == 2
    assert "not valid JSON" in failure.reason
    assert items.index(failure) == 1  # reported in order


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ([1, 2, 3], "expected a JSON object, found list"),
        ("just a string", "expected a JSON object, found str"),
        ({"title": "no body"}, "no non-empty 'text' or 'html'"),
        ({"text": "   "}, "no non-empty 'text' or 'html'"),
        ({"text": 42}, "'text' must be a string, not int"),
        ({"text": "ok", "published": 1733623800}, "'published' must be a string, not int"),
        ({"text": "ok", "url": ["a"]}, "'url' must be a string, not list"),
    ],
)
def test_jsonl_bad_records(value: object, reason: str) -> None:
    items = _read(_lines({"text": "good"}, value))
    [failure] = failures(items)
    assert failure.line == 2
    assert reason in failure.reason
    assert len(documents(items)) == 1


def test_jsonl_blank_lines_skipped_but_counted() -> None:
    items = _read(b"\n   \n" + _lines({"text": "third line"}) + b"\n")
    [doc] = documents(items)
    assert doc.location == "export.jsonl:3"
    assert failures(items) == []


def test_jsonl_no_trailing_newline_and_crlf() -> None:
    items = _read(b'{"text": "one"}\r\n{"text": "two"}')
    assert [doc.text for doc in documents(items)] == ["one", "two"]


def test_jsonl_non_utf8_line_is_decoded() -> None:
    line = json.dumps({"text": FRENCH}, ensure_ascii=False).encode("cp1252")
    [doc] = documents(_read(line + b"\n"))
    assert doc.text == FRENCH


def test_jsonl_utf8_bom_on_first_line() -> None:
    [doc] = documents(_read(codecs.BOM_UTF8 + _lines({"text": "bom"})))
    assert doc.text == "bom"


def test_jsonl_utf16_is_refused() -> None:
    data = codecs.BOM_UTF16_LE + '{"text": "x"}\n'.encode("utf-16-le")
    with pytest.raises(EncodingError, match="UTF-8"):
        _read(data)


@pytest.mark.parametrize("data", [b"", b"\n\n  \n"])
def test_jsonl_empty(data: bytes) -> None:
    with pytest.raises(NoTextError, match="empty file"):
        _read(data)


def test_jsonl_long_line_is_skipped_not_buffered() -> None:
    settings = Settings(max_document_bytes=1000)
    data = _lines({"text": "short"}, {"text": "x" * 5000}, {"text": "after"})
    items = _read(data, settings)
    assert [doc.text for doc in documents(items)] == ["short", "after"]
    assert [doc.location for doc in documents(items)][1] == "export.jsonl:3"
    [failure] = failures(items)
    assert (failure.line, failure.code) == (2, TooLargeError.code)


def test_jsonl_50mb_line_bounded_memory() -> None:
    settings = Settings(max_document_bytes=1024 * 1024)
    stream = LazyStream(b'{"text": "' + b"y" * 1000, 50 * 1024 * 1024)
    tracemalloc.start()
    try:
        items = list(jsonl.read("huge.jsonl", io.BufferedReader(stream), settings))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    [failure] = items
    assert isinstance(failure, ReadFailure) and failure.code == TooLargeError.code
    assert peak < 8 * 1024 * 1024


def test_truncated_jsonl_gz_keeps_complete_lines(tmp_path: Path) -> None:
    filler = "shelling near the port. " * 20
    records = [{"text": f"Report number {n}: {filler}"} for n in range(3000)]
    data = gz(_lines(*records))
    path = tmp_path / "export.jsonl.gz"
    path.write_bytes(data[: len(data) // 2])
    items = list(iter_raw([str(path)], Settings()))
    docs = documents(items)
    complete = zlib.decompressobj(wbits=31).decompress(data[: len(data) // 2]).count(b"\n")
    assert len(docs) == complete > 100  # every complete line before the cut, no more
    assert [doc.text for doc in docs] == [record["text"] for record in records[:complete]]
    assert docs[0].location == f"{path}:1"
    [failure] = failures(items)
    assert items[-1] is failure
    assert failure.path == str(path)
    assert "truncated gzip stream" in failure.reason


def test_jsonl_gz_bomb_refused(tmp_path: Path) -> None:
    line = json.dumps({"text": " " * 1000}).encode() + b"\n"
    path = tmp_path / "bomb.jsonl.gz"
    with gzip.open(path, "wb") as out:  # 20 MB of identical lines in ~20 KB
        for _ in range(200):
            out.write(line * 100)
    items = list(iter_raw([str(path)], Settings()))
    failure = items[-1]
    assert isinstance(failure, ReadFailure)
    assert failure.path == str(path)
    assert failure.code == "E002"
    assert failure.reason.startswith("gzip bomb?")
