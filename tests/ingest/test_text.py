from __future__ import annotations

import io
import tracemalloc
from pathlib import Path

import pytest

from claimgraph.errors import EncodingError, InputError, NoTextError, TooLargeError
from claimgraph.ingest import text
from claimgraph.ingest.readers import iter_raw
from claimgraph.model import RawDocument
from claimgraph.settings import Settings

from .samples import ARABIC, FRENCH, REPORT, LazyStream, failures, gz

FIFTY_MB = 50 * 1024 * 1024


def _read(path: Path, settings: Settings) -> list[RawDocument]:
    with path.open("rb") as stream:
        items = list(text.read(str(path), stream, settings))
    assert all(isinstance(item, RawDocument) for item in items)
    return items  # type: ignore[return-value]


def test_text_plain_file(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "report.txt"
    path.write_text(REPORT, encoding="utf-8")
    [doc] = _read(path, settings)
    assert doc.location == str(path)
    assert doc.text == REPORT
    assert doc.html is None
    assert (doc.url, doc.outlet, doc.title, doc.published, doc.language) == (None,) * 5


def test_text_front_matter(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "report.txt"
    path.write_text(
        "---\n"
        "url: https://levant-courier.example/homs\n"
        'outlet: "Levant Courier"\n'
        "title: 'Rebels claim: Homs taken'\n"
        "published: 2024-12-08T02:10:00+00:00\n"
        "language: en\n"
        "editor: someone\n"
        "---\n" + REPORT,
        encoding="utf-8",
    )
    [doc] = _read(path, settings)
    assert doc.url == "https://levant-courier.example/homs"
    assert doc.outlet == "Levant Courier"
    assert doc.title == "Rebels claim: Homs taken"
    assert doc.published == "2024-12-08T02:10:00+00:00"
    assert doc.language == "en"
    assert doc.text == REPORT
    assert "editor" not in doc.text and "---" not in doc.text


def test_text_front_matter_never_closed(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "open.md"
    path.write_text("---\ntitle: Half done\n" + REPORT, encoding="utf-8")
    with pytest.raises(InputError, match="never closed") as caught:
        _read(path, settings)
    assert caught.value.line == 1
    assert caught.value.path == str(path)
    assert f"{path}:1" in str(caught.value)


def test_markdown_title_from_first_heading(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "brief.md"
    path.write_text("Intro line.\n\n## Not this\n\n# Homs: conflicting claims ##\n\n" + REPORT)
    [doc] = _read(path, settings)
    assert doc.title == "Homs: conflicting claims"


def test_markdown_front_matter_title_wins(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "brief.md"
    path.write_text("---\ntitle: From front matter\n---\n# From heading\n\n" + REPORT)
    [doc] = _read(path, settings)
    assert doc.title == "From front matter"


def test_txt_heading_is_not_a_title(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "plain.txt"
    path.write_text("# not markdown here\n" + REPORT)
    [doc] = _read(path, settings)
    assert doc.title is None


@pytest.mark.parametrize("content", [b"", b"   \n\t\n  ", b"---\ntitle: only meta\n---\n\n"])
def test_text_empty_is_no_text_error(tmp_path: Path, settings: Settings, content: bytes) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(content)
    with pytest.raises(NoTextError) as caught:
        _read(path, settings)
    assert caught.value.path == str(path)
    assert caught.value.code == "E006"


def test_text_empty_file_message(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    with pytest.raises(NoTextError, match="empty file"):
        _read(path, settings)


def test_text_encodings(tmp_path: Path, settings: Settings) -> None:
    arabic = tmp_path / "arabic.txt"
    arabic.write_bytes(ARABIC.encode("cp1256"))
    french = tmp_path / "french.txt"
    french.write_bytes(b"\xef\xbb\xbf" + FRENCH.encode("utf-8"))
    assert _read(arabic, settings)[0].text == ARABIC
    assert _read(french, settings)[0].text == FRENCH


def test_text_invalid_bytes_is_encoding_error(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "garbled.txt"
    path.write_bytes(bytes(range(0x80, 0x100)) * 3 + b"\x01\x02\x03" * 20)
    with pytest.raises(EncodingError) as caught:
        _read(path, settings)
    assert caught.value.path == str(path)


def test_text_gzipped(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "report.txt.gz"
    path.write_bytes(gz(REPORT.encode()))
    assert _read(path, settings)[0].text == REPORT


def test_text_50mb_file_too_large_with_bounded_memory(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "huge.txt"
    line = b"Shelling was reported again near the river crossing overnight.\n"
    with path.open("wb") as out:
        for _ in range(FIFTY_MB // (len(line) * 1024) + 1):
            out.write(line * 1024)
    tracemalloc.start()
    try:
        items = list(iter_raw([str(path)], settings))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    [failure] = failures(items)
    assert failure.path == str(path)
    assert failure.code == TooLargeError.code
    assert "max_document_bytes" in failure.reason
    assert peak < 5 * 1024 * 1024


def test_text_50mb_stream_reads_at_most_the_limit() -> None:
    settings = Settings(max_document_bytes=1024 * 1024)
    stream = LazyStream(b"words of a very long report ", FIFTY_MB)
    tracemalloc.start()
    try:
        with pytest.raises(TooLargeError):
            list(text.read("pipe.txt", io.BufferedReader(stream), settings))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert stream.produced < 2 * 1024 * 1024
    assert peak < 8 * 1024 * 1024


def test_text_gzipped_too_large(tmp_path: Path) -> None:
    path = tmp_path / "big.txt.gz"
    path.write_bytes(gz(REPORT.encode() * 100))
    with pytest.raises(TooLargeError):
        _read(path, Settings(max_document_bytes=1000))


def test_a_byline_date_dates_a_report_without_front_matter(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "courier.txt"
    path.write_text("Ferry service halted at Kerewa\nHarbour Times | Friday 2 May 2025\n\nThe port was shut on Thursday.\n",
                    encoding="utf-8")
    [doc] = _read(path, settings)
    assert doc.published == "2 May 2025"
    fronted = tmp_path / "fronted.txt"
    fronted.write_text("---\npublished: 2025-05-03T10:00:00Z\n---\nHarbour Times | Friday 2 May 2025\n\nText.\n",
                       encoding="utf-8")
    assert _read(fronted, settings)[0].published == "2025-05-03T10:00:00Z"  # the front matter wins
    deep = tmp_path / "deep.txt"
    deep.write_text("Headline\n\nFirst paragraph.\n\nSecond.\n\nThird.\n\nFourth, on 2 May 2025.\n", encoding="utf-8")
    assert _read(deep, settings)[0].published is None  # a date in the body is no byline
