"""RSS 2.0, RSS 1.0 and Atom feeds: one document per entry.

Feeds come from anywhere, so before feedparser sees a byte the XML is checked with
defusedxml: entity declarations (billion laughs) and external identifiers (XXE, remote
DTDs) are refused outright. A bare ``<!DOCTYPE rss>`` is harmless and allowed.
"""

from __future__ import annotations

import html as html_lib
import io
import re
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any, BinaryIO
from xml.etree.ElementTree import ParseError

import feedparser
from defusedxml import DefusedXmlException, DTDForbidden
from defusedxml.ElementTree import DefusedXMLParser

from claimgraph.errors import InputError, NoTextError, UnsafeInputError
from claimgraph.ingest.compression import maybe_gunzip, read_capped
from claimgraph.ingest.encoding import decode, declared_charset
from claimgraph.model import RawDocument, ReadFailure
from claimgraph.settings import Settings

__all__ = ["check_xml_safety", "read"]

_XML_DECLARATION = re.compile(r"^(\s*<\?xml[^>]*?encoding\s*=\s*)([\"'])[^\"']*\2")
_UNSAFE_ANYWHERE = re.compile(r"<!ENTITY|<!DOCTYPE[^>\[]*\b(SYSTEM|PUBLIC)\b", re.I)
_HTML_TYPES = ("html", "xhtml")
_TAG = re.compile(r"<[A-Za-z/!]")
_BAD_CHARREF = re.compile(r"(&(?:amp;)*)#([xX][0-9A-Fa-f]{1,16}|[0-9]{1,20});")


class _NullTarget:
    """An ElementTree target that builds nothing: we only want the parser's checks."""

    def start(self, tag: str, attrib: dict[str, str]) -> None: ...

    def end(self, tag: str) -> None: ...

    def data(self, data: str) -> None: ...

    def close(self) -> None: ...


class _NoExternalDoctypeParser(DefusedXMLParser):
    """defusedxml's parser that also refuses a DOCTYPE naming a SYSTEM or PUBLIC DTD."""

    def __init__(self) -> None:
        super().__init__(
            target=_NullTarget(), forbid_dtd=False, forbid_entities=True, forbid_external=True
        )
        self.parser.StartDoctypeDeclHandler = self._refuse_external_dtd

    def _refuse_external_dtd(
        self, name: str, sysid: str | None, pubid: str | None, internal: int
    ) -> None:
        if sysid or pubid:
            raise DTDForbidden(name, sysid, pubid)


def read(path: str, stream: BinaryIO, settings: Settings) -> Iterator[RawDocument | ReadFailure]:
    """Yield one document per feed entry; an entry without content is a ReadFailure.

    Raises:
        UnsafeInputError: the XML declares entities or references an external DTD.
        InputError: feedparser found no entries in malformed XML (quotes its error).
        NoTextError: the feed is empty or well-formed but has no entries.
        TooLargeError, EncodingError: as for any file.
    """
    data = read_capped(path, maybe_gunzip(path, stream, settings), settings.max_document_bytes)
    text = decode(data, path, _declared(data))
    if not text.strip():
        raise NoTextError(path, "empty file")
    check_xml_safety(text, path)
    parsed = _parse(text, path)
    if not parsed.entries:
        if parsed.get("bozo"):
            problem = parsed.get("bozo_exception")
            raise InputError(path, f"not a readable feed: {type(problem).__name__}: {problem}")
        raise NoTextError(path, "the feed has no entries")
    feed_info = parsed.get("feed", {})
    for number, entry in enumerate(parsed.entries, start=1):
        yield _entry_document(f"{path}#entry-{number}", entry, feed_info)


def check_xml_safety(text: str, location: str) -> None:
    """Refuse XML that declares entities or names an external DTD or entity.

    The document is run through defusedxml's expat parser; if it is not well-formed
    (feedparser may still salvage it), a textual check takes over, refusing any
    ``<!ENTITY`` and any DOCTYPE with SYSTEM or PUBLIC anywhere in the text.

    Raises:
        UnsafeInputError: naming what was found.
    """
    parser = _NoExternalDoctypeParser()
    try:
        parser.feed(_as_utf8(text))
        parser.close()
    except DefusedXmlException as exc:
        raise UnsafeInputError(location, _unsafe_reason(exc)) from None
    except ParseError:
        match = _UNSAFE_ANYWHERE.search(text)
        if match:
            raise UnsafeInputError(
                location, f"refused {match.group(0)!r}: entity declarations and external"
                " DTDs are not allowed in feeds (entity expansion and XXE attacks)",
            ) from None


