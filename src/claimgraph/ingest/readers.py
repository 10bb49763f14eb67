"""One entry point over every input: files, directories and ``-`` (JSONL on stdin).

:func:`iter_raw` never raises for bad input. Each file that cannot be read, and each
bad record inside a file, becomes a :class:`ReadFailure` naming it, so a batch goes on
and nothing disappears silently.
"""

from __future__ import annotations

import logging
import os
import stat
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import BinaryIO

from claimgraph.errors import InputError
from claimgraph.ingest import feeds, html, jsonl, text, warc
from claimgraph.ingest.compression import maybe_gunzip
from claimgraph.ingest.sniff import HEAD_BYTES, sniff
from claimgraph.model import RawDocument, ReadFailure
from claimgraph.settings import Settings

__all__ = ["READERS", "STDIN", "iter_raw"]

logger = logging.getLogger(__name__)

Reader = Callable[[str, BinaryIO, Settings], Iterator[RawDocument | ReadFailure]]
READERS: dict[str, Reader] = {
    "text": text.read,
    "html": html.read,
    "feed": feeds.read,
    "warc": warc.read,
    "jsonl": jsonl.read,
}
STDIN = "<stdin>"
_UNEXPECTED = "E000"


def iter_raw(
    paths: Sequence[str], settings: Settings, stdin: BinaryIO | None = None
) -> Iterator[RawDocument | ReadFailure]:
    """Every raw document (or failure) in ``paths``, in order.

    Args:
        paths: files and directories (recursed in sorted order, hidden entries skipped);
            ``-`` reads JSON Lines from ``stdin``.
        settings: the limits to apply.
        stdin: the stream for ``-``; defaults to ``sys.stdin.buffer``.
    """
    for path in paths:
        if path == "-":
            yield from _guarded(STDIN, lambda: jsonl.read(STDIN, _stdin(stdin), settings))
        else:
            yield from _read_path(os.fspath(path), settings)


def _stdin(given: BinaryIO | None) -> BinaryIO:
    """The stream for ``-``: the one given, else the process's binary stdin."""
    if given is not None:
        return given
    if sys.stdin is None:
        raise InputError(STDIN, "no standard input to read from")
    return sys.stdin.buffer


def _read_path(path: str, settings: Settings) -> Iterator[RawDocument | ReadFailure]:
    """A file, or every visible file under a directory."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        yield ReadFailure(path, "no such file or directory")
        return
    except OSError as exc:
        yield ReadFailure(path, f"cannot open: {exc.strerror or exc}")
        return
    if stat.S_ISDIR(mode):
        for found in _walk(path):
            if isinstance(found, ReadFailure):
                yield found
            else:
                yield from _read_file(found, settings)
    elif stat.S_ISREG(mode):
        yield from _read_file(path, settings)
    else:
        yield ReadFailure(path, "not a regular file or a directory (a device, pipe or socket?)")


def _walk(folder: str, seen: set[str] | None = None) -> Iterator[str | ReadFailure]:
    """Regular files under ``folder`` depth-first in name order, skipping hidden entries.

    Directory symlinks are followed once each, so a link loop cannot recurse forever.
    """
    seen = set() if seen is None else seen
    real = os.path.realpath(folder)
    if real in seen:
        return
    seen.add(real)
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except OSError as exc:
        yield ReadFailure(folder, f"cannot list the directory: {exc.strerror or exc}")
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_dir():
            yield from _walk(entry.path, seen)
        elif entry.is_file():
            yield entry.path


def _read_file(path: str, settings: Settings) -> Iterator[RawDocument | ReadFailure]:
    """Sniff one file and run its reader, turning every error into a ReadFailure."""

    def documents() -> Iterator[RawDocument | ReadFailure]:
        with open(path, "rb") as raw:
            reader = READERS[sniff(_sniff_head(path, raw, settings), path)]
            raw.seek(0)  # each reader inflates for itself, with its own error reporting
            yield from reader(path, raw, settings)

    yield from _guarded(path, documents)


def _sniff_head(path: str, raw: BinaryIO, settings: Settings) -> bytes:
    """The first (inflated) bytes to sniff; a truncated gzip gives what came before the cut.

    The reader meets the same truncation later and reports it after the good records.
    """
    stream = maybe_gunzip(path, raw, settings, buffered=False)
    parts: list[bytes] = []
    size = 0
    try:
        while size < HEAD_BYTES and (chunk := stream.read(HEAD_BYTES - size)):
            parts.append(chunk)
            size += len(chunk)
    except InputError:
        if not parts:
            raise
    return b"".join(parts)


def _guarded(
    path: str, documents: Callable[[], Iterator[RawDocument | ReadFailure]]
) -> Iterator[RawDocument | ReadFailure]:
    """The documents of one input; an error ends that input as a ReadFailure."""
    try:
        yield from documents()
    except InputError as exc:
        yield ReadFailure(exc.path, exc.reason, exc.line, exc.code)
    except OSError as exc:
        yield ReadFailure(path, f"cannot read: {exc.strerror or exc}")
    except Exception as exc:  # a parser bug must not end the batch; name it instead
        logger.warning("unexpected error reading %s", path, exc_info=True)
        yield ReadFailure(path, f"unexpected {type(exc).__name__}: {exc}", code=_UNEXPECTED)
