from __future__ import annotations

import gzip
import io
import json
import os
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

import pytest
from hypothesis import HealthCheck, given, settings as hypothesis_settings, strategies as st

from claimgraph.ingest import readers
from claimgraph.ingest.readers import STDIN, iter_raw
from claimgraph.model import RawDocument, ReadFailure
from claimgraph.settings import Settings

from .samples import ARTICLE_PAGE, REPORT, RSS2, Page, documents, failures, gz, warc_bytes


def _tree(root: Path) -> None:
    (root / "b-sub" / "deeper").mkdir(parents=True)
    (root / ".git").mkdir()
    (root / "a-report.txt").write_text(REPORT)
    (root / "b-sub" / "page-saved-as.txt").write_text(ARTICLE_PAGE)  # HTML named .txt
    (root / "b-sub" / "deeper" / "feed.xml").write_text(RSS2)
    (root / "b-sub" / "z-export.jsonl").write_text(json.dumps({"text": "from jsonl"}) + "\n")
    (root / "c-crawl.warc.gz").write_bytes(warc_bytes([Page("https://a.example/")], compress=True))
    (root / ".hidden.txt").write_text("never read")
    (root / ".git" / "HEAD").write_text("ref: refs/heads/main")


def test_directory_recursion_sorted_and_sniffed(tmp_path: Path, settings: Settings) -> None:
    _tree(tmp_path)
    items = list(iter_raw([str(tmp_path)], settings))
    assert failures(items) == []
    locations = [doc.location for doc in documents(items)]
    assert locations == [
        str(tmp_path / "a-report.txt"),
        str(tmp_path / "b-sub" / "deeper" / "feed.xml") + "#entry-1",
        str(tmp_path / "b-sub" / "deeper" / "feed.xml") + "#entry-2",
        str(tmp_path / "b-sub" / "page-saved-as.txt"),
        str(tmp_path / "b-sub" / "z-export.jsonl") + ":1",
        str(tmp_path / "c-crawl.warc.gz") + "#record-3",
    ]
    by_location = {doc.location: doc for doc in documents(items)}
    saved_page = by_location[str(tmp_path / "b-sub" / "page-saved-as.txt")]
    assert saved_page.html == ARTICLE_PAGE and saved_page.text is None


