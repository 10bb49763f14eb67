"""Every format on the bundled sample corpus (examples/, docs/sample-corpus.md), ingested
once through the normal path. GRF (opposition) control of Wad Madani (GeoNames 364103) is
confirmed there by 13 March (tests/cli/test_propositions.py)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine

from claimgraph.export import FORMATS, export, load
from claimgraph.export.acled import COLUMNS as ACLED_COLUMNS
from claimgraph.ingest.run import ingest
from claimgraph.settings import Settings
from claimgraph.store.engine import open_store
from claimgraph.store.reviews import mark_reviewed, remove_review

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
WAD_MADANI = 364103
GRF = "Gezira Revolutionary Front"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def corpus_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    url = f"sqlite:///{tmp_path_factory.mktemp('examples') / 'store.db'}"
    engine = open_store(url)
    report = ingest([str(EXAMPLES)], engine, Settings(db_url=url))
    assert report.claims > 100 and not report.failures
    yield engine
    engine.dispose()


def run(engine: Engine, fmt: str) -> str:
    out = io.StringIO(newline="")
    with engine.connect() as conn:
        export(conn, fmt, out)
    return out.getvalue()


def grf_control(engine: Engine) -> str:
    with engine.connect() as conn:
        (found,) = [p.cluster.id for p in load(conn).propositions
                    if p.cluster.family == "CONTROL" and p.cluster.geonames_id == WAD_MADANI
                    and p.cluster.side == "opposition" and not p.cluster.facility]
    return found


def test_json_bundle_matches_the_store(corpus_store: Engine) -> None:
    bundle = json.loads(run(corpus_store, "json"))
    with corpus_store.connect() as conn:
        records = load(conn)
    assert len(bundle["documents"]) == len(records.documents) > 20
    assert [c["id"] for c in bundle["claims"]] == [c["id"] for c in records.claims]
    assert [p["id"] for p in bundle["propositions"]] == [p.cluster.id for p in records.propositions]
    grf_id = grf_control(corpus_store)
    grf = next(p for p in bundle["propositions"] if p["id"] == grf_id)
    assert grf["status"] == "confirmed" and grf["agent"] == {"canonical": GRF, "side": "opposition"}


def test_csv_has_every_claim_and_no_live_formula(corpus_store: Engine) -> None:
    rows = list(csv.DictReader(io.StringIO(run(corpus_store, "csv"))))
    with corpus_store.connect() as conn:
        claim_ids = {c["id"] for c in load(conn).claims}
    assert {r["id"] for r in rows} == claim_ids and len(rows) >= len(claim_ids)
    assert not [v for r in rows for k, v in r.items() if k not in ("lat", "lon") and v.startswith(("=", "+", "-", "@"))]
    grf_id = grf_control(corpus_store)
    grf = [r for r in rows if r["proposition_id"] == grf_id]
    assert grf and {r["proposition_status"] for r in grf} == {"confirmed"}
    assert all(r["geonames_id"] == str(WAD_MADANI) for r in grf)


def test_geojson_wad_madani(corpus_store: Engine) -> None:
    collection = json.loads(run(corpus_store, "geojson"))
    grf_id = grf_control(corpus_store)
    (feature,) = [f for f in collection["features"] if f["id"] == grf_id]
    lon, lat = feature["geometry"]["coordinates"]
    assert lon == pytest.approx(33.52, abs=0.05) and lat == pytest.approx(14.40, abs=0.05)  # lon first
    assert feature["properties"]["status"] == "confirmed" and feature["properties"]["agent"] == GRF
    assert all(-180 <= f["geometry"]["coordinates"][0] <= 180 and -90 <= f["geometry"]["coordinates"][1] <= 90
               for f in collection["features"])


def test_acled_wad_madani(corpus_store: Engine) -> None:
    text = run(corpus_store, "acled")
    assert text.splitlines()[0] == ",".join(ACLED_COLUMNS)
    rows = list(csv.DictReader(io.StringIO(text)))
    assert all(r["event_type"] in ("Battles", "Explosions/Remote violence", "Strategic developments") for r in rows)
    assert all(r["fatalities"].isdigit() and r["geo_precision"] in ("1", "3") for r in rows)
    taken = [r for r in rows if r["location"] == "Wad Medani" and r["actor1"] == GRF
             and r["sub_event_type"] == "Non-state actor overtakes territory" and "confirmed" in r["notes"]]
    assert len(taken) == 1
    (row,) = taken
    assert (row["country"], row["geo_precision"], row["event_type"]) == ("Sudan", "1", "Battles")
    assert "Sudan National Broadcasting" in row["source"].split("; ")


def test_plover_and_claimreview(corpus_store: Engine) -> None:
    records = [json.loads(line) for line in run(corpus_store, "plover").splitlines()]
    grf_id = grf_control(corpus_store)
    (grf,) = [r for r in records if r["link"] == grf_id]
    assert (grf["event"], grf["mode"], grf["event_loc"]["geonameid"]) == (["FIGHT"], ["occupy"], WAD_MADANI)
    assert grf["source"][0]["identifier_text"] == GRF and grf["text"]

    def reviews() -> list[dict[str, Any]]:
        graph = json.loads(run(corpus_store, "claimreview"))
        assert graph["@context"] == "https://schema.org"
        return [n for n in graph["@graph"] if n["@type"] == "ClaimReview"]

    assert reviews() == []
    with corpus_store.begin() as conn:
        mark_reviewed(conn, grf_id, "true", "Desk editor")
    try:
        (review,) = reviews()
        assert review["reviewRating"]["ratingValue"] == 5 and review["reviewRating"]["alternateName"] == "true"
        assert review["claimReviewed"].startswith(f"{GRF} took or held Wad Medani")
    finally:
        with corpus_store.begin() as conn:
            remove_review(conn, grf_id)


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_every_format_is_deterministic(corpus_store: Engine, fmt: str) -> None:
    assert run(corpus_store, fmt) == run(corpus_store, fmt)


def test_acled_names_the_province_in_ascii(corpus_store: Engine) -> None:
    rows = list(csv.DictReader(io.StringIO(run(corpus_store, "acled"))))
    towns = [r for r in rows if r["location"] != r["country"]]
    assert towns and all(r["admin1"] for r in towns)  # every town row names its province
    assert {r["admin1"] for r in rows if r["location"] == "Wad Medani"} == {"Gezira"}
    assert all(r["location"].isascii() and r["admin1"].isascii() for r in rows)  # Al Manāqil -> Al Manaqil
    assert any(r["location"] == "Al Manaqil" for r in rows)


def test_acled_folds_a_facility_into_its_places_row() -> None:
    from types import SimpleNamespace

    from claimgraph.export.acled import _facility_parts
    from claimgraph.export.records import ascii_name

    day = datetime(2025, 3, 11, tzinfo=UTC)

    def prop(pid: str, facility: str, side: str = "opposition", days: int = 0) -> SimpleNamespace:
        start = day + timedelta(days=days)
        cluster = SimpleNamespace(id=pid, family="CONTROL", geonames_id=364103, side=side, facility=facility,
                                  valid_from=start, valid_to=start + timedelta(days=1))
        return SimpleNamespace(cluster=cluster)

    town, bridge, other_day, other_side = prop("t", ""), prop("b", "bridge"), prop("d", "dam", days=3), prop(
        "s", "airport", side="government")
    parts = _facility_parts([town, bridge, other_day, other_side])
    assert parts == {"t": [bridge]}  # the dam two days later and the army's airport keep their rows
    assert (ascii_name("Ḩamāh"), ascii_name("Dar‘ā"), ascii_name(None)) == ("Hamah", "Dara", None)
