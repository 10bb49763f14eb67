"""Real reporting as a bitemporal test: gold statuses per proposition and report time.

The format is ``../shared/REALNEWS-FORMAT.md``: a manifest per set (``<SET>.jsonl``, one
article a line: url, outlet, date, language, what it says about each gold proposition), a
``gold.json`` with one key per set, and the article texts in a folder of
``<sha1 of the url>.txt`` files that are never committed (they are re-retrieved when needed).

:func:`run` ingests every article whose text is present into one throw-away SQLite store
(as a user would ingest a day's feeds: all episodes together) and, at each gold report
time, compares the status of the matching proposition with the gold. A gold proposition
is *found* by a proposition of the same type family (CONTROL, ENTER and WITHDRAW are one
family: a WITHDRAW by S is CONTROL by its ``opponent_side``), place (GeoNames id, else
name), agent side, facility (gold's optional ``facility``: none means the place itself),
and a valid time within two days. A "confirmed" that gold does not
accept is a false confirmation, counted on its own. The calibration table says, per
confidence band, how often the status given was right.
"""

from __future__ import annotations

import hashlib
import json
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from claimgraph.errors import InputError

MATCH_DAYS = 2
BANDS = ((0.0, 0.2), (0.2, 0.4), (0.4, 0.6), (0.6, 0.8), (0.8, 0.9), (0.9, 1.01))


def text_name(url: str) -> str:
    """The text file of an article: the sha1 hex of its url, as retrieved."""
    return hashlib.sha1(url.encode("utf-8")).hexdigest() + ".txt"  # noqa: S324 - a name, not security


@dataclass(frozen=True, slots=True)
class Article:
    """One manifest line."""

    set: str
    url: str
    outlet: str | None
    published: datetime | None
    language: str | None

    @classmethod
    def of(cls, set_name: str, row: dict[str, Any], where: str) -> Article:
        if not isinstance(row.get("url"), str) or not row["url"]:
            raise InputError(where, "manifest line without a url")
        day = row.get("date") or row.get("date_inferred")
        return cls(set_name, row["url"], row.get("outlet"), _instant(day, where) if day else None,
                   row.get("language"))


@dataclass(frozen=True, slots=True)
class Gold:
    """One gold proposition of one set."""

    set: str
    id: str
    type: str
    side: str
    place: str
    geonames_id: int | None
    valid: date
    statuses: tuple[tuple[datetime, tuple[str, ...]], ...]
    scored: bool
    facility: str = ""

    @classmethod
    def of(cls, set_name: str, key: str, entry: dict[str, Any], where: str) -> Gold:
        try:
            kind = str(entry["type"]).upper()
            side = entry.get("opponent_side") if kind == "WITHDRAW" else entry.get("agent_side")
            accept = entry.get("accept") or {}
            statuses = tuple(sorted(
                (_instant(at, where), tuple(accept.get(at) or [want]))
                for at, want in entry["status"].items()
            ))
            return cls(set_name, key, kind, side or "", entry["place"], entry.get("geonames_id"),
                       date.fromisoformat(str(entry["valid"])[:10]), statuses, entry.get("scored", True) is not False,
                       str(entry.get("facility") or "").strip().lower())
        except (KeyError, TypeError, ValueError) as err:
            raise InputError(where, f"gold {set_name}/{key} is malformed: {err!r}") from err

    @property
    def family(self) -> str:
        return "CONTROL" if self.type in ("CONTROL", "ENTER", "WITHDRAW") else self.type


@dataclass(frozen=True, slots=True)
class Check:
    """One gold status at one report time, and what the system said then."""

    gold: Gold
    as_of: datetime
    want: tuple[str, ...]
    got: str
    confidence: float | None
    reasons: tuple[str, ...] = ()

    @property
    def right(self) -> bool:
        return self.got in self.want

    @property
    def false_confirmation(self) -> bool:
        return self.got == "confirmed" and "confirmed" not in self.want


@dataclass(slots=True)
class Result:
    """Everything :func:`run` measured."""

    articles: int = 0
    missing_texts: list[str] = field(default_factory=list)
    found: dict[str, bool] = field(default_factory=dict)
    checks: list[Check] = field(default_factory=list)

    @property
    def right(self) -> int:
        return sum(c.right for c in self.checks)

    @property
    def false_confirmations(self) -> int:
        return sum(c.false_confirmation for c in self.checks)

    def calibration(self) -> list[tuple[str, int, int]]:
        """(band, statuses given in it, right) over checks that found a proposition."""
        rows = []
        for low, high in BANDS:
            inside = [c for c in self.checks if c.confidence is not None and low <= c.confidence < high]
            rows.append((f"{low:.1f}-{min(high, 1.0):.1f}", len(inside), sum(c.right for c in inside)))
        return rows

    def as_dict(self) -> dict[str, Any]:
        return {
            "articles": self.articles, "missing_texts": self.missing_texts,
            "found": sum(self.found.values()), "propositions": len(self.found),
            "right": self.right, "pairs": len(self.checks), "false_confirmations": self.false_confirmations,
            "calibration": [{"band": b, "given": n, "right": r} for b, n, r in self.calibration()],
            "checks": [{
                "set": c.gold.set, "id": c.gold.id, "type": c.gold.type, "side": c.gold.side,
                "place": c.gold.place, "as_of": c.as_of.isoformat(), "want": list(c.want), "got": c.got,
                "confidence": c.confidence, "right": c.right, "reasons": list(c.reasons),
            } for c in self.checks],
        }


