"""The store as Datasette users open it (issue 16): the sample corpus's SQLite file, its
``propositions`` view faceted by status and place, and ``proposition_claims`` linking
every claim to its proposition, through Datasette's own JSON API."""

from __future__ import annotations

import asyncio
from typing import Any

from datasette.app import Datasette
from sqlalchemy import create_engine, text


def _get(ds: Datasette, path: str) -> dict[str, Any]:
    async def fetch() -> dict[str, Any]:
        response = await ds.client.get(path)
        assert response.status_code == 200, (path, response.text[:300])
        return response.json()

    return asyncio.run(fetch())


def test_datasette_facets_propositions_by_status_and_place(sample_store: str) -> None:
    path = sample_store.removeprefix("sqlite:///")
    ds = Datasette([path], immutables=[])
    name = next(iter(ds.databases.keys() - {"_internal", "_memory"}))
    tables = _get(ds, f"/{name}.json")
    views = {v["name"] for v in tables["views"]}
    assert {"propositions", "proposition_claims"} <= views
    page = _get(ds, f"/{name}/propositions.json?_facet=status&_facet=place_name&_shape=objects&_size=max")
    rows = page["rows"]
    assert rows and all(r["status"] for r in rows)
    facets = page["facet_results"]
    facets = facets.get("results", facets)  # Datasette 1.0 nests them
    by_status = {f["value"]: f["count"] for f in facets["status"]["results"]}
    with create_engine(sample_store).connect() as conn:
        want = dict(conn.execute(text("SELECT status, count(*) FROM propositions GROUP BY status")).all())
    assert by_status == want
    assert {f["value"] for f in facets["place_name"]["results"]} >= {"Wad Medani", "Sennar"}
    # every link names a proposition that exists
    links = _get(ds, f"/{name}/proposition_claims.json?_shape=objects&_size=max")["rows"]
    ids = {r["id"] for r in rows}
    assert links and {r["proposition_id"] for r in links} <= ids
