from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from claimgraph.errors import InputError, TooLargeError
from claimgraph.ingest import warc
from claimgraph.ingest.readers import iter_raw
from claimgraph.model import RawDocument, ReadFailure
from claimgraph.settings import Settings

from .samples import ARABIC, ARTICLE_PAGE, Page, documents, failures, gz, warc_bytes

ARABIC_PAGE = f"<html><body><article><p>{ARABIC}</p></article></body></html>"
PAGES = [
    Page("https://desert-ledger.example/homs"),
    Page("https://desert-ledger.example/missing", status=404),
    Page("https://desert-ledger.example/logo.png", content_type="image/png", body=b"\x89PNG.."),
    Page(
        "https://arab-daily.example/homs",
        content_type="text/html; charset=windows-1256",
        body=ARABIC_PAGE.encode("cp1256"),
        date="2024-12-08T06:00:00Z",
    ),
    Page("https://desert-ledger.example/feed.js", content_type="application/javascript"),
]


def _read(path: Path, settings: Settings | None = None) -> list[RawDocument | ReadFailure]:
    with path.open("rb") as stream:
        return list(warc.read(str(path), stream, settings or Settings()))


@pytest.mark.parametrize("compress", [False, True])
def test_warc_keeps_only_html_200_responses(tmp_path: Path, compress: bool) -> None:
    path = tmp_path / ("crawl.warc.gz" if compress else "crawl.warc")
    path.write_bytes(warc_bytes(PAGES, compress=compress))
    items = _read(path)
    assert failures(items) == []
    first, second = documents(items)
    # records: 1 warcinfo, then request/response pairs: the first response is record 3
    assert first.location == f"{path}#record-3"
    assert first.url == "https://desert-ledger.example/homs"
    assert first.html == ARTICLE_PAGE
    assert first.text is None
    assert first.retrieved_at == datetime(2024, 12, 8, 4, 30, tzinfo=UTC)
    assert second.location == f"{path}#record-9"
    assert second.url == "https://arab-daily.example/homs"
    assert second.html == ARABIC_PAGE  # decoded with the HTTP charset
    assert second.retrieved_at == datetime(2024, 12, 8, 6, 0, tzinfo=UTC)


def test_whole_file_gzip_warc(tmp_path: Path) -> None:
    """A WARC gzipped as one member (not per record) is read just the same."""
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(gz(warc_bytes(PAGES)))
    assert [doc.url for doc in documents(_read(path))] == [
        "https://desert-ledger.example/homs",
        "https://arab-daily.example/homs",
    ]


def test_truncated_warc_gz_keeps_good_records(tmp_path: Path) -> None:
    filler = ("<p>" + "Shelling continued near the bridge. " * 400 + "</p>").encode()
    pages = [Page("https://a.example/1"), Page("https://a.example/2", body=filler * 5)]
    data = gz(warc_bytes(pages))
    path = tmp_path / "cut.warc.gz"
    path.write_bytes(data[: len(data) * 3 // 4])
    items = list(iter_raw([str(path)], Settings()))
    assert [doc.url for doc in documents(items)] == ["https://a.example/1"]
    [failure] = failures(items)
    assert failure.path == str(path)
    assert "truncated gzip stream" in failure.reason
    assert isinstance(items[-1], ReadFailure)


def test_truncated_per_record_warc_gz(tmp_path: Path) -> None:
    data = warc_bytes([Page("https://a.example/1"), Page("https://a.example/2")], compress=True)
    path = tmp_path / "cut.warc.gz"
    path.write_bytes(data[:-200])
    items = list(iter_raw([str(path)], Settings()))
    assert documents(items)[0].url == "https://a.example/1"
    [failure] = failures(items)
    assert failure.path == str(path)
    assert "truncated" in failure.reason


def test_warc_record_too_large_is_skipped(tmp_path: Path) -> None:
    big = Page("https://a.example/big", body=ARTICLE_PAGE.encode() * 20)
    path = tmp_path / "crawl.warc"
    path.write_bytes(warc_bytes([big, Page("https://a.example/small")]))
    items = _read(path, Settings(max_document_bytes=len(ARTICLE_PAGE) + 100))
    [failure] = failures(items)
    assert failure.path == f"{path}#record-3"
    assert failure.code == TooLargeError.code
    assert [doc.url for doc in documents(items)] == ["https://a.example/small"]


def test_not_a_warc_file(tmp_path: Path) -> None:
    path = tmp_path / "fake.warc"
    path.write_text("this is a note, not an archive\n" * 5)
    with pytest.raises(InputError) as caught:
        _read(path)
    assert caught.value.path == str(path)


def _arc_record(url: str, when: str, content_type: str, http: bytes) -> bytes:
    return f"{url} 192.0.2.1 {when} {content_type} {len(http)}\n".encode() + http + b"\n"


def test_arc_file(tmp_path: Path) -> None:
    version = b"1 0 Test\nURL IP-address Archive-date Content-type Archive-length\n"
    header = f"filedesc://crawl.arc 0.0.0.0 20241208000000 text/plain {len(version)}\n"
    ok = b"HTTP/1.0 200 OK\r\nContent-Type: text/html\r\n\r\n" + ARTICLE_PAGE.encode()
    gone = b"HTTP/1.0 404 Not Found\r\nContent-Type: text/html\r\n\r\n<p>gone</p>"
    data = (
        header.encode() + version + b"\n"
        + _arc_record("https://old-wire.example/a", "20241208071500", "text/html", ok)
        + _arc_record("https://old-wire.example/b", "20241208071600", "text/html", gone)
    )  # fmt: skip
    path = tmp_path / "crawl.arc"
    path.write_bytes(data)
    [doc] = documents(list(iter_raw([str(path)], Settings())))
    assert doc.url == "https://old-wire.example/a"
    assert doc.html == ARTICLE_PAGE
    assert doc.retrieved_at == datetime(2024, 12, 8, 7, 15, tzinfo=UTC)
