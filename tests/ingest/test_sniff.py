from __future__ import annotations

import codecs
import gzip
import io
import random
import zipfile

import pytest

from claimgraph.errors import UnsupportedFormatError
from claimgraph.ingest.sniff import extension, sniff

from .samples import ARABIC, ARTICLE_PAGE, REPORT, RSS2

ATOM = '<?xml version="1.0"?>\n<!-- generated -->\n<feed xmlns="http://www.w3.org/2005/Atom">'
RDF = '<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'


def _zip_bytes() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("a.txt", REPORT)
    return out.getvalue()


@pytest.mark.parametrize(
    ("head", "name", "expected"),
    [
        (REPORT.encode(), "report.txt", "text"),
        (REPORT.encode(), "README", "text"),
        (b"---\ntitle: x\n---\nbody", "note.md", "text"),
        (ARABIC.encode("cp1256"), "arabic.txt", "text"),
        (ARTICLE_PAGE.encode(), "page.txt", "html"),  # content beats the name
        (ARTICLE_PAGE.encode(), "page.html", "html"),
        (b"<html><body><p>x</p></body></html>", "saved", "html"),
        (b"<p>a fragment</p>", "fragment.html", "html"),
        (codecs.BOM_UTF16_LE + ARTICLE_PAGE.encode("utf-16-le"), "utf16.htm", "html"),
        (RSS2.encode(), "feed.txt", "feed"),
        (ATOM.encode(), "atom.xml", "feed"),
        (RDF.encode(), "rss1.rdf", "feed"),
        (b'<!DOCTYPE rss>\n<rss version="2.0">', "dtd.xml", "feed"),
        (b'<?xml version="1.0"?><sitemap/>', "odd.rss", "feed"),
        (b"WARC/1.1\r\nWARC-Type: warcinfo\r\n", "crawl.bin", "warc"),
        (b"filedesc://crawl.arc 0.0.0.0 20241208000000 text/plain 70\n", "x.arc", "warc"),
        (b'{"text": "one"}\n{"text": "two"}\n', "export.txt", "jsonl"),
        (b'{"text": "' + b"x" * 9000, "long-line.data", "jsonl"),
        (b"{\n  \"pretty\": true\n}\n", "pretty.jsonl", "jsonl"),  # by name; reader will object
        (b"", "empty.txt", "text"),
        (b"", "empty.jsonl.gz", "jsonl"),
    ],
)
def test_sniff_formats(head: bytes, name: str, expected: str) -> None:
    assert sniff(head, name) == expected


@pytest.mark.parametrize(
    ("head", "what"),
    [
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 30, "PNG"),
        (_zip_bytes(), "ZIP"),
        (b"%PDF-1.7\n", "PDF"),
        (gzip.compress(b"inner"), "gzip"),
    ],
)
def test_sniff_refuses_known_binary_formats(head: bytes, what: str) -> None:
    with pytest.raises(UnsupportedFormatError, match=what) as caught:
        sniff(head, "disguised.html")
    assert caught.value.path == "disguised.html"


def test_sniff_random_bytes_named_html_is_refused() -> None:
    rng = random.Random(3)
    noise = bytes(rng.randrange(256) for _ in range(4096))
    with pytest.raises(UnsupportedFormatError, match="binary data") as caught:
        sniff(noise, "story.html")
    assert "story.html" in str(caught.value)


def test_sniff_unknown_extension_is_refused() -> None:
    with pytest.raises(UnsupportedFormatError, match="'.csv'"):
        sniff(b"a,b,c\n1,2,3\n", "table.csv")


def test_sniff_unknown_xml_without_feed_name_is_refused() -> None:
    with pytest.raises(UnsupportedFormatError):
        sniff(b'<?xml version="1.0"?><config><a/></config>', "settings.conf")


@pytest.mark.parametrize(
    ("name", "ext"),
    [("a/b/report.TXT", ".txt"), ("x.warc.gz", ".warc"), ("x.gz", ""), (".hidden", ""),
     ("noext", "")],
)  # fmt: skip
def test_extension(name: str, ext: str) -> None:
    assert extension(name) == ext
