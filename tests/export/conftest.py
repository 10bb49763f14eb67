"""Fixtures of the export tests: the invented scenario of export_scenario.py in a fresh store."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from export_scenario import build


@pytest.fixture
def store(db_url: str) -> Iterator[Engine]:
    """The scenario on each backend."""
    engine = build(db_url)
    yield engine
    engine.dispose()


@pytest.fixture
def sqlite_store(tmp_path: Path) -> Iterator[Engine]:
    """The scenario on SQLite only, for checks of one format's details."""
    engine = build(f"sqlite:///{tmp_path / 'export.db'}")
    yield engine
    engine.dispose()
