"""Time expressions of a news report, resolved against the report's publication time.

News dates events relative to the day it appears ("on Sunday", "overnight", "two days after
..."), and en_core_web_sm labels them unreliably (four entities for "the early hours of
Sunday morning (Dec 8)", none for "overnight"). So a grammar of regular expressions finds
the pieces (*atoms*: weekday, date, part of the day, ...), pieces joined only by "on", "of",
commas or brackets become one expression, and each resolves to ``[start, end)`` in UTC.
DATE/TIME entities the grammar misses go to dateparser (slow: only those, cached).

Conventions, because a report rarely says which clock it means:
* Days follow the publication's calendar day. Times of day without a zone ("Sunday
  morning", "at 06:00 local time") are wall-clock times *written as UTC*, since the local
  zone is unknown; granularity "part-of-day" or "hour" says how loose they are. Only an
  explicit zone ("06:00 GMT", "+02:00") converts to true UTC ("minute").
* Past tense, the default of news, takes the most recent weekday or yearless date on or
  before the publication day; future tense ("will", "vowed to") the next; present the
  nearest. A past-tense event never lands after the publication time (unless the text
  writes the year out: "on 1 June 2030" is kept as written).
* A publication time of exactly midnight means a date without a time: "now" is its end.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from functools import lru_cache
from typing import NamedTuple

from spacy.tokens import Doc, Token

from claimgraph.nlp.table import token_table

UTC = timezone.utc
_DAY_LEN = timedelta(days=1)
_POINT = frozenset({"minute", "hour", "part-of-day", "day"})
_FAR = 99  # parse edges: "not above"

# --- the grammar ----------------------------------------------------------------------

_MONTHS = {m: i for i, m in enumerate("january february march april may june july august september "
                                       "october november december".split(), 1)}
_MONTHS.update({k[:3]: v for k, v in _MONTHS.items()} | {"sept": 9})
_WEEKDAYS = {d: i for i, d in enumerate("monday tuesday wednesday thursday friday saturday sunday".split())}
_NUMBERS = {w: i for i, w in enumerate("zero one two three four five six seven eight nine ten eleven twelve".split())}
_NUMBERS.update({"a": 1, "an": 1, "few": 3, "several": 4, "couple": 2, "fifteen": 15, "twenty": 20,
                 "thirty": 30, "twenty-four": 24, "forty-eight": 48, "seventy-two": 72})
_UNIT_HOURS = {"hour": 1, "day": 24, "week": 168, "month": 720, "year": 8760}
_ZONES = {"gmt": 0, "utc": 0, "z": 0, "est": -5, "edt": -4, "cst": -6, "cdt": -5, "mst": -7,
          "mdt": -6, "pst": -8, "pdt": -7, "bst": 1, "cet": 1, "cest": 2, "eet": 2, "eest": 3,
          "msk": 3, "eat": 3, "wat": 1, "cat": 2}

_WD = r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|(?:MON|TUES|WEDNES|THURS|FRI|SATUR|SUN)DAY"
_MONFULL = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
_MON = rf"(?:{_MONFULL}\b|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\b\.?)"
_DAY = r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:1[89]\d\d|20\d\d)"
_NUM = (r"(?:\d{1,3}|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|"
        r"twenty-four|forty-eight|seventy-two|twenty|thirty|(?:a\s+)?few|several|(?:a\s+)?couple\s+of)")
_UNIT = r"(?:hours?|days?|weeks?|months?|years?)"
_ZONE = (r"(?:\s*(?:\(?(?:GMT|UTC)(?:\s*[+-]\s*\d{1,2}(?::?\d{2})?)?\)?|Z\b|[+-][01]\d:?[0-5]\d|"
         r"(?:EST|EDT|CST|CDT|MST|MDT|PST|PDT|BST|CET|CEST|EET|EEST|MSK|EAT|WAT|CAT)\b))?")
_AMPM = r"(?:[ap]\.m\.|[ap]m\b|[AP]M\b)"

_ATOMS = (  # order matters: the first alternative that matches at a position wins
    ("iso", r"\b\d{4}-[01]\d-[0-3]\d(?:[T ][0-2]\d:[0-5]\d(?::[0-5]\d(?:\.\d+)?)?"
            r"(?:Z|[+-][0-2]\d:?[0-5]\d)?)?(?!\w)"),
    ("drange", rf"\b{_DAY}\s*(?:-|–|—|to)\s*{_DAY}\s+{_MON}(?:,?\s+{_YEAR}\b)?"
               rf"|\b{_MON}\s+{_DAY}\s*(?:-|–|—)\s*{_DAY}\b(?:,?\s+{_YEAR}\b)?"),
    ("date", rf"\b{_MON}\s+{_DAY}\b(?:,?\s+{_YEAR}\b)?|\b{_DAY}(?:\s+of)?\s+{_MON}(?:,?\s+{_YEAR}\b)?"),
    ("monthyear", rf"\b{_MON}\s+{_YEAR}\b"),
    ("clock", rf"\b(?:(?:[01]?\d|2[0-3]):[0-5]\d(?:\s*{_AMPM})?|(?:1[0-2]|0?[1-9])\s*{_AMPM}"
              rf"|(?:[01]\d|2[0-3])[0-5]\d\s*(?=GMT|UTC|hrs\b)(?:hrs\b)?){_ZONE}"),
    ("offset", rf"(?i:\b{_NUM}\s+{_UNIT}\s+(?:ago|earlier|later|before|after|previously)\b"
               r"|\bthe\s+(?:previous|next|following|same)\s+day\b|\bthe\s+day\s+(?:before|after)\b)"),
    ("within", rf"(?i:\bwithin\s+(?:the\s+)?(?:(?:next|past|last|first)\s+)?(?:{_NUM}\s+)?{_UNIT}\b)"),
    ("window", rf"(?i:\b(?:in|over|during|for)\s+the\s+(?:last|past|previous|coming|next)\s+"
               rf"(?:{_NUM}\s+)?{_UNIT}\b|\b(?:in|over)\s+recent\s+(?:days|weeks|months)\b)"),
    ("period", r"(?i:\b(?:(?:earlier|later)\s+)?(?:last|this|next|past|previous|coming)\s+"
               r"(?:week(?:end)?|month|year)\b)"),
    ("relday", r"(?i:\b(?:the\s+day\s+before\s+yesterday|yesterday|today|tomorrow|tonight|overnight"
               r"|last\s+night|this\s+(?:morning|afternoon|evening))\b)"),
    ("hours", r"(?i:\b(?:the\s+)?(?:early|small|wee)\s+hours(?:\s+of)?\b|\bpre-?dawn\b|\bbefore\s+dawn\b)"),
    ("wd", rf"\b(?:(?i:last|next|this(?:\s+coming)?|past)\s+)?(?:{_WD})\b"),
    ("present", r"(?i:\b(?:right\s+now|now|currently|presently|nowadays|at\s+present|at\s+the\s+moment)\b)(?!-)"),
    ("season", rf"(?i:\b(?:(?:the\s+)?(?:last|this|next|past|coming)\s+)?(?:the\s+)?"
               rf"(?:spring|summer|autumn|winter|fall)\b(?:\s+of\s+{_YEAR}\b)?)"),
    ("edge", r"(?i:\b(?:the\s+)?(?:end|start|beginning|middle)\s+of\s+(?:the|this|next|last)\s+"
             r"(?:week|month|year)\b)"),
    ("part", r"(?i:\b(?:morning|afternoon|evening|night|dawn|daybreak|dusk|noon|midday|midnight)\b)"),
    ("mod", r"(?i:\b(?:early|late|mid)\b-?|\b(?:earlier|later)\b)"),
    ("since", r"(?i:\bsince\b)"),
    ("month", rf"\b{_MONFULL}\b"),
    ("year", rf"\b{_YEAR}\b"),
)
_ATOM_RE = re.compile("|".join(f"(?P<{k}>{p})" for k, p in _ATOMS))
_WORD = re.compile(r"\w+")
_TRIGGERS = frozenset(
    [*_MONTHS, *_WEEKDAYS, *_NUMBERS, *(k[:3] for k in _WEEKDAYS), "tues", "wednes", "thurs", "satur"]
    + "within in over during for the last this next past previous coming earlier later yesterday "
      "today tomorrow tonight overnight early late mid small wee pre predawn before since morning "
      "afternoon evening night dawn daybreak dusk noon midday midnight now currently presently "
      "nowadays at right spring summer autumn winter fall end start beginning middle".split())
_GLUABLE = frozenset("date wd relday part hours mod clock since month year monthyear iso".split())
_GLUE = re.compile(r"(?:[\s,()]|(?i:on|of|the|at|in|during|local\s+time)\b)*")
_SINCE_GAP = re.compile(r"\s+(?:[\w'’-]+\s+){0,6}?(?:in|on|at|during|of)\s+|\s+")
_YEAR_PREV = re.compile(r"(?i:\b(?:in|since|until|till|by|during|from|before|after|of|early|late|mid|"
                        r"around|through|year|summer|spring|autumn|winter|end|start|beginning|"
                        r"last|this|next)[\s-]*|\b(?:1[89]|20)\d\d\s*(?:-|–|—|to|and|until|till)\s*)$")
_PART_PREV = re.compile(r"(?i:\b(?:at|in\s+the|during\s+the|by|before|until|that|early\s+in\s+the|"
                        r"late\s+in\s+the)\s+)$")
_OFFSET = re.compile(r"(?:GMT|UTC)\s*([+-])\s*(\d{1,2})(?::?(\d{2}))?|(?<=\d)\s*([+-])([01]\d):?([0-5]\d)\b")
_ARTICLE = re.compile(r"(?i:\ban?\s+)$")
_LEAD = re.compile(r"(?i:\b(?:on|at|the)\s+)$")
_RANGE_LEAD = re.compile(r"(?i:\b(?:between|from)\s+)$")
_RANGE_GAP = re.compile(r"\s*(?:and|to|until|till|through|-|–|—)\s*")
_COMPLEMENT = re.compile(r"\s+(?!(?:that|this|then|it)\b)[\w\"'“‘]")
_FUTURE_WORDS = re.compile(r"(?i:\b(?:tomorrow|tonight|coming|(?<!the\s)next)\b)")  # not "the next day"
_PAST_WORDS = re.compile(r"(?i:\b(?:yesterday|last|ago|past|overnight|previous|previously|since)\b)")
_CALENDAR_CUE = re.compile(rf"(?i:\b(?:ago|week(?:end)?|month|year|christmas|easter|eid|ramadan|"
                           rf"new\s+year|{_MONFULL}|{_WD})\b|\b\d{{1,4}}/\d{{1,2}}/\d{{1,4}}\b)")
_DURATION = re.compile(rf"(?i:^(?:the\s+)?(?:(?:first|last|past|next|coming)\s+)?(?:{_NUM}\s+)?{_UNIT}$"
                       r"|\b(?:weekly|daily|monthly|annual|old|aged)\b)")


# --- records --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TimeRef:
    """A time expression resolved to an interval ``[start, end)`` in UTC.

    ``text`` and ``span`` are None for the report date (granularity "reported"), the
    fallback of a clause that no expression governs.
    """

    start: datetime
    end: datetime
    text: str | None
    span: tuple[int, int] | None
    granularity: str

    def as_dict(self) -> dict[str, object]:
        """The JSON shape of the extract contract (ISO 8601 strings)."""
        span = list(self.span) if self.span is not None else None
        return {"start": self.start.isoformat(), "end": self.end.isoformat(), "text": self.text,
                "granularity": self.granularity, "span": span}


_Atom = NamedTuple("_Atom", [("kind", str), ("start", int), ("end", int), ("text", str)])


@dataclass(slots=True)
class _Group:
    """Adjacent atoms that form one expression."""

    atoms: list[_Atom]
    start: int = 0
    end: int = 0

    def get(self, kind: str) -> _Atom | None:
        return next((a for a in self.atoms if a.kind == kind), None)

    def kinds(self) -> set[str]:
        return {a.kind for a in self.atoms}


@dataclass(slots=True)
class _Ctx:
    """What resolution needs: the document, the publication day and time, the sentences."""

    doc: Doc
    text: str  # doc.text builds the string on every call
    parsed: bool
    day: date
    now: datetime
    sents: list[tuple[int, int]]
    refs: list[TimeRef] = field(default_factory=list)

    def sent_of(self, pos: int) -> int:
        return max(bisect_right(self.sents, (pos, 1 << 62)) - 1, 0)


_Res = tuple[datetime, datetime, str]


def _at(d: date, hours: float = 0) -> datetime:
    return datetime.combine(d, time(), UTC) + timedelta(hours=hours)


def _pos(ref: TimeRef) -> tuple[int, int]:
    return ref.span or (0, 0)


# --- public functions -----------------------------------------------------------------


def find_times(doc: Doc, published: datetime) -> list[TimeRef]:
    """Every time expression of ``doc``, resolved against ``published``, in text order."""
    ctx = _context(doc, published)
    groups = _groups(_atoms(ctx.text), ctx.text)
    for group in groups:
        res = None if _anchored(group) else _resolve(group, ctx)
        ctx.refs.extend([_ref(ctx.text, group, res)] if res else [])
    for group in filter(_anchored, groups):  # dated from what is resolved so far, in text order
        res = _resolve_anchored(group, ctx)
        ctx.refs.extend([_ref(ctx.text, group, res)] if res else [])
        ctx.refs.sort(key=_pos)
    refs = _merge_ranges(ctx.text, ctx.refs)
    return sorted(refs + _entity_times(ctx, refs), key=_pos)


def time_for(
    doc: Doc, span: tuple[int, int], published: datetime, times: Sequence[TimeRef] | None = None
) -> TimeRef:
    """The time that governs the clause at character offsets ``span``.

    An expression inside the span; else "two days after" when the span is its <event>;
    else one of the same sentence attached (in the parse) to the clause or a verb above it,
    so "said ... on Sunday morning" dates what was said; else the report date.
    """
    refs = [r for r in (find_times(doc, published) if times is None else times) if r.span]
    inside = [r for r in refs if r.span and r.span[0] < span[1] and span[0] < r.span[1]]
    sub = doc.char_span(span[0], span[1], alignment_mode="expand")
    root = sub.root if sub is not None and len(sub) and doc.has_annotation("DEP") else None
    if inside:
        return min(inside, key=lambda r: (_steps(_attachment(doc, r) if root else None, root), _pos(r)))
    if sub is None or root is None:
        return reported_day(published)
    sent, text = root.sent, token_table(doc).text
    same = [r for r in refs if sent.start_char <= _pos(r)[0] < sent.end_char]
    complement = [r for r in same if _dates_complement(text, r, sent.end_char, refs)]
    before = [r for r in complement if _pos(r)[1] <= span[0]]
    if before:
        return before[-1]
    scored = []
    for ref in (r for r in same if r not in complement):
        head = _attachment(doc, ref)
        inner = head is not None and sub.start <= head.i < sub.end
        scored.append((0 if inner else _steps(root, head, barrier=True), abs(_pos(ref)[0] - span[0]), ref))
    best = min(scored, key=lambda s: s[:2], default=None)
    return best[2] if best is not None and best[0] < _FAR else reported_day(published)


# --- scanning and grouping ------------------------------------------------------------


def _atoms(text: str) -> list[_Atom]:
    """The grammar's atoms in text order, minus bare months and years without a cue.

    Tried only where a word that can begin an atom starts: trying every alternative at every
    character costs more than everything else here together."""
    found: list[_Atom] = []
    for word in _WORD.finditer(text):
        token = word.group()
        if not (token[0].isdigit() or token.lower() in _TRIGGERS):
            continue  # most words: tested first, with one string read
        start = word.start()
        if found and start < found[-1].end:
            continue
        m = _ATOM_RE.match(text, start)
        if m is None:
            continue
        kind = m.lastgroup or ""
        if kind in ("month", "year") and not _YEAR_PREV.search(text, max(0, start - 24), start):
            continue
        if kind == "relday" and _ARTICLE.search(text, max(0, start - 4), start):
            continue  # "an overnight curfew": a kind of curfew, not a time
        if kind == "season" and not _season_cued(m.group(), text, start):
            continue  # "the fall of the city", "a summer offensive": no time of year
        found.append(_Atom(kind, start, m.end(), m.group()))
    return found


def _groups(atoms: list[_Atom], text: str) -> list[_Group]:
    """Join adjacent atoms into expressions; drop modifiers that modify nothing."""
    groups: list[_Group] = []
    for atom in atoms:
        if groups and _joins(groups[-1], atom, text):
            groups[-1].atoms.append(atom)
        else:
            groups.append(_Group([atom]))
    groups = [g for g in groups if g.atoms[-1].kind not in ("mod", "since")]
    groups = [g for g in groups if not g.kinds() <= {"part", "mod", "hours"} or _bare_part_ok(g, text)]
    for g in groups:
        g.start, g.end = _extent(g, text)
    return groups


def _joins(group: _Group, atom: _Atom, text: str) -> bool:
    """Whether ``atom`` continues ``group`` (glue only between, and no slot twice)."""
    last, kinds = group.atoms[-1], group.kinds()
    if not {atom.kind, last.kind} <= _GLUABLE or atom.kind in kinds | {"mod", "since"}:
        return False
    gap = text[last.end:atom.start]
    if last.kind == "since" and len(group.atoms) == 1:
        return _SINCE_GAP.fullmatch(gap) is not None or gap == ""
    return "iso" not in kinds | {atom.kind} and _GLUE.fullmatch(gap) is not None and "\n" not in gap


def _bare_part_ok(group: _Group, text: str) -> bool:
    """"at dawn", "in the afternoon": yes; "the morning bulletin", "a night raid": no."""
    first = group.atoms[0]
    if not _PART_PREV.search(text, max(0, first.start - 16), first.start) and first.kind != "hours":
        return False
    after = text[group.atoms[-1].end:group.atoms[-1].end + 12]
    return not re.match(r"\s+(?!(?:of|on|in|at|and|or|but|when|as|after|before|to|that|while|local|the|an?"
                        r"|it|he|she|they|we|there|his|her|its|their|with|until|from)\b)[a-z]", after)


def _extent(group: _Group, text: str) -> tuple[int, int]:
    """Character span of the expression: leading "on"/"at", a closing bracket, "local time"."""
    start, end = group.atoms[0].start, group.atoms[-1].end
    lead = _LEAD.search(text, max(0, start - 5), start)
    start = lead.start() if lead and group.atoms[0].kind not in ("hours", "since") else start
    tail = re.match(r"\s+local\s+time\b", text[end:end + 16])
    end += tail.end() if tail else 0
    unclosed = text.count("(", start, end) > text.count(")", start, end)
    return start, end + (unclosed and text[end:end + 1] == ")")


def _merge_ranges(text: str, refs: list[TimeRef]) -> list[TimeRef]:
    """"between Monday and Friday", "from 10 to 14 March": one interval over both ends."""
    out: list[TimeRef] = []
    for ref in refs:
        prev = out[-1] if out and out[-1].span and ref.span else None
        if prev is None or ref.granularity not in _POINT | {"month", "year"}:
            out.append(ref)
            continue
        (p0, p1), (r0, r1) = prev.span, ref.span  # type: ignore[misc]
        lead = _RANGE_LEAD.search(text, max(0, p0 - 10), p0)
        night = prev.granularity == "part-of-day" and prev.end == _at(ref.start.date(), 6)
        if lead and _RANGE_GAP.fullmatch(text, p1, r0) and prev.start < ref.end:
            out[-1] = TimeRef(prev.start, ref.end, text[lead.start():r1], (lead.start(), r1), "days")
        elif night and re.fullmatch(r"\s+to\s+", text[p1:r0]):  # "the night of Monday to Tuesday"
            out[-1] = TimeRef(prev.start, prev.end, text[p0:r1], (p0, r1), prev.granularity)
        else:
            out.append(ref)
    return out


# --- resolution -----------------------------------------------------------------------


def _context(doc: Doc, published: datetime) -> _Ctx:
    local, text, parsed = published.replace(tzinfo=None), token_table(doc).text, doc.has_annotation("DEP")
    day = local.date()
    now = _at(day + _DAY_LEN) if local.time() == time() else local.replace(tzinfo=UTC)
    if parsed or doc.has_annotation("SENT_START"):
        sents = [(s.start_char, s.end_char) for s in doc.sents]  # start-ordered
    else:
        sents = [(m.start(), m.end()) for m in re.finditer(r"[^.!?\n]+(?:[.!?]+|\n|$)", text)]
    return _Ctx(doc, text, parsed, day, now, sents or [(0, len(text))])


def reported_day(published: datetime) -> TimeRef:
    """The report date: the publication's calendar day (what a clause no expression governs
    is dated by, granularity "reported")."""
    day = published.replace(tzinfo=None).date()
    return TimeRef(_at(day), _at(day + _DAY_LEN), None, None, "reported")


def _ref(text: str, group: _Group, res: _Res) -> TimeRef:
    return TimeRef(res[0], res[1], text[group.start:group.end], (group.start, group.end), res[2])


def _anchored(group: _Group) -> bool:
    kinds = group.kinds()
    return bool(kinds & {"offset", "within"}) or kinds <= {"part", "mod", "hours", "clock"}


def _resolve(group: _Group, ctx: _Ctx) -> _Res | None:
    """An expression that needs only the publication time; None defers or drops it."""
    kinds = group.kinds()
    if "since" in kinds:
        inner = _Group([a for a in group.atoms if a.kind != "since"], group.start, group.end)
        res = _resolve(inner, ctx) if not _anchored(inner) else _resolve_anchored(inner, ctx)
        return (res[0], ctx.now, res[2]) if res and res[0] < ctx.now else None
    if _anchored(group):
        return None
    tense, text = _tense(ctx, group), group.atoms[0].text
    if kinds & {"present", "season", "edge"}:
        if "present" in kinds:  # "now", "currently": the report's own day
            return _at(ctx.day), _at(ctx.day + _DAY_LEN), "present"
        return (_season if "season" in kinds else _edge)(text, ctx, tense)
    if kinds & {"iso", "drange", "window", "period"}:
        return (_iso(text) if "iso" in kinds else _window(text, ctx) if "window" in kinds
                else _period(text, ctx, tense) if "period" in kinds else _day_range(text, ctx, tense))
    res = _day_and_hours(group, ctx, tense, None)
    if res is None and kinds & {"month", "monthyear", "year"}:
        res = _month_or_year(group, ctx, tense)
    return _not_future(res, ctx, tense, group)


def _resolve_anchored(group: _Group, ctx: _Ctx) -> _Res | None:
    """Offsets, "within" and bare parts of the day, dated from a nearby expression."""
    tense, kinds = _tense(ctx, group), group.kinds()
    if kinds & {"within", "offset"}:
        return (_within if "within" in kinds else _offset)(group, ctx, tense)
    anchor = _anchor(ctx, group.start)
    day = anchor.start.date() if anchor else ctx.day
    return _not_future(_day_and_hours(group, ctx, tense, day), ctx, tense, group)


def _not_future(res: _Res | None, ctx: _Ctx, tense: str, group: _Group) -> _Res | None:
    """Keep a past-tense event out of the future: a week back for a weekday, a day back for a
    bare time of day ("at midnight"), else clamp to the report day."""
    if res is None or tense != "past" or res[0] < ctx.now:
        return res
    kinds = group.kinds()
    back = timedelta(days=7 if "wd" in kinds and "date" not in kinds else 1)
    if (back.days == 7 or kinds <= {"part", "mod", "hours", "clock"}) and res[0] - back < ctx.now:
        return res[0] - back, res[1] - back, res[2]
    return _at(ctx.day), ctx.now, "day"


def _anchor(ctx: _Ctx, pos: int, anywhere: bool = False) -> TimeRef | None:
    """The nearest point-like time before ``pos`` in its sentence (with ``anywhere``, after it
    too), else the last one of the sentence before."""
    idx = ctx.sent_of(pos)
    (s0, s1), (p0, p1) = ctx.sents[idx], ctx.sents[idx - 1] if idx else (0, 0)
    starts = [(r.span[0], r) for r in ctx.refs if r.granularity in _POINT and r.span]
    same = [r for p, r in starts if s0 <= p < pos]
    later = [r for p, r in starts if pos < p < s1] if anywhere else []
    prev = [r for p, r in starts if p0 <= p < p1]
    return same[-1] if same else later[0] if later else prev[-1] if prev else None


def _day_and_hours(group: _Group, ctx: _Ctx, tense: str, default: date | None) -> _Res | None:
    """A day (weekday, date, yesterday ...) narrowed by a part of the day or a clock time."""
    named, night_default = _group_day(group, ctx, tense)
    day = named or default or night_default
    if day is None:
        return None
    clock = group.get("clock")
    if clock is not None:
        return _clock(clock.text, day, ctx, tense, explicit=named is not None)
    start, end = _group_hours(group) or (0, 24)
    return _at(day, start), _at(day, end), "day" if (start, end) == (0, 24) else "part-of-day"


def _group_day(group: _Group, ctx: _Ctx, tense: str) -> tuple[date | None, date | None]:
    """(the day an expression names, the day a bare "overnight" would mean)."""
    date_atom, wd_atom, rel = group.get("date"), group.get("wd"), group.get("relday")
    if date_atom is not None:
        return _calendar_day(date_atom.text, ctx, tense), None
    if wd_atom is not None:
        return _weekday(wd_atom.text, ctx, tense), None
    word = " ".join(rel.text.lower().split()) if rel else ""
    if word in _RELDAYS:
        return ctx.day + timedelta(days=_RELDAYS[word]), None
    return None, ctx.day - _DAY_LEN if rel else None  # "overnight", "last night": the night just ended


_PART_HOURS = {"morning": (6, 12), "afternoon": (12, 18), "evening": (18, 24), "night": (18, 30),
               "tonight": (18, 30), "overnight": (18, 30), "last night": (18, 30),
               "dawn": (4, 7), "daybreak": (4, 7), "dusk": (17, 20), "noon": (12, 13),
               "midday": (12, 13), "midnight": (23, 25), "this morning": (6, 12),
               "this afternoon": (12, 18), "this evening": (18, 24)}
_MOD_HOURS = {("early", None): (0, 6), ("late", None): (18, 24), ("mid", None): (10, 14),
              ("early", "morning"): (0, 9), ("mid", "morning"): (9, 11), ("late", "morning"): (9, 12),
              ("early", "afternoon"): (12, 15), ("mid", "afternoon"): (14, 16),
              ("late", "afternoon"): (15, 18), ("early", "evening"): (18, 21),
              ("late", "evening"): (21, 24), ("early", "night"): (18, 24), ("late", "night"): (21, 28)}
_RELDAYS = {"the day before yesterday": -2, "yesterday": -1, "today": 0, "tomorrow": 1, "tonight": 0,
            "this morning": 0, "this afternoon": 0, "this evening": 0}


def _group_hours(group: _Group) -> tuple[float, float] | None:
    """Hours (from the day's midnight; above 24 runs into the next day) of a part of the day."""
    if group.get("hours") is not None:
        return 0, 6  # "the early hours of", "before dawn": whatever part follows
    part = group.get("part") or group.get("relday")
    name = " ".join(part.text.lower().split()) if part else None
    base = _PART_HOURS.get(name) if name else None
    mod = group.get("mod")
    key = (mod.text.lower().rstrip("-") if mod else "", "night" if base == (18, 30) else name)
    return _MOD_HOURS.get(key, base)


def _weekday(text: str, ctx: _Ctx, tense: str) -> date:
    """The weekday nearest the publication day in the direction the tense points."""
    words = text.lower().split()
    target = _WEEKDAYS[words[-1]]
    back = (ctx.day.weekday() - target) % 7
    ahead = (target - ctx.day.weekday()) % 7
    shift = {"last": -(back or 7), "next": ahead or 7, "this": target - ctx.day.weekday()}.get(words[0])
    if shift is None:
        shift = ahead if tense == "future" or (tense == "present" and ahead < back) else -back
    return ctx.day + timedelta(days=shift)


def _calendar_day(text: str, ctx: _Ctx, tense: str) -> date | None:
    """"Dec 8", "12 March 2025": the year, when missing, from the publication and the tense."""
    month = next(_MONTHS[w] for w in re.findall(r"[A-Za-z]+", text.lower()) if w in _MONTHS)
    numbers = [int(n) for n in re.findall(r"\d+", text)]
    day_n = next(n for n in numbers if n <= 31)
    years = [n for n in numbers if n > 31] or [ctx.day.year + k for k in (-1, 0, 1)]
    candidates = []
    for year in years:
        try:
            candidates.append(date(year, month, day_n))
        except ValueError:  # 30 February
            continue
    return _pick(candidates, ctx.day, tense)


def _pick(candidates: list[date], day: date, tense: str) -> date | None:
    """The candidate on the tense's side of ``day`` nearest to it."""
    if tense == "past":
        candidates = [c for c in candidates if c <= day] or candidates
    elif tense == "future":
        candidates = [c for c in candidates if c >= day] or candidates
    return min(candidates, key=lambda c: (abs((c - day).days), c > day), default=None)


def _month_or_year(group: _Group, ctx: _Ctx, tense: str) -> _Res | None:
    """"in March", "March 2025", "since 2011", "early 2011": a month or a year."""
    atom = group.get("monthyear") or group.get("month") or group.get("year")
    assert atom is not None
    years = [int(n) for n in re.findall(r"\d{4}", atom.text)]
    if atom.kind == "year":
        start, end, gran = date(years[0], 1, 1), date(years[0] + 1, 1, 1), "year"
    else:
        month = _MONTHS[re.findall(r"[A-Za-z]+", atom.text.lower())[0]]
        firsts = [date(y, month, 1) for y in years or [ctx.day.year + k for k in (-1, 0, 1)]]
        start = _pick(firsts, ctx.day.replace(day=1), tense) or firsts[0]
        end, gran = date(start.year + (month == 12), month % 12 + 1, 1), "month"
    mod = group.get("mod")
    word = mod.text.lower().rstrip("-") if mod else ""
    if word in ("early", "mid", "late"):
        third = (end - start) / 3
        k = ("early", "mid", "late").index(word)
        start, end = start + third * k, start + third * (k + 1)
    return _at(start), _at(end), gran


def _clock(text: str, day: date, ctx: _Ctx, tense: str, explicit: bool) -> _Res:
    """"06:00 GMT" (converted, "minute"), "at 6 a.m. local time" (wall clock, "hour")."""
    hh, mm = re.match(r"(\d{1,2}):?(\d{2})?", text).groups()  # type: ignore[union-attr]
    ampm = re.search(r"([aApP])\.?[mM]", text)
    hour = int(hh) % 12 + 12 * (ampm.group(1).lower() == "p") if ampm else int(hh)
    local = _at(day, hour + int(mm or 0) / 60)
    if not explicit and tense == "past" and local >= ctx.now:
        local -= _DAY_LEN
    offset = _zone_offset(text)
    if offset is None:
        return local, local + timedelta(hours=1), "hour"
    start = local - timedelta(hours=offset)
    return start, start + timedelta(minutes=1), "minute"


def _zone_offset(text: str) -> float | None:
    """Hours east of UTC of an explicit zone in a clock time; None for none or local time."""
    m = _OFFSET.search(text)
    if m:
        sign, hh, mm = (m.group(1), m.group(2), m.group(3)) if m.group(1) else m.group(4, 5, 6)
        return (1 if sign == "+" else -1) * (int(hh) + int(mm or 0) / 60)
    m = re.search(r"\b([A-Z]{1,4})\)?\s*$", text)
    return float(_ZONES[m.group(1).lower()]) if m and m.group(1).lower() in _ZONES else None


def _iso(text: str) -> _Res:
    """ISO 8601: a date is a day; a time with a zone is a minute; without one an hour."""
    parsed = datetime.fromisoformat(text.replace("Z", "+00:00").replace(" ", "T"))
    if len(text) <= 10:
        return _at(parsed.date()), _at(parsed.date() + _DAY_LEN), "day"
    if parsed.tzinfo is None:
        return parsed.replace(tzinfo=UTC), parsed.replace(tzinfo=UTC) + timedelta(hours=1), "hour"
    return parsed.astimezone(UTC), parsed.astimezone(UTC) + timedelta(minutes=1), "minute"


def _day_range(text: str, ctx: _Ctx, tense: str) -> _Res | None:
    """"10–14 March 2025", "March 10-14": whole days from the first to the last."""
    numbers = [int(n) for n in re.findall(r"\d+", text)]
    days = [n for n in numbers if n <= 31]
    month_word = next(w for w in re.findall(r"[A-Za-z]+", text.lower()) if w in _MONTHS)
    year = next((f" {n}" for n in numbers if n > 31), "")
    last = _calendar_day(f"{days[-1]} {month_word}{year}", ctx, tense)
    if last is None or days[0] > days[-1]:
        return None
    first = last.replace(day=days[0])
    return _at(first), _at(last + _DAY_LEN), "days"


def _count(text: str) -> tuple[int | None, str]:
    """(number, unit) of "24 hours", "a few days", "two weeks"; None when no number is said."""
    words = text.lower().split()
    unit = next(w.rstrip("s") for w in words if w.rstrip("s") in _UNIT_HOURS)
    number = None
    for w in words:
        if w.isdigit():
            number = int(w)
        elif w in _NUMBERS and (number is None or w not in ("a", "an")):
            number = _NUMBERS[w]
    return number, unit


def _window(text: str, ctx: _Ctx) -> _Res:
    """"in the last few days", "over the past 24 hours", "in the coming days"."""
    number, unit = _count(text)
    if number is None:
        number = 3 if text.rstrip().endswith("s") else 1  # "in recent days", "the past week"
    future = re.search(r"(?i:\b(?:coming|next)\b)", text) is not None
    gran = {"hour": "hour" if number < 24 else "days", "month": "month", "year": "year"}.get(unit, "days")
    length = timedelta(hours=number * _UNIT_HOURS[unit])
    if future:
        return ctx.now, ctx.now + length, gran
    return (ctx.now if unit == "hour" else _at(ctx.day)) - length, ctx.now, gran


def _period(text: str, ctx: _Ctx, tense: str) -> _Res:
    """"last week" (the previous calendar week), "this month", "earlier this year" ..."""
    words = text.lower().split()
    which, unit = words[-2], words[-1]
    if which == "past":
        span = timedelta(days={"week": 7, "weekend": 3, "month": 30, "year": 365}[unit])
        return ctx.now - span, ctx.now, "days" if unit.startswith("week") else unit
    step = {"last": -1, "previous": -1, "this": 0, "next": 1, "coming": 1}[which]
    if unit == "weekend":
        saturday = ctx.day - timedelta(days=ctx.day.weekday()) + timedelta(days=5 + 7 * step)
        if which == "this" and tense == "past" and saturday > ctx.day:
            saturday -= timedelta(days=7)
        return _at(saturday), _at(saturday + timedelta(days=2)), "days"
    start, end = _calendar_unit(ctx.day, unit, step)
    if words[0] == "earlier" or (step == 0 and tense == "past"):
        end = min(end, ctx.now)
    return start, end, unit


_SEASON_MONTHS = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 12}


