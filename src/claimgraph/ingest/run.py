"""Ingest a batch of inputs into the store: read, normalise, detect copies, write.

Writes are transactional per batch of documents: a killed ingest leaves every earlier
batch stored and nothing of the interrupted one, and a re-run stores the rest (ids are
content hashes, so what is already there counts as a duplicate).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from itertools import islice
from typing import BinaryIO

from sqlalchemy import Connection, Engine

from claimgraph.errors import InputError
from claimgraph.extract.document import Extraction, extract_documents
from claimgraph.ingest import syndication
from claimgraph.ingest.normalize import Overrides, normalize
from claimgraph.ingest.outlets import registry
from claimgraph.ingest.readers import iter_raw
from claimgraph.model import Document, RawDocument, ReadFailure
from claimgraph.settings import Settings
from claimgraph.store import claims as claim_store
from claimgraph.store import queries

log = logging.getLogger(__name__)


@dataclass(slots=True)
class IngestReport:
    """What an ingest did; ``as_dict`` is the ``ingest --json`` contract."""

    new: int = 0
    duplicates: int = 0
    claims: int = 0
    versions: int = 0
    failures: list[ReadFailure] = field(default_factory=list)
    document_ids: list[str] = field(default_factory=list)

    @property
    def failed(self) -> int:
        return len(self.failures)

    def as_dict(self) -> dict[str, object]:
        return {
            "new": self.new,
            "duplicates": self.duplicates,
            "versions": self.versions,
            "claims": self.claims,
            "failed": self.failed,
            "errors": [f.as_dict() for f in self.failures],
        }


Progress = Callable[[IngestReport], None]


def _prepared(
    items: Iterable[RawDocument | ReadFailure], overrides: Overrides | None
) -> Iterator[Document | ReadFailure]:
    """Normalise each raw document; a failure to do so becomes a ReadFailure."""
    outlets = registry()
    for item in items:
        if isinstance(item, ReadFailure):
            yield item
            continue
        try:
            yield normalize(item, overrides, outlets)
        except InputError as exc:
            yield ReadFailure(exc.path, exc.reason, exc.line, exc.code)
        except Exception as exc:  # a library bug on hostile input must not end the batch
            log.exception("normalising %s failed", item.location)
            yield ReadFailure(item.location, f"{type(exc).__name__}: {exc}", None, "E000")


def store_batch(
    conn: Connection, docs: Sequence[Document], settings: Settings, now: datetime
) -> list[Document]:
    """Store the documents not yet stored, with syndication groups and version links.

    Set-based: a handful of queries per batch, whatever its size. Returns the documents
    stored, in input order.
    """
    stored = queries.existing_ids(conn, [d.id for d in docs])
    fresh: dict[str, Document] = {}
    for doc in docs:
        if doc.id not in stored:
            fresh.setdefault(doc.id, doc)
    prints = [(d, syndication.fingerprint(d.text, settings)) for d in fresh.values()]
    candidates = queries.copy_candidates(conn, (band for _d, fp in prints for band in fp.bands))
    known = [syndication.Known(c.id, c.syndication_group, c.minhash, c.shingles) for c in candidates]
    groups = syndication.assign_groups([(d.id, fp) for d, fp in prints], known, settings)
    previous = queries.latest_versions(conn, [d.url for d in fresh.values() if d.url])
    out: list[tuple[Document, syndication.Fingerprint]] = []
    for doc, fp in prints:
        prior = previous.get(doc.url) if doc.url else None
        if doc.url:
            previous[doc.url] = doc.id  # a later version in this batch links to this one
        linked = replace(
            doc,
            syndication_group=groups[doc.id],
            wire_origin=syndication.wire_origin(doc.text),
            previous_version=prior,
        )
        out.append((linked, fp))
    queries.insert_documents(conn, out, now)
    return [d for d, _fp in out]


def _extract_new(engine: Engine, docs: Sequence[Document]) -> dict[str, Extraction]:
    """Claims of the documents of a batch that the store does not hold yet."""
    with engine.connect() as conn:
        stored = queries.existing_ids(conn, [d.id for d in docs])
    todo = list({d.id: d for d in docs if d.id not in stored}.values())
    return {e.document.id: e for e in extract_documents(todo)}


def ingest(
    paths: Sequence[str],
    engine: Engine,
    settings: Settings,
    overrides: Overrides | None = None,
    progress: Progress | None = None,
    stdin: BinaryIO | None = None,
) -> IngestReport:
    """Ingest every document under ``paths``; bad inputs are reported, never fatal."""
    report = IngestReport()
    items = _prepared(iter_raw(paths, settings, stdin=stdin), overrides)
    while batch := list(islice(items, settings.batch_size)):
        now = datetime.now(UTC)
        failures = [i for i in batch if isinstance(i, ReadFailure)]
        docs = [i for i in batch if isinstance(i, Document)]
        # Parse outside the write transaction, so the store stays writable meanwhile.
        extractions = _extract_new(engine, docs) if settings.extract else {}
        with engine.begin() as conn:
            new_here = store_batch(conn, docs, settings, now)
            found = [extractions[d.id] for d in new_here if d.id in extractions]
            report.claims += claim_store.insert_claims(
                conn,
                [c for e in found for c in e.claims],
                {e.document.id: e.conflict for e in found},
            )
            for extraction in found:
                claim_store.insert_places(
                    conn, extraction.document.id, [p.as_dict() for p in extraction.places]
                )
            queries.insert_failures(conn, failures, now)
        # Counted only once the transaction committed, so the report never overstates.
        report.new += len(new_here)
        report.versions += sum(1 for d in new_here if d.previous_version)
        report.duplicates += len(docs) - len(new_here)
        report.document_ids.extend(d.id for d in new_here)
        report.failures.extend(failures)
        if progress:
            progress(report)
    return report

