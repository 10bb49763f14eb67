"""Extraction on worker processes: local processes or a Dask cluster.

Extraction is a pure map over documents, so the parent keeps everything stateful (reading,
syndication, version links, the store) and sends workers only batches of documents to
parse. Both directions travel as Arrow IPC streams (:mod:`claimgraph.ingest.arrow`). Each
worker process loads the spaCy pipeline and the gazetteer once (they are cached per
process) and keeps them for every batch it is given.

The parent keeps a few batches in flight and takes the results back in input order, so
the store is written exactly as a one-process ingest writes it, and memory stays bounded
by ``depth x batch size`` whatever the size of the corpus.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
from collections import deque
from collections.abc import Iterator, Sequence
from concurrent.futures import BrokenExecutor, Future, ProcessPoolExecutor
from contextlib import contextmanager
from multiprocessing import forkserver
from multiprocessing.context import BaseContext
from typing import Any, Protocol

from sqlalchemy import Engine

from claimgraph.errors import ClaimgraphError, UsageError
from claimgraph.extract.document import Extraction, extract_documents
from claimgraph.ingest import arrow
from claimgraph.model import Document, ReadFailure
from claimgraph.store import queries

log = logging.getLogger(__name__)

Batch = list[Document | ReadFailure]
CONNECT_TIMEOUT = "20s"  # to reach a running scheduler (a refused connection is retried)


class Pool(Protocol):
    """Somewhere to run :func:`extract_payload`: a process pool or a Dask client."""

    @property
    def workers(self) -> int: ...

    def submit(self, payload: bytes) -> Any:
        """Start extracting one Arrow batch; the result has ``.result() -> bytes``."""
        ...


# --- worker side -------------------------------------------------------------------------


def warm() -> None:
    """Load the spaCy pipeline and the gazetteer now, while the parent is still reading."""
    from claimgraph.geo.gazetteer import gazetteer
    from claimgraph.nlp.pipeline import load

    load()
    gazetteer()


def extract_payload(payload: bytes) -> bytes:
    """Arrow documents in, Arrow extractions out (what runs on a worker)."""
    docs = arrow.documents_from(arrow.from_ipc(payload))
    return arrow.to_ipc(arrow.extractions_table(extract_documents(docs, safe=True)))


# --- parent side -------------------------------------------------------------------------


def unstored(engine: Engine, docs: Sequence[Document]) -> list[Document]:
    """The documents of a batch that the store does not hold yet, each once."""
    with engine.connect() as conn:
        stored = queries.existing_ids(conn, [d.id for d in docs])
    return list({d.id: d for d in docs if d.id not in stored}.values())


def extract_ahead(
    batches: Iterator[Batch], pool: Pool, engine: Engine | None = None, depth: int | None = None
) -> Iterator[tuple[Batch, dict[str, Extraction]]]:
    """Each batch with the extractions of its documents, in input order.

    With an ``engine``, only documents the store does not hold yet are extracted. Up to
    ``depth`` batches (default: two per worker) are on the workers at once, so reading,
    parsing and writing overlap. A document stored by an earlier batch while a later one
    was already out is simply not stored twice (the caller's ``store_batch`` skips it), as
    in a one-process ingest.
    """
    depth = depth or max(2, 2 * pool.workers)
    pending: deque[tuple[Batch, Future[bytes] | None]] = deque()
    for batch in batches:
        docs = [d for d in batch if isinstance(d, Document)]
        todo = unstored(engine, docs) if engine is not None else docs
        job = pool.submit(arrow.to_ipc(arrow.documents_table(todo))) if todo else None
        pending.append((batch, job))
        if len(pending) >= depth:
            yield _collect(*pending.popleft())
    while pending:
        yield _collect(*pending.popleft())


def _collect(batch: Batch, job: Future[bytes] | None) -> tuple[Batch, dict[str, Extraction]]:
    if job is None:
        return batch, {}
    try:
        result = job.result()
    except BrokenExecutor as exc:
        raise ClaimgraphError(
            "an extraction worker process died (out of memory?); the batches written so far "
            "are stored, and running the same command again completes the ingest"
        ) from exc
    found = arrow.extractions_from(arrow.from_ipc(result))
    return batch, {e.document.id: e for e in found}


def process_context() -> BaseContext:
    """How local workers start: forked from a fork server that has imported claimgraph and
    loaded the model once (:mod:`claimgraph.ingest.forkserver`), so a worker is ready in
    about a second; never forked from the parent itself, which may run threads. Spawned
    where there is no fork server (Windows).
    """
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    # Takes effect only if this process's fork server is not running yet; started now, so
    # that a later caller (Dask) cannot replace the list first.
    context.set_forkserver_preload(["claimgraph.ingest.parallel", "claimgraph.ingest.forkserver"])
    forkserver.ensure_running()
    return context


class LocalPool:
    """``workers`` processes on this machine."""

    def __init__(self, workers: int) -> None:
        self._workers = workers
        self._executor = ProcessPoolExecutor(workers, mp_context=process_context(), initializer=warm)

    @property
    def workers(self) -> int:
        return self._workers

    def submit(self, payload: bytes) -> Future[bytes]:
        return self._executor.submit(extract_payload, payload)

    def close(self) -> None:
        self._executor.shutdown(wait=True, cancel_futures=True)


class DaskPool:
    """A ``dask.distributed`` client: of a LocalCluster (``"local"``) or of a running
    scheduler (``"tcp://host:8786"``), whose workers must have claimgraph installed.
    """

    def __init__(self, address: str, workers: int = 0) -> None:
        import dask
        from distributed import Client, LocalCluster

        self._cluster = None
        try:
            if address == "local":
                method = process_context().get_start_method()
                with dask.config.set({"distributed.worker.multiprocessing-method": method}):
                    self._cluster = LocalCluster(
                        n_workers=workers or os.cpu_count() or 1,
                        threads_per_worker=1,  # one spaCy pipeline per process, no GIL contention
                        processes=True,
                        dashboard_address=None,
                        silence_logs=logging.CRITICAL,
                    )
                self._client = Client(self._cluster)
            else:
                self._client = Client(address, timeout=CONNECT_TIMEOUT)
        except (OSError, TimeoutError) as exc:
            self.close()
            raise ClaimgraphError(
                f"cannot reach the Dask scheduler at {address}: {exc}. Start one with "
                "`dask scheduler` and workers with `dask worker tcp://HOST:8786 --nthreads 1`, "
                "or use --dask local"
            ) from exc
        self._client.run(warm)

    @property
    def workers(self) -> int:
        return max(1, len(self._client.scheduler_info(n_workers=-1)["workers"]))

    def submit(self, payload: bytes) -> Any:
        return self._client.submit(extract_payload, payload, pure=False)

    def close(self) -> None:
        client = getattr(self, "_client", None)
        if client is not None:
            client.close()
        if self._cluster is not None:
            self._cluster.close()


@contextmanager
def open_pool(workers: int = 0, dask: str | None = None) -> Iterator[Pool | None]:
    """The pool that ``--workers`` / ``--dask`` ask for; None means extract in this process.

    Raises:
        UsageError: ``dask`` is neither ``local`` nor a ``tcp://`` (or ``tls://``) address.
    """
    if dask is not None and dask != "local" and "://" not in dask:
        raise UsageError(f"--dask takes 'local' or a scheduler address like tcp://host:8786, not {dask!r}")
    if workers < 0:
        raise UsageError("--workers must be 0 (extract in this process) or more")
    pool: LocalPool | DaskPool | None = None
    if dask is not None:
        pool = DaskPool(dask, workers)
    elif workers > 0:
        pool = LocalPool(workers)
    try:
        yield pool
    finally:
        if pool is not None:
            pool.close()
