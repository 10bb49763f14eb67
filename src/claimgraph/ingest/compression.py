"""Bounded reading: gzip that cannot explode, documents that cannot fill memory.

Inputs come from strangers, so every read here has a ceiling taken from
:class:`~claimgraph.settings.Settings`: neither a gzip member nor the whole (multi-member)
stream may inflate past ``max_decompressed_bytes`` nor past ``max_decompression_ratio``
times its compressed size, and a single document is never read past
``max_document_bytes`` + 1 bytes.
"""

from __future__ import annotations

import io
import os
import stat
import zlib
from typing import BinaryIO

from claimgraph.errors import InputError, TooLargeError, UnsafeInputError
from claimgraph.settings import Settings

__all__ = [
    "GZIP_MAGIC",
    "BoundedGzipReader",
    "maybe_gunzip",
    "read_capped",
    "read_head",
    "rewind",
]

GZIP_MAGIC = b"\x1f\x8b"
_CHUNK = 64 * 1024
_RATIO_FLOOR = 4096  # compressed bytes a tiny member is credited with, so headers don't trip


class BoundedGzipReader(io.RawIOBase):
    """A raw stream that inflates (multi-member) gzip within the configured limits.

    Raises (while reading):
        UnsafeInputError: a member inflates past the byte or ratio limit ("gzip bomb?").
        InputError: the stream is corrupt, or truncated; data before the cut is returned
            first, so callers keep every complete record.
    """

    def __init__(self, path: str, raw: BinaryIO, settings: Settings) -> None:
        super().__init__()
        self.path = path
        self._raw = raw
        self._max_bytes = settings.max_decompressed_bytes
        self._max_ratio = settings.max_decompression_ratio
        self._inflater: zlib._Decompress | None = None
        self._pending = b""  # compressed input not yet handed to zlib
        self._out = memoryview(b"")
        self._members = 0
        self._member_in = 0
        self._member_out = 0
        self.total_out = 0
        self._total_in = 0
        self._finished = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        """Fill ``buffer`` with inflated bytes; 0 means the gzip stream ended cleanly."""
        while not self._out:
            if self._finished:
                return 0
            self._pump()
        size = min(len(buffer), len(self._out))
        buffer[:size] = self._out[:size]
        self._out = self._out[size:]
        return size

    def _pump(self) -> None:
        """Inflate one step of input, starting members and detecting the end."""
        data = self._pending or self._raw.read(_CHUNK)
        self._pending = b""
        if not data:
            self._end_of_input()
            return
        if self._inflater is None:
            data = data.lstrip(b"\x00")  # NUL padding between or after members is common
            if not data:
                return
            self._start_member(data)
        self._inflate(data)

    def _start_member(self, data: bytes) -> None:
        if not data.startswith(GZIP_MAGIC[: len(data)]):
            where = "is not gzip" if self._members == 0 else f"after gzip member {self._members}"
            raise InputError(self.path, f"corrupt gzip stream: data {where}")
        self._inflater = zlib.decompressobj(wbits=31)
        self._members += 1
        self._member_in = self._member_out = 0

    def _inflate(self, data: bytes) -> None:
        inflater = self._inflater
        assert inflater is not None
        try:
            out = inflater.decompress(data, _CHUNK)
        except zlib.error as exc:
            reason = f"corrupt gzip stream in member {self._members}: {exc}"
            raise InputError(self.path, reason) from None
        self._pending = inflater.unconsumed_tail
        rest = inflater.unused_data if inflater.eof else b""
        consumed = len(data) - len(self._pending) - len(rest)
        self._member_in += consumed
        self._total_in += consumed
        self._count(len(out))
        self._out = memoryview(out)
        if inflater.eof:
            self._inflater = None
            self._pending = rest

    def _count(self, produced: int) -> None:
        """Add ``produced`` bytes to the member's and the stream's totals and enforce both
        limits on each: many small members must not add up to a bomb either."""
        self._member_out += produced
        self.total_out += produced
        self._check(self._member_out, self._member_in, f"member {self._members} inflates")
        self._check(self.total_out, self._total_in, f"its {self._members} member(s) inflate, in all,")

    def _check(self, out: int, taken_in: int, what: str) -> None:
        if out > self._max_bytes:
            raise UnsafeInputError(
                self.path,
                f"gzip bomb? {what} past {self._max_bytes} bytes"
                " (max_decompressed_bytes); raise the limit if the file is genuine",
            )
        if out > self._max_ratio * max(taken_in, _RATIO_FLOOR):
            raise UnsafeInputError(
                self.path,
                f"gzip bomb? {what} more than {self._max_ratio} times the compressed size"
                " (max_decompression_ratio); raise the ratio if the file is genuine",
            )

    def _end_of_input(self) -> None:
        """Flush what zlib still holds; a member still open here means truncation."""
        inflater = self._inflater
        if inflater is not None and not inflater.eof:
            out = inflater.decompress(b"", _CHUNK)
            if out:
                self._count(len(out))
                self._out = memoryview(out)
                return
            raise InputError(
                self.path,
                f"truncated gzip stream after {self.total_out} bytes"
                " (the file was cut short; fetch or compress it again)",
            )
        self._finished = True


