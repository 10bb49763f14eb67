"""Readers and a writer at once: the server answers 20 concurrent readers while an
``ingest`` process writes, with no failed request and no "database is locked".

The app runs under uvicorn in a thread here (no start-up import); ``bench/concurrency.py``
runs the real ``claimgraph serve`` command for longer and prints the figures."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from load_harness import READS, read_while_writing, server_in_thread, synthetic_corpus

from claimgraph.ingest.run import ingest
from claimgraph.settings import Settings
from claimgraph.store.engine import open_store

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
# /api/sources fits a crowd-kit model per request: CPU-bound, it is left to the bench.
QUICK_READS = tuple(path for path in READS if path != "/api/sources")


def _store(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    """SQLite: a copy of the sample store; PostgreSQL: a new database seeded without extraction."""
    if backend == "sqlite":
        source = Path(request.getfixturevalue("sample_store").removeprefix("sqlite:///"))
        shutil.copy(source, tmp_path / "load.db")
        return f"sqlite:///{tmp_path / 'load.db'}"
    url = request.getfixturevalue("pg_url")
    engine = open_store(url)
    ingest([str(EXAMPLES)], engine, Settings(db_url=url, extract=False))
    engine.dispose()
    return url


@pytest.mark.slow
@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def test_twenty_readers_while_an_ingest_writes(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    url = _store(backend, tmp_path, request)
    corpus = synthetic_corpus(tmp_path / "writes", 3000)
    with server_in_thread(url) as base:
        result = read_while_writing(url, base, corpus, 20, 3.0, tmp_path / "ingest.log", QUICK_READS)
    assert result.errors == [], result.errors[:5]
    assert result.requests >= 20 and result.documents_written > 0, result.summary()
    assert "database is locked" not in (tmp_path / "ingest.log").read_text(errors="replace")
