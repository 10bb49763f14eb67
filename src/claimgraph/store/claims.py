"""SQL for claims and the canonical actors they come from."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, func, insert, select

from claimgraph.model import Claim
from claimgraph.store.schema import actors, claims

_CHUNK = 2000


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
    wanted = {
        actor_id(c.source.canonical, c.source.kind): c
        for c in records
        if c.source.canonical
    }
    known: set[str] = set()
    ids = sorted(wanted)
    for i in range(0, len(ids), _CHUNK):
        known.update(conn.execute(select(actors.c.id).where(actors.c.id.in_(ids[i : i + _CHUNK]))).scalars())
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
    if new_actors:
        conn.execute(insert(actors), new_actors)
    existing = set(
        conn.execute(select(claims.c.id).where(claims.c.id.in_([c.id for c in records]))).scalars()
    )
    rows = [_row(c) for c in {c.id: c for c in records}.values() if c.id not in existing]
    if rows:
        conn.execute(insert(claims), rows)
    return len(rows)


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


def list_claims(
    conn: Connection,
    source: str | None = None,
    text: str | None = None,
    document_id: str | None = None,
    attributed_only: bool = False,
    limit: int | None = None,
) -> list[dict[str, Any]]:
    """Claims as contract dicts, filtered by source (canonical or as written) or words."""
    query = select(claims)
    if source:
        needle = f"%{source.lower()}%"
        query = query.where(
            func.lower(func.coalesce(claims.c.source_canonical, "")).like(needle)
            | func.lower(func.coalesce(claims.c.source_text, "")).like(needle)
        )
    if text:
        query = query.where(func.lower(claims.c.sentence).like(f"%{text.lower()}%"))
    if document_id:
        query = query.where(claims.c.document_id == document_id)
    if attributed_only:
        query = query.where(claims.c.attributed.is_(True))
    query = query.order_by(claims.c.document_id, claims.c.start, claims.c.id)
    if limit:
        query = query.limit(limit)
    return [_as_contract(r) for r in conn.execute(query).mappings()]


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