def _unsafe_reason(exc: DefusedXmlException) -> str:
    kind = {
        "EntitiesForbidden": "an entity declaration (entity expansion, 'billion laughs')",
        "ExternalReferenceForbidden": "a reference to an external entity (XXE)",
        "DTDForbidden": "a DOCTYPE naming an external DTD (SYSTEM/PUBLIC identifier)",
    }.get(type(exc).__name__, type(exc).__name__)
    return f"refused {kind}: {exc}; feeds may not declare entities or load DTDs"


def _declared(data: bytes) -> str | None:
    """The XML declaration's charset, or UTF-16 recognised from a BOM-less ``<``."""
    if data.startswith(b"<\x00?\x00"):
        return "utf-16-le"
    if data.startswith(b"\x00<\x00?"):
        return "utf-16-be"
    return declared_charset(data[:1024])


def _as_utf8(text: str) -> bytes:
    """``text`` as UTF-8 with the XML declaration saying so, so parsers agree with us."""
    return _XML_DECLARATION.sub(r"\1\2utf-8\2", text, count=1).encode("utf-8")


def _parse(text: str, path: str) -> Any:
    """feedparser over exactly the text that passed the safety check (never a URL).

    Character references to code points that cannot exist (surrogates, past U+10FFFF,
    NUL), even escaped inside entry HTML, become U+FFFD first: feedparser's HTML
    sanitizer raises UnicodeEncodeError on them. Anything else it raises is named.
    """
    text = _BAD_CHARREF.sub(_replace_charref, text)
    headers = {"content-type": "application/xml; charset=utf-8"}
    try:
        return feedparser.parse(io.BytesIO(_as_utf8(text)), response_headers=headers)
    except Exception as exc:  # feedparser's loose parsers are not hardened; name the failure
        raise InputError(path, f"not a readable feed: feedparser failed: {type(exc).__name__}: {exc}") from None


def _replace_charref(match: re.Match[str]) -> str:
    digits = match.group(2)
    code = int(digits[1:], 16) if digits[0] in "xX" else int(digits)
    if code == 0 or code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        return f"{match.group(1)}#xFFFD;"
    return match.group(0)


def _entry_document(location: str, entry: Any, feed_info: Any) -> RawDocument | ReadFailure:
    """A document from one entry: full content if present, else the summary."""
    body, kind = _entry_body(entry)
    if body is None:
        reason = "the entry has neither content nor summary"
        return ReadFailure(location, reason, code=NoTextError.code)
    is_html = any(name in kind for name in _HTML_TYPES) and bool(_TAG.search(body))
    return RawDocument(
        location=location,
        text=None if is_html else html_lib.unescape(body),
        html=body if is_html else None,
        url=entry.get("link") or None,
        outlet=feed_info.get("title") or None,
        title=entry.get("title") or None,
        published=_entry_date(entry),
        language=entry.get("language") or feed_info.get("language") or None,
    )


def _entry_body(entry: Any) -> tuple[str | None, str]:
    """The entry's text and its MIME type: ``content[0]`` first, then ``summary``."""
    for detail in list(entry.get("content") or [])[:1] + [entry.get("summary_detail")]:
        if detail and (detail.get("value") or "").strip():
            return detail["value"], (detail.get("type") or "").lower()
    return None, ""


def _entry_date(entry: Any) -> datetime | str | None:
    """Publication (else update) time as an aware UTC datetime, or the raw string."""
    for key in ("published", "updated"):
        parsed: time.struct_time | None = entry.get(f"{key}_parsed")
        if parsed:
            try:
                return datetime(*parsed[:6], tzinfo=UTC)
            except (ValueError, OverflowError):
                pass  # feedparser reads "<pubDate>00</pubDate>" as the year -99: keep the raw text
        if entry.get(key):
            return str(entry[key])
    return None
