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


WIRE_STORY = (
    "Militia fighters crossed the river at two points before dawn on Tuesday and seized "
    "the grain depot on the eastern bank, two security officials told the agency on "
    "condition of anonymity. The regional governor denied that the depot had fallen and "
    "said troops were clearing the last positions held by the attackers. Residents said "
    "they heard heavy machine-gun fire for about three hours and saw smoke rising above "
    "the warehouses. The militia said in a statement on its messaging channel that its "
    "units had taken forty prisoners, a figure that could not be independently verified."
)
INDEPENDENT_STORY = (
    "Our reporter on the western bank watched families loading carts with mattresses and "
    "sacks of flour as the sound of gunfire carried across the water. Local clinic staff "
    "said they had received eleven wounded people since the morning, most with shrapnel "
    "injuries. The provincial radio station went off the air shortly after noon."
)


def front_matter(**meta: str) -> str:
    return "---\n" + "".join(f"{k}: {v}\n" for k, v in meta.items()) + "---\n"


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A small mixed corpus in our own words: one wire story, two copies, one independent report."""
    root = tmp_path / "corpus"
    root.mkdir()
    (root / "wire.txt").write_text(
        front_matter(outlet="Global Wire Service", published="2025-03-11T05:00:00+00:00",
                     url="https://gws.example/depot", title="Militia seizes depot")
        + "RIVERTOWN, March 11 (GWS) - " + WIRE_STORY,
        encoding="utf-8",
    )
    (root / "copy1.md").write_text(
        front_matter(outlet="Meridian Daily", published="2025-03-11T07:00:00+00:00",
                     url="https://meridiandaily.example/depot")
        + "# Depot falls, officials say\n\n" + WIRE_STORY + "\n\n— GWS",
        encoding="utf-8",
    )
    (root / "copy2.txt").write_text(
        front_matter(outlet="Sahel Post", published="2025-03-11T08:00:00+00:00")
        + WIRE_STORY.rsplit(" The militia said", 1)[0] + " GWS reported.",
        encoding="utf-8",
    )
    (root / "independent.txt").write_text(
        front_matter(outlet="Nile Courier", published="2025-03-11T09:00:00+00:00")
        + INDEPENDENT_STORY,
        encoding="utf-8",
    )
    return root
