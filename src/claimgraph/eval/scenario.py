"""The sample corpus as a bitemporal test: expected statuses per proposition and as-of time.

``examples/`` (docs/sample-corpus.md) is our own invented story: several outlets over five
days, wire copies, a denial, a rumour and a late admission. ``scenario.json`` says, for
its key propositions, which status each should have *as known at* several instants, and
how many independent sources and documents support it where that is the point (wire
copies count once).
:func:`run` ingests the corpus into a throw-away SQLite store and compares.

A proposition is selected by type family, place (any spelling), agent side, facility and
a day its valid time covers; when several match, the one with the most independent votes.
``absent`` means no proposition matches yet. Several statuses separated by ``|`` are all
acceptable (the story does not decide between them). Expectations the system does not
meet today carry ``known_failure`` (why); they are shown, never hidden, and a known
failure that starts passing is reported as fixed.
"""

from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from importlib import resources
from pathlib import Path
from typing import Any

from claimgraph.errors import InputError

SPEC = "scenario.json"
DEFAULT_CORPUS = Path(__file__).resolve().parents[3] / "examples"


@dataclass(frozen=True, slots=True)
class Check:
    """One expectation: a proposition's status as known at one instant."""

    proposition: str
    label: str
    as_of: datetime | None
    expected: tuple[str, ...]
    independent_sources: int | None
    documents: int | None
    known_failure: str | None
    got: str
    got_sources: int | None
    got_documents: int | None
    confidence: float | None

    @property
    def status_ok(self) -> bool:
        return self.got in self.expected

    @property
    def counts_ok(self) -> bool:
        """Independent sources and documents, where the expectation names them."""
        return (self.independent_sources in (None, self.got_sources)
                and self.documents in (None, self.got_documents))

    @property
    def passed(self) -> bool:
        return self.status_ok and self.counts_ok

    @property
    def outcome(self) -> str:
        """``pass``, ``FAIL``, ``known failure`` or ``fixed`` (a known failure that passes)."""
        if self.known_failure:
            return "fixed" if self.passed else "known failure"
        return "pass" if self.passed else "FAIL"


def load_spec(path: Path | None = None) -> dict[str, Any]:
    """``scenario.json`` (the one shipped in this package unless ``path`` is given)."""
    if path is not None:
        return dict(json.loads(path.read_text(encoding="utf-8")))
    return dict(json.loads(resources.files("claimgraph.eval").joinpath(SPEC).read_text(encoding="utf-8")))


def _instant(text: str | None) -> datetime | None:
    return None if text is None else datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(UTC)


def ingest_corpus(corpus: Path, db_url: str) -> None:
    """Ingest ``corpus`` into the store at ``db_url``, as ``claimgraph demo`` does."""
    from claimgraph.ingest.run import ingest
    from claimgraph.settings import Settings
    from claimgraph.store.engine import open_store

    if not corpus.is_dir():
        raise InputError(str(corpus), "not a folder; pass --corpus with the sample corpus (examples/)")
    engine = open_store(db_url)
    try:
        ingest([str(corpus)], engine, Settings(db_url=db_url))
    finally:
        engine.dispose()


def _select(props: list[Any], want: dict[str, Any]) -> Any | None:
    """The matching proposition with the most independent votes (module doc), or None."""
    from claimgraph.reconcile.status import place_matches

    day = datetime.fromisoformat(want["on"]).replace(tzinfo=UTC)
    side = want.get("agent_side") or ""
    facility = (want.get("facility") or "").lower()
    found = [
        p for p in props
        if p.cluster.family == want["type"] and p.cluster.side == side
        and p.cluster.facility == facility and place_matches(p.cluster, want["place"])
        and p.cluster.valid_from < day + timedelta(days=1) and p.cluster.valid_to >= day
    ]
    return max(found, key=lambda p: (len(p.votes), -p.cluster.valid_from.timestamp()), default=None)


def check(conn: Any, spec: dict[str, Any]) -> list[Check]:
    """Every expectation of ``spec`` against the store behind ``conn``."""
    from claimgraph.reconcile.status import propositions

    window = timedelta(days=float(spec.get("window_days", 2)))
    cache: dict[datetime | None, list[Any]] = {}
    checks = []
    for want in spec["propositions"]:
        for e in want["expect"]:
            when = _instant(e["as_of"])
            if when not in cache:
                cache[when] = propositions(conn, when, window)
            p = _select(cache[when], want)
            d = p.as_dict() if p is not None else {}
            checks.append(Check(
                proposition=want["id"], label=want["label"], as_of=when,
                expected=tuple(e["status"].split("|")),
                independent_sources=e.get("independent_sources"), documents=e.get("documents"),
                known_failure=e.get("known_failure"),
                got=d.get("status", "absent"), got_sources=d.get("independent_sources"),
                got_documents=d.get("documents"), confidence=d.get("confidence"),
            ))
    return checks


def run(corpus: Path | None = None, spec_path: Path | None = None) -> list[Check]:
    """Ingest the corpus into a temporary SQLite store and check every expectation."""
    from sqlalchemy import create_engine

    spec = load_spec(spec_path)
    with tempfile.TemporaryDirectory(prefix="claimgraph-scenario-") as tmp:
        url = f"sqlite:///{Path(tmp) / 'scenario.db'}"
        ingest_corpus(corpus or DEFAULT_CORPUS, url)
        engine = create_engine(url)
        try:
            with engine.connect() as conn:
                return check(conn, spec)
        finally:
            engine.dispose()
