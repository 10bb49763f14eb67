import json
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from claimgraph.cli import app

runner = CliRunner()


def _json(result) -> object:
    assert result.stdout.strip(), result.stderr
    return json.loads(result.stdout)


def test_ingest_json_contract_and_exit_codes(db_url: str, corpus: Path) -> None:
    result = runner.invoke(app, ["ingest", str(corpus), "--db", db_url, "--json"])
    assert result.exit_code == 0, result.output
    report = _json(result)
    claims = report.pop("claims")
    assert report == {"new": 4, "duplicates": 0, "versions": 0, "unread": 0, "failed": 0, "errors": []}
    stored = _json(runner.invoke(app, ["claims", "--db", db_url, "--json"]))
    assert claims == len(stored) > 0
    again = _json(runner.invoke(app, ["ingest", str(corpus), "--db", db_url, "--json"]))
    assert (again["new"], again["claims"]) == (0, 0)


def test_failed_input_exits_1_and_is_named(db_url: str, corpus: Path) -> None:
    (corpus / "bad.jsonl").write_text('{"text": "ok line about a ceasefire"}\n[1, 2]\n', encoding="utf-8")
    result = runner.invoke(app, ["ingest", str(corpus), "--db", db_url, "--json"])
    assert result.exit_code == 1
    data = _json(result)
    assert data["new"] == 5 and data["failed"] == 1 and data["claims"] > 0
    (error,) = data["errors"]
    assert error["path"].endswith("bad.jsonl") and error["line"] == 2 and error["reason"]


def test_usage_errors_exit_2(tmp_path: Path, corpus: Path) -> None:
    db = f"sqlite:///{tmp_path / 'u.db'}"
    assert runner.invoke(app, ["ingest", "--db", db]).exit_code == 2
    bad_date = runner.invoke(app, ["ingest", str(corpus / "wire.txt"), "--published", "whenever", "--db", db])
    assert bad_date.exit_code == 2 and "cannot read" in bad_date.stderr
    on_dir = runner.invoke(app, ["ingest", str(corpus), "--outlet", "WION", "--db", db])
    assert on_dir.exit_code == 2 and "single file" in on_dir.stderr


def test_extract_json_contract_without_a_store(tmp_path: Path, corpus: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["extract", str(corpus / "wire.txt"), "--json"])
    assert result.exit_code == 0, result.output
    data = _json(result)
    assert set(data) == {"document", "places", "claims"}
    assert {"id", "outlet", "published_at", "title", "language", "text"} <= set(data["document"])
    text = data["document"]["text"]
    officials = next(c for c in data["claims"] if c["cue"] == "told")
    assert officials["source"]["text"] == "two security officials"
    assert officials["source"]["kind"] == "anonymous"
    assert text[slice(*officials["span"])] == officials["evidence"]
    assert officials["evidence"].startswith("Militia fighters crossed the river")
    denial = next(c for c in data["claims"] if c["cue"] == "denied")
    assert denial["stance"] == "deny"
    keys = {"id", "sentence", "span", "evidence", "source", "cue", "stance", "quote", "channel", "chain", "event"}
    assert all(keys <= set(c) for c in data["claims"])
    assert not list(tmp_path.glob("*.db")), "extract must not create a store"


def test_stored_claims_carry_their_events_and_places(db_url: str, corpus: Path) -> None:
    runner.invoke(app, ["ingest", str(corpus), "--db", db_url])
    claims = _json(runner.invoke(app, ["claims", "--db", db_url, "--source", "officials", "--json"]))
    events = [c["event"] for c in claims if c["event"]]
    flat = [e for ev in events for e in (ev if isinstance(ev, list) else [ev])]
    assert any(e["type"] == "CONTROL" and e["facility"] == "grain depot" for e in flat), flat
    assert all(set(e["time"]) >= {"start", "end", "text", "granularity"} for e in flat)


def test_claims_filter_by_source(tmp_path: Path, corpus: Path) -> None:
    db = f"sqlite:///{tmp_path / 'c.db'}"
    runner.invoke(app, ["ingest", str(corpus), "--db", db])
    governor = _json(runner.invoke(app, ["claims", "--db", db, "--source", "governor", "--json"]))
    assert governor and all("governor" in (c["source"]["text"] or "").lower() for c in governor)
    attributed = _json(runner.invoke(app, ["claims", "--db", db, "--attributed", "--json"]))
    assert attributed and all(c["attributed"] for c in attributed)
    table = runner.invoke(app, ["claims", "--db", db])
    assert table.exit_code == 0 and "deny" in table.stdout