def _instant(text: str, where: str) -> datetime:
    """An ISO date or instant as aware UTC (a date alone is its noon: articles of a day are
    read as published by then, not at midnight before any of them)."""
    try:
        if len(text) == 10:
            return datetime.combine(date.fromisoformat(text), time(12), UTC)
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError as err:
        raise InputError(where, f"not an ISO date or time: {text!r}") from err
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


def load_manifests(paths: Iterable[Path]) -> list[Article]:
    """Every article of the manifests (a folder means its ``*.jsonl`` files); the set is the
    file's stem."""
    articles = []
    for path in _expand(paths):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if line.strip():
                where = f"{path}:{n}"
                try:
                    row = json.loads(line)
                except json.JSONDecodeError as err:
                    raise InputError(where, f"not JSON: {err.msg}") from err
                articles.append(Article.of(path.stem, row, where))
    return articles


def _expand(paths: Iterable[Path]) -> list[Path]:
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            out.extend(sorted(path.glob("*.jsonl")))
        elif path.is_file():
            out.append(path)
        else:
            raise InputError(str(path), "no such manifest file or folder")
    return out


def load_gold(path: Path, sets: Sequence[str] | None = None) -> list[Gold]:
    """The gold propositions of ``sets`` (all when None) from ``gold.json``, or from a folder
    of such files (one or more sets each)."""
    files = sorted(path.glob("*.json")) if path.is_dir() else [path]
    gold = []
    for f in files:
        data = json.loads(f.read_text(encoding="utf-8"))
        for set_name, entries in data.items():
            if sets is None or set_name in sets:
                gold.extend(Gold.of(set_name, key, entry, str(f)) for key, entry in entries.items())
    return gold


def _jsonl(articles: Sequence[Article], texts: Path, out: Path) -> tuple[int, list[str]]:
    """Write the articles whose text is present as one JSON Lines file for ``ingest``."""
    written, missing = 0, []
    with out.open("w", encoding="utf-8") as f:
        for a in articles:
            path = texts / text_name(a.url)
            if not path.is_file():
                missing.append(a.url)
                continue
            f.write(json.dumps({
                "url": a.url, "outlet": a.outlet, "text": path.read_text(encoding="utf-8"),
                "published": a.published.isoformat() if a.published else None, "language": a.language,
            }) + "\n")
            written += 1
    return written, missing


def _matches(p: Any, g: Gold) -> bool:
    c = p.cluster
    if c.family != g.family or (c.side or "") != g.side:
        return False
    # A place's own control is not a facility's in it (and the reverse); a facility matches
    # by its head word ("coke plant" ~ "the plant").
    if bool(g.facility) != bool(c.facility) or g.facility and g.facility.split()[-1] not in c.facility.split():
        return False
    if g.geonames_id is not None:
        if c.geonames_id != g.geonames_id:
            return False
    else:
        from claimgraph.reconcile.status import place_matches

        if not place_matches(c, g.place):
            return False
    slack = timedelta(days=MATCH_DAYS)
    valid = datetime.combine(g.valid, time(0), UTC)
    return c.valid_from - slack <= valid + timedelta(days=1) and valid <= c.valid_to + slack


def _best(props: Sequence[Any], g: Gold) -> Any | None:
    found = [p for p in props if _matches(p, g)]
    return max(found, key=lambda p: (len(p.votes), -p.cluster.valid_from.timestamp()), default=None)


def check(conn: Any, gold: Sequence[Gold]) -> tuple[dict[str, bool], list[Check]]:
    """Found (with everything known) and each gold status at its report time."""
    from claimgraph.reconcile.status import propositions

    cache: dict[datetime | None, list[Any]] = {}

    def at(when: datetime | None) -> list[Any]:
        if when not in cache:
            cache[when] = propositions(conn, when)
        return cache[when]

    found, checks = {}, []
    for g in gold:
        if not g.scored:
            continue
        found[f"{g.set}/{g.id}"] = _best(at(None), g) is not None
        for when, want in g.statuses:
            p = _best(at(when), g)
            checks.append(Check(
                g, when, want, p.verdict.status if p else "absent",
                p.verdict.confidence if p else None, tuple(p.verdict.reasons) if p else (),
            ))
    return found, checks


def run(manifests: Sequence[Path], gold_path: Path, texts: Path) -> Result:
    """Ingest the articles present in ``texts`` into a temporary store and score the gold."""
    from sqlalchemy import create_engine

    from claimgraph.ingest.run import ingest
    from claimgraph.settings import Settings
    from claimgraph.store.engine import open_store

    if not texts.is_dir():
        raise InputError(str(texts), "no such texts folder (re-retrieve the articles into it first)")
    articles = load_manifests(manifests)
    gold = load_gold(gold_path, sorted({a.set for a in articles}))
    result = Result()
    with tempfile.TemporaryDirectory(prefix="claimgraph-realnews-") as tmp:
        corpus = Path(tmp) / "articles.jsonl"
        result.articles, result.missing_texts = _jsonl(articles, texts, corpus)
        url = f"sqlite:///{Path(tmp) / 'realnews.db'}"
        store = open_store(url)
        try:
            ingest([str(corpus)], store, Settings(db_url=url))
        finally:
            store.dispose()
        engine = create_engine(url)
        try:
            with engine.connect() as conn:
                result.found, result.checks = check(conn, gold)
        finally:
            engine.dispose()
    return result
