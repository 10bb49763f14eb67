"""SQL for claims and the canonical actors they come from."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, func, select

from claimgraph.model import Claim, Event
from claimgraph.store import bulk
from claimgraph.store.queries import chunks, utc
from claimgraph.store.schema import actors, claims, events, places

def actor_id(canonical: str, kind: str) -> str:
    """Stable id of a canonical actor, shared by every document that mentions it."""
    return hashlib.sha1(f"{kind}:{canonical}".encode()).hexdigest()[:20]


def insert_claims(conn: Connection, records: Sequence[Claim], conflicts: dict[str, str | None]) -> int:
    """Store claims (and any actor not yet known); returns how many claims were new.

    Args:
        conflicts: document id -> conflict the document was resolved in, kept on new actors.
    """
    if not records:
        return 0
    wanted: dict[str, Claim] = {}
    for c in records:  # the first mention names the actor's first document, however batched
        if c.source.canonical:
            wanted.setdefault(actor_id(c.source.canonical, c.source.kind), c)
    known: set[str] = set()
    for part in chunks(sorted(wanted)):
        known.update(conn.execute(select(actors.c.id).where(actors.c.id.in_(part))).scalars())
    new_actors = [
        {
            "id": aid,
            "canonical": c.source.canonical,
            "kind": c.source.kind,
            "side": c.source.side,
            "conflict": conflicts.get(c.document_id),
            "registry": c.source.registry,
            "first_document": c.document_id,
        }
        for aid, c in wanted.items()
        if aid not in known
    ]
    bulk.insert_rows(conn, actors, new_actors)
    existing: set[str] = set()
    for part in chunks(sorted({c.id for c in records})):
        existing.update(conn.execute(select(claims.c.id).where(claims.c.id.in_(part))).scalars())
    fresh = [c for c in {c.id: c for c in records}.values() if c.id not in existing]
    bulk.insert_rows(conn, claims, [_row(c) for c in fresh])
    bulk.insert_rows(conn, events, [_event_row(c, n, e) for c in fresh for n, e in enumerate(c.events)])
    return len(fresh)


def insert_places(conn: Connection, document_id: str, found: Sequence[dict[str, Any]]) -> None:
    """Store the place mentions of a document (``Place.as_dict()`` records)."""
    insert_places_of(conn, {document_id: found})


def insert_places_of(conn: Connection, found: Mapping[str, Sequence[dict[str, Any]]]) -> None:
    """Store the place mentions of several documents (document id -> ``Place.as_dict()``
    records) in one bulk load."""
    rows = [
        row
        for document_id, mentions in found.items()
        for row in {
            p["span"][0]: {
                "document_id": document_id,
                "start": p["span"][0],
                "end": p["span"][1],
                **{k: p.get(k) for k in ("text", "name", "geonames_id", "country", "lat", "lon", "feature", "reason")},
            }
            for p in mentions
        }.values()
    ]
    bulk.insert_rows(conn, places, rows)


def _event_row(c: Claim, n: int, e: Event) -> dict[str, Any]:
    place = e.place or {}
    return {
        "claim_id": c.id,
        "n": n,
        "document_id": c.document_id,
        "type": e.type,
        "modality": e.modality,
        "agent_text": e.agent.text if e.agent else None,
        "agent": e.agent.canonical if e.agent else None,
        "agent_side": e.agent.side if e.agent else None,
        "target": e.target.canonical if e.target else None,
        "target_side": e.target.side if e.target else None,
        "facility": e.facility,
        "place_name": place.get("name"),
        "geonames_id": place.get("geonames_id"),
        "country": place.get("country"),
        "lat": place.get("lat"),
        "lon": place.get("lon"),
        "place_text": place.get("text"),
        "time_start": _when(e.time.get("start")),
        "time_end": _when(e.time.get("end")),
        "time_text": e.time.get("text"),
        "time_granularity": e.time.get("granularity"),
        "trigger": e.trigger,
        "trigger_start": e.trigger_span[0] if e.trigger_span else None,
        "trigger_end": e.trigger_span[1] if e.trigger_span else None,
        "count": e.count,
    }


def _when(value: object) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    return datetime.fromisoformat(str(value))


def _row(c: Claim) -> dict[str, Any]:
    return {
        "id": c.id,
        "document_id": c.document_id,
        "sentence": c.sentence,
        "sentence_start": c.sentence_span[0],
        "sentence_end": c.sentence_span[1],
        "start": c.span[0],
        "end": c.span[1],
        "evidence": c.evidence,
        "source_text": c.source.text,
        "source_start": c.source.span[0] if c.source.span else None,
        "source_end": c.source.span[1] if c.source.span else None,
        "actor_id": actor_id(c.source.canonical, c.source.kind) if c.source.canonical else None,
        "source_canonical": c.source.canonical,
        "source_kind": c.source.kind,
        "source_side": c.source.side,
        "cue": c.cue,
        "cue_start": c.cue_span[0] if c.cue_span else None,
        "cue_end": c.cue_span[1] if c.cue_span else None,
        "stance": c.stance,
        "quote": c.quote,
        "channel": c.channel,
        "chain": list(c.chain),
        "hedges": [{"text": h.text, "span": list(h.span)} for h in c.hedges],
        "attributed": c.attributed,
        "extractor": c.extractor,
    }


_MAX_IDS = 500  # one IN list; callers page longer lists


def list_claims(
    conn: Connection,
    source: str | None = None,
    text: str | None = None,
    document_id: str | None = None,
    attributed_only: bool = False,
    limit: int | None = None,
    ids: Sequence[str] = (),
    offset: int = 0,
) -> list[dict[str, Any]]:
    """Claims as contract dicts, filtered by id, source (canonical or as written) or words."""
    query = select(claims)
    if ids:
        query = query.where(claims.c.id.in_(list(ids)[:_MAX_IDS]))
    if source:
        needle = f"%{source.lower()}%"
        query = query.where(
            func.lower(func.coalesce(claims.c.source_canonical, "")).like(needle)
            | func.lower(func.coalesce(claims.c.source_text, "")).like(needle)
        )
    if text:
        needle = f"%{text.lower()}%"
        at_place = select(events.c.claim_id).where(func.lower(events.c.place_name).like(needle))
        query = query.where(func.lower(claims.c.sentence).like(needle) | claims.c.id.in_(at_place))
    if document_id:
        query = query.where(claims.c.document_id == document_id)
    if attributed_only:
        query = query.where(claims.c.attributed.is_(True))
    query = query.order_by(claims.c.document_id, claims.c.start, claims.c.id).offset(offset)
    if limit:
        query = query.limit(limit)
    rows = [_as_contract(r) for r in conn.execute(query).mappings()]
    by_claim = _events_of(conn, [r["id"] for r in rows])
    for row in rows:
        found = by_claim.get(row["id"], [])
        row["event"] = None if not found else found[0] if len(found) == 1 else found
    return rows


def _events_of(conn: Connection, claim_ids: Sequence[str]) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    for part in chunks(claim_ids):
        query = select(events).where(events.c.claim_id.in_(part))
        for r in conn.execute(query.order_by(events.c.claim_id, events.c.n)).mappings():
            out.setdefault(r["claim_id"], []).append(_event_contract(r))
    return out


def _event_contract(r: Any) -> dict[str, Any]:
    def iso(value: datetime | None) -> str | None:
        value = utc(value)
        return value.isoformat() if value else None

    place = None
    if r["place_name"] or r["place_text"]:
        place = {k: r[k] for k in ("geonames_id", "country", "lat", "lon")}
        place.update(name=r["place_name"], text=r["place_text"])
    return {
        "type": r["type"],
        "agent": {"text": r["agent_text"], "canonical": r["agent"], "side": r["agent_side"]} if r["agent"] or r["agent_text"] else None,
        "target": {"canonical": r["target"], "side": r["target_side"]} if r["target"] else None,
        "facility": r["facility"],
        "modality": r["modality"],
        "place": place,
        "time": {"start": iso(r["time_start"]), "end": iso(r["time_end"]), "text": r["time_text"], "granularity": r["time_granularity"]},
        "trigger": r["trigger"],
        "count": r["count"],
    }


def _as_contract(r: Any) -> dict[str, Any]:
    def span(start: str, end: str) -> list[int] | None:
        return [r[start], r[end]] if r[start] is not None else None

    return {
        "id": r["id"],
        "document_id": r["document_id"],
        "sentence": r["sentence"],
        "sentence_span": [r["sentence_start"], r["sentence_end"]],
        "span": [r["start"], r["end"]],
        "evidence": r["evidence"],
        "source": {
            "text": r["source_text"],
            "span": span("source_start", "source_end"),
            "canonical": r["source_canonical"],
            "kind": r["source_kind"],
            "side": r["source_side"],
        },
        "cue": r["cue"],
        "cue_span": span("cue_start", "cue_end"),
        "stance": r["stance"],
        "quote": r["quote"],
        "channel": r["channel"],
        "chain": r["chain"],
        "hedges": r["hedges"],
        "attributed": bool(r["attributed"]),
        "extractor": r["extractor"],
        "event": None,
    }
