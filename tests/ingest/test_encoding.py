from __future__ import annotations

import codecs
import random

import pytest

from claimgraph.errors import EncodingError
from claimgraph.ingest.encoding import charset_from_content_type, declared_charset, decode

from .samples import ARABIC, FRENCH, REPORT


def test_decode_plain_utf8() -> None:
    assert decode(ARABIC.encode("utf-8"), "a.txt") == ARABIC


@pytest.mark.parametrize(
    ("bom", "codec"),
    [
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
        (codecs.BOM_UTF32_LE, "utf-32-le"),
        (codecs.BOM_UTF32_BE, "utf-32-be"),
    ],
)
def test_decode_bom_wins_and_is_stripped(bom: bytes, codec: str) -> None:
    data = bom + FRENCH.encode(codec)
    assert decode(data, "bom.txt", declared="iso-8859-6") == FRENCH


def test_decode_cp1256_arabic_guessed() -> None:
    assert decode(ARABIC.encode("cp1256"), "arabic.txt") == ARABIC


def test_decode_cp1256_arabic_declared() -> None:
    assert decode(ARABIC.encode("cp1256"), "arabic.html", declared="windows-1256") == ARABIC


@pytest.mark.parametrize("codec", ["cp1252", "latin-1"])
def test_decode_western_single_byte_guessed(codec: str) -> None:
    text = FRENCH.replace("«", '"').replace("»", '"') if codec == "latin-1" else FRENCH
    assert decode(text.encode(codec), "fr.txt") == text


def test_decode_declared_latin1_is_read_as_cp1252() -> None:
    """Pages that say ISO-8859-1 but use curly quotes (cp1252 bytes 0x93/0x94)."""
    text = "The ministry called it \u201cfalse\u201d \u2013 and moved on.\n"
    assert decode(text.encode("cp1252"), "q.html", declared="ISO-8859-1") == text


def test_decode_wrong_declaration_falls_back() -> None:
    """A page declaring UTF-8 that is really cp1256 is still read correctly."""
    assert decode(ARABIC.encode("cp1256"), "a.html", declared="utf-8") == ARABIC


def test_decode_unknown_declared_charset_is_ignored() -> None:
    assert decode(REPORT.encode("utf-8"), "a.html", declared="x-no-such-charset") == REPORT


def test_decode_random_bytes_is_encoding_error() -> None:
    rng = random.Random(8)
    data = bytes(rng.randrange(0x80, 0x100) for _ in range(2000))
    with pytest.raises(EncodingError) as caught:
        decode(data, "noise.txt")
    assert caught.value.path == "noise.txt"
    assert "noise.txt" in str(caught.value)
    assert caught.value.code == "E004"


def test_decode_nul_bytes_are_binary() -> None:
    with pytest.raises(EncodingError, match="NUL"):
        decode(b"Homs\x00\x00\x00falls" * 10, "bin.txt")


def test_decode_control_characters_are_binary() -> None:
    with pytest.raises(EncodingError, match="control characters"):
        decode(b"\x01\x02\x03\x04 some words \x05\x06\x07\x08" * 10, "ctl.txt")


def test_decode_bad_bytes_after_bom_is_error() -> None:
    with pytest.raises(EncodingError, match="byte-order mark"):
        decode(codecs.BOM_UTF8 + b"ok \xff\xfe broken", "bom.txt")


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (b'<html><head><meta charset="windows-1256">', "windows-1256"),
        (b"<meta charset=ISO-8859-1>", "iso-8859-1"),
        (
            b'<meta http-equiv="Content-Type" content="text/html; charset=KOI8-R">',
            "koi8-r",
        ),
        (b'<?xml version="1.0" encoding="Windows-1252"?><rss/>', "windows-1252"),
        (b"<html><head><title>none</title>", None),
    ],
)
def test_declared_charset(head: bytes, expected: str | None) -> None:
    assert declared_charset(head) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("text/html; charset=UTF-8", "utf-8"),
        ('text/html; charset="windows-1256"', "windows-1256"),
        ("text/html", None),
        (None, None),
    ],
)
def test_charset_from_content_type(value: str | None, expected: str | None) -> None:
    assert charset_from_content_type(value) == expected


def test_ff_fe_before_what_is_no_utf16_is_no_byte_order_mark() -> None:
    """Two bytes that look like a UTF-16 mark before an odd-length legacy text were refused
    as "truncated data"; detection goes on instead."""
    text = decode(b"\xff\xfeThe harbour police said the ferry to Cape Orre had resumed.", "odd.txt")
    assert text.endswith("the ferry to Cape Orre had resumed.")
    assert decode(codecs.BOM_UTF16_LE + "Kerewa".encode("utf-16-le"), "ok.txt") == "Kerewa"
