"""The timeline, sources, review, export and report commands on the sample store."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimgraph.cli import app

runner = CliRunner()
pytestmark = pytest.mark.slow


def _run(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def test_timeline_command(sample_store: str) -> None:
    data = json.loads(_run("timeline", "Wad Medani", "--db", sample_store, "--json"))
    assert data["place"]["geonames_id"] == 364103
    assert [i["holder"]["side"] for i in data["intervals"]][:2] == ["government", "opposition"]
    early = json.loads(_run("timeline", "364103", "--db", sample_store, "--json", "--as-of", "2025-03-12T12:00Z"))
    assert early["intervals"][1]["status"] == "contested"
    table = _run("timeline", "Wad Madani", "--db", sample_store)
    assert "Wad Medani (GeoNames 364103)" in table and "presumed" in table and "confirmed" in table
    missing = runner.invoke(app, ["timeline", "Atlantis", "--db", sample_store])
    assert missing.exit_code == 1


def test_sources_command(sample_store: str) -> None:
    data = json.loads(_run("sources", "--db", sample_store, "--json"))
    assert data["method"] and data["sources"]
    by_name = {s["name"]: s for s in data["sources"]}
    army = by_name["Sudanese Armed Forces"]
    assert army["evidence"] >= army["propositions"] >= 1 and 0.0 <= army["reliability"] <= 1.0


def test_review_then_claimreview_export(sample_store: str, tmp_path: Path) -> None:
    bad = runner.invoke(app, ["review", "nope", "--rating", "true", "--by", "desk", "--db", sample_store])
    assert bad.exit_code == 2 and "no proposition" in bad.stderr
    props = json.loads(_run("propositions", "--db", sample_store, "--json", "--status", "confirmed"))
    target = props[0]["id"]
    saved = json.loads(_run("review", target, "--rating", "true", "--by", "desk editor", "--db", sample_store, "--json"))
    assert saved["reviewer"] == "desk editor"
    out = tmp_path / "claims.jsonld"
    _run("export", "--format", "claimreview", "-o", str(out), "--db", sample_store)
    text = out.read_text(encoding="utf-8")
    assert text.count('"ClaimReview"') >= 1 and target in text


def test_export_formats_and_report(sample_store: str, tmp_path: Path) -> None:
    geo = json.loads(_run("export", "--format", "geojson", "--db", sample_store))
    assert geo["type"] == "FeatureCollection" and geo["features"]
    lon, lat = geo["features"][0]["geometry"]["coordinates"]
    assert 20 < lon < 40 and 10 < lat < 25  # Sudan, in GeoJSON's lon-lat order
    bad = runner.invoke(app, ["export", "--format", "xls", "--db", sample_store])
    assert bad.exit_code == 2
    report = tmp_path / "report.html"
    _run("report", "-o", str(report), "--db", sample_store)
    html = report.read_text(encoding="utf-8")
    assert 'id="claimgraph-data"' in html and "Content-Security-Policy" in html
    assets = html.split('id="claimgraph-data"')[0]
    assert not re.search(r"""(src|href)\s*=\s*["']?https?:|url\(\s*["']?https?:|@import""", assets)  # nothing remote


def test_sources_keeps_every_name_at_80_columns(sample_store: str) -> None:
    """At 80 columns (or piped) the name column kept zero width; now the short columns give way."""
    names = [s["name"] for s in json.loads(CliRunner().invoke(app, ["sources", "--db", sample_store, "--json"]).output)["sources"]]
    table = CliRunner().invoke(app, ["sources", "--db", sample_store], env={"COLUMNS": "80"}).output
    assert all(len(line) <= 80 for line in table.splitlines())
    flat = " ".join(line.split("│")[1].strip() for line in table.splitlines() if line.startswith("│"))
    for name in names:
        assert " ".join(name.split()) in " ".join(flat.split()), name
