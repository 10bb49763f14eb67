"""WARC and ARC web archives: every successfully fetched HTML page is a document.

Crawls hold much besides articles (redirects, errors, images, scripts, request
records); only ``response`` records with HTTP 200 and an HTML content type are
documents, and the rest are skipped without a word because skipping them is normal.
A compressed archive is inflated by :mod:`claimgraph.ingest.compression` (so gzip bombs
and truncation are caught there) and warcio then reads plain records.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any, BinaryIO

from warcio.archiveiterator import ArchiveIterator

from claimgraph.errors import ClaimgraphError, InputError, NoTextError, TooLargeError
from claimgraph.ingest.compression import maybe_gunzip, read_head, rewind, too_large_reason
from claimgraph.ingest.encoding import charset_from_content_type, declared_charset, decode
from claimgraph.model import RawDocument, ReadFailure
from claimgraph.settings import Settings

__all__ = ["HTML_TYPES", "read"]

logger = logging.getLogger(__name__)

HTML_TYPES = ("text/html", "application/xhtml+xml")
_DECLARATION_BYTES = 4096


def read(path: str, stream: BinaryIO, settings: Settings) -> Iterator[RawDocument | ReadFailure]:
    """Yield each HTML page of the archive; a bad page is a ReadFailure, not the end.

    Locations are ``{path}#record-{n}``, counting every record from 1.

    Raises:
        InputError: the archive is not WARC/ARC or breaks off (after the good records).
        UnsafeInputError: the compressed archive inflates like a gzip bomb.
        NoTextError: no record is an HTML page fetched with status 200.
    """
    stream = maybe_gunzip(path, stream, settings, buffered=False)
    head = read_head(stream, len(b"filedesc://"))
    if not head.startswith((b"WARC/", b"filedesc://")):
        raise InputError(path, "not a WARC or ARC file (no 'WARC/' or 'filedesc://' header)")
    records = ArchiveIterator(rewind(head, stream, buffered=False), arc2warc=True)
    number = found = 0
    for number, record in enumerate(_records(path, records), start=1):
        result = _record_document(f"{path}#record-{number}", record, settings)
        if result is not None:
            found += 1
            yield result
    if not found:
        raise NoTextError(
            path, f"none of the {number} records is an HTML page fetched with HTTP status 200"
        )


def _records(path: str, records: ArchiveIterator) -> Iterator[Any]:
    """warcio's records; whatever warcio raises on malformed input becomes an InputError."""
    number = 0
    iterator = iter(records)
    while True:
        try:
            record = next(iterator)
        except StopIteration:
            return
        except ClaimgraphError:  # truncation or a bomb, found while inflating
            raise
        except Exception as exc:  # warcio raises many types (even AttributeError) here
            reason = f"broken web archive after record {number}: {type(exc).__name__}: {exc}"
            raise InputError(path, reason) from None
        number += 1
        yield record


def _record_document(
    location: str, record: Any, settings: Settings
) -> RawDocument | ReadFailure | None:
    """The page in one record, a ReadFailure for a bad page, or None for a non-page."""
    if record.rec_type != "response" or record.http_headers is None:
        return None
    if record.http_headers.get_statuscode() != "200":
        return None
    content_type = record.http_headers.get_header("Content-Type") or ""
    if content_type.split(";")[0].strip().lower() not in HTML_TYPES:
        return None
    limit = settings.max_document_bytes
    try:
        data = read_head(record.content_stream(), limit + 1)
    except ClaimgraphError:
        raise
    except Exception as exc:  # bad chunking or Content-Encoding in this one record
        return ReadFailure(location, f"unreadable HTTP body: {type(exc).__name__}: {exc}")
    if len(data) > limit:
        return ReadFailure(location, too_large_reason(None, limit), code=TooLargeError.code)
    if not data.strip():
        return ReadFailure(location, "the page is empty", code=NoTextError.code)
    declared = charset_from_content_type(content_type)
    declared = declared or declared_charset(data[:_DECLARATION_BYTES])
    try:
        page = decode(data, location, declared)
    except InputError as exc:
        return ReadFailure(location, exc.reason, code=exc.code)
    return RawDocument(
        location=location,
        html=page,
        url=record.rec_headers.get_header("WARC-Target-URI") or None,
        retrieved_at=_warc_date(record.rec_headers.get_header("WARC-Date")),
    )


def _warc_date(value: str | None) -> datetime | None:
    """WARC-Date (ISO 8601, UTC) as an aware datetime; None when absent or unreadable."""
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        logger.debug("unreadable WARC-Date %r", value)
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
