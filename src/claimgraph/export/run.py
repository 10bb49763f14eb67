"""The one entry point that reads the store and writes an export format.

``export(conn, fmt, out)`` loads :class:`~claimgraph.export.records.Records` once (documents,
claims, propositions as reconcile judges them, reviews, place features) and hands them to
the chosen format's pure ``write``. ``out`` may be a text stream or a binary one (then
UTF-8 is written); open text files with ``newline=""`` for the CSV formats.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import BinaryIO, TextIO

from sqlalchemy import Connection

from claimgraph.errors import UsageError
from claimgraph.export import acled, bundle, claimreview, claims_csv, geojson, plover
from claimgraph.export.records import Records
from claimgraph.reconcile.reviews import attach
from claimgraph.reconcile.status import propositions
from claimgraph.store.claims import list_claims
from claimgraph.store.evidence import DEFAULT_WINDOW, as_utc
from claimgraph.store.places import place_features
from claimgraph.store.queries import list_documents
from claimgraph.store.reviews import list_reviews

Writer = Callable[[Records, TextIO], int]
FORMATS: dict[str, Writer] = {
    "json": bundle.write,
    "csv": claims_csv.write,
    "geojson": geojson.write,
    "claimreview": claimreview.write,
    "acled": acled.write,
    "plover": plover.write,
}
# Suggested file suffixes, for a CLI that names the output itself.
SUFFIXES = {"json": ".json", "csv": ".csv", "geojson": ".geojson", "claimreview": ".jsonld",
            "acled": ".csv", "plover": ".jsonl"}


def load(conn: Connection, as_of: datetime | None = None, window: timedelta = DEFAULT_WINDOW) -> Records:
    """Read everything an export needs from the store.

    Args:
        as_of: report time: only documents published at or before it (and their claims)
            and propositions as known then, as ``propositions --as-of`` computes them.
        window: valid-time window of one proposition (reconcile's default).
    """
    found = propositions(conn, as_of, window)
    documents = list_documents(conn)
    claims = list_claims(conn)
    if as_of is not None:
        limit = as_utc(as_of)
        documents = [d for d in documents if d["published_at"] and datetime.fromisoformat(d["published_at"]) <= limit]
        kept = {d["id"] for d in documents}
        claims = [c for c in claims if c["document_id"] in kept]
    features = place_features(conn, {p.cluster.geonames_id for p in found})
    return Records(
        documents=documents,
        claims=claims,
        propositions=found,
        reviews=attach(list_reviews(conn), found),
        features=features,
        as_of=as_of,
    )


def export(
    conn: Connection,
    fmt: str,
    out: TextIO | BinaryIO,
    as_of: datetime | None = None,
    window: timedelta = DEFAULT_WINDOW,
) -> int:
    """Write the store in format ``fmt`` to ``out``; returns how many records were written
    (propositions, rows, features, reviews or events, as each format's ``write`` says).

    Raises:
        UsageError: ``fmt`` is not one of :data:`FORMATS`.
    """
    writer = FORMATS.get(fmt)
    if writer is None:
        raise UsageError(f"unknown export format {fmt!r}: use one of {', '.join(FORMATS)}")
    records = load(conn, as_of, window)
    if not isinstance(out, io.RawIOBase | io.BufferedIOBase):
        return writer(records, out)  # type: ignore[arg-type]
    text = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=True)
    try:
        return writer(records, text)
    finally:
        text.detach()  # leave the caller's binary stream open
