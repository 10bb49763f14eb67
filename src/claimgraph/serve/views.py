"""What the API returns and the report embeds: one function per view, each a read of the
store shaped as the JSON contract (no HTTP here), so the HTTP app, the CLI
and the offline report show the same numbers.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection

from claimgraph import __version__
from claimgraph.reconcile.materialize import (
    cached_only_propositions,
    cached_only_timeline,
    current_propositions,
    current_timeline,
    dumps,
)
from claimgraph.reconcile.status import propositions
from claimgraph.reconcile.timeline import timeline
from claimgraph.store import claims as claim_store
from claimgraph.store import queries
from claimgraph.store.evidence import DEFAULT_WINDOW

# How many as-of stops a report precomputes (each is a full reconcile of the store).
REPORT_STOPS = 60


def meta(conn: Connection, tile_url: str | None = None, stops: int = 200) -> dict[str, Any]:
    """Totals, the reporting period and the as-of slider's stops."""
    totals = queries.counts(conn)
    times = queries.report_times(conn, stops)
    return {
        "version": __version__,
        "documents": totals["documents"],
        "claims": totals["claims"],
        "first_reported": times[0] if times else None,
        "last_reported": times[-1] if times else None,
        "report_times": times,
        "tile_url": tile_url,
    }


def documents(conn: Connection, limit: int = 100, offset: int = 0, outlet: str | None = None) -> dict[str, Any]:
    rows = queries.list_documents(conn, limit=limit, offset=offset, outlet=outlet)
    return {
        "total": queries.counts(conn)["documents"] if not outlet else len(rows),
        "documents": [{k: r[k] for k in queries.DOC_COLUMNS} for r in rows],
    }


def _with_documents(conn: Connection, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each claim with the outlet, title, URL and time of its document (the claim card)."""
    wanted = {r["document_id"] for r in rows}
    docs = {d["id"]: d for d in queries.documents_by_id(conn, sorted(wanted))}
    for r in rows:
        d = docs.get(r["document_id"], {})
        r["document"] = {k: d.get(k) for k in ("id", "outlet", "title", "url", "published_at")}
    return rows


def claims(
    conn: Connection,
    ids: Sequence[str] = (),
    source: str | None = None,
    place: str | None = None,
    document: str | None = None,
    limit: int = 100,
    offset: int = 0,
) -> dict[str, Any]:
    rows = claim_store.list_claims(
        conn, source=source, text=place, document_id=document, limit=limit, ids=ids, offset=offset
    )
    return {"claims": _with_documents(conn, rows)}


def proposition_list(
    conn: Connection,
    as_of: datetime | None = None,
    place: str | None = None,
    status: str | None = None,
    kind: str | None = None,
    window: timedelta = DEFAULT_WINDOW,
) -> dict[str, Any]:
    found = propositions(conn, as_of, window, place, status)
    rows = [p.as_dict() for p in found if not kind or p.cluster.family == kind.upper()]
    return {"as_of": as_of.isoformat() if as_of else None, "propositions": rows}


def proposition_list_json(
    conn: Connection,
    as_of: datetime | None = None,
    place: str | None = None,
    status: str | None = None,
    kind: str | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> str:
    """:func:`proposition_list` as JSON text, paged: the current state comes from the
    materialized cache (reconcile/materialize.py) without being parsed again, an as-of
    state is reconciled from the evidence known then."""
    family = kind.upper() if kind else None
    if as_of is None:
        bodies = current_propositions(conn, place, status, family, limit, offset)
    else:
        rows = proposition_list(conn, as_of, place, status, kind)["propositions"]
        page = rows[offset:] if limit is None else rows[offset : offset + limit]
        bodies = [dumps(r) for r in page]
    label = dumps(as_of.isoformat() if as_of else None)
    return '{"as_of":' + label + ',"propositions":[' + ",".join(bodies) + "]}"


def quick_proposition_list_json(
    conn: Connection, place: str | None, status: str | None, kind: str | None, limit: int | None, offset: int
) -> str | None:
    """:func:`proposition_list_json` of the current state when it is a cache read alone
    (see :func:`claimgraph.reconcile.materialize.cached_only_propositions`), else None."""
    bodies = cached_only_propositions(conn, place, status, kind.upper() if kind else None, limit, offset)
    return None if bodies is None else '{"as_of":null,"propositions":[' + ",".join(bodies) + "]}"


def place_timeline(conn: Connection, place: str, as_of: datetime | None = None) -> dict[str, Any]:
    return timeline(propositions(conn, as_of, place=place)).as_dict()


def place_timeline_json(conn: Connection, place: str, as_of: datetime | None = None) -> str:
    """:func:`place_timeline` as JSON text; the current one from the materialized cache."""
    return current_timeline(conn, place) if as_of is None else dumps(place_timeline(conn, place, as_of))


def sources(conn: Connection) -> dict[str, Any]:
    # crowd-kit takes seconds to import: only the views that need it pay for it
    from claimgraph.reconcile.reliability import reliability_report

    return reliability_report(conn)


def search(conn: Connection, words: str, limit: int = 50) -> dict[str, Any]:
    return {
        "documents": queries.search_documents(conn, words, limit),
        "claims": _with_documents(conn, claim_store.list_claims(conn, text=words, limit=limit)),
    }


def report_bundle(conn: Connection, tile_url: str | None = None) -> dict[str, Any]:
    """Everything the offline report shows: as-of snapshots at up to ``REPORT_STOPS``
    report times (the last one is the current state), the claims they cite, documents,
    each place's control timeline and the sources' reliability."""
    info = meta(conn, None, REPORT_STOPS)
    snapshots = [
        {"as_of": stop, "propositions": [p.as_dict() for p in propositions(conn, datetime.fromisoformat(stop))]}
        for stop in info["report_times"][:-1]
    ]
    latest = [p.as_dict() for p in propositions(conn)]
    snapshots.append({"as_of": info["last_reported"], "propositions": latest})
    cited = sorted({cid for snap in snapshots for p in snap["propositions"] for cid in p["claims"]})
    claim_rows: list[dict[str, Any]] = []
    for chunk in queries.chunks(cited):
        claim_rows.extend(claim_store.list_claims(conn, ids=chunk))
    places = sorted({str(p["place"]["geonames_id"]) for p in latest if p["type"] == "CONTROL"})
    return {
        "meta": info,
        "snapshots": snapshots,
        "claims": _with_documents(conn, claim_rows),
        "documents": documents(conn, limit=100_000)["documents"],
        "timelines": {gid: place_timeline(conn, gid) for gid in places},
        "sources": sources(conn),
    }
