"""Invisible format characters that hostile names use to spoof what a reader sees.

A bidirectional override (U+202E) makes "sretueR" display as "Reuters"; a zero-width
space or word joiner inside "Reu\u2060ters" makes two strings that look the same compare
different. Matching keys drop both kinds, names shown (outlets, titles) drop the bidi
controls; the stored article text keeps them, because claims point into it by offsets.
"""

from __future__ import annotations

import re

__all__ = ["BIDI_CONTROLS", "INVISIBLE", "strip_bidi", "strip_invisible"]

# Bidi embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069) and the implicit
# marks LRM, RLM and ALM: what can reorder the text shown around a name.
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")

# For matching keys also zero-width space, non-joiner and joiner, word joiner, the
# invisible operators, and a BOM used as a zero-width no-break space.
INVISIBLE = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\u200b-\u200d\u2060-\u2064\ufeff]")


def strip_bidi(text: str) -> str:
    """``text`` without bidirectional controls (for names shown; joiners stay, Persian needs them)."""
    return BIDI_CONTROLS.sub("", text)


def strip_invisible(text: str) -> str:
    """``text`` without bidirectional controls and zero-width characters."""
    return INVISIBLE.sub("", text)
