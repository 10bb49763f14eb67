"""Turn what a reader found into a stored-ready :class:`Document`.

Cleaning (HTML main text via trafilatura), metadata (dates to aware UTC, outlet from the
registry), language detection and the content-derived id all happen here, so every
reader stays a thin format parser.
"""

from __future__ import annotations

import hashlib
import logging
import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime

import dateparser
import py3langid

from claimgraph.bidi import strip_bidi
from claimgraph.errors import NoTextError, TooLargeError, UsageError
from claimgraph.ingest import html as html_reader
from claimgraph.ingest.outlets import OutletRegistry, registry
from claimgraph.model import Document, RawDocument

log = logging.getLogger(__name__)

_NEWLINES = re.compile(r"\r\n?")
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
_BLANKS = re.compile(r"\n{3,}")
_WS = re.compile(r"\s+")
_MAX_DATE_CHARS = 200
# spaCy refuses a text longer than this (its E088; nlp.max_length) and the whole batch with it
PARSER_MAX_CHARS = 1_000_000
_LANG_SAMPLE = 1500  # enough for a confident guess; langid's cost grows with length
_DATEPARSER_SETTINGS = {"RETURN_AS_TIMEZONE_AWARE": True, "TO_TIMEZONE": "UTC"}


@dataclass(frozen=True, slots=True)
class Overrides:
    """Metadata given on the command line, which beats what the file says."""

    outlet: str | None = None
    published: datetime | None = None
    url: str | None = None


def _storable(text: str) -> str:
    """No NUL (PostgreSQL refuses it in text, and tools reading SQLite cut the text there)
    and no lone surrogate (no encoding can write one): U+FFFD stands in for each."""
    return _UNSTORABLE.sub("\ufffd", text)


def clean_text(text: str) -> str:
    """Normalise line endings and blank runs; character offsets refer to this text."""
    text = unicodedata.normalize("NFC", _NEWLINES.sub("\n", _storable(text)))
    # rstrip per line, not a regex: "[ \t]+\n" backtracks quadratically on long space runs
    text = "\n".join(line.rstrip(" \t") for line in text.split("\n"))
    return _BLANKS.sub("\n\n", text).strip()


def document_id(text: str) -> str:
    """Stable id of a text: the same words in any wrapping or case give the same id."""
    key = _WS.sub(" ", unicodedata.normalize("NFKC", text).casefold()).strip()
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:20]


def parse_published(value: str | datetime | None) -> datetime | None:
    """A publication time as an aware UTC datetime; naive times are taken as UTC."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        if len(value) > _MAX_DATE_CHARS:  # not a date; dateparser is slow on long strings
            return None
        try:
            parsed: datetime | None = datetime.fromisoformat(value.strip())
        except ValueError:
            parsed = dateparser.parse(value, settings=_DATEPARSER_SETTINGS)  # type: ignore[arg-type]
        if parsed is None:
            return None
        value = parsed
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    try:
        return value.astimezone(UTC)
    except OverflowError:  # "9999-12-31T23:59:59-14:00" lies past the last UTC instant
        log.warning("publication time %s is outside the datetime range; kept without a date", value)
        return None


def parse_published_option(value: str | None) -> datetime | None:
    """Parse ``--published``; an unreadable date is a usage error, not a silent None."""
    parsed = parse_published(value)
    if value and parsed is None:
        raise UsageError(f"cannot read {value!r} as a date; use ISO 8601 such as 2024-12-08")
    return parsed


def _language_tag(value: str | None) -> str | None:
    """The primary subtag of a declared language ("en-US" -> "en")."""
    tag = (value or "").strip().replace("_", "-").split("-")[0].lower()
    return tag or None


# BCP 47's code for a language that cannot be told (too little text).
UNDETERMINED = "und"
_LANG_MIN_WORDS = 5


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the text's language (py3langid on its first characters)."""
    sample = text[:_LANG_SAMPLE]
    if not sample.strip():
        return None
    if len(sample.split()) < _LANG_MIN_WORDS:
        return UNDETERMINED  # "Kosti." is no language: py3langid would say Finnish
    lang, _score = py3langid.classify(sample)
    return str(lang)


def _shown(value: str | None) -> str | None:
    """A name or title as shown: no bidi or zero-width controls to reorder what surrounds it."""
    return (strip_bidi(_storable(value)) or None) if value else value


def normalize(
    raw: RawDocument,
    overrides: Overrides | None = None,
    outlets: OutletRegistry | None = None,
    now: datetime | None = None,
) -> Document:
    """Build a :class:`Document` from a reader's record.

    Raises:
        NoTextError: the record holds no text (or the page no main text).
        TooLargeError: the text is longer than the parser takes in one piece.
    """
    overrides = overrides or Overrides()
    outlets = outlets or registry()
    text, title, published, url, sitename = raw.text, raw.title, raw.published, raw.url, None
    if raw.html is not None:
        page = html_reader.extract(raw.html, raw.url, raw.location)
        text, sitename = page.text, page.sitename
        title, published = title or page.title, published or page.published
        url = url or page.url
    text = clean_text(text or "")
    if not text:
        raise NoTextError(raw.location, "no text in this document")
    if len(text) > PARSER_MAX_CHARS:
        raise TooLargeError(raw.location, f"{len(text):,} characters of text, over the parser's limit of "
                            f"{PARSER_MAX_CHARS:,}: split the document and ingest its parts")
    url = _shown(overrides.url or url)
    name = _shown(overrides.outlet or raw.outlet or sitename)
    outlet = outlets.resolve(name, url)
    return Document(
        id=document_id(text),
        text=text,
        url=url,
        outlet=outlet.name if outlet else name,
        title=_shown(clean_text(title)) if title else None,
        published_at=overrides.published or parse_published(published),
        language=_language_tag(raw.language) or detect_language(text),
        retrieved_at=raw.retrieved_at or now or datetime.now(UTC),
        location=raw.location,
        outlet_kind=outlet.kind if outlet else None,
        outlet_country=outlet.country if outlet else None,
        outlet_state=outlet.state_affiliation if outlet else None,
    )