def test_docs_json_keys(db_url: str, corpus: Path) -> None:
    runner.invoke(app, ["ingest", str(corpus), "--db", db_url])
    docs = _json(runner.invoke(app, ["docs", "--db", db_url, "--json"]))
    assert len(docs) == 4
    keys = {"id", "url", "outlet", "title", "published_at", "language", "syndication_group", "wire_origin", "urls"}
    assert all(set(d) == keys for d in docs)
    assert all({"url": d["url"], "outlet": d["outlet"], "published_at": d["published_at"]} in d["urls"] for d in docs)
    assert docs[0]["published_at"] == "2025-03-11T05:00:00+00:00"


def test_docs_table_shows_outlets(tmp_path: Path, corpus: Path) -> None:
    db = f"sqlite:///{tmp_path / 't.db'}"
    runner.invoke(app, ["ingest", str(corpus), "--db", db])
    result = runner.invoke(app, ["docs", "--db", db])
    assert result.exit_code == 0 and "Nile Courier" in result.stdout


def test_seed_article_ingests_with_overrides(tmp_path: Path, shared_dir: Path) -> None:
    db = f"sqlite:///{tmp_path / 's.db'}"
    seed = shared_dir / "seed" / "seed-article.txt"
    result = runner.invoke(
        app, ["ingest", str(seed), "--outlet", "WION", "--published", "2024-12-08", "--db", db, "--json"]
    )
    assert result.exit_code == 0 and _json(result)["new"] == 1
    (doc,) = _json(runner.invoke(app, ["docs", "--db", db, "--json"]))
    assert doc["outlet"] == "WION" and doc["published_at"] == "2024-12-08T00:00:00+00:00"
    assert doc["wire_origin"] == "agencies"
    assert doc["language"] == "en"


def test_stdin_jsonl(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'i.db'}"
    line = json.dumps({"text": "Two ferries resumed service across the lake.", "outlet": "Reuters"})
    result = runner.invoke(app, ["ingest", "-", "--db", db, "--json"], input=line + "\n")
    assert result.exit_code == 0 and _json(result)["new"] == 1


def _write_jsonl_corpus(path: Path, n: int) -> None:
    rng = random.Random(7)
    words = "convoy ridge shelling bridge depot clinic ceasefire curfew border militia drone".split()
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            body = " ".join(rng.choice(words) for _ in range(60))
            fh.write(json.dumps({"url": f"https://x.example/{i}", "outlet": "Sahel Post",
                                 "text": f"Report {i}: {body}."}) + "\n")


def _stored(db_path: Path) -> int:
    """Documents committed so far (0 before the schema exists)."""
    if not db_path.exists():
        return 0
    with sqlite3.connect(db_path, timeout=30) as conn:
        if not conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'documents'").fetchone():
            return 0
        return conn.execute("SELECT count(*) FROM documents").fetchone()[0]


@pytest.mark.slow
def test_sigkill_during_ingest_then_rerun_is_consistent(tmp_path: Path) -> None:
    """Kill an ingest mid-way, three times; the store stays consistent and a re-run completes it."""
    corpus = tmp_path / "big.jsonl"
    _write_jsonl_corpus(corpus, 1500)
    db_path = tmp_path / "k.db"
    cmd = [sys.executable, "-m", "claimgraph", "ingest", str(corpus), "--db", str(db_path),
           "--batch-size", "25", "--json"]
    rng = random.Random(11)
    kills_mid_ingest = 0
    for _trial in range(3):
        before = _stored(db_path)
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while _stored(db_path) <= before and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(rng.uniform(0.0, 0.3))
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
        proc.wait()
        stored = _stored(db_path)
        kills_mid_ingest += before < stored < 1500
        with sqlite3.connect(db_path) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            assert conn.execute(
                "SELECT count(*) FROM lsh_bands WHERE document_id NOT IN (SELECT id FROM documents)"
            ).fetchone() == (0,)
            assert conn.execute(
                "SELECT count(*) FROM documents WHERE id NOT IN (SELECT document_id FROM lsh_bands)"
            ).fetchone() == (0,), "a document was stored without its band keys"
    assert kills_mid_ingest >= 1, "no kill landed mid-ingest: make the corpus bigger"
    final = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert final.returncode == 0, final.stderr
    report = json.loads(final.stdout)
    assert report["failed"] == 0 and report["new"] + report["duplicates"] == 1500
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("SELECT count(*), count(DISTINCT url) FROM documents").fetchone() == (1500, 1500)


