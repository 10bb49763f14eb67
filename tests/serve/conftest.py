"""A store holding the sample corpus plus one hostile document, shared by the API and
browser tests (ingesting runs spaCy, so it is built once per session)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from claimgraph.ingest.run import ingest
from claimgraph.reconcile.materialize import refresh
from claimgraph.settings import Settings
from claimgraph.store.engine import open_store

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
EVIL_TITLE = '<script>alert("title")</script><img src=x onerror=alert(1)> Sennar falls'
EVIL_SENTENCE = (
    "The Gezira Revolutionary Front said on Friday that its fighters had captured Rufaa "
    "<img src=x onerror=alert(2)><script>alert(3)</script>."
)
HOSTILE = {
    "url": "javascript:alert(4)",
    "outlet": "Evil Gazette <b>bold</b>",
    "title": EVIL_TITLE,
    "published": "2025-03-14T18:00:00Z",
    "language": "en",
    "text": EVIL_SENTENCE + "\n\nResidents said they saw smoke over the town.",
}


@pytest.fixture(scope="session")
def sample_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """URL of a SQLite store with examples/ and the hostile document ingested."""
    root = tmp_path_factory.mktemp("serve")
    url = f"sqlite:///{root / 'sample.db'}"
    hostile = root / "hostile.jsonl"
    hostile.write_text(json.dumps(HOSTILE) + "\n", encoding="utf-8")
    engine: Engine = open_store(url)
    report = ingest([str(EXAMPLES), str(hostile)], engine, Settings(db_url=url))
    refresh(engine)  # as `claimgraph ingest` does when it finishes
    engine.dispose()
    assert report.failed == 0 and report.new == 27, report.as_dict()
    yield url


@pytest.fixture(scope="session")
def hostile() -> dict[str, str]:
    """The hostile document ingested into ``sample_store``."""
    return dict(HOSTILE)
