"""The scale-out commands: extract-batch, ingest --from-parquet, --workers / --dask flags."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimgraph.cli import app

runner = CliRunner()


@pytest.mark.slow
def test_extract_batch_then_load_matches_direct_ingest(corpus: Path, tmp_path: Path) -> None:
    shards = tmp_path / "shards"
    result = runner.invoke(app, ["extract-batch", str(corpus), str(shards), "--json"])
    assert result.exit_code == 0, result.output
    written = json.loads(result.stdout)
    assert (written["documents"], written["failed"], len(written["shards"])) == (4, 0, 1)
    loaded = runner.invoke(app, ["ingest", "--from-parquet", str(shards), "--db", str(tmp_path / "a.db"), "--json"])
    direct = runner.invoke(app, ["ingest", str(corpus), "--db", str(tmp_path / "b.db"), "--json"])
    assert loaded.exit_code == direct.exit_code == 0, loaded.output + direct.output
    assert json.loads(loaded.stdout) == json.loads(direct.stdout)
    assert json.loads(loaded.stdout)["claims"] == written["claims"] > 0
    claims = [runner.invoke(app, ["claims", "--db", str(tmp_path / db), "--json"]).stdout for db in ("a.db", "b.db")]
    assert claims[0] == claims[1]


@pytest.mark.parametrize(
    "args",
    [
        ["ingest"],  # nothing to read
        ["ingest", "x.txt", "--from-parquet", "shards"],  # both
        ["ingest", "x.txt", "--dask", "localhost:8786"],  # no scheme
        ["ingest", "x.txt", "--workers", "-1"],
        ["extract-batch", "only-one"],  # no output directory
        ["ingest", "--from-parquet", "."],  # no shards here
    ],
)
def test_usage_errors_exit_2(args: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, [*args, "--db", str(tmp_path / "s.db")] if args[0] == "ingest" else args)
    assert result.exit_code == 2, result.output


def test_unreachable_scheduler_exits_1(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("claimgraph.ingest.parallel.CONNECT_TIMEOUT", "1s")
    (tmp_path / "a.txt").write_text("Shelling was reported near the bridge on Monday.", encoding="utf-8")
    args = ["ingest", str(tmp_path / "a.txt"), "--db", str(tmp_path / "s.db"), "--dask", "tcp://127.0.0.1:9"]
    result = runner.invoke(app, args)
    assert result.exit_code == 1 and "cannot reach the Dask scheduler" in result.output


def test_watch_once_on_a_file_prints_one_json_line_per_feed(corpus: Path, tmp_path: Path) -> None:
    feed = corpus / "wire.txt"
    args = ["watch", str(feed), str(tmp_path / "missing.xml"), "--once", "--no-extract", "--json", "--db", str(tmp_path / "s.db")]
    result = runner.invoke(app, args)
    assert result.exit_code == 1, result.output  # the missing feed failed
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r["feed"], r["poll"], r["changed"], r["new"], r["failed"]) for r in lines] == [
        (str(feed), 1, True, 1, 0),
        (str(tmp_path / "missing.xml"), 1, True, 0, 1),
    ]
