"""Every sighting kept: one text seen under several URLs and outlets is one document
(independence unchanged: the copies count once) that remembers every place it ran."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from claimgraph.cli import app
from claimgraph.store import queries
from claimgraph.store.engine import open_store

TEXT = "The army said on Monday that it held Kosti after a night of heavy fighting near the bridge.\n"


def _page(outlet: str, url: str, hour: int) -> str:
    return f"---\noutlet: {outlet}\nurl: {url}\npublished: 2025-03-11T{hour:02d}:00:00+00:00\n---\n{TEXT}"


def test_a_text_seen_under_two_urls_keeps_both(db_url: str, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(_page("Lume Gazette", "https://lume.example/a", 5))
    (tmp_path / "b.txt").write_text(_page("Delta Digest", "https://delta.example/b", 7))
    runner = CliRunner()
    first = runner.invoke(app, ["ingest", str(tmp_path / "a.txt"), "--db", db_url, "--no-extract", "--json"])
    again = runner.invoke(app, ["ingest", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), "--db", db_url,
                                "--no-extract", "--json"])
    assert json.loads(first.stdout)["new"] == 1 and json.loads(again.stdout)["duplicates"] == 2
    (doc,) = json.loads(runner.invoke(app, ["docs", "--db", db_url, "--json"]).stdout)
    assert doc["url"] == "https://lume.example/a"  # the document as first stored
    assert doc["urls"] == [
        {"url": "https://lume.example/a", "outlet": "Lume Gazette", "published_at": "2025-03-11T05:00:00+00:00"},
        {"url": "https://delta.example/b", "outlet": "Delta Digest", "published_at": "2025-03-11T07:00:00+00:00"},
    ]  # each once, although a.txt was read twice
    engine = open_store(db_url)
    with engine.connect() as conn:
        assert queries.counts(conn)["outlets"] == 2 and queries.counts(conn)["documents"] == 1
    engine.dispose()