class _Prepended(io.RawIOBase):
    """Bytes already read from a stream, put back in front of it."""

    def __init__(self, head: bytes, stream: BinaryIO) -> None:
        super().__init__()
        self._head = memoryview(head)
        self._stream = stream

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        if self._head:
            size = min(len(buffer), len(self._head))
            buffer[:size] = self._head[:size]
            self._head = self._head[size:]
            return size
        data = self._stream.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def read_head(stream: BinaryIO, size: int) -> bytes:
    """Up to ``size`` bytes from the start of ``stream`` (fewer only at end of input)."""
    parts: list[bytes] = []
    wanted = size
    while wanted > 0:
        chunk = stream.read(wanted)
        if not chunk:
            break
        parts.append(chunk)
        wanted -= len(chunk)
    return b"".join(parts)


def rewind(head: bytes, stream: BinaryIO, buffered: bool = True) -> BinaryIO:
    """``stream`` as it was before ``head`` was read from it (seeking when possible).

    ``buffered=False`` keeps short reads short (see :func:`maybe_gunzip`).
    """
    try:
        if stream.seekable():
            stream.seek(-len(head), io.SEEK_CUR)
            return stream
    except (OSError, ValueError):
        pass
    prepended = _Prepended(head, stream)
    if buffered:
        return io.BufferedReader(prepended, _CHUNK)
    return prepended  # type: ignore[return-value]  # a raw stream serves as BinaryIO


def maybe_gunzip(
    path: str, stream: BinaryIO, settings: Settings, buffered: bool = True
) -> BinaryIO:
    """``stream`` itself, or a bounded inflating view of it when it starts with gzip magic.

    Args:
        buffered: wrap the inflater in :class:`io.BufferedReader` (fast ``readline``).
            Pass False for consumers that read in blocks (warcio): a buffered
            ``read(n)`` that meets truncation drops the complete data it had gathered,
            while the raw inflater returns it first and raises on the next read.
    """
    head = read_head(stream, len(GZIP_MAGIC))
    stream = rewind(head, stream)
    if head != GZIP_MAGIC:
        return stream
    inflater = BoundedGzipReader(path, stream, settings)
    if buffered:
        return io.BufferedReader(inflater, _CHUNK)
    return inflater  # type: ignore[return-value]  # a raw stream serves as BinaryIO


def read_capped(path: str, stream: BinaryIO, limit: int) -> bytes:
    """The whole of ``stream``, refused before reading when it is over ``limit`` bytes.

    The size is taken from the file system when the stream is a file; otherwise at
    most ``limit`` + 1 bytes are read, so memory stays bounded either way.

    Raises:
        TooLargeError: the stream holds more than ``limit`` bytes.
    """
    size = _remaining_size(stream)
    if size is not None and size > limit:
        raise TooLargeError(path, too_large_reason(size, limit))
    data = read_head(stream, limit + 1)
    if len(data) > limit:
        raise TooLargeError(path, too_large_reason(None, limit))
    return data


def too_large_reason(size: int | None, limit: int) -> str:
    """The message for a document over ``max_document_bytes``."""
    what = f"{size} bytes" if size is not None else f"more than {limit} bytes"
    return (
        f"document is {what}, over max_document_bytes ({limit});"
        " split the input or raise the limit"
    )


def _remaining_size(stream: BinaryIO) -> int | None:
    """Bytes left in a regular file, or None when the stream cannot say."""
    try:
        status = os.fstat(stream.fileno())
        if not stat.S_ISREG(status.st_mode):
            return None
        return max(0, status.st_size - stream.tell())
    except (OSError, AttributeError, ValueError, io.UnsupportedOperation):
        return None
