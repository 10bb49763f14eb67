from __future__ import annotations

import io
import os
import tracemalloc
import zlib
from pathlib import Path

import pytest

from claimgraph.errors import InputError, TooLargeError, UnsafeInputError
from claimgraph.ingest.compression import maybe_gunzip, read_capped, read_head, rewind
from claimgraph.settings import Settings

from .samples import REPORT, gz


def _inflate(data: bytes, settings: Settings | None = None) -> bytes:
    stream = maybe_gunzip("in.gz", io.BytesIO(data), settings or Settings())
    return stream.read()


def test_gunzip_roundtrip() -> None:
    data = REPORT.encode() * 50
    assert _inflate(gz(data)) == data


def test_gunzip_multi_member_and_nul_padding() -> None:
    data = gz(b"first member\n") + gz(b"second member\n") + b"\x00" * 16
    assert _inflate(data) == b"first member\nsecond member\n"


def test_plain_stream_passes_through_unchanged() -> None:
    class Pipe(io.RawIOBase):  # not seekable, like stdin
        def __init__(self, data: bytes) -> None:
            self._data = io.BytesIO(data)

        def readable(self) -> bool:
            return True

        def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
            chunk = self._data.read(len(buffer))
            buffer[: len(chunk)] = chunk
            return len(chunk)

    stream = maybe_gunzip("p", io.BufferedReader(Pipe(b"plain words")), Settings())
    assert stream.read() == b"plain words"


def test_gzip_bomb_refused_by_ratio() -> None:
    bomb = gz(b"\x00" * (20 * 1024 * 1024))  # ~20 KB that inflates 1000-fold
    tracemalloc.start()
    try:
        with pytest.raises(UnsafeInputError, match="gzip bomb.*max_decompression_ratio") as caught:
            _inflate(bomb)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert caught.value.path == "in.gz"
    assert caught.value.code == "E002"
    assert peak < 8 * 1024 * 1024


def test_gzip_bomb_refused_by_size() -> None:
    incompressible = os.urandom(300_000)
    settings = Settings(max_decompressed_bytes=100_000)
    with pytest.raises(UnsafeInputError, match="max_decompressed_bytes"):
        _inflate(gz(incompressible), settings)


def test_truncated_gzip_keeps_complete_part() -> None:
    data = b"".join(f"line {n} of a long export\n".encode() for n in range(20_000))
    cut = gz(data)[:-4000]
    stream = maybe_gunzip("cut.gz", io.BytesIO(cut), Settings())
    received = bytearray()
    with pytest.raises(InputError, match=r"truncated gzip stream after \d+ bytes") as caught:
        while chunk := stream.read(1000):
            received += chunk
    assert caught.value.path == "cut.gz"
    assert len(received) > len(data) // 2
    assert data.startswith(bytes(received))


def test_corrupt_gzip_is_input_error() -> None:
    broken = bytearray(gz(REPORT.encode() * 20))
    broken[20:40] = b"\xff" * 20
    with pytest.raises(InputError, match="corrupt gzip"):
        _inflate(bytes(broken))


def test_trailing_garbage_after_member_is_input_error() -> None:
    with pytest.raises(InputError, match="after gzip member 1"):
        _inflate(gz(b"fine\n") + b"garbage that is not gzip")


def test_read_capped_refuses_large_file_without_reading(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_bytes(b"x" * 5000)
    with big.open("rb") as stream:
        with pytest.raises(TooLargeError, match="5000 bytes"):
            read_capped(str(big), stream, 1000)
        assert stream.tell() == 0


def test_read_capped_stream_reads_at_most_limit_plus_one() -> None:
    stream = io.BytesIO(b"y" * 5000)  # no file descriptor, so no size to ask for
    with pytest.raises(TooLargeError, match="more than 1000 bytes"):
        read_capped("s", stream, 1000)
    assert stream.tell() == 1001


def test_read_capped_at_limit_is_fine() -> None:
    assert read_capped("s", io.BytesIO(b"z" * 1000), 1000) == b"z" * 1000


def test_rewind_puts_head_back_on_unseekable_stream() -> None:
    raw = io.BufferedReader(io.BytesIO(zlib.compress(b"")))  # any bytes
    raw.seekable = lambda: False  # type: ignore[method-assign]
    head = read_head(raw, 3)
    assert rewind(head, raw).read() == zlib.compress(b"")
