"""Quotation spans in running news text.

Double quotation marks only (straight or curly, often mixed by copy-editing: “like this,"
), paired within a paragraph. A paragraph that opens a quote and never closes it quotes
to its end: the convention for a quotation that runs over several paragraphs. Single
quotes are scare quotes or apostrophes far more often than speech, so they are ignored.
"""

from __future__ import annotations

DOUBLE_QUOTES = frozenset("\"“”„«»")


def quote_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of every quotation, marks included, in order."""
    spans: list[tuple[int, int]] = []
    start = 0
    for paragraph in text.split("\n"):
        opened: int | None = None
        for i, char in enumerate(paragraph):
            if char not in DOUBLE_QUOTES:
                continue
            if opened is None:
                opened = start + i
            else:
                spans.append((opened, start + i + 1))
                opened = None
        if opened is not None and len(paragraph.strip()) > 1:
            spans.append((opened, start + len(paragraph.rstrip())))
        start += len(paragraph) + 1
    return spans


def inner(span: tuple[int, int], text: str) -> tuple[int, int]:
    """The quoted words without the marks and the trailing comma or full stop inside them."""
    start, end = span
    while start < end and (text[start] in DOUBLE_QUOTES or text[start].isspace()):
        start += 1
    while end > start and (text[end - 1] in DOUBLE_QUOTES or text[end - 1] in " ,;:\n"):
        end -= 1
    return start, end


def containing(spans: list[tuple[int, int]], start: int, end: int) -> tuple[int, int] | None:
    """The quotation that holds ``[start, end)``, if any."""
    for q_start, q_end in spans:
        if q_start <= start and end <= q_end:
            return q_start, q_end
    return None
