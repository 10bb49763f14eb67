"""Ingest a batch of inputs into the store: read, normalise, detect copies, write.

Writes are transactional per batch of documents: a killed ingest leaves every earlier
batch stored and nothing of the interrupted one, and a re-run stores the rest (ids are
content hashes, so what is already there counts as a duplicate).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from functools import lru_cache
from itertools import islice
from typing import Any, BinaryIO

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import IntegrityError, OperationalError

from claimgraph.errors import ExtractionError, InputError, StoreError
from claimgraph.extract.document import Extraction, extract_documents
from claimgraph.ingest import parallel, syndication
from claimgraph.ingest.normalize import Overrides, normalize
from claimgraph.ingest.outlets import registry
from claimgraph.ingest.readers import iter_raw
from claimgraph.model import Document, RawDocument, ReadFailure
from claimgraph.settings import Settings
from claimgraph.store import claims as claim_store
from claimgraph.store import queries

log = logging.getLogger(__name__)
_RACE_RETRIES = 5


@dataclass(slots=True)
class IngestReport:
    """What an ingest did; ``as_dict`` is the ``ingest --json`` contract.

    Counts, not per-document lists: a report must not grow with the corpus (a list of every
    new id kept a 100k-document ingest several MB larger than a 10k one, bench/scale.py).
    """

    new: int = 0
    duplicates: int = 0
    claims: int = 0
    versions: int = 0
    unread: int = 0  # stored without reading: a language the pipeline does not read
    failures: list[ReadFailure] = field(default_factory=list)

    @property
    def failed(self) -> int:
        return len(self.failures)

    def as_dict(self) -> dict[str, object]:
        return {
            "new": self.new,
            "duplicates": self.duplicates,
            "versions": self.versions,
            "claims": self.claims,
            "unread": self.unread,
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


def extraction_failures(
    docs: Sequence[Document], extractions: dict[str, Extraction]
) -> tuple[list[Document], list[ReadFailure]]:
    """The documents whose extraction did not fail, and the others as named failures
    (E007): those are not stored, so an ingest after the fix retries them; the rest of the
    batch lands."""
    kept: list[Document] = []
    failures: dict[Document, ReadFailure] = {}  # a text twice in the batch fails once
    for d in docs:
        failed = extractions[d.id].failure if d.id in extractions else None
        if failed:
            failures[d] = ReadFailure(d.location, failed, None, ExtractionError.code)
        else:
            kept.append(d)
    return kept, list(failures.values())


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
    batch = [(d.id, fp) for d, fp in prints]
    # Of the stored documents sharing a band key with the batch (more the larger the store),
    # only copies of its documents can give them a group: keep those as they are read.
    is_copy = syndication.copy_test(batch, settings)
    bands = (band for _id, fp in batch for band in fp.bands)
    candidates = queries.copy_candidates(conn, bands, keep=lambda c: is_copy(c.minhash, c.shingles))
    known = [syndication.Known(c.id, c.syndication_group, c.minhash, c.shingles) for c in candidates]
    groups = syndication.assign_groups(batch, known, settings)
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
    queries.insert_sightings(conn, docs, now)  # every copy's URL and outlet, new or not
    return [d for d, _fp in out]


def _extract_new(engine: Engine, docs: Sequence[Document]) -> dict[str, Extraction]:
    """Claims of the documents of a batch that the store does not hold yet."""
    return {e.document.id: e for e in extract_documents(parallel.unstored(engine, docs), safe=True)}


def read_batches(
    paths: Sequence[str],
    settings: Settings,
    overrides: Overrides | None = None,
    stdin: BinaryIO | None = None,
) -> Iterator[list[Document | ReadFailure]]:
    """The inputs read and normalised, ``settings.batch_size`` at a time (streaming)."""
    return batched(iter_raw(paths, settings, stdin=stdin), settings, overrides)


def batched(
    raw: Iterable[RawDocument | ReadFailure], settings: Settings, overrides: Overrides | None = None
) -> Iterator[list[Document | ReadFailure]]:
    """Reader output normalised, ``settings.batch_size`` at a time (streaming)."""
    items = _prepared(raw, overrides)
    while batch := list(islice(items, settings.batch_size)):
        yield batch


def commit_batch(
    engine: Engine,
    batch: Sequence[Document | ReadFailure],
    extractions: dict[str, Extraction],
    settings: Settings,
    report: IngestReport,
) -> None:
    """Store one batch with the extractions of its new documents in one transaction, then
    count it in ``report``.

    Ids are content hashes, so two writers (two ingests, an ingest and a POST) can race to
    insert the same document or actor; the loser's transaction rolls back whole and is
    retried, and the retry skips what the winner stored. Any other error while storing
    (a value one backend refuses) splits the batch: each document is stored alone, and the
    one that fails becomes a named failure (E010) while the rest land. A store that cannot
    be reached at all stops the run.
    """
    try:
        _commit_retrying(engine, batch, extractions, settings, report)
    except OperationalError:
        raise
    except Exception as exc:
        docs = [i for i in batch if isinstance(i, Document)]
        read_failures: list[Document | ReadFailure] = [i for i in batch if isinstance(i, ReadFailure)]
        if len(docs) <= 1:
            where = docs[0].location if docs else "(batch)"
            log.exception("storing %s failed", where)
            failure = ReadFailure(where, f"storing failed: {type(exc).__name__}: {exc}"[:2000], None, StoreError.code)
            _commit_retrying(engine, [*read_failures, failure], {}, settings, report)
            return
        log.warning("storing a batch failed (%s); storing its %d documents one at a time", type(exc).__name__, len(docs))
        _commit_retrying(engine, read_failures, {}, settings, report)
        for doc in docs:
            commit_batch(engine, [doc], extractions, settings, report)


def _commit_retrying(
    engine: Engine,
    batch: Sequence[Document | ReadFailure],
    extractions: dict[str, Extraction],
    settings: Settings,
    report: IngestReport,
) -> None:
    for attempt in range(1, _RACE_RETRIES + 1):
        try:
            _commit_once(engine, batch, extractions, settings, report)
            return
        except IntegrityError:
            if attempt == _RACE_RETRIES:
                raise
            log.info("a concurrent writer stored part of this batch first; retrying (%d)", attempt)


def _commit_once(
    engine: Engine,
    batch: Sequence[Document | ReadFailure],
    extractions: dict[str, Extraction],
    settings: Settings,
    report: IngestReport,
) -> None:
    now = datetime.now(UTC)
    docs, failures = extraction_failures([i for i in batch if isinstance(i, Document)], extractions)
    failures = [i for i in batch if isinstance(i, ReadFailure)] + failures
    with engine.begin() as conn:
        new_here = store_batch(conn, docs, settings, now)
        found = [extractions[d.id] for d in new_here if d.id in extractions]
        report.claims += claim_store.insert_claims(
            conn,
            [c for e in found for c in e.claims],
            {e.document.id: e.conflict for e in found},
        )
        claim_store.insert_places_of(
            conn, {e.document.id: [p.as_dict() for p in e.places] for e in found}
        )
        queries.insert_failures(conn, failures, now)
    # Counted only once the transaction committed, so the report never overstates.
    report.new += len(new_here)
    report.unread += sum(1 for e in found if e.unread)
    report.versions += sum(1 for d in new_here if d.previous_version)
    report.duplicates += len(docs) - len(new_here)
    report.failures.extend(failures)


def ingest(
    paths: Sequence[str],
    engine: Engine,
    settings: Settings,
    overrides: Overrides | None = None,
    progress: Progress | None = None,
    stdin: BinaryIO | None = None,
    pool: parallel.Pool | None = None,
) -> IngestReport:
    """Ingest every document under ``paths``; bad inputs are reported, never fatal.

    Args:
        pool: extract on these workers (``parallel.open_pool``) instead of in this process;
            the store ends up the same.
    """
    batches = read_batches(paths, settings, overrides, stdin)
    return ingest_batches(batches, engine, settings, progress, pool)


def ingest_batches(
    batches: Iterable[list[Document | ReadFailure]],
    engine: Engine,
    settings: Settings,
    progress: Progress | None = None,
    pool: parallel.Pool | None = None,
) -> IngestReport:
    """Extract (unless ``settings.extract`` is off) and store batches of documents."""
    report = IngestReport()
    staged: Iterable[tuple[list[Document | ReadFailure], dict[str, Extraction]]]
    if not settings.extract:
        staged = ((batch, {}) for batch in batches)
    elif pool is None:
        # Parse outside the write transaction, so the store stays writable meanwhile.
        staged = ((b, _extract_new(engine, [d for d in b if isinstance(d, Document)])) for b in batches)
    else:
        staged = parallel.extract_ahead(iter(batches), pool, engine)
    for batch, extractions in staged:
        commit_batch(engine, batch, extractions, settings, report)
        release_free_memory()
        if progress:
            progress(report)
    return report


@lru_cache(maxsize=1)
def _libc() -> Any:
    """glibc, when this process runs on it (None elsewhere: musl, macOS, Windows)."""
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name) if name else None
    except OSError:
        return None
    return libc if libc is not None and hasattr(libc, "malloc_trim") else None


def release_free_memory() -> None:
    """Hand the heap's free pages back to the system after each batch. A batch's documents
    are freed once stored, but glibc keeps the holes they leave, and an ingest of 100k
    documents ended several MB larger than one of 10k for that alone (bench/scale.py)."""
    libc = _libc()
    if libc is not None:
        libc.malloc_trim(0)
