"""Time expressions against TimeML gold: TIMEX3 DATE/TIME values, exact at gold granularity.

Any TimeML corpus works (TempEval-3's TimeBank and AQUAINT, or the news-relative files in
``devsets/timeml/``): each ``.tml`` file's document creation time (the TIMEX3 whose
``functionInDocument`` is ``CREATION_TIME``) anchors :func:`claimgraph.time.resolver.find_times`
on the plain text of its ``TEXT`` element. A gold DATE or TIME expression is *found* when
one of ours overlaps it, and *right* when our interval, written as a TIMEX3 value
(:func:`timex_value`), equals the gold value at the gold's granularity: a day we resolve
is right for a gold month that holds it ("exact at gold granularity"), a month is wrong
for a gold day. Scored: fully specified values (``1998-01-08``, ``1998-W02``, ``1998-SU``,
``1998-01-08TMO``, ``1998-01-08T14:30``) and ``PRESENT_REF``; durations, sets and values
with unknown digits (``XXXX-XX-XX``) are counted as skipped.

The XML is parsed by defusedxml: no entity expansion, no external DTD.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from claimgraph.errors import InputError
from claimgraph.time.resolver import TimeRef

_SCORED = re.compile(r"^(?:\d{4}(?:-(?:\d{2}(?:-\d{2}(?:T(?:MO|AF|EV|NI|\d{2}(?::\d{2})?))?)?|W\d{2}|SP|SU|FA|WI))?"
                     r"|PRESENT_REF)$")
_SEASONS = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}  # TimeML's season codes by first month


@dataclass(frozen=True, slots=True)
class Gold:
    """One TIMEX3 of a file: its text, character span in the plain text, type and value."""

    file: str
    text: str
    span: tuple[int, int]
    type: str
    value: str


@dataclass(frozen=True, slots=True)
class TimemlDoc:
    """A TimeML file as plain text with its creation time and gold expressions."""

    name: str
    text: str
    created: datetime
    gold: tuple[Gold, ...]


@dataclass(frozen=True, slots=True)
class Outcome:
    gold: Gold
    got: str | None  # our value at the gold's granularity; None when nothing overlaps

    @property
    def right(self) -> bool:
        return self.got == self.gold.value


@dataclass(slots=True)
class Result:
    files: int = 0
    skipped: int = 0  # gold DATE/TIME expressions whose value is not scored (module doc)
    outcomes: list[Outcome] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # files that could not be read, each named

    @property
    def found(self) -> int:
        return sum(1 for o in self.outcomes if o.got is not None)

    @property
    def right(self) -> int:
        return sum(1 for o in self.outcomes if o.right)

    def as_dict(self) -> dict[str, Any]:
        return {"files": self.files, "errors": self.errors, "scored": len(self.outcomes), "skipped": self.skipped,
                "found": self.found, "right": self.right,
                "exact": round(self.right / len(self.outcomes), 3) if self.outcomes else None,
                "misses": [{"file": o.gold.file, "text": o.gold.text, "gold": o.gold.value, "got": o.got}
                           for o in self.outcomes if not o.right]}


def load(path: Path) -> TimemlDoc:
    """One TimeML file (InputError naming the file if it is not TimeML we can read)."""
    try:
        root = fromstring(path.read_bytes(), forbid_dtd=False)
    except (DefusedXmlException, SyntaxError, ValueError) as err:
        raise InputError(str(path), f"not well-formed TimeML: {err}") from err
    created = _creation_time(root, path)
    text_el = root.find("TEXT")
    if text_el is None:
        raise InputError(str(path), "no TEXT element")
    parts: list[str] = []
    found: list[tuple[Element, int, int]] = []
    _flatten(text_el, parts, found)
    gold = tuple(Gold(path.name, "".join(parts)[s:e], (s, e), el.get("type", ""), el.get("value", ""))
                 for el, s, e in found if el.tag == "TIMEX3")
    return TimemlDoc(path.name, "".join(parts), created, gold)


def _creation_time(root: Element, path: Path) -> datetime:
    for el in root.iter("TIMEX3"):
        if el.get("functionInDocument") == "CREATION_TIME":
            value = el.get("value", "")
            try:
                parsed = datetime.fromisoformat(value[:19])
            except ValueError as err:
                raise InputError(str(path), f"creation time {value!r} is not a date") from err
            return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed
    raise InputError(str(path), "no TIMEX3 with functionInDocument=CREATION_TIME")


def _flatten(el: Element, parts: list[str], found: list[tuple[Element, int, int]]) -> None:
    """Plain text of ``el`` and the character span of every element inside it."""
    parts.append(el.text or "")
    for child in el:
        start = sum(map(len, parts))
        _flatten(child, parts, found)
        found.append((child, start, sum(map(len, parts))))
        parts.append(child.tail or "")


def timex_value(ref: TimeRef, like: str) -> str:
    """Our interval as a TIMEX3 value at the granularity of the gold value ``like`` where
    ours is as fine or finer, else at our own granularity (which then cannot match)."""
    start = ref.start.astimezone(UTC).replace(tzinfo=None)
    if ref.granularity == "present":
        return "PRESENT_REF"
    if like == "PRESENT_REF":
        return _own(ref, start)
    rank = {"year": 0, "season": 1, "month": 1, "week": 2, "days": 3, "day": 3, "part-of-day": 4,
            "hour": 5, "minute": 5, "reported": 3}.get(ref.granularity, 3)
    if re.fullmatch(r"\d{4}", like) and rank >= 0:
        return f"{start:%Y}"
    if re.fullmatch(r"\d{4}-(?:SP|SU|FA|WI)", like) and ref.granularity in ("season", "month", "day", "days"):
        return _season(start)
    if re.fullmatch(r"\d{4}-\d{2}", like) and rank >= 1 and ref.granularity not in ("season", "week"):
        return f"{start:%Y-%m}"
    if re.fullmatch(r"\d{4}-W\d{2}", like) and rank >= 2:
        year, week, _ = start.isocalendar()
        return f"{year}-W{week:02d}"
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", like) and rank >= 3:
        return f"{start:%Y-%m-%d}"
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}T(?:MO|AF|EV|NI)", like) and rank >= 4:
        return f"{start:%Y-%m-%d}T{_part(ref)}"
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}(?::\d{2})?", like) and rank >= 5:
        return f"{start:%Y-%m-%dT%H:%M}"[: len(like)]
    return _own(ref, start)


def _own(ref: TimeRef, start: datetime) -> str:
    """Our interval at its own granularity."""
    g = ref.granularity
    if g == "year":
        return f"{start:%Y}"
    if g == "season":
        return _season(start)
    if g == "month":
        return f"{start:%Y-%m}"
    if g == "week":
        year, week, _ = start.isocalendar()
        return f"{year}-W{week:02d}"
    if g == "part-of-day":
        return f"{start:%Y-%m-%d}T{_part(ref)}"
    if g in ("hour", "minute"):
        return f"{start:%Y-%m-%dT%H:%M}"
    return f"{start:%Y-%m-%d}"


def _season(start: datetime) -> str:
    """The TimeML season holding ``start`` (a winter belongs to the year of its December)."""
    code = next((c for c, first in sorted(_SEASONS.items(), key=lambda kv: -kv[1]) if start.month >= first), "WI")
    return f"{start.year - 1 if start.month < 3 else start.year}-{code}"


def _part(ref: TimeRef) -> str:
    """TimeML's part of day: a span from the evening past midnight is the night."""
    hour = ref.start.astimezone(UTC).hour
    if hour < 4 or hour >= 21 or hour >= 18 and ref.end - ref.start > timedelta(hours=6):
        return "NI"
    return "MO" if hour < 12 else "AF" if hour < 17 else "EV"


