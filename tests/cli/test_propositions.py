"""``claimgraph propositions`` on the bundled sample corpus (examples/, see docs/sample-corpus.md).

What the extracted data supports for GRF (opposition) CONTROL of Wad Madani (GeoNames 364103):
- by 12 Mar 12:00 only the denials are on record (SNB and the Ministry of Defence, 11 Mar):
  the GRF's own capture claims of 11 Mar were extracted with the army as agent, so they do
  not reach this proposition -> unverified;
- by 12 Mar 23:59 HNN (12 Mar 15:30) carries the GRF's claim -> contested;
- on 13 Mar at 09:00 SNB broadcasts the army's "tactical withdrawal" (a WITHDRAW by the
  government side, i.e. CONTROL by the opposition, said by the side it harms) -> confirmed.
"""

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from claimgraph.cli import app

runner = CliRunner()
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
WAD_MADANI = 364103
KOSTI = 371760


def _props(db_url: str, *args: str) -> list[dict[str, Any]]:
    result = runner.invoke(app, ["propositions", "--db", db_url, "--json", *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _grf_control(props: list[dict[str, Any]]) -> dict[str, Any]:
    (found,) = [p for p in props if p["type"] == "CONTROL" and p["place"]["geonames_id"] == WAD_MADANI
                and p["agent_side"] == "opposition" and p["facility"] is None]
    return found


@pytest.mark.slow
def test_propositions_on_the_sample_corpus(db_url: str) -> None:
    ingest = runner.invoke(app, ["ingest", str(EXAMPLES), "--db", db_url, "--json"])
    assert ingest.exit_code == 0, ingest.output

    everything = _props(db_url)
    assert everything == _props(db_url)  # deterministic ids and order
    grf = _grf_control(everything)
    assert grf["place"]["name"] == "Wad Medani" and grf["place"]["lat"] == pytest.approx(14.4, abs=0.1)
    assert grf["agent"] == {"canonical": "Gezira Revolutionary Front", "side": "opposition"}
    assert grf["claims"] and set(grf["deny"]) < set(grf["claims"])

    # By noon on 12 Mar the GWS story carried in three papers ("Wad Madani, which the GRF
    # said it captured on Tuesday. The defence ministry has called that claim baseless")
    # already holds the assertion and the denial.
    noon_12 = _grf_control(_props(db_url, "--as-of", "2025-03-12T12:00:00Z"))
    assert noon_12["status"] == "contested"
    assert noon_12["independent_sources"] == 1 < noon_12["documents"]  # the GRF, however often relayed

    before = _grf_control(_props(db_url, "--as-of", "2025-03-12T23:59:00Z"))
    assert before["status"] == "contested"
    assert "denied by Sudanese Ministry of Defence (the side it harms)" in before["reasons"]
    assert "asserted by Gezira Revolutionary Front (the side that gains)" in before["reasons"]
    assert all(s["last_reported"] <= "2025-03-12T23:59:00+00:00" for s in before["sources"])

    after = _grf_control(_props(db_url, "--as-of", "2025-03-13T12:00:00Z"))
    assert after["status"] == "confirmed" and after["confidence"] > before["confidence"]
    # the deciding reasons come first: the army and its spokesman (whose statement the state
    # broadcaster carried) admit the withdrawal
    assert after["reasons"][0].startswith("admitted by ")
    assert {"admitted by Nabil Osman (the side it harms)",
            "admitted by Sudanese Armed Forces (the side it harms)"} <= set(after["reasons"])
    assert len(after["claims"]) > len(before["claims"])


@pytest.mark.slow
def test_propositions_filters_wire_copies_and_errors(db_url: str) -> None:
    assert runner.invoke(app, ["ingest", str(EXAMPLES), "--db", db_url]).exit_code == 0
    # the place filter takes any common spelling and GeoNames ids
    by_name = _props(db_url, "--place", "Wad Madani")
    assert by_name and {p["place"]["geonames_id"] for p in by_name} == {WAD_MADANI}
    assert by_name == _props(db_url, "--place", str(WAD_MADANI))
    assert {p["status"] for p in _props(db_url, "--status", "contested")} == {"contested"}
    # the three syndicated copies of the GWS Kosti story (12 Mar) are one document group:
    # they add one source (the GRF, whose claim they relay) to GRF control of Wad Madani
    grf = _grf_control(_props(db_url, "--as-of", "2025-03-12T23:59:00Z"))
    assert grf["independent_sources"] == 1 and grf["documents"] >= 3

    table = runner.invoke(app, ["propositions", "--db", db_url, "--place", "Wad Madani"])
    assert table.exit_code == 0 and "Wad" in table.stdout and "confirmed" in table.stdout
    bad = runner.invoke(app, ["propositions", "--db", db_url, "--status", "probable"])
    assert bad.exit_code == 2 and "unknown status" in bad.stderr
    assert runner.invoke(app, ["propositions", "--db", db_url, "--as-of", "whenever"]).exit_code == 2
