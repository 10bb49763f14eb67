"""JSON Lines exports: one object per line, one document per object.

Exports from scrapers and other tools are long and imperfect, so a bad line is a
:class:`ReadFailure` with its line number and reading goes on. Lines are read with a
bounded ``readline`` so that one enormous line cannot fill memory.
"""

from __future__ import annotations

import codecs
import json
from collections.abc import Iterator
from typing import Any, BinaryIO

from claimgraph.errors import EncodingError, InputError, NoTextError, TooLargeError
from claimgraph.ingest.compression import maybe_gunzip, read_head, rewind, too_large_reason
from claimgraph.ingest.encoding import decode
from claimgraph.model import RawDocument, ReadFailure
from claimgraph.settings import Settings

__all__ = ["FIELDS", "read"]

FIELDS = ("url", "outlet", "title", "published", "text", "html", "language")
_SKIP_CHUNK = 64 * 1024


def read(path: str, stream: BinaryIO, settings: Settings) -> Iterator[RawDocument | ReadFailure]:
    """Yield one document per line; a broken line is a ReadFailure naming its number.

    Raises:
        EncodingError: the file is UTF-16/32, which cannot be split into lines as bytes.
        NoTextError: the file holds no non-blank line.
        InputError: a compressed file breaks off (after the complete lines).
    """
    stream = maybe_gunzip(path, stream, settings, buffered=False)
    head = read_head(stream, 4)
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise EncodingError(path, "JSON Lines must be UTF-8, not UTF-16/32; re-encode the file")
    stream = rewind(head, stream)  # one buffer over the raw inflater: no line lost on a cut
    limit = settings.max_document_bytes
    records = 0
    for number, raw in _lines(stream, limit):
        if raw is not None and not raw.strip():
            continue
        records += 1
        if raw is None:
            yield ReadFailure(path, too_large_reason(None, limit), number, TooLargeError.code)
        else:
            yield parse_line(path, number, raw)
    if records == 0:
        raise NoTextError(path, "empty file: no JSON lines found")


def parse_line(path: str, number: int, raw: bytes) -> RawDocument | ReadFailure:
    """The document on one line, or a ReadFailure saying what is wrong with it."""
    try:
        return _document(path, number, _load(path, number, raw))
    except InputError as exc:
        return ReadFailure(path, exc.reason, number, exc.code)


def _lines(stream: BinaryIO, limit: int) -> Iterator[tuple[int, bytes | None]]:
    """``(line number, bytes)`` pairs; ``None`` stands for a line over ``limit`` bytes."""
    number = 0
    while True:
        raw = stream.readline(limit + 1)
        if not raw:
            return
        number += 1
        if len(raw) > limit and not raw.endswith(b"\n"):
            _skip_rest_of_line(stream)
            yield number, None
        else:
            yield number, raw


def _skip_rest_of_line(stream: BinaryIO) -> None:
    """Discard the remainder of an over-long line in bounded chunks."""
    while True:
        chunk = stream.readline(_SKIP_CHUNK)
        if not chunk or chunk.endswith(b"\n"):
            return


def _load(path: str, number: int, raw: bytes) -> dict[str, Any]:
    """The JSON object on a line (decoding non-UTF-8 text if need be)."""
    text = decode(raw, f"{path}:{number}")
    try:
        value = json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise InputError(path, f"not valid JSON: {exc}", number) from None
    if not isinstance(value, dict):
        raise InputError(path, f"expected a JSON object, found {type(value).__name__}", number)
    return value


def _document(path: str, number: int, record: dict[str, Any]) -> RawDocument:
    """A RawDocument from a decoded line, checking the types of the known fields."""
    fields: dict[str, str | None] = {}
    for key in FIELDS:
        value = record.get(key)
        if value is not None and not isinstance(value, str):
            kind = type(value).__name__
            raise InputError(path, f"field {key!r} must be a string, not {kind}", number)
        fields[key] = value
    text, html = fields.pop("text"), fields.pop("html")
    if text is not None and text.strip():
        html = None  # plain text wins: it needs no extraction
    elif html is not None and html.strip():
        text = None
    else:
        raise NoTextError(path, "the object has no non-empty 'text' or 'html' field", number)
    meta = {key: (value.strip() or None) if value else None for key, value in fields.items()}
    return RawDocument(
        location=f"{path}:{number}",
        text=text,
        html=html,
        url=meta["url"],
        outlet=meta["outlet"],
        title=meta["title"],
        published=meta["published"],
        language=meta["language"],
    )
