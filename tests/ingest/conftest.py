"""Shared fixtures for the ingest tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimgraph.settings import Settings


@pytest.fixture
def settings() -> Settings:
    """Default limits: what a user gets without configuring anything."""
    return Settings()


EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.fixture(scope="session")
def examples_store(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The sample corpus ingested in one process into SQLite (the reference store that
    the parallel, Dask and Parquet paths must reproduce)."""
    from claimgraph.ingest.run import ingest
    from claimgraph.store.engine import open_store

    url = f"sqlite:///{tmp_path_factory.mktemp('reference') / 'one.db'}"
    engine = open_store(url)
    report = ingest([str(EXAMPLES)], engine, Settings(db_url=url, batch_size=7))  # batches straddle files
    engine.dispose()
    assert report.failed == 0 and report.new == 26 and report.claims > 100
    return url
