"""Event-type agreement with the PLOVER gold-standard records after mapping.

Each record is one sentence coded with a PLOVER event type. We run the whole extractor
on the sentence as a one-sentence document and map the first event it finds to PLOVER
with :func:`claimgraph.extract.ontology.plover`. Our ontology covers conflict events
only, so agreement is reported overall and on the records whose gold type our ontology
can produce at all (:data:`COVERED`).
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from claimgraph.extract import ontology
from claimgraph.extract.document import extract_documents
from claimgraph.ingest.normalize import document_id
from claimgraph.model import Claim, Document

COVERED = frozenset(  # ASSAULT: an attack by bombs or killings (ontology.plover)
    {t.plover for t in ontology.TYPES.values() if t.plover} | set(ontology.STATEMENT_PLOVER.values()) | {"ASSAULT"}
)


@dataclass
class PloverScores:
    """Agreement counts; ``confusion`` maps (gold, predicted) to a count, ``ours`` maps
    (our deciding ontology type, gold) to a count: the precision of our own types."""

    total: int = 0
    agree: int = 0
    covered: int = 0
    covered_agree: int = 0
    confusion: Counter[tuple[str, str]] = field(default_factory=Counter)
    ours: Counter[tuple[str, str]] = field(default_factory=Counter)

    def type_precision(self, ours: str) -> tuple[int, int]:
        """(sentences we coded ``ours`` whose gold is a PLOVER type ``ours`` maps to, sentences
        we coded ``ours``): an ATTACK is right as FIGHT or ASSAULT, a CONTROL as FIGHT."""
        wanted = {ontology.TYPES[ours].plover} | ({"ASSAULT"} if ours == "ATTACK" else set())
        coded = {g: n for (o, g), n in self.ours.items() if o == ours}
        return sum(n for g, n in coded.items() if g in wanted), sum(coded.values())


def load(path: Path) -> list[dict[str, object]]:
    """Gold records with a sentence and an event type (the documentation record dropped)."""
    records = json.loads(path.read_text(encoding="utf-8"))
    return [r for r in records if r.get("text") and r.get("event") not in (None, "DOCUMENT")]


def run(path: Path, limit: int | None = None) -> PloverScores:
    """Extract every gold sentence and compare the mapped event type with the gold one."""
    records = load(path)[:limit]
    when = datetime(2000, 1, 1, tzinfo=UTC)
    docs = [
        Document(document_id(str(r["text"])), str(r["text"]), None, None, None, when, "en", when, str(r["id"]))
        for r in records
    ]
    scores = PloverScores()
    for record, extraction in zip(records, extract_documents(docs), strict=True):
        ours, predicted = _decided(list(extraction.claims))
        gold = str(record["event"])
        scores.ours[(ours, gold)] += 1
        scores.total += 1
        scores.agree += predicted == gold
        scores.confusion[(gold, predicted)] += 1
        if gold in COVERED:
            scores.covered += 1
            scores.covered_agree += predicted == gold
    return scores


def _verb_key(word: str | None) -> str | None:
    """The STATEMENT_PLOVER key of an inflected verb ("threatened" -> "threaten")."""
    word = (word or "").lower()
    for cut in (0, 1, 2, 3):
        stem = word[: len(word) - cut] if cut else word
        if stem in ontology.STATEMENT_PLOVER:
            return stem
    return None


def _decided(claims: list[Claim]) -> tuple[str, str]:
    """(our ontology type, its PLOVER type) of the event that decides. PLOVER codes the act
    of saying too ("rejected", "threatened"): a claim's cue of that kind wins, then the
    first event's mapped type, a count of the dead after the act that caused it ("killed
    in a car bombing" is the bombing, PLOVER's ASSAULT)."""
    for claim in claims:
        key = _verb_key(claim.cue)
        if key:
            return "STATEMENT", ontology.STATEMENT_PLOVER[key]
    for claim in claims:
        for event in sorted(claim.events, key=lambda e: e.type == "CASUALTIES"):
            word = _verb_key(event.trigger) if event.type == "STATEMENT" else event.trigger
            mapped = ontology.plover(event.type, word)[0]
            if mapped:
                return event.type, mapped
    return "none", "none"