def _season_cued(found: str, text: str, start: int) -> bool:
    """A season word that names a time: with "last/this/next", "of 2021", or after "in"/"during"."""
    words = found.lower().split()
    if words[0] in ("last", "this", "next", "past", "coming") or words[0] == "the" and words[1] in (
            "last", "this", "next", "past", "coming") or "of" in words:
        return True
    return words[-1] != "fall" and re.search(r"(?i:\b(?:in|during|over|through|until|by)\s+)$",
                                             text[max(0, start - 8):start]) is not None


def _season(text: str, ctx: _Ctx, tense: str) -> _Res:
    """"last winter", "this spring", "the summer of 2020": three months (a winter is the one
    that begins in December of its year), the nearest in the direction said or meant."""
    words = text.lower().split()
    first = _SEASON_MONTHS[next(w for w in words if w in _SEASON_MONTHS)]
    years = [int(w) for w in words if w.isdigit()]
    starts = [date(y, first, 1) for y in (years or range(ctx.day.year - 2, ctx.day.year + 2))]

    def end(d: date) -> date:
        i = d.year * 12 + d.month - 1 + 3
        return date(i // 12, i % 12 + 1, 1)

    if years:
        start = starts[0]
    elif "last" in words or "past" in words:
        start = max((d for d in starts if end(d) <= ctx.day), default=starts[0])
    elif "next" in words or "coming" in words:
        start = min((d for d in starts if d > ctx.day), default=starts[-1])
    elif "this" in words:
        holding = [d for d in starts if d <= ctx.day < end(d)]
        start = holding[0] if holding else _pick([d for d in starts if d.year == ctx.day.year] or starts,
                                                 ctx.day, tense) or starts[-1]
    else:
        start = _pick(starts, ctx.day, tense) or starts[-1]
    return _at(start), _at(end(start)), "season"


def _edge(text: str, ctx: _Ctx, tense: str) -> _Res:
    """"the end of the year", "the start of next month": a third of that week, month or
    year (its granularity is the unit's, as TimeML values it)."""
    words = text.lower().split()
    unit, which = words[-1], words[-2]
    start, end = _calendar_unit(ctx.day, unit, {"next": 1, "last": -1}.get(which, 0))
    third = (end - start) / 3
    k = {"start": 0, "beginning": 0, "middle": 1}.get(words[-4], 2)
    return start + third * k, start + third * (k + 1), unit


def _calendar_unit(day: date, unit: str, step: int) -> tuple[datetime, datetime]:
    """The calendar week, month or year ``step`` units from the one holding ``day``."""
    if unit == "week":
        monday = day - timedelta(days=day.weekday() - 7 * step)
        return _at(monday), _at(monday + timedelta(days=7))
    if unit == "month":
        i = day.year * 12 + day.month - 1 + step
        return _at(date(i // 12, i % 12 + 1, 1)), _at(date((i + 1) // 12, (i + 1) % 12 + 1, 1))
    return _at(date(day.year + step, 1, 1)), _at(date(day.year + step + 1, 1, 1))


def _within(group: _Group, ctx: _Ctx, tense: str) -> _Res:
    """"within 24 hours": the span before the clause's time (or the publication), or after it."""
    number, unit = _count(group.atoms[0].text)
    number = number or (3 if group.atoms[0].text.endswith("s") else 1)  # "within hours"
    span = timedelta(hours=number * _UNIT_HOURS[unit])
    anchor = _anchor(ctx, group.start, anywhere=True)
    gran = "days" if span >= _DAY_LEN else "hour"
    if tense == "future":
        start = anchor.start if anchor else ctx.now
        return start, start + span, gran
    end = anchor.end if anchor else ctx.now
    return end - span, end, gran


def _offset(group: _Group, ctx: _Ctx, tense: str) -> _Res | None:
    """"two days ago", "two days earlier", "the next day", "two days after <event>".

    "After <event>" without a time in <event> dates <event>: the main clause's time (an
    anchor before it, else the report date) less the offset."""
    text = " ".join(group.atoms[0].text.lower().split())
    if text.startswith("the "):  # "the next day", "the day before", "the same day"
        number, unit = 1, "day"
        sign = -1 if ("previous" in text or text.endswith("before")) else 0 if "same" in text else 1
    else:
        count, unit = _count(text)
        number = 1 if count is None else count
        sign = -1 if text.endswith(("ago", "earlier", "before", "previously")) else 1
    if text.endswith("ago"):
        return _shifted(ctx.day, ctx.now, -number, unit)
    ref = TimeRef(_at(ctx.day), ctx.now, text, (group.start, group.end), "day")
    if _dates_complement(ctx.text, ref, ctx.sents[ctx.sent_of(group.start)][1], ctx.refs):
        sign, tense = -sign, _tense(ctx, group, complement=True)
    anchor = _anchor(ctx, group.start)
    base = anchor.start.date() if anchor else ctx.day
    res = _shifted(base, anchor.start if anchor else ctx.now, sign * number, unit)
    return _not_future(res, ctx, tense, group)


def _shifted(day: date, moment: datetime, number: int, unit: str) -> _Res:
    """``number`` units (negative: back) from ``day``, at the granularity of the unit."""
    if unit == "hour":
        return moment + timedelta(hours=number), moment + timedelta(hours=number + 1), "hour"
    if unit == "day":
        target = day + timedelta(days=number)
        return _at(target), _at(target + _DAY_LEN), "day"
    return *_calendar_unit(day, unit, number), unit


def _dates_complement(text: str, ref: TimeRef, sent_end: int, refs: Sequence[TimeRef]) -> bool:
    """Whether "N days after/before <event>" dates <event> rather than the main clause: it
    does when <event> follows and holds no time of its own."""
    if ref.span is None or (ref.text or "").lower().split()[-1:] not in (["after"], ["before"]):
        return False
    end = ref.span[1]
    followed = _COMPLEMENT.match(text, end, sent_end) is not None
    return followed and not any(r.span and end <= r.span[0] < sent_end for r in refs)


# --- tense and attachment -------------------------------------------------------------

_FUTURE_AUX = frozenset("will 'll shall would wo".split())
_SCHEDULED = frozenset("schedule plan slate due set expect".split())
_INTENT = frozenset("vow pledge promise threaten plan intend expect aim hope want seek prepare "
                    "schedule due set go".split())


def _tense(ctx: _Ctx, group: _Group, complement: bool = False) -> str:
    """"past", "present" or "future" of the clause an expression (or its complement) is in."""
    text = ctx.text[group.start:group.end]
    if not complement and _FUTURE_WORDS.search(text):
        return "future"
    if not complement and _PAST_WORDS.search(text):
        return "past"
    span = ctx.doc.char_span(group.start, group.end, alignment_mode="expand") if ctx.parsed else None
    if span is None or not len(span):
        return "past"
    tok: Token | None = span.root
    if complement:
        later = [t for t in ctx.doc[span.end:span.sent.end] if t.pos_ in ("VERB", "AUX")]
        tok = later[0] if later else tok
    return _verb_tense(tok)


def _verb_tense(tok: Token | None) -> str:
    """Walk up from ``tok`` to the first verb that shows a tense."""
    for _ in range(12):
        if tok is None:
            break
        if tok.pos_ in ("VERB", "AUX"):
            aux = [c for c in tok.children if c.dep_ in ("aux", "auxpass")]
            if any(c.lower_ in _FUTURE_AUX for c in aux):
                return "future"
            if tok.lemma_.lower() in _SCHEDULED and not any(c.tag_ == "VBD" for c in aux) and tok.tag_ != "VBD":
                return "future"  # "elections planned for December", "talks are scheduled for Monday"
            if tok.tag_ in ("VBD", "VBN") or any(c.tag_ == "VBD" for c in aux):
                return "past"
            if tok.dep_ == "xcomp" and tok.head.lemma_.lower() in _INTENT:
                return "future"
            if tok.tag_ in ("VBZ", "VBP") or any(c.tag_ in ("VBZ", "VBP", "MD") for c in aux):
                return "present"
        if tok.head.i == tok.i:
            break
        tok = tok.head
    return "past"


def _attachment(doc: Doc, ref: TimeRef) -> Token | None:
    """The verb an expression modifies: the first verb above it in the parse."""
    span = doc.char_span(*ref.span, alignment_mode="expand") if ref.span else None
    if span is None or not len(span):
        return None
    tok = span.root
    for _ in range(12):
        if (tok.pos_ in ("VERB", "AUX") and not span.start <= tok.i < span.end) or tok.head.i == tok.i:
            break
        tok = tok.head
    return tok


def _steps(low: Token | None, high: Token | None, barrier: bool = False) -> int:
    """Edges from ``low`` up to ``high`` in the parse; ``_FAR`` when ``high`` is not above it
    or (with ``barrier``) the way up leaves a relative clause: in "the group, which says it
    fights for farmers, emerged last year", "last year" does not date the fighting."""
    if low is None or high is None:
        return _FAR
    steps, tok = 0, low
    while tok.i != high.i and tok.head.i != tok.i and steps < _FAR:
        if barrier and tok.dep_ in ("relcl", "acl"):
            return _FAR
        tok, steps = tok.head, steps + 1
    return steps if tok.i == high.i else _FAR


# --- spaCy entities the grammar missed, through dateparser ---------------------------


def _entity_times(ctx: _Ctx, refs: Sequence[TimeRef]) -> list[TimeRef]:
    """DATE/TIME entities outside every expression found, if they name a calendar time."""
    taken = [r.span for r in refs if r.span]
    out = []
    for ent in ctx.doc.ents:
        overlaps = any(s[0] < ent.end_char and ent.start_char < s[1] for s in taken)
        if ent.label_ not in ("DATE", "TIME") or overlaps:
            continue
        after = ctx.text[ent.end_char:ent.end_char + 12]
        if not _CALENDAR_CUE.search(ent.text) or _DURATION.search(ent.text) or after.startswith(" old"):
            continue
        tense = _verb_tense(ent.root) if ctx.parsed else "past"
        res = _dateparse(ent.text, ctx.now.replace(tzinfo=None), "future" if tense == "future" else "past")
        if res is not None and not (tense == "past" and res[0] >= ctx.now):
            out.append(TimeRef(res[0], res[1], ent.text, (ent.start_char, ent.end_char), res[2]))
    return out


@lru_cache(maxsize=4096)
def _dateparse(text: str, base: datetime, prefer: str) -> _Res | None:
    """dateparser on one entity, at the granularity of the period it reports (cached: a call
    costs about a millisecond, and loading it the first time far more)."""
    from dateparser.date import DateDataParser

    settings = {"RELATIVE_BASE": base, "PREFER_DATES_FROM": prefer, "RETURN_AS_TIMEZONE_AWARE": True,
                "TIMEZONE": "UTC", "TO_TIMEZONE": "UTC"}
    data = DateDataParser(languages=["en"], settings=settings).get_date_data(text)
    moment, period = data.date_obj, data.period
    if moment is None:
        return None
    if period in ("week", "month", "year"):
        return (*_calendar_unit(moment.date(), period, 0), period)
    if period == "time":
        return moment.astimezone(UTC), moment.astimezone(UTC) + timedelta(hours=1), "hour"
    return _at(moment.date()), _at(moment.date() + _DAY_LEN), "day"
