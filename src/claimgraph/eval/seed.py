"""Score the extractor on the founding article against its hand annotation.

Protocol: gold claims are located in the stored text by their exact evidence string; a
predicted attributed claim matches a gold claim when their evidence spans overlap by at
least half of the shorter one. Gold claims that share one evidence string (one quote
naming four cities) may all match the same prediction: they differ only in their events,
which a later stage splits. Precision counts predicted attributed claims that match some
gold claim; the outlet's own voice is reported apart because the gold does not list it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from claimgraph.extract.document import extract_documents
from claimgraph.ingest.normalize import Overrides, normalize
from claimgraph.model import Claim, Event, RawDocument

MIN_OVERLAP = 0.5


@dataclass
class SeedScores:
    """Counts and accuracies of one run; ``rows()`` is the printed table."""

    gold: int = 0
    predicted: int = 0
    matched_gold: int = 0
    matched_predicted: int = 0
    outlet_voice: int = 0
    stance: list[bool] = field(default_factory=list)
    canonical: list[bool] = field(default_factory=list)
    channel: list[bool] = field(default_factory=list)
    chain_c3: tuple[list[str], list[str] | None] = ([], None)
    hedged: list[bool] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)
    event_ok: list[bool] = field(default_factory=list)
    event_misses: list[str] = field(default_factory=list)
    places_ok: list[bool] = field(default_factory=list)
    place_misses: list[str] = field(default_factory=list)

    def rows(self) -> list[tuple[str, str]]:
        def rate(values: list[bool]) -> str:
            return f"{sum(values) / len(values):.3f} ({sum(values)}/{len(values)})" if values else "n/a"

        gold_chain, got = self.chain_c3
        return [
            ("claim recall", f"{self.matched_gold / self.gold:.3f} ({self.matched_gold}/{self.gold})"),
            ("claim precision", f"{self.matched_predicted / max(self.predicted, 1):.3f} ({self.matched_predicted}/{self.predicted})"),
            ("stance accuracy", rate(self.stance)),
            ("canonical source accuracy", rate(self.canonical)),
            ("channel accuracy", rate(self.channel)),
            ("outlet caveats attached to the claims they cover", rate(self.hedged)),
            ("c3 chain exact", f"{'yes' if got == gold_chain else 'no'}: {got}"),
            ("gold places resolved to their GeoNames id", rate(self.places_ok)),
            ("event type + place + date within a day", rate(self.event_ok)),
            ("outlet-voice claims (not in gold)", str(self.outlet_voice)),
        ]


def overlap(a: tuple[int, int], b: tuple[int, int]) -> float:
    """Shared characters over the length of the shorter span."""
    shared = min(a[1], b[1]) - max(a[0], b[0])
    return max(0, shared) / max(1, min(a[1] - a[0], b[1] - b[0]))


def run(seed_dir: Path) -> tuple[SeedScores, list[Claim]]:
    """Extract the seed article and score it against ``seed-gold.json``."""
    gold = json.loads((seed_dir / "seed-gold.json").read_text(encoding="utf-8"))
    raw = RawDocument(location=str(seed_dir / "seed-article.txt"),
                      text=(seed_dir / "seed-article.txt").read_text(encoding="utf-8"))
    meta = gold["document"]
    published = datetime.fromisoformat(meta["published"]).replace(tzinfo=UTC)
    doc = normalize(raw, Overrides(outlet=meta["outlet"], published=published))
    extraction = next(extract_documents([doc]))
    scores = score(doc.text, gold, list(extraction.claims))
    found = {p.geonames_id for p in extraction.places}
    for place in gold["places"]:
        ok = place["geonames_id"] in found
        scores.places_ok.append(ok)
        if not ok:
            scores.place_misses.append(place["name"])
    return scores, list(extraction.claims)


def score(text: str, gold: dict[str, Any], claims: list[Claim]) -> SeedScores:
    """Match predictions to gold claims and compare their fields."""
    predicted = [c for c in claims if c.attributed]
    scores = SeedScores(gold=len(gold["claims"]), predicted=len(predicted),
                        outlet_voice=len(claims) - len(predicted))
    caveats = [
        (_gold_span(text, h), h["applies_to"]) for h in gold["outlet_hedges"]
    ]
    places = {p["name"]: p["geonames_id"] for p in gold["places"]}
    used: set[str] = set()
    for g in gold["claims"]:
        start = text.find(g["evidence"])
        if start < 0:
            raise ValueError(f"gold evidence of {g['id']} is not in the text")
        span = (start, start + len(g["evidence"]))
        best = max(predicted, key=lambda c: overlap(span, c.span), default=None)
        if best is None or overlap(span, best.span) < MIN_OVERLAP:
            scores.misses.append(g["id"])
            continue
        scores.matched_gold += 1
        used.add(best.id)
        scores.stance.append(best.stance == g["stance"])
        if g.get("source_canonical"):
            scores.canonical.append(best.source.canonical == g["source_canonical"])
        scores.channel.append((best.channel or None) == g.get("channel"))
        for where, applies in caveats:
            if applies == "all" or g["id"] in applies:
                scores.hedged.append(any(overlap(where, h.span) > 0 for h in best.hedges))
        if g["id"] == "c3":
            scores.chain_c3 = (g["chain"], list(best.chain))
        ok = any(_event_matches(e, g["event"], places) for e in best.events)
        scores.event_ok.append(ok)
        if not ok:
            scores.event_misses.append(g["id"])
    scores.matched_predicted = sum(
        1 for c in predicted
        if c.id in used or any(overlap(c.span, _gold_span(text, g)) >= MIN_OVERLAP for g in gold["claims"])
    )
    return scores


def _event_matches(event: Event, gold: dict[str, Any], places: dict[str, int]) -> bool:
    """Same type, the gold place's GeoNames id, and a time within a day of the gold date."""
    if event.type != gold["type"] or not event.place:
        return False
    if event.place.get("geonames_id") != places.get(gold["place"]):
        return False
    day = date.fromisoformat(gold["date"])
    start = datetime.fromisoformat(str(event.time["start"])).date()
    end = datetime.fromisoformat(str(event.time["end"])).date()
    return start - timedelta(days=1) <= day <= end + timedelta(days=1)


def _gold_span(text: str, g: dict[str, Any]) -> tuple[int, int]:
    start = text.find(g["evidence"])
    return start, start + len(g["evidence"])
