"""Which reader a file needs: its first bytes decide, its extension only breaks ties.

Names lie (an HTML page saved as ``.txt``, a PNG renamed ``.html``), so content comes
first; the extension decides only for content that could be several formats (plain
text, an XML prolog, an empty file).
"""

from __future__ import annotations

import codecs
import json
import re

from claimgraph.errors import UnsupportedFormatError

__all__ = ["FORMATS", "HEAD_BYTES", "sniff"]

FORMATS = ("text", "html", "feed", "warc", "jsonl")
HEAD_BYTES = 8192

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x1f\x8b", "gzip data inside gzip"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (also docx, xlsx, epub)"),
    (b"PK\x05\x06", "an empty ZIP archive"),
    (b"BZh", "bzip2 data"),
    (b"\xfd7zXZ\x00", "xz data"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"\x28\xb5\x2f\xfd", "zstd data"),
    (b"\x7fELF", "an executable"),
)
_EXTENSIONS = {
    ".txt": "text", ".text": "text", ".md": "text", ".markdown": "text",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".xml": "feed", ".rss": "feed", ".atom": "feed", ".rdf": "feed",
    ".jsonl": "jsonl", ".ndjson": "jsonl",
    ".warc": "warc", ".arc": "warc",
}  # fmt: skip
_FEED_ROOTS = {"rss", "feed", "rdf:rdf", "rdf"}
_HTML_ROOTS = {"html", "head", "body"}
_TAG = re.compile(r"<([A-Za-z][\w:.-]*)")
_HTML_ANYWHERE = re.compile(r"<(html|head|body)[\s>]", re.I)
_BINARY_CONTROL_RATIO = 0.02


def sniff(head: bytes, name: str) -> str:
    """The format of a file from its first bytes (up to :data:`HEAD_BYTES`) and name.

    Args:
        head: the first bytes of the (already decompressed) content.
        name: the file name or path, used for the extension and in errors.

    Returns:
        One of ``"text"``, ``"html"``, ``"feed"``, ``"warc"``, ``"jsonl"``.

    Raises:
        UnsupportedFormatError: binary data, a known non-text format, or an unknown type.
    """
    for magic, what in _MAGIC:
        if head.startswith(magic):
            raise UnsupportedFormatError(name, f"this is {what}, not a format claimgraph reads")
    if head.startswith((b"WARC/", b"filedesc://")):
        return "warc"
    text = _head_text(head, name)
    found = _by_markup(text, extension(name)) or _by_json(text)
    if found:
        return found
    return _by_extension(name)


def extension(name: str) -> str:
    """The meaningful extension of ``name``, lower-cased, ignoring a trailing ``.gz``."""
    base = name.rsplit("/", 1)[-1].lower()
    if base.endswith(".gz"):
        base = base[: -len(".gz")]
    dot = base.rfind(".")
    return base[dot:] if dot > 0 else ""


def _head_text(head: bytes, name: str) -> str:
    """The head decoded leniently, or an error when it is plainly binary."""
    for bom, codec in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                       (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                       (codecs.BOM_UTF16_BE, "utf-16")):  # fmt: skip
        if head.startswith(bom):
            return head.decode(codec, errors="ignore")
    if head.startswith(b"<\x00") or head.startswith(b"\x00<"):
        return head.decode("utf-16-le" if head[0] == 0x3C else "utf-16-be", errors="ignore")
    if b"\x00" in head:
        raise UnsupportedFormatError(name, "binary data, not text (NUL bytes near the start)")
    controls = sum(1 for byte in head if byte < 0x20 and byte not in b"\t\n\r\f\v\x1b")
    if head and controls > len(head) * _BINARY_CONTROL_RATIO:
        raise UnsupportedFormatError(name, "binary data, not text (control bytes near the start)")
    return head.decode("utf-8", errors="replace")


def _by_markup(text: str, ext: str) -> str | None:
    """"feed" or "html" from the root element or an HTML doctype; None if not markup."""
    stripped = text.lstrip()
    if not stripped.startswith("<"):
        return None
    root = _root_element(stripped)
    if root in _FEED_ROOTS:
        return "feed"
    if root in _HTML_ROOTS or stripped[:14].lower() == "<!doctype html":
        return "html"
    if _HTML_ANYWHERE.search(stripped):
        return "html"
    if stripped.startswith("<?xml") and _EXTENSIONS.get(ext) in ("feed", "html"):
        return _EXTENSIONS[ext]
    return None


def _root_element(text: str) -> str | None:
    """The first element name after the prolog (declaration, comments, doctype)."""
    pos = 0
    while pos < len(text):
        while pos < len(text) and text[pos].isspace():
            pos += 1
        if text.startswith("<?", pos):
            pos = _after(text, "?>", pos)
        elif text.startswith("<!--", pos):
            pos = _after(text, "-->", pos)
        elif text.startswith("<!", pos):
            bracket, close = text.find("[", pos), text.find(">", pos)
            pos = _after(text, "]>" if -1 < bracket < close else ">", pos)
        else:
            match = _TAG.match(text, pos)
            return match.group(1).lower() if match else None
    return None


def _after(text: str, marker: str, pos: int) -> int:
    found = text.find(marker, pos)
    return len(text) if found < 0 else found + len(marker)


def _by_json(text: str) -> str | None:
    """"jsonl" when the first non-blank line is (or starts like) a JSON object."""
    stripped = text.lstrip()
    if not stripped.startswith("{"):
        return None
    line, newline, _ = stripped.partition("\n")
    if not newline:  # the first line runs past the head: judge by how it starts
        return "jsonl" if re.match(r'\{\s*"', line) else None
    try:
        return "jsonl" if isinstance(json.loads(line), dict) else None
    except (ValueError, RecursionError):
        return None


def _by_extension(name: str) -> str:
    ext = extension(name)
    if ext in _EXTENSIONS:
        return _EXTENSIONS[ext]
    if ext == "":
        return "text"
    raise UnsupportedFormatError(
        name,
        f"unsupported file type {ext!r}: claimgraph reads .txt, .md, .html, RSS/Atom"
        " (.xml, .rss, .atom), .warc/.arc and .jsonl (optionally .gz)",
    )