def score(doc: TimemlDoc, refs: Sequence[TimeRef], result: Result) -> None:
    """Add one document's outcomes to ``result``."""
    spanned = [r for r in refs if r.span is not None]
    for g in doc.gold:
        if g.type not in ("DATE", "TIME") or not _SCORED.match(g.value):
            result.skipped += 1
            continue
        over = [r for r in spanned if r.span[0] < g.span[1] and g.span[0] < r.span[1]]  # type: ignore[index]
        best = max(over, key=lambda r: min(r.span[1], g.span[1]) - max(r.span[0], g.span[0]),  # type: ignore[index]
                   default=None)
        if best is not None and best.span is not None and re.match(r"(?i:from|between)\b", best.text or "") \
                and g.span[0] > (best.span[0] + best.span[1]) / 2:
            # the far end of a range we read as one ("from 1996 to 2001"): its last moment
            best = TimeRef(best.end - timedelta(microseconds=1), best.end, best.text, best.span, best.granularity)
        result.outcomes.append(Outcome(g, timex_value(best, g.value) if best is not None else None))


def files(paths: Iterable[Path]) -> Iterator[Path]:
    for path in paths:
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*.tml") if p.is_file())
        else:
            yield path


def run(paths: Iterable[Path]) -> Result:
    """Score every ``.tml`` file under ``paths`` with the pipeline's parser; a file that is
    not TimeML is named in ``errors`` and the others are scored."""
    from claimgraph.nlp.pipeline import build
    from claimgraph.time.resolver import find_times

    nlp = build()
    result = Result()
    for path in files(paths):
        try:
            doc = load(path)
        except InputError as err:
            result.errors.append(str(err))
            continue
        result.files += 1
        score(doc, find_times(nlp(doc.text), doc.created), result)
    return result

