"""Saved web pages: the reader only decodes them; :func:`extract` finds the article.

Decoding and extraction are split so that every source of HTML (files, WARC records,
feed entries, JSONL ``html`` fields) goes through the same extraction, called once by
the normaliser.
"""

from __future__ import annotations

import html as html_lib
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

from htmldate import find_date
from lxml import etree
from lxml import html as lxml_html
from trafilatura import bare_extraction
from trafilatura.settings import Document as TrafilaturaDocument

from claimgraph.errors import NoTextError
from claimgraph.ingest.compression import maybe_gunzip, read_capped
from claimgraph.ingest.encoding import declared_charset, decode
from claimgraph.model import RawDocument, ReadFailure
from claimgraph.settings import Settings

__all__ = ["HtmlContent", "extract", "read"]

logger = logging.getLogger(__name__)

_DECLARATION_BYTES = 4096
_DOCUMENT_TAG = re.compile(r"<(html|body)[\s>]", re.I)
_HAS_TIME = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")


@dataclass(frozen=True, slots=True)
class HtmlContent:
    """The main text of a page and the metadata trafilatura and htmldate found."""

    text: str
    title: str | None
    published: str | None
    sitename: str | None
    url: str | None


def read(path: str, stream: BinaryIO, settings: Settings) -> Iterator[RawDocument | ReadFailure]:
    """Yield the one page an HTML file holds, decoded with its declared charset.

    Raises:
        TooLargeError: the file is over ``max_document_bytes`` (checked before reading).
        EncodingError: the bytes are not text.
        NoTextError: the file is empty.
    """
    data = read_capped(path, maybe_gunzip(path, stream, settings), settings.max_document_bytes)
    page = decode(data, path, declared_charset(data[:_DECLARATION_BYTES]))
    if not page.strip():
        raise NoTextError(path, "empty file")
    yield RawDocument(location=path, html=page)


# A page whose main text has no line this long holds no article (a sentence of news has).
_ARTICLE_LINE_WORDS = 8


def extract(html: str, url: str | None, location: str) -> HtmlContent:
    """The article text and metadata of a page (or of an HTML fragment such as a feed entry).

    Args:
        html: the decoded page.
        url: where the page came from, if known (helps trafilatura and htmldate).
        location: names the input in errors.

    Raises:
        NoTextError: trafilatura found no main text.
    """
    fragment = not _DOCUMENT_TAG.search(html)
    if fragment:
        html = f"<html><body><article>{html}</article></body></html>"  # bare fragment
    found = _bare_extraction(html, url, location)
    text = (found.text or "").strip() if isinstance(found, TrafilaturaDocument) else ""
    if not isinstance(found, TrafilaturaDocument) or not text:
        raise NoTextError(location, "no article text found in the HTML")
    if not fragment and not any(len(line.split()) >= _ARTICLE_LINE_WORDS for line in text.splitlines()):
        # what is left of a page with no article: its menu, links and footer (a feed
        # entry's one-line summary is a fragment, and stays)
        raise NoTextError(location, "no article text found in the HTML (only short lines: a menu, links or a footer)")
    published = _meta_published(html) or found.date or _fallback_date(html, url, location)
    return HtmlContent(
        text=text,
        title=_clean(found.title),
        published=published,
        sitename=_clean(found.sitename),
        url=found.url or url,
    )


def _bare_extraction(html: str, url: str | None, location: str) -> object:
    """trafilatura's extraction; without metadata when its date search breaks on the tree.

    htmldate asserts on some malformed trees (an ``<html>`` inside an ``<svg>``); the text
    is still worth having, and a page that defeats both attempts is a named NoTextError.
    """
    try:
        return bare_extraction(html, url=url, with_metadata=True, include_comments=False)
    except Exception:
        logger.debug("%s: trafilatura metadata failed; retrying without", location, exc_info=True)
    try:
        return bare_extraction(html, url=url, with_metadata=False, include_comments=False)
    except Exception as exc:
        raise NoTextError(location, f"the HTML could not be parsed ({type(exc).__name__}: {exc})") from None


_PUBLISHED_XPATH = (
    "//meta[@property='article:published_time' or @property='og:published_time'"
    " or @name='article:published_time' or @itemprop='datePublished' or @name='pubdate'"
    " or @name='publish-date' or @name='dc.date.issued' or @name='DC.date.issued']/@content"
    " | //time[@itemprop='datePublished' or @pubdate]/@datetime"
)


def _meta_published(html: str) -> str | None:
    """The publication timestamp a page declares in its metadata, time of day included.

    trafilatura and htmldate keep only the day; news needs the hour (a claim at 06:00
    and its denial at 22:00 are different states of knowledge).
    """
    try:
        tree = lxml_html.fromstring(html)
    except (ValueError, etree.ParserError):
        return None
    for value in tree.xpath(_PUBLISHED_XPATH):
        value = str(value).strip()
        if _HAS_TIME.search(value):
            return value
    return None


def _fallback_date(html: str, url: str | None, location: str) -> str | None:
    """htmldate's extensive search (URL, text) when trafilatura found no date."""
    try:
        found = find_date(html, url=url, original_date=True, extensive_search=True)
    except Exception as exc:  # htmldate is best effort (it asserts on odd trees); a date is optional
        logger.debug("%s: htmldate failed: %s", location, exc)
        return None
    return found if isinstance(found, str) else None


def _clean(value: str | None) -> str | None:
    """Trim and unescape a metadata string; empty becomes None."""
    if not value:
        return None
    value = html_lib.unescape(value).strip()
    return value or None
