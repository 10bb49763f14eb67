"""Fuzz targets shared by the property tests and ``bench/fuzz.py``.

Each target is a hypothesis strategy of hostile inputs plus a check that feeds one input
to a reader (or to the extract stage) and allows only documented outcomes: documents,
:class:`ReadFailure` records with a named code, or a raised :class:`InputError`. Anything
else (an unexpected exception type, an ``E000`` failure, a run past :data:`HANG_SECONDS`)
fails the example. Every input, fixture and word here was written for these tests.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import signal
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from hypothesis import strategies as st
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from claimgraph.errors import InputError
from claimgraph.ingest.compression import maybe_gunzip
from claimgraph.ingest.normalize import normalize
from claimgraph.ingest.readers import READERS, iter_raw
from claimgraph.model import Document, RawDocument, ReadFailure
from claimgraph.settings import Settings

HANG_SECONDS = 20.0
SETTINGS = Settings(max_document_bytes=64_000, max_decompressed_bytes=400_000, max_decompression_ratio=60)

# Characters that break naive text handling: bidirectional overrides and isolates,
# zero-width joiners and spaces, combining marks, a BOM, line and paragraph separators.
TRICKY = (
    "\u202e", "\u202d", "\u202a", "\u202b", "\u202c", "\u2066", "\u2067", "\u2068", "\u2069",
    "\u200e", "\u200f", "\u061c", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff",
    "\u0301", "\u0327", "\u0308", "\u20dd", "\u0651", "\u064e", "\u2028", "\u2029", "\x85",
    "\r", "\r\n", "\n\n", "\t", "\x0c", "\ud7ff", "\U0001f525", "\U000e0041",
)  # fmt: skip
WORDS = (
    "said", "claimed", "denied", "told", "according to", "citing", "reported", "the",
    "rebels", "army", "ministry", "spokesman", "Reuters", "AFP", "Homs", "Sennar", "Kosti",
    "Wad Madani", "al-Jolani", "Abu", "captured", "withdrew", "killed", "12", "dozens",
    "on Sunday", "overnight", "two days after", "Dec 8", "“", "”", '"', "'", ".", ",", ":",
    "-", "(GWS)", "— AFP", "could not be verified", "حمص", "قال", "Дмитрий", "\u202eAFP",
)  # fmt: skip

tricky_char = st.sampled_from(TRICKY)
hostile_text = st.lists(
    st.one_of(st.characters(codec="utf-8"), tricky_char, st.sampled_from(WORDS).map(lambda w: f" {w} ")),
    max_size=120,
).map("".join)


@dataclass(frozen=True)
class Target:
    """A named fuzz target: inputs to draw and the check each input must pass."""

    name: str
    strategy: st.SearchStrategy[Any]
    check: Callable[[Any], None]


class Hang(Exception):
    """One input ran past :data:`HANG_SECONDS`."""


@contextmanager
def time_limit(seconds: float = HANG_SECONDS) -> Iterator[None]:
    """Raise :class:`Hang` when the block runs longer than ``seconds`` (main thread only)."""

    def expire(_signum: int, _frame: object) -> None:
        raise Hang(f"no answer within {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _outcomes(items: Iterator[RawDocument | ReadFailure]) -> list[RawDocument]:
    """Drain a reader: every failure must carry a named code; the documents come back."""
    docs = []
    for item in items:
        if isinstance(item, ReadFailure):
            assert item.code != "E000" and item.reason, item
        else:
            assert isinstance(item, RawDocument)
            docs.append(item)
    return docs


def _normalized(doc: RawDocument) -> Document | None:
    """The document normalised (HTML extraction included); only InputError is allowed."""
    try:
        out = normalize(doc)
    except InputError:
        return None
    assert out.text and out.id
    return out


def run_reader(name: str, data: bytes, filename: str) -> None:
    """Read ``data`` with one reader and normalise what it yields, within the time limit."""
    path = f"fuzz/{filename}"
    with time_limit():
        try:
            docs = _outcomes(READERS[name](path, io.BytesIO(data), SETTINGS))
        except InputError as exc:
            assert exc.code != "E000" and exc.path.startswith(path)
            return
        for doc in docs:
            assert doc.location.startswith(path)
            _normalized(doc)


def run_sniffed(data: bytes) -> None:
    """Sniff and read ``data`` from a file the way ``claimgraph ingest`` does."""
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "input")
        with open(path, "wb") as handle:
            handle.write(data)
        with time_limit():
            for doc in _outcomes(iter_raw([path], SETTINGS)):
                _normalized(doc)


# ----------------------------------------------------------------------------- strategies

_TAGS = ("p", "div", "article", "span", "b", "a", "h1", "li", "ul", "table", "td", "script",
         "style", "nav", "footer", "main", "section", "time", "meta", "br", "svg", "math",
         "iframe", "template", "noscript", "textarea", "title", "body", "html", "head")  # fmt: skip
_ATTRS = ('class="story"', 'id="x"', 'href="javascript:alert(1)"', 'onerror="alert(1)"',
          'property="article:published_time" content="2024-12-08T02:10:00Z"', 'charset="cp1256"',
          'itemprop="datePublished" datetime="9999-99-99T99:99"', 'lang="ar" dir="rtl"', "")  # fmt: skip
_HTML_JUNK = ("<!--", "-->", "<![CDATA[", "]]>", "<!DOCTYPE html>", "&amp;", "&#x202e;",
              "&#0;", "&#xD800;", "&bogus;", "&", "<", ">", "</", "<?xml version='1.0'?>",
              '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]>', "&a;", "<p", "\x00")  # fmt: skip


def _element(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.builds(
        lambda tag, attr, inner, closed: f"<{tag} {attr}>{''.join(inner)}" + (f"</{tag}>" if closed else ""),
        st.sampled_from(_TAGS),
        st.sampled_from(_ATTRS),
        st.lists(children, max_size=4),
        st.booleans(),
    )


html_fragment = st.recursive(
    st.one_of(hostile_text, st.sampled_from(_HTML_JUNK)), _element, max_leaves=40
)
html_page = st.builds(
    lambda head, body: f"<html><head>{head}</head><body>{body}</body></html>",
    html_fragment,
    st.lists(html_fragment, max_size=6).map("".join),
) | html_fragment


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


_FEED_FIELD = st.one_of(
    hostile_text.map(_escape),
    hostile_text,  # unescaped: malformed XML on purpose
    html_fragment.map(_escape),
    html_fragment.map(lambda h: f"<![CDATA[{h}]]>"),
    st.sampled_from(("Sun, 08 Dec 2024 02:10:00 +0000", "2024-13-45T99:00:00Z", "yesterday", "")),
)
_PROLOGS = ('<?xml version="1.0" encoding="utf-8"?>', "<?xml version='1.0' encoding='windows-1256'?>",
            "", "<!DOCTYPE rss>", '<!DOCTYPE rss [<!ENTITY lol "lol">]>',
            '<!DOCTYPE rss SYSTEM "file:///etc/passwd">', '<!DOCTYPE rss [<!ENTITY % p SYSTEM "http://x/">%p;]>',
            '<?xml version="1.0" encoding="utf-16"?>')  # fmt: skip


def _rss(prolog: str, items: list[tuple[str, str, str]]) -> str:
    body = "".join(
        f"<item><title>{t}</title><description>{d}</description><pubDate>{p}</pubDate></item>"
        for t, d, p in items
    )
    return f"{prolog}<rss version=\"2.0\"><channel><title>Fuzz Wire</title>{body}</channel></rss>"


def _atom(prolog: str, items: list[tuple[str, str, str]]) -> str:
    body = "".join(
        f"<entry><title>{t}</title><content type=\"html\">{d}</content><updated>{p}</updated></entry>"
        for t, d, p in items
    )
    return f'{prolog}<feed xmlns="http://www.w3.org/2005/Atom"><title>Fuzz</title>{body}</feed>'


feed_xml = st.builds(
    lambda build, prolog, items, cut: build(prolog, items)[: cut or None],
    st.sampled_from((_rss, _atom)),
    st.sampled_from(_PROLOGS),
    st.lists(st.tuples(_FEED_FIELD, _FEED_FIELD, _FEED_FIELD), max_size=4),
    st.one_of(st.just(0), st.integers(min_value=1, max_value=600)),
)

_json_value = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | hostile_text,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)
_json_record = st.fixed_dictionaries(
    {},
    optional={
        "text": st.one_of(hostile_text, _json_value),
        "html": st.one_of(html_page, _json_value),
        "url": st.one_of(hostile_text, _json_value),
        "outlet": hostile_text,
        "title": hostile_text,
        "published": st.one_of(hostile_text, st.sampled_from(("2024-12-08T02:10:00Z", "0000-00-00", "1e309"))),
        "language": st.one_of(hostile_text, st.sampled_from(("en", "ar", "xx-YY", ""))),
    },
)
_jsonl_line = st.one_of(
    _json_record.map(lambda r: json.dumps(r).encode("utf-8")),
    _json_record.map(lambda r: json.dumps(r, ensure_ascii=False).encode("utf-8", "surrogatepass")),
    _json_value.map(lambda v: json.dumps(v).encode("utf-8")),
    st.binary(max_size=200),
    st.just(b"[" * 5000),
    st.just(b'{"text": "' + b"\\u202e" * 50),
)
jsonl_bytes = st.lists(_jsonl_line, max_size=8).map(lambda lines: b"\n".join(lines))


def _warc(pages: list[tuple[int, str, bytes]], compress: bool) -> bytes:
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=compress)
    for status, content_type, body in pages:
        http = StatusAndHeaders(
            f"{status} OK", [("Content-Type", content_type), ("Content-Length", str(len(body)))], protocol="HTTP/1.1"
        )
        record = writer.create_warc_record(
            "https://fuzz.example/a", "response", payload=io.BytesIO(body), http_headers=http
        )
        writer.write_record(record)
    return out.getvalue()


def _mutate(data: bytes, cut: int, flips: list[tuple[int, int]]) -> bytes:
    """``data`` with some bytes changed and possibly cut short."""
    buffer = bytearray(data)
    for position, value in flips:
        if buffer:
            buffer[position % len(buffer)] = value
    return bytes(buffer[: cut or None])


_byte_flips = st.lists(st.tuples(st.integers(min_value=0), st.integers(0, 255)), max_size=3)
warc_bytes = st.builds(
    lambda pages, compress, cut, flips: _mutate(_warc(pages, compress), cut, flips),
    st.lists(
        st.tuples(
            st.sampled_from((200, 200, 404, 301)),
            st.sampled_from(("text/html; charset=utf-8", "text/html; charset=bogus-8", "application/xhtml+xml", "image/png")),
            st.one_of(html_page.map(lambda h: h.encode("utf-8", "surrogatepass")), st.binary(max_size=300)),
        ),
        max_size=3,
    ),
    st.booleans(),
    st.one_of(st.just(0), st.integers(min_value=1, max_value=3000)),
    _byte_flips,
)
gzip_bytes = st.builds(
    lambda payload, members, cut, flips: _mutate(b"".join(gzip.compress(payload, mtime=0) for _ in range(members)), cut, flips),
    st.one_of(st.binary(max_size=2000), hostile_text.map(lambda t: t.encode("utf-8", "surrogatepass")), jsonl_bytes),
    st.integers(min_value=1, max_value=3),
    st.one_of(st.just(0), st.integers(min_value=1, max_value=2000)),
    _byte_flips,
)
gzip_bombs = st.builds(
    lambda unit, size: gzip.compress(unit * size, compresslevel=9, mtime=0),
    st.sampled_from((b"\x00", b"a", b" ", b'{"text": "x"}\n')),
    st.integers(min_value=1, max_value=2_000_000),
)


# Many small members: each alone passes the per-member limits; together they must not.
gzip_member_bombs = st.builds(
    lambda unit, size, members: b"".join(gzip.compress(unit * size, compresslevel=9, mtime=0) for _ in range(members)),
    st.sampled_from((b"\x00", b"a", b'{"text": "x"}\n')),
    st.integers(min_value=1, max_value=200_000),
    st.integers(min_value=2, max_value=60),
)
# JSON escapes that no store can hold as they are: NUL, lone surrogates, out-of-range dates.
_ESCAPES = ("\\u0000", "\\ud800", "\\udfff", "\\ud83d", "\\u0000\\u0000", "\\ufffe")
escape_jsonl = st.builds(
    lambda before, escape, after, where, date: (
        '{"%s": "%s%s%s", "text": "The army said it held Kosti %s", "published": "%s"}'
        % (where, before, escape, after, escape, date)).encode("utf-8"),
    st.text(alphabet="abc Kosti", max_size=20), st.sampled_from(_ESCAPES), st.text(alphabet="xyz ", max_size=20),
    st.sampled_from(("title", "outlet", "url", "language")),
    st.sampled_from(("9999-12-31T23:59:59-14:00", "0001-01-01T00:00:00+14:00", "2025-03-13", "99999-01-01")),
)
# Documents around the parser's one-million-character limit.
overlong_text = st.builds(
    lambda n, tail: ("The army said it held Kosti on Monday.\n" * n + tail).encode("utf-8"),
    st.integers(min_value=24_000, max_value=27_000), st.text(max_size=50),
)


def _encode(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")


def _check_gzip(data: bytes) -> None:
    """Inflate in full: bounded output, and only named errors."""
    with time_limit():
        stream = maybe_gunzip("fuzz/x.gz", io.BytesIO(data), SETTINGS)
        try:
            total = 0
            while chunk := stream.read(65536):
                total += len(chunk)
        except InputError as exc:
            assert exc.code in ("E001", "E002"), exc
            return
        assert total <= SETTINGS.max_decompressed_bytes
    for name, filename in (("text", "x.txt.gz"), ("jsonl", "x.jsonl.gz")):
        run_reader(name, data, filename)


READER_TARGETS: tuple[Target, ...] = (
    Target("bytes", st.binary(max_size=4000), run_sniffed),
    Target("text", st.one_of(hostile_text.map(_encode), st.binary(max_size=2000)), lambda d: run_reader("text", d, "x.txt")),
    Target("text-front-matter", hostile_text.map(lambda t: _encode("---\n" + t)), lambda d: run_reader("text", d, "x.md")),
    Target("html", html_page.map(_encode), lambda d: run_reader("html", d, "x.html")),
    Target("feed", feed_xml.map(_encode), lambda d: run_reader("feed", d, "x.xml")),
    Target("warc", warc_bytes, lambda d: run_reader("warc", d, "x.warc")),
    Target("jsonl", jsonl_bytes, lambda d: run_reader("jsonl", d, "x.jsonl")),
    Target("gzip", gzip_bytes, _check_gzip),
    Target("gzip-bomb", gzip_bombs, _check_gzip),
    Target("gzip-members", gzip_member_bombs, _check_gzip),
    Target("jsonl-escapes", escape_jsonl, lambda d: run_reader("jsonl", d, "x.jsonl")),
    Target("overlong", overlong_text, lambda d: run_reader("text", d, "x.txt")),
)


def check_extract(text: str) -> None:
    """Normalise and extract one hostile text; spans must stay inside the text."""
    from claimgraph.extract.document import extract_documents

    with time_limit():
        doc = _normalized(RawDocument(location="fuzz/extract", text=text, outlet="Fuzz Wire"))
        if doc is None:
            return
        for extraction in extract_documents([doc]):
            for claim in extraction.claims:
                assert claim.document_id == doc.id
                for span in (claim.span, claim.sentence_span, claim.cue_span, claim.source.span):
                    if span is not None:
                        assert 0 <= span[0] <= span[1] <= len(doc.text), (span, len(doc.text))
                assert doc.text[claim.span[0] : claim.span[1]] == claim.evidence


extract_text = st.lists(
    st.one_of(hostile_text, st.sampled_from(WORDS).map(lambda w: f" {w} ")), min_size=1, max_size=30
).map("".join)
EXTRACT_TARGET = Target("extract", extract_text, check_extract)
