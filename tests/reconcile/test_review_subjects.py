"""A review follows its proposition when an earlier report moves the start, and with it the id."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from claimgraph.cli import app

runner = CliRunner()

# An invented outlet and invented reports, written for this test.
LATER = """---
url: https://valleyherald.example/2025/04/09/front-holds-kassala
outlet: Valley Herald
title: Front says it holds Kassala
published: 2025-04-09T10:00:00+00:00
language: en
---
The Gezira Revolutionary Front said on Wednesday that its fighters had taken control of Kassala after clashes overnight.
"""
EARLIER = """---
url: https://easternpost.example/2025/04/08/front-enters-kassala
outlet: Eastern Post
title: Front enters Kassala
published: 2025-04-08T18:00:00+00:00
language: en
---
The Gezira Revolutionary Front said on Tuesday that its fighters had captured Kassala.
"""


def _run(*args: str) -> Any:
    result = runner.invoke(app, [*args])
    assert result.exit_code == 0, result.output
    return result.stdout


def _control(db: str) -> dict[str, Any]:
    props = json.loads(_run("propositions", "--db", db, "--json"))
    (found,) = [p for p in props if p["type"] == "CONTROL" and p["place"]["name"] == "Kassala"]
    return found


@pytest.mark.slow
def test_a_review_follows_its_proposition_when_an_earlier_report_moves_its_id(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'r.db'}"
    (tmp_path / "later.txt").write_text(LATER, encoding="utf-8")
    (tmp_path / "earlier.txt").write_text(EARLIER, encoding="utf-8")
    _run("ingest", str(tmp_path / "later.txt"), "--db", db)
    reviewed = _control(db)
    _run("review", reviewed["id"], "--rating", "mostly-true", "--by", "Night desk", "--db", db)

    _run("ingest", str(tmp_path / "earlier.txt"), "--db", db)
    moved = _control(db)
    assert moved["id"] != reviewed["id"] and moved["valid_from"] < reviewed["valid_from"]

    graph = json.loads(_run("export", "--format", "claimreview", "--db", db))
    (review,) = [n for n in graph["@graph"] if n["@type"] == "ClaimReview"]
    assert review["@id"] == f"urn:claimgraph:review:{moved['id']}"
    assert review["author"]["name"] == "Night desk" and review["reviewRating"]["ratingValue"] == 4
    bundle = json.loads(_run("export", "--format", "json", "--db", db))
    assert [(r["proposition_id"], r["reviewed_as"]) for r in bundle["reviews"]] == [(moved["id"], reviewed["id"])]
