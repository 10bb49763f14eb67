"""The JSON API over httpx (FastAPI's TestClient): contract, as-of, auth, limits, headers."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from claimgraph.serve import views
from claimgraph.serve.app import create_app
from claimgraph.store.engine import open_store
from claimgraph.store.materialized import stale_versions

WAD_MADANI = 364103
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def client(sample_store: str) -> TestClient:
    return TestClient(create_app(sample_store))


def _grf_control(props: list[dict]) -> dict:
    """The GRF's capture of Wad Madani (a later report of its hold may be a second one)."""
    found = [
        p for p in props
        if p["type"] == "CONTROL" and p["place"]["geonames_id"] == WAD_MADANI
        and p["agent"]["canonical"] == "Gezira Revolutionary Front"
    ]
    return min(found, key=lambda p: p["valid_time"]["start"])


def test_api_meta_gives_the_slider_stops(client: TestClient) -> None:
    meta = client.get("/api/meta").json()
    assert meta["documents"] == 27 and meta["claims"] > 300
    times = meta["report_times"]
    assert times == sorted(times) and times[0] == meta["first_reported"] and times[-1] == meta["last_reported"]
    assert meta["first_reported"].startswith("2025-03-10") and meta["tile_url"] is None


def test_api_propositions_replay_as_of(client: TestClient) -> None:
    noon = client.get("/api/propositions", params={"as_of": "2025-03-12T12:00:00Z", "place": "Wad Madani"}).json()
    assert noon["as_of"].startswith("2025-03-12T12:00")
    assert _grf_control(noon["propositions"])["status"] == "contested"
    later = client.get("/api/propositions", params={"as_of": "2025-03-13T12:00:00Z", "place": str(WAD_MADANI)}).json()
    grf = _grf_control(later["propositions"])
    assert grf["status"] == "confirmed" and grf["reasons"][0].startswith("admitted by ")
    only = client.get("/api/propositions", params={"status": "confirmed", "type": "control"}).json()["propositions"]
    assert only and {(p["status"], p["type"]) for p in only} == {("confirmed", "CONTROL")}


def test_api_current_state_comes_from_the_refreshed_cache_as_the_live_reconcile_gives_it(
    client: TestClient, sample_store: str
) -> None:
    engine = open_store(sample_store)
    with engine.connect() as conn:
        assert stale_versions(conn) == {}  # so every answer below is read from the cache
        live = views.proposition_list(conn)["propositions"]
        places = sorted({str(p["place"]["geonames_id"]) for p in live})
        timelines = {gid: views.place_timeline(conn, gid) for gid in places}
    engine.dispose()
    assert client.get("/api/propositions").json() == {"as_of": None, "propositions": live}
    paged = client.get("/api/propositions", params={"limit": 3, "offset": 2}).json()["propositions"]
    assert paged == live[2:5]
    contested = client.get("/api/propositions", params={"status": "contested"}).json()["propositions"]
    assert contested == [p for p in live if p["status"] == "contested"] != []
    for gid in places:
        assert client.get(f"/api/timeline/{gid}").json() == timelines[gid]
    assert client.get("/api/propositions", params={"limit": 0}).status_code == 422


def test_api_rejects_bad_filters(client: TestClient) -> None:
    assert client.get("/api/propositions", params={"status": "probable"}).status_code == 422
    assert client.get("/api/propositions", params={"as_of": "whenever"}).status_code == 422
    assert client.get("/api/claims", params={"limit": 0}).status_code == 422
    assert client.get("/api/documents/nope").status_code == 404
    assert client.get("/api/search", params={"q": ""}).status_code == 422


def test_api_timeline_and_claim_cards(client: TestClient) -> None:
    tl = client.get(f"/api/timeline/{WAD_MADANI}").json()
    assert tl["place"]["geonames_id"] == WAD_MADANI
    first, taken = tl["intervals"][:2]
    assert first["status"] == "presumed" and first["holder"]["side"] == "government" and first["start"] is None
    assert taken["holder"] == {"canonical": "Gezira Revolutionary Front", "side": "opposition"}
    assert taken["status"] == "confirmed" and taken["start"] == first["end"]
    statuses = [c["status"] for c in tl["history"] if c["proposition"] == taken["proposition"]]
    assert statuses[0] == "contested" and statuses[-1] == "confirmed"  # replayed over report time
    assert client.get("/api/timeline/Wad Medani").json()["place"] == tl["place"]

    grf = _grf_control(client.get("/api/propositions").json()["propositions"])
    cards = client.get("/api/claims", params={"ids": ",".join(grf["claims"])}).json()["claims"]
    assert {c["id"] for c in cards} == set(grf["claims"])
    for card in cards:
        start, end = card["span"]
        s0 = card["sentence_span"][0]
        assert card["sentence"][start - s0 : end - s0] == card["evidence"]  # the highlight
        # (a plain .txt without metadata, such as the Nile Courier residents' file, has no outlet)
        assert card["document"]["id"] == card["document_id"] and "outlet" in card["document"]
        assert any(c["document"]["outlet"] for c in cards)
        doc = client.get(f"/api/documents/{card['document_id']}").json()
        assert doc["text"][start:end] == card["evidence"]  # click through to the sentence


