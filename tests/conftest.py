"""Shared fixtures: a fresh store per test on SQLite and, where a server is given, PostgreSQL.

``CLAIMGRAPH_TEST_PG`` names a PostgreSQL server (``.ci/run`` starts one); each test gets
its own database there, dropped afterwards. Under CI the server is required.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

PG_URL = os.environ.get("CLAIMGRAPH_TEST_PG")
SHARED = Path(__file__).resolve().parents[2] / "shared"

BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if PG_URL:
        return
    if os.environ.get("CI"):
        raise pytest.UsageError("CI must set CLAIMGRAPH_TEST_PG (scripts/start-postgres.sh)")
    skip = pytest.mark.skip(reason="CLAIMGRAPH_TEST_PG not set: no PostgreSQL server")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A brand-new PostgreSQL database on the test server."""
    assert PG_URL
    name = f"cg_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(PG_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A URL of an empty store, once per backend."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.db'}"
    return request.getfixturevalue("pg_url")


@pytest.fixture
def shared_dir() -> Path:
    """../shared beside the checkout (seed and evaluation data), required under CI."""
    if not SHARED.is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"{SHARED} is missing")
        pytest.skip(f"{SHARED} is not here")
    return SHARED
