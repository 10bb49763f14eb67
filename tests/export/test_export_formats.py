"""Each export format on the small invented store of conftest.py (no spaCy)."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest
from sqlalchemy import Engine

from claimgraph.errors import UsageError
from claimgraph.export import FORMATS, export, load
from claimgraph.export.acled import COLUMNS as ACLED_COLUMNS
from claimgraph.export.claims_csv import COLUMNS as CSV_COLUMNS
from claimgraph.export.spreadsheet import safe_cell
from claimgraph.store.reviews import mark_reviewed

from export_scenario import FORMULA


def run(engine: Engine, fmt: str, **kw: Any) -> str:
    out = io.StringIO(newline="")
    with engine.connect() as conn:
        export(conn, fmt, out, **kw)
    return out.getvalue()


def propositions(engine: Engine) -> dict[str, Any]:
    """Proposition id by family (the scenario has one of each)."""
    with engine.connect() as conn:
        return {p.cluster.family: p.cluster.id for p in load(conn).propositions}


def test_every_format_parses_on_both_backends(store: Engine) -> None:
    bundle = json.loads(run(store, "json"))
    assert set(bundle) == {"as_of", "documents", "claims", "propositions", "reviews"}
    assert len(bundle["documents"]) == 4 and len(bundle["claims"]) == 5
    assert {p["type"] for p in bundle["propositions"]} == {"CONTROL", "ATTACK", "CASUALTIES", "STATEMENT"}
    claims = list(csv.DictReader(io.StringIO(run(store, "csv"))))
    assert len(claims) == 7  # five claims, one of them with three events
    features = json.loads(run(store, "geojson"))["features"]
    assert features and all(f["geometry"]["coordinates"] == [-3.5, 12.25] for f in features)
    ld = json.loads(run(store, "claimreview"))
    assert ld["@context"] == "https://schema.org"
    acled = list(csv.DictReader(io.StringIO(run(store, "acled"))))
    assert {r["sub_event_type"] for r in acled} == {
        "Non-state actor overtakes territory", "Shelling/artillery/missile attack"}
    plover = [json.loads(line) for line in run(store, "plover").splitlines()]
    assert {r["event"][0] for r in plover} == {"FIGHT", "THREATEN"}


def test_claimreview_only_for_reviewed_propositions(store: Engine) -> None:
    def reviews() -> list[dict[str, Any]]:
        return [n for n in json.loads(run(store, "claimreview"))["@graph"] if n["@type"] == "ClaimReview"]

    assert reviews() == []  # a machine status is never published as a rating
    control = propositions(store)["CONTROL"]
    with store.begin() as conn:
        mark_reviewed(conn, control, "mostly-false", "A. Checker", "The ministry's denial holds.")
    (review,) = reviews()
    assert review["reviewRating"] == {
        "@type": "Rating", "alternateName": "mostly-false", "ratingValue": 2, "bestRating": 5, "worstRating": 1,
    }
    assert review["author"] == {"@type": "Person", "name": "A. Checker"}
    assert review["reviewBody"] == "The ministry's denial holds."
    assert review["claimReviewed"] == "Coast Rebels took or held Kerewa (2025-05-01)"
    graph = json.loads(run(store, "claimreview"))["@graph"]
    item = next(n for n in graph if n["@id"] == review["itemReviewed"]["@id"])
    assert item["author"] == {"@type": "Organization", "name": "Coast Rebels"}  # the first to assert it


def test_claimreview_claims_carry_author_and_appearances(sqlite_store: Engine) -> None:
    graph = json.loads(run(sqlite_store, "claimreview"))["@graph"]
    control = propositions(sqlite_store)["CONTROL"]
    claims = [n for n in graph if n["@type"] == "Claim" and f":{control}:" in n["@id"]]
    assert [c["author"]["name"] for c in claims] == ["Coast Rebels", "Lagoonia Ministry of Defence"]
    denial = claims[1]
    assert denial["description"].startswith("Lagoonia Ministry of Defence denies: ")
    assert denial["datePublished"] == "2025-05-02T12:00:00+00:00"
    assert denial["appearance"] == [denial["firstAppearance"]]
    assert denial["firstAppearance"]["url"] == "https://lagoonradio.example/denial"
    assert denial["firstAppearance"]["publisher"] == {"@type": "Organization", "name": "Lagoon Radio"}


def test_unproven_rating_has_a_name_but_no_value(sqlite_store: Engine) -> None:
    with sqlite_store.begin() as conn:
        mark_reviewed(conn, propositions(sqlite_store)["ATTACK"], "unproven", "B. Desk")
    (review,) = [n for n in json.loads(run(sqlite_store, "claimreview"))["@graph"] if n["@type"] == "ClaimReview"]
    assert review["reviewRating"] == {"@type": "Rating", "alternateName": "unproven"}
    assert "reviewBody" not in review


def test_csv_rows_and_formula_injection(sqlite_store: Engine) -> None:
    text = run(sqlite_store, "csv")
    reader = csv.DictReader(io.StringIO(text))
    assert tuple(reader.fieldnames or ()) == CSV_COLUMNS
    rows = list(reader)
    by_id = {(r["id"], r["event_n"]): r for r in rows}
    take = by_id[("c-take", "0")]
    assert take["sentence"] == "'" + FORMULA  # shown as text, never run
    assert not any(v.startswith(("=", "+", "-", "@")) for r in rows for k, v in r.items() if k not in ("lon", "lat"))
    assert take["lon"] == "-3.5" and float(take["lat"]) == 12.25  # numbers stay numbers
    assert take["chain"] == "the Coast Rebels > outlet"
    assert take["proposition_status"] == "contested" and take["proposition_id"] == propositions(sqlite_store)["CONTROL"]
    denial = by_id[("c-deny", "0")]
    assert denial["sentence"] == (
        'The ministry denied that Kerewa had fallen, calling the "rumours, lies, and worse"\nbaseless.')
    assert by_id[("c-dead", "2")]["event_type"] == "CASUALTIES"
    assert by_id[("c-dead", "0")]["outlet"] == "'@Harbour Monitor"
    assert text.splitlines()[0] == ",".join(CSV_COLUMNS)


@pytest.mark.parametrize(
    ("value", "expected"),
    [("=1+1", "'=1+1"), ("+44 20", "'+44 20"), ("-2", "'-2"), ("@SUM(A1)", "'@SUM(A1)"), ("\t=1", "'\t=1"),
     ("|cmd", "'|cmd"), ("\uff1d1+1", "'\uff1d1+1"), ("\uff20SUM(A1)", "'\uff20SUM(A1)"),
     ("Kerewa", "Kerewa"), (-3.5, -3.5), (0, 0), (None, ""), (True, "true")],
)
def test_safe_cell(value: object, expected: object) -> None:
    assert safe_cell(value) == expected


def test_geojson_points_are_lon_lat(sqlite_store: Engine) -> None:
    collection = json.loads(run(sqlite_store, "geojson"))
    assert collection["type"] == "FeatureCollection"
    by_type = {f["properties"]["type"]: f for f in collection["features"]}
    assert set(by_type) == {"CONTROL", "ATTACK", "CASUALTIES"}  # Maro has no coordinates
    control = by_type["CONTROL"]
    lon, lat = control["geometry"]["coordinates"]
    assert control["geometry"]["type"] == "Point" and isinstance(lon, float) and isinstance(lat, float)
    assert (lon, lat) == (-3.5, 12.25)
    props = control["properties"]
    assert props["place"] == "Kerewa" and props["geonames_id"] == 9990001
    assert (props["agent"], props["side"], props["status"]) == ("Coast Rebels", "opposition", "contested")
    assert props["reasons"][-1] == "1 independent source, 1 party; 1 denying"
    assert props["independent_sources"] == 1 and props["documents"] == 2
    assert props["first_reported"] == "2025-05-02T08:00:00+00:00" and props["review"] is None
    assert props["valid_from"] == "2025-05-01T00:00:00+00:00"


def test_acled_table(sqlite_store: Engine) -> None:
    text = run(sqlite_store, "acled")
    assert text.splitlines()[0] == ",".join(ACLED_COLUMNS)
    assert ACLED_COLUMNS == (
        "event_date", "event_type", "sub_event_type", "actor1", "actor2", "country", "admin1", "location",
        "latitude", "longitude", "geo_precision", "source", "notes", "fatalities",
    )
    rows = {r["event_type"]: r for r in csv.DictReader(io.StringIO(text))}
    assert len(rows) == 2  # the casualty count folds into the attack; statements are not ACLED events
    taken = rows["Battles"]
    assert taken["sub_event_type"] == "Non-state actor overtakes territory"
    assert (taken["event_date"], taken["actor1"], taken["country"], taken["location"]) == (
        "2025-05-01", "Coast Rebels", "Sudan", "Kerewa")
    assert (taken["latitude"], taken["longitude"], taken["geo_precision"]) == ("12.25", "-3.5", "1")
    assert taken["source"] == "Harbour Times; Lagoon Radio"
    assert "claimgraph status: contested" in taken["notes"]
    assert "denied by Lagoonia Ministry of Defence (the side it harms)" in taken["notes"]
    assert taken["fatalities"] == "0"
    shelled = rows["Explosions/Remote violence"]
    assert shelled["sub_event_type"] == "Shelling/artillery/missile attack"
    assert shelled["fatalities"] == "9"  # the lowest count of the dead; the 30 wounded do not count
    assert shelled["source"] == "'@Harbour Monitor"


def test_plover_records(sqlite_store: Engine) -> None:
    text = run(sqlite_store, "plover")
    assert "\u2028" not in text  # a JSON Lines reader splitting on it would break a record
    records = {r["claimgraph"]["type"]: r for r in map(json.loads, text.splitlines())}
    control = records["CONTROL"]
    assert (control["event"], control["mode"], control["quad_code"]) == (["FIGHT"], ["occupy"], 4)
    assert (control["date"], control["enddate"]) == ("2025-05-01", "2025-05-01")
    assert control["source"] == [
        {"actor_text": "Coast Rebels", "identifier_text": "Coast Rebels", "side": "opposition"}]
    assert control["event_loc"] == {"geonameid": 9990001, "name": "Kerewa", "latitude": 12.25, "longitude": -3.5,
                                    "country_code": "SD", "country": "Sudan"}
    assert control["text"] == FORMULA and control["text_info"]["claim_id"] == "c-take"
    assert control["claimgraph"]["status"] == "contested" and control["claimgraph"]["deny"] == ["c-deny"]
    assert control["cite_info"]["url"] == "https://harbourtimes.example/kerewa"
    assert (records["CASUALTIES"]["dead"], records["CASUALTIES"]["injured"]) == (9, 30)
    threat = records["STATEMENT"]
    assert threat["event"] == ["THREATEN"] and threat["event_loc"]["latitude"] is None
    assert threat["text"] == "The rebels threatened to march on Maro\u2028next week."


def test_as_of_limits_documents_and_propositions(sqlite_store: Engine) -> None:
    from datetime import UTC, datetime

    early = json.loads(run(sqlite_store, "json", as_of=datetime(2025, 5, 2, 9, 0, tzinfo=UTC)))
    assert [d["id"] for d in early["documents"]] == ["d-times"]
    assert [c["id"] for c in early["claims"]] == ["c-take"]
    (only,) = early["propositions"]
    assert only["type"] == "CONTROL" and only["status"] == "unverified"
    assert early["as_of"] == "2025-05-02T09:00:00+00:00"


def test_binary_output_and_unknown_format(sqlite_store: Engine) -> None:
    with sqlite_store.connect() as conn:
        for fmt in FORMATS:
            raw = io.BytesIO()
            assert export(conn, fmt, raw) >= 0
            assert not raw.closed and raw.getvalue().decode("utf-8")
        with pytest.raises(UsageError, match="unknown export format"):
            export(conn, "xlsx", io.StringIO())


def test_claimreview_json_ld_is_safe_inside_a_script_element() -> None:
    """Publishers embed JSON-LD in <script type="application/ld+json">: an article's
    "</script><img …>" must not end that element (it ran as markup before)."""
    from claimgraph.export.claimreview import script_safe_json

    hostile = {"text": "</script><img src=x onerror=alert(1)> & \u2028 <!--"}
    out = script_safe_json(hostile)
    assert "<" not in out and ">" not in out and "&" not in out and "\u2028" not in out
    assert json.loads(out) == hostile


@pytest.mark.parametrize(("feature", "precision"), [("landmark", "1"), ("city", "1"), ("admin1", "3")])
def test_acled_precision_follows_the_resolved_feature(sqlite_store: Engine, feature: str, precision: str) -> None:
    # A landmark (a corridor, a camp: geo/landmarks.tsv) is as precise as a town.
    from sqlalchemy import update

    from claimgraph.store.schema import places

    with sqlite_store.begin() as conn:
        conn.execute(update(places).where(places.c.geonames_id == 9990001).values(feature=feature))
    rows = {r["event_type"]: r for r in csv.DictReader(io.StringIO(run(sqlite_store, "acled")))}
    assert rows["Battles"]["geo_precision"] == precision


@pytest.mark.parametrize(("family", "triggers", "expected"), [
    ("PROTEST", ["rally"], ("Protests", "Peaceful protest")),
    ("PROTEST", ["clashed"], ("Riots", "Violent demonstration")),
    ("ARREST", ["arrested"], ("Strategic developments", "Arrests")),
    ("AGREE", ["ceasefire"], ("Strategic developments", "Agreement")),
])
def test_acled_types_of_protests_arrests_and_agreements(family: str, triggers: list[str], expected: tuple[str, str]) -> None:
    from types import SimpleNamespace

    from claimgraph.export.acled import event_types

    records = SimpleNamespace(events_of=lambda p, with_denials=False: [{"trigger": t} for t in triggers])
    proposition = SimpleNamespace(cluster=SimpleNamespace(family=family, side=""))
    assert event_types(records, proposition) == expected
