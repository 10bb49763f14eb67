"""Invented reports and builders for ingest tests (all text written for these tests)."""

from __future__ import annotations

import gzip
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from claimgraph.model import RawDocument, ReadFailure

REPORT = (
    "A commander of the northern rebel coalition said on Sunday that his fighters had"
    " entered the central city of Homs overnight and now held the main roundabout.\n"
    "The defence ministry dismissed the account as fabricated and said its units had"
    " pulled back to new lines east of the city to spare civilians.\n"
)
ARABIC = (
    "قال قائد في فصائل المعارضة صباح الأحد إن مقاتليه دخلوا مدينة حمص ليلاً،"
    " بينما وصفت وزارة الدفاع هذه الرواية بأنها مختلقة.\n"
    "وأكد مصدران محليان سماع اشتباكات متقطعة قرب الدوار الرئيسي.\n"
)
FRENCH = (
    "Le ministère de la Défense a démenti dimanche les affirmations selon lesquelles"
    " les rebelles contrôleraient Homs ; un porte-parole a évoqué un « repli tactique »"
    " à l'est de la ville, où l'électricité était coupée.\n"
)

ARTICLE_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Rebels say they hold central Homs | Desert Ledger</title>
<meta property="og:site_name" content="Desert Ledger">
<meta property="og:title" content="Rebels say they hold central Homs">
<meta property="article:published_time" content="2024-12-08T02:10:00+00:00">
<link rel="canonical" href="https://desert-ledger.example/2024/12/08/homs-claim">
</head><body>
<nav><ul><li><a href="/">Front page</a></li><li><a href="/region">Region</a></li></ul></nav>
<article><h1>Rebels say they hold central Homs</h1>
<p>A commander of the northern rebel coalition said on Sunday that his fighters had
entered the central city of Homs overnight and now held the main roundabout.</p>
<p>The defence ministry dismissed the account as fabricated and said its units had pulled
back to new lines east of the city to spare civilians.</p>
<p>Residents reached by telephone described sporadic gunfire near the old clock tower but
could not say who controlled the surrounding streets.</p>
</article>
<footer><p>Subscribe to the Desert Ledger morning briefing.</p></footer>
</body></html>
"""

RSS2 = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel>
<title>Orontes Wire</title><link>https://orontes-wire.example/</link><language>en</language>
<item><title>Rebels claim Homs</title><link>https://orontes-wire.example/homs</link>
<pubDate>Sun, 08 Dec 2024 02:10:00 +0000</pubDate>
<description>&lt;p&gt;A rebel commander &lt;b&gt;claimed&lt;/b&gt; the city
overnight.&lt;/p&gt;</description>
</item>
<item><title>Ministry denies</title><link>https://orontes-wire.example/denial</link>
<pubDate>Sun, 08 Dec 2024 03:00:00 +0000</pubDate>
<description>The defence ministry called the reports false &amp; misleading.</description>
</item>
</channel></rss>
"""


@dataclass(frozen=True)
class Page:
    """One WARC response record to write."""

    uri: str
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    body: bytes = ARTICLE_PAGE.encode("utf-8")
    date: str = "2024-12-08T04:30:00Z"


def warc_bytes(pages: Iterable[Page], compress: bool = False) -> bytes:
    """A WARC file (warcinfo + a request and response per page) built with warcio."""
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=compress)
    writer.write_record(writer.create_warcinfo_record("test.warc", {"software": "tests"}))
    for page in pages:
        request = StatusAndHeaders("GET / HTTP/1.1", [("Host", "example")], is_http_request=True)
        writer.write_record(
            writer.create_warc_record(page.uri, "request", http_headers=request)
        )
        reason = {200: "OK", 404: "Not Found", 301: "Moved"}.get(page.status, "Other")
        http = StatusAndHeaders(
            f"{page.status} {reason}",
            [("Content-Type", page.content_type), ("Content-Length", str(len(page.body)))],
            protocol="HTTP/1.1",
        )
        record = writer.create_warc_record(
            page.uri,
            "response",
            payload=io.BytesIO(page.body),
            http_headers=http,
            warc_headers_dict={"WARC-Date": page.date},
        )
        writer.write_record(record)
    return out.getvalue()


def gz(data: bytes) -> bytes:
    return gzip.compress(data, mtime=0)


def documents(items: Iterable[RawDocument | ReadFailure]) -> list[RawDocument]:
    return [item for item in items if isinstance(item, RawDocument)]


def failures(items: Iterable[RawDocument | ReadFailure]) -> list[ReadFailure]:
    return [item for item in items if isinstance(item, ReadFailure)]


def every_string(items: Iterable[RawDocument | ReadFailure]) -> Iterator[str]:
    """Every string field of every yielded item (to prove nothing leaked into any)."""
    for item in items:
        for name in item.__slots__:
            value = getattr(item, name)
            if isinstance(value, str):
                yield value


class LazyStream(io.RawIOBase):
    """``size`` bytes of ``unit`` repeated, produced on demand (never all in memory)."""

    def __init__(self, unit: bytes, size: int) -> None:
        super().__init__()
        self._unit = unit
        self._left = size
        self.produced = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        size = min(len(buffer), self._left)
        if size <= 0:
            return 0
        chunk = (self._unit * (size // len(self._unit) + 1))[:size]
        buffer[:size] = chunk
        self._left -= size
        self.produced += size
        return size