def test_api_documents_and_search(client: TestClient) -> None:
    page = client.get("/api/documents", params={"limit": 5, "offset": 5}).json()
    assert page["total"] == 27 and len(page["documents"]) == 5
    found = client.get("/api/search", params={"q": "baseless"}).json()
    assert found["documents"] and found["claims"]
    assert all("baseless" in c["sentence"].lower() for c in found["claims"])
    # wildcards typed by a user are literal characters
    assert client.get("/api/search", params={"q": "%"}).json()["documents"] == []


def test_api_returns_hostile_text_verbatim_as_json(client: TestClient, hostile: dict[str, str]) -> None:
    docs = client.get("/api/search", params={"q": "onerror"}).json()["documents"]
    assert [d["title"] for d in docs] == [hostile["title"]]
    response = client.get(f"/api/documents/{docs[0]['id']}")
    assert response.headers["content-type"].startswith("application/json")
    assert response.json()["title"] == hostile["title"]


def test_api_security_headers_and_offline_docs(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    csp = page.headers["content-security-policy"]
    assert "script-src 'self';" in csp and "object-src 'none'" in csp and "frame-ancestors 'none'" in csp
    assert page.headers["x-content-type-options"] == "nosniff"
    assert "<script src=" in page.text and "<script>" not in page.text  # no inline script
    docs = client.get("/docs")
    assert docs.status_code == 200 and "/static/vendor/swagger-ui/swagger-ui-bundle.js" in docs.text
    assert "cdn" not in docs.text.lower() and "'sha256-" in docs.headers["content-security-policy"]
    assert client.get("/static/vendor/swagger-ui/swagger-ui-bundle.js").status_code == 200
    assert set(client.get("/openapi.json").json()["paths"]) >= {
        "/api/documents", "/api/claims", "/api/propositions", "/api/timeline/{place}", "/api/sources", "/api/search"
    }


def test_api_is_read_only_without_a_token(client: TestClient) -> None:
    response = client.post("/api/documents", json=[{"text": "Rebels entered Sennar."}])
    assert response.status_code == 403


def test_api_writes_need_the_bearer_token(db_url: str) -> None:
    client = TestClient(create_app(db_url, token="s3cret", max_body=4096))
    doc = {"text": "The Gezira Revolutionary Front said it had captured Sennar on Friday.",
           "outlet": "Test Wire", "published": "2025-03-14T10:00:00Z"}
    assert client.post("/api/documents", json=[doc]).status_code == 401
    wrong = client.post("/api/documents", json=[doc], headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 403
    auth = {"Authorization": "Bearer s3cret"}
    big = client.post("/api/documents", content=json.dumps([{"text": "x" * 5000}]), headers=auth)
    assert big.status_code == 413
    assert client.post("/api/documents", content=b"{not json", headers=auth).status_code == 400
    assert client.post("/api/documents", json={"documents": []}, headers=auth).status_code == 422
    made = client.post("/api/documents", json={"documents": [doc]}, headers=auth)
    assert made.status_code == 201 and made.json()["new"] == 1 and made.json()["claims"] >= 1
    listed = client.get("/api/documents").json()["documents"]
    assert [d["outlet"] for d in listed] == ["Test Wire"]
    again = client.post("/api/documents", json=[doc], headers=auth).json()
    assert again["new"] == 0 and again["duplicates"] == 1


def test_api_sources_are_fitted_once_per_state_of_the_store(
    sample_store: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    fits = []
    fit = views.sources
    monkeypatch.setattr(views, "sources", lambda conn: fits.append(1) or fit(conn))
    client = TestClient(create_app(sample_store))
    first = client.get("/api/sources").json()
    assert client.get("/api/sources").json() == first and first["sources"]
    assert len(fits) == 1


def test_head_is_served_wherever_get_is_and_an_unknown_place_is_a_404(client: TestClient) -> None:
    for path in ("/", "/api/meta", "/api/propositions", f"/api/timeline/{WAD_MADANI}", "/static/app.js"):
        head, get = client.head(path), client.get(path)
        assert head.status_code == get.status_code == 200, path
        assert head.content == b"" and head.headers["content-type"] == get.headers["content-type"]
    missing = client.get("/api/timeline/Nowhere-on-the-map")
    assert missing.status_code == 404 and "no propositions about" in missing.json()["detail"]
