"""The dateline: where a report was filed ("Damascus, Syria", "KOSTI, March 12 (GWS) -")."""

from __future__ import annotations

import re

# A first line that is only a place ("Damascus, Syria"), or a wire dateline that opens
# the first paragraph ("KOSTI, March 12 (GWS) -", "GAZA CITY (AP) —", "ISTANBUL:").
_NAME = r"[A-Z][\w'’-]*(?: (?:al-|el-)?[A-Z][\w'’-]*){0,3}"
_PLACE_LINE = re.compile(rf"\A\s*({_NAME}(?:, {_NAME})?)[ \t]*\n[ \t]*\n")
_WIRE = re.compile(
    r"\A\s*([A-Z][A-Z'’ -]{2,40})(?:,\s*[A-Z][a-z]{2,9}\.? \d{1,2})?\s*(?:\([^)]{1,40}\))?\s*[-–—:]"
)


def find_dateline(text: str) -> tuple[str, tuple[int, int]] | None:
    """The place named by the dateline, as written, with its character span."""
    for pattern in (_PLACE_LINE, _WIRE):
        found = pattern.match(text)
        if found:
            place = found.group(1).strip()
            start = found.start(1) + (len(found.group(1)) - len(found.group(1).lstrip()))
            return place, (start, start + len(place))
    return None
