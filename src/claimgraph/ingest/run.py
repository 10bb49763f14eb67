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
from claimgraph.ingest import syndication
from claimgraph.ingest.normalize import Overrides, normalize
from claimgraph.ingest.outlets import registry
from claimgraph.ingest.readers import iter_raw
from claimgraph.model import Document, RawDocument, ReadFailure
from claimgraph.settings import Settings
from claimgraph.store import queries

log = logging.getLogger(__name__)


@dataclass(slots=True)
class IngestReport:
    """What an ingest did; ``as_dict`` is the ``ingest --json`` contract."""

    new: int = 0
    duplicates: int = 0
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


def store_document(
    conn: Connection, doc: Document, settings: Settings, now: datetime
) -> Document | None:
    """Store ``doc`` with its syndication group and version link; None if already stored."""
    if queries.document_exists(conn, doc.id):
        return None
    fp = syndication.fingerprint(doc.text, settings)
    group = doc.id
    best = 0.0
    for cand in queries.copy_candidates(conn, fp.bands):
        jaccard, containment = syndication.similarity(fp, cand.minhash, cand.shingles)
        if syndication.is_copy(jaccard, containment, settings) and max(jaccard, containment) > best:
            group, best = cand.syndication_group, max(jaccard, containment)
    previous = queries.latest_version(conn, doc.url) if doc.url else None
    doc = replace(
        doc,
        syndication_group=group,
        wire_origin=syndication.wire_origin(doc.text),
        previous_version=previous,
    )
    # Each document gets its own instant so that version order within a batch is kept.
    queries.insert_document(conn, doc, fp, max(now, datetime.now(UTC)))
    return doc


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
        with engine.begin() as conn:
            new_here: list[Document] = []
            for doc in (i for i in batch if isinstance(i, Document)):
                stored = store_document(conn, doc, settings, now)
                if stored is not None:
                    new_here.append(stored)
            queries.insert_failures(conn, failures, now)
        # Counted only once the transaction committed, so the report never overstates.
        report.new += len(new_here)
        report.versions += sum(1 for d in new_here if d.previous_version)
        report.duplicates += sum(1 for i in batch if isinstance(i, Document)) - len(new_here)
        report.document_ids.extend(d.id for d in new_here)
        report.failures.extend(failures)
        if progress:
            progress(report)
    return report

