"""Plain text and Markdown files, with optional front matter for their metadata.

A report pasted into a ``.txt`` file has no metadata, so authors may put a small block
between ``---`` lines at the very top::

    ---
    url: https://example.org/homs
    outlet: "Desert Ledger"
    published: 2024-12-08T02:10:00Z
    ---
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import BinaryIO

from claimgraph.errors import InputError, NoTextError
from claimgraph.ingest.compression import maybe_gunzip, read_capped
from claimgraph.ingest.encoding import decode
from claimgraph.ingest.sniff import extension
from claimgraph.model import RawDocument, ReadFailure
from claimgraph.settings import Settings

__all__ = ["FRONT_MATTER_KEYS", "read"]

FRONT_MATTER_KEYS = ("url", "outlet", "title", "published", "language")
_FENCE = "---"
# Values and headings are trimmed in Python: a lazy group before "\s*$" backtracks
# quadratically on a long run of spaces inside a line.
_KEY_VALUE = re.compile(r"^([A-Za-z_][\w-]*)[ \t]*:(.*)$")
_HEADING = re.compile(r"^#[ \t]+(\S.*)$", re.M)


def read(path: str, stream: BinaryIO, settings: Settings) -> Iterator[RawDocument | ReadFailure]:
    """Yield the one document a text or Markdown file holds.

    Raises:
        TooLargeError: the file is over ``max_document_bytes`` (checked before reading).
        EncodingError: the bytes are not text.
        NoTextError: the file (or its body after front matter) is empty.
        InputError: the front matter is opened but never closed.
    """
    data = read_capped(path, maybe_gunzip(path, stream, settings), settings.max_document_bytes)
    text = decode(data, path)
    if not text.strip():
        raise NoTextError(path, "empty file")
    meta, body = split_front_matter(text, path)
    if not body.strip():
        raise NoTextError(path, "no text after the front matter")
    title = meta.get("title")
    if title is None and extension(path) in (".md", ".markdown"):
        title = markdown_title(body)
    yield RawDocument(
        location=path,
        text=body,
        url=meta.get("url"),
        outlet=meta.get("outlet"),
        title=title,
        published=meta.get("published") or byline_date(body),
        language=meta.get("language"),
    )


_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_FULL_DATE = re.compile(
    rf"\b(?:\d{{1,2}}\s+{_MONTH}\s+\d{{4}}|{_MONTH}\s+\d{{1,2}},?\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}})\b",
    re.IGNORECASE,
)
_BYLINE_LINES = 4
_BYLINE_CHARS = 100


def byline_date(body: str) -> str | None:
    """The date of a byline or dateline line at the top of a pasted report ("Nile Courier |
    Thursday 13 March 2025"), when no front matter gives one: relative dates in the text
    ("since Tuesday") are read from it, not from the moment the file was ingested. Only a
    short line among the first few, with a day, month and year, counts."""
    lines = [line.strip() for line in body.splitlines()[: _BYLINE_LINES * 3] if line.strip()]
    for line in lines[:_BYLINE_LINES]:
        if len(line) <= _BYLINE_CHARS and (found := _FULL_DATE.search(line)):
            return found.group(0)
    return None


def split_front_matter(text: str, path: str) -> tuple[dict[str, str], str]:
    """The front matter fields and the body; no front matter gives ``({}, text)``.

    Raises:
        InputError: an opening ``---`` line has no closing one (names line 1).
    """
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != _FENCE:
        return {}, text
    for number, line in enumerate(lines[1:], start=2):
        if line.strip() == _FENCE:
            return _parse_fields(lines[1 : number - 1]), "".join(lines[number:])
    raise InputError(
        path,
        "front matter opened with '---' is never closed; add a closing '---' line",
        line=1,
    )


def markdown_title(body: str) -> str | None:
    """The first level-one ``# heading`` of a Markdown body."""
    for match in _HEADING.finditer(body):
        title = match.group(1).rstrip(" \t#").strip()
        if title:
            return title
    return None


def _parse_fields(lines: list[str]) -> dict[str, str]:
    """``key: value`` pairs for the known keys; quotes stripped, other keys ignored."""
    fields: dict[str, str] = {}
    for line in lines:
        match = _KEY_VALUE.match(line)
        if not match:
            continue
        key, value = match.group(1).lower(), _unquote(match.group(2).strip())
        if key in FRONT_MATTER_KEYS and value:
            fields[key] = value
    return fields


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1]
    return value