@pytest.mark.slow
def test_demo_ingests_the_sample_corpus_and_judges_it(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'demo.db'}"
    report = tmp_path / "report.html"
    result = runner.invoke(app, ["demo", "--db", db, "--json", "--report", str(report)])
    assert result.exit_code == 0, result.output
    data = _json(result)
    assert data["report"] == str(report) and 'id="claimgraph-data"' in report.read_text(encoding="utf-8")
    assert data["ingest"]["failed"] == 0 and data["store"]["documents"] >= 20
    assert data["store"]["claims"] > 100
    statuses = data["store"]["propositions"]
    assert set(statuses) <= {"confirmed", "corroborated", "contested", "unverified", "refuted"}
    assert statuses.get("contested", 0) >= 1 and statuses.get("confirmed", 0) >= 1


@pytest.mark.parametrize("command", ["ingest", "docs", "claims", "propositions", "timeline", "sources",
                                     "review", "export", "report", "refresh", "demo", "watch"])
def test_help_keeps_the_db_option_text(command: str) -> None:
    """The --db help's "[env: CLAIMGRAPH_DB; …]" is text, not rich markup to be eaten."""
    result = CliRunner().invoke(app, [command, "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    words = " ".join(result.output.split())  # click wraps help text at 80 columns
    assert "[env: CLAIMGRAPH_DB; default ./claimgraph.db]" in words
    assert "\\[" not in result.output  # no escape left over from rich markup


@pytest.mark.parametrize("command", ["ingest", "serve", "export", "propositions"])
def test_help_keeps_every_option_name_whole_at_80_columns(command: str) -> None:
    """Rich's option tables cut "--max-decompressed-mb" to "--max-decompresse…" at 80 columns."""
    import click

    result = CliRunner().invoke(app, [command, "--help"], env={"COLUMNS": "80"}, terminal_width=80)
    assert result.exit_code == 0, result.output
    command_obj = typer.main.get_command(app).get_command(click.Context(typer.main.get_command(app)), command)
    for param in command_obj.params:
        for name in param.opts:
            if name.startswith("--"):
                assert name in result.output, name
    assert max(len(line) for line in result.output.splitlines()) <= 80


@pytest.mark.slow
def test_a_document_over_the_parsers_limit_is_a_named_failure_and_the_batch_lands(tmp_path: Path) -> None:
    """A text longer than spaCy takes once crashed the whole ingest (E088) with nothing stored."""
    good, big = tmp_path / "good.txt", tmp_path / "big.txt"
    good.write_text("The harbour police said on Monday that the ferry to Cape Orre had resumed.", encoding="utf-8")
    big.write_text("The harbour police said the ferry was late.\n" * 25_000, encoding="utf-8")
    db = tmp_path / "t.db"
    result = runner.invoke(app, ["ingest", str(good), str(big), "--db", str(db), "--json"])
    assert result.exit_code == 1, result.output
    report = json.loads(result.output)
    assert report["new"] == 1 and report["failed"] == 1
    (error,) = report["errors"]
    assert error["path"] == str(big) and "over the parser's limit" in error["reason"]


@pytest.mark.slow
def test_nul_and_lone_surrogates_are_stored_on_every_backend(tmp_path: Path, db_url: str) -> None:
    """A JSON \\u0000 in text, title or outlet lost the whole batch on PostgreSQL."""
    feed = tmp_path / "nul.jsonl"
    rows = [{"url": "https://lume.example/1", "outlet": "Lume\u0000Gazette", "title": "Ferry\u0000 news",
             "text": "The harbour police said\u0000 the ferry to Cape Orre had resumed \ud800 on Monday."},
            {"url": "https://lume.example/2", "outlet": "Lume Gazette",
             "text": "Port officials said the cranes at the north quay were repaired on Tuesday."}]
    feed.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["ingest", str(feed), "--db", db_url, "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["new"] == 2
    docs = json.loads(runner.invoke(app, ["docs", "--db", db_url, "--json"]).output)
    texts = " ".join(json.dumps(d) for d in docs)
    assert "\\u0000" not in texts and "\\ufffd" in texts


def test_the_place_index_is_built_before_the_first_document(monkeypatch) -> None:
    """A first ingest builds the gazetteer up front (a spinner, not a silent pause mid-run)."""
    from claimgraph import cli as cli_module
    from claimgraph.geo import gazetteer

    built: list[bool] = []
    monkeypatch.setattr(gazetteer, "ready", lambda: bool(built))
    monkeypatch.setattr(gazetteer, "gazetteer", lambda: built.append(True))
    cli_module._prepare_gazetteer(quiet=True)
    cli_module._prepare_gazetteer(quiet=True)  # ready now: no second build
    assert built == [True]
