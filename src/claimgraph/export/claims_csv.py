"""``--format csv``: one row per claim, for spreadsheets and pandas.

A claim that holds several events (rare: "seized the town and killed three") gets one row
per event, numbered by ``event_n``, so every row's place, time and proposition is one fact;
a claim with no event gets one row with those columns empty. ``chain`` is the relay chain
joined with " > " (officers > Reuters > outlet). The proposition columns say which
proposition the row's event is evidence for and its status (empty when the event has no
place or time, or only announces an intention). Cells are made safe for spreadsheets by
:mod:`claimgraph.export.spreadsheet`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, TextIO

from claimgraph.export.records import Records, claim_events
from claimgraph.export.spreadsheet import write_csv

COLUMNS = (
    "id", "document_id", "outlet", "url", "published_at", "sentence", "evidence", "span_start", "span_end",
    "source", "source_kind", "source_side", "cue", "stance", "quote", "channel", "chain", "attributed",
    "event_n", "event_type", "modality", "agent", "agent_side", "place", "geonames_id", "country", "lat", "lon",
    "time_start", "time_end", "proposition_id", "proposition_status",
)


def rows(records: Records) -> Iterator[dict[str, Any]]:
    """The rows, claims in the store's order (document, then position in it)."""
    for claim in records.claims:
        doc = records.document_by_id.get(claim["document_id"], {})
        source = claim["source"]
        base = {
            "id": claim["id"],
            "document_id": claim["document_id"],
            "outlet": doc.get("outlet"),
            "url": doc.get("url"),
            "published_at": doc.get("published_at"),
            "sentence": claim["sentence"],
            "evidence": claim["evidence"],
            "span_start": claim["span"][0],
            "span_end": claim["span"][1],
            "source": source.get("canonical") or source.get("text"),
            "source_kind": source.get("kind"),
            "source_side": source.get("side"),
            "cue": claim.get("cue"),
            "stance": claim.get("stance"),
            "quote": claim.get("quote"),
            "channel": claim.get("channel"),
            "chain": " > ".join(claim.get("chain") or ()),
            "attributed": claim.get("attributed"),
        }
        events = claim_events(claim)
        if not events:
            yield base
        for n, event in enumerate(events):
            yield {**base, **_event_columns(records, claim["id"], n, event)}


def _event_columns(records: Records, claim_id: str, n: int, event: dict[str, Any]) -> dict[str, Any]:
    place = event.get("place") or {}
    agent = event.get("agent") or {}
    time = event.get("time") or {}
    p = records.proposition_of.get((claim_id, n))
    return {
        "event_n": n,
        "event_type": event.get("type"),
        "modality": event.get("modality"),
        "agent": agent.get("canonical") or agent.get("text"),
        "agent_side": agent.get("side"),
        "place": place.get("name") or place.get("text"),
        "geonames_id": place.get("geonames_id"),
        "country": place.get("country"),
        "lat": place.get("lat"),
        "lon": place.get("lon"),
        "time_start": time.get("start"),
        "time_end": time.get("end"),
        "proposition_id": p.cluster.id if p else None,
        "proposition_status": p.verdict.status if p else None,
    }


def write(records: Records, out: TextIO) -> int:
    """Write the table; returns the number of rows."""
    return write_csv(out, COLUMNS, rows(records))
