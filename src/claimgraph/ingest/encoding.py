"""Bytes to text, in the order that is most often right for news pages and exports.

Byte-order marks are certain, a declared charset is usually right, strict UTF-8 almost
never decodes text that is not UTF-8, and only then do we guess (charset-normalizer).
Text that still looks binary (NUL bytes, many control characters) is refused with a
named :class:`EncodingError` rather than stored as mojibake.
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

from claimgraph.errors import EncodingError

__all__ = ["charset_from_content_type", "declared_charset", "decode"]

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE: FF FE 00 00 starts with FF FE
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Browsers read these labels as windows-1252 (WHATWG Encoding); so do we, when it decodes.
_AS_CP1252 = {"latin_1", "iso8859_1", "ascii"}
_MAX_CONTROL_RATIO = 0.01
_CONTROL = re.compile("[\x00-\x08\x0e-\x1a\x1c-\x1f]")  # not tab, newlines, form feed, ESC

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9_.:-]+)["']""")
_CT_CHARSET = re.compile(r"""charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.I)


def decode(data: bytes, location: str, declared: str | None = None) -> str:
    """Decode ``data`` as text: BOM, then ``declared``, then UTF-8, then a guess.

    Args:
        data: the raw bytes of one document or record.
        location: names the input in the error message.
        declared: a charset the container declared (HTTP header, meta tag, XML prolog).

    Raises:
        EncodingError: the bytes are binary or in no plausible encoding.
    """
    text = _decode_bom(data, location)
    if text is None and declared:
        text = _decode_declared(data, declared)
    if text is None:
        if b"\x00" in data:
            raise EncodingError(location, _binary_reason("NUL bytes"))
        text = _decode_strict(data, "utf-8") or _guess(data)
    if text is None:
        raise EncodingError(
            location,
            "the bytes are neither UTF-8 nor any encoding charset-normalizer can identify;"
            " re-save the file as UTF-8 or declare its charset",
        )
    _refuse_binary(text, location)
    return text


def declared_charset(head: bytes) -> str | None:
    """The charset a page or XML document declares in its first bytes, if any."""
    match = _XML_ENCODING.search(head) or _META_CHARSET.search(head)
    return match.group(1).decode("ascii").lower() if match else None


def charset_from_content_type(value: str | None) -> str | None:
    """The ``charset=`` parameter of a Content-Type header, if any."""
    match = _CT_CHARSET.search(value or "")
    return match.group(1).lower() if match else None


def _decode_bom(data: bytes, location: str) -> str | None:
    """Decode by byte-order mark. A UTF-8 BOM is certain, so bad bytes after it are an
    error; FF FE or FE FF followed by what is no UTF-16/32 are just two bytes of a legacy
    text ("ÿþ" in Latin-1), so detection goes on without them being a mark."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec)
            except UnicodeDecodeError as exc:
                if codec != "utf-8-sig":
                    return None
                raise EncodingError(
                    location, f"the file starts with a {codec} byte-order mark but {exc.reason}"
                ) from exc
    return None


def _decode_declared(data: bytes, declared: str) -> str | None:
    """Decode with a declared charset when it is known and decodes without errors."""
    try:
        name = codecs.lookup(declared).name
    except LookupError:
        return None
    if name.replace("-", "_") in _AS_CP1252:
        return _decode_strict(data, "cp1252") or _decode_strict(data, name)
    return _decode_strict(data, name)


def _decode_strict(data: bytes, codec: str) -> str | None:
    """``data`` decoded strictly, or None."""
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def _guess(data: bytes) -> str | None:
    """charset-normalizer's best guess, or None when it finds nothing plausible."""
    best = from_bytes(data).best()
    if best is None or best.encoding.startswith(("utf_16", "utf_32")):
        return None  # BOM-less UTF-16/32 guesses on binary data are noise
    return str(best)


def _refuse_binary(text: str, location: str) -> None:
    """Raise when decoded text still looks like binary data."""
    if "\x00" in text:
        raise EncodingError(location, _binary_reason("NUL characters"))
    controls = sum(1 for _ in _CONTROL.finditer(text))
    if controls > max(1, len(text) * _MAX_CONTROL_RATIO):
        raise EncodingError(location, _binary_reason(f"{controls} control characters"))


def _binary_reason(what: str) -> str:
    return f"binary data, not text ({what}); check that this is the file you meant to read"