def test_explicit_hidden_file_is_read(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / ".notes.txt"
    path.write_text(REPORT)
    assert documents(iter_raw([str(path)], settings))[0].text == REPORT


def test_missing_path(tmp_path: Path, settings: Settings) -> None:
    missing = str(tmp_path / "nowhere.txt")
    [failure] = list(iter_raw([missing], settings))
    assert failure == ReadFailure(missing, "no such file or directory")


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("story.html", os.urandom(2048).replace(b"<", b"\x00") + b"\x00", "binary data"),
        ("photo.txt", b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 20, "PNG"),
        ("table.csv", b"a,b\n1,2\n", "unsupported file type"),
    ],
)
def test_unreadable_files_are_named_failures(
    tmp_path: Path, settings: Settings, name: str, content: bytes, reason: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    [failure] = list(iter_raw([str(path)], settings))
    assert isinstance(failure, ReadFailure)
    assert failure.path == str(path)
    assert failure.code == "E005"
    assert reason in failure.reason


def test_zip_is_refused(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "bundle.txt"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("a.txt", REPORT)
    [failure] = list(iter_raw([str(path)], settings))
    assert isinstance(failure, ReadFailure) and "ZIP" in failure.reason


def test_failures_do_not_stop_the_batch(tmp_path: Path, settings: Settings) -> None:
    good = tmp_path / "good.txt"
    good.write_text(REPORT)
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    items = list(iter_raw([str(empty), str(tmp_path / "gone"), str(good)], settings))
    assert [type(item) for item in items] == [ReadFailure, ReadFailure, RawDocument]
    assert items[0] == ReadFailure(str(empty), "empty file", code="E006")


def test_gzip_found_by_magic_not_name(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "report.txt"  # gzipped, but not named .gz
    path.write_bytes(gz(REPORT.encode()))
    [doc] = documents(iter_raw([str(path)], settings))
    assert doc.text == REPORT


def test_gzip_bomb_named_txt(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "bomb.txt.gz"
    with gzip.open(path, "wb") as out:
        for _ in range(40):
            out.write(b"a" * 1024 * 1024)
    [failure] = list(iter_raw([str(path)], settings))
    assert isinstance(failure, ReadFailure)
    assert (failure.path, failure.code) == (str(path), "E002")


def test_stdin_is_jsonl(settings: Settings) -> None:
    stdin = io.BytesIO(b'{"text": "piped in", "outlet": "Pipe"}\nnot json\n')
    first, second = list(iter_raw(["-"], settings, stdin=stdin))
    assert isinstance(first, RawDocument)
    assert (first.location, first.text, first.outlet) == (f"{STDIN}:1", "piped in", "Pipe")
    assert isinstance(second, ReadFailure) and (second.path, second.line) == (STDIN, 2)


def test_stdin_gzipped(settings: Settings) -> None:
    stdin = io.BytesIO(gz(b'{"text": "zipped pipe"}\n'))
    [doc] = documents(iter_raw(["-"], settings, stdin=stdin))
    assert doc.text == "zipped pipe"


def test_unexpected_parser_error_is_wrapped(
    tmp_path: Path, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(path: str, stream: BinaryIO, settings: Settings) -> Iterator[RawDocument]:
        yield RawDocument(location=path, text="first")
        raise KeyError("surprise")

    monkeypatch.setitem(readers.READERS, "text", broken)
    path = tmp_path / "a.txt"
    path.write_text(REPORT)
    first, failure = list(iter_raw([str(path)], settings))
    assert isinstance(first, RawDocument)
    assert isinstance(failure, ReadFailure)
    assert failure.path == str(path)
    assert failure.reason == "unexpected KeyError: 'surprise'"
    assert failure.code == "E000"


def test_symlink_loop_terminates(tmp_path: Path, settings: Settings) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "r.txt").write_text(REPORT)
    (tmp_path / "sub" / "loop").symlink_to(tmp_path)
    docs = documents(iter_raw([str(tmp_path)], settings))
    assert [doc.text for doc in docs] == [REPORT]


EXTENSIONS = [
    ".txt", ".md", ".html", ".htm", ".xml", ".rss", ".atom", ".jsonl", ".jsonl.gz",
    ".warc", ".warc.gz", ".arc", ".arc.gz", ".txt.gz", ".gz", "", ".bin",
]  # fmt: skip
PREFIXES = [
    b"", b"WARC/1.0\r\n", b"filedesc://x ", b"\x1f\x8b\x08\x00", b'{"text": "',
    b"<rss><channel><item><description>", b"<!DOCTYPE html><html><body>", b"---\n",
    b'<?xml version="1.0" encoding="utf-16"?>', b"\xef\xbb\xbf", b"\xff\xfe",
]  # fmt: skip


@hypothesis_settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
@given(
    extension=st.sampled_from(EXTENSIONS),
    prefix=st.sampled_from(PREFIXES),
    body=st.binary(max_size=3000),
    compress=st.booleans(),
)
def test_iter_raw_never_raises(extension: str, prefix: bytes, body: bytes, compress: bool) -> None:
    content = prefix + body
    if compress:
        content = gzip.compress(content, mtime=0)[: len(content) + 40]  # sometimes truncated
    settings = Settings(max_document_bytes=2000, max_decompressed_bytes=100_000)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"input{extension}"
        path.write_bytes(content)
        items = list(iter_raw([str(path), folder], settings))
    assert items, "every input gives at least a document or a failure"
    for item in items:
        assert isinstance(item, RawDocument | ReadFailure)
        if isinstance(item, ReadFailure):
            assert item.path.startswith(folder) and item.reason
            assert item.code != "E000", item  # no parser crash left unexplained
        else:
            assert item.location.startswith(folder)
            assert (item.text or item.html or "").strip()
