"""``--format geojson``: propositions as map points (RFC 7946).

One Point feature per proposition whose place has coordinates, at the place's GeoNames
point, ``[longitude, latitude]`` as RFC 7946 orders them (WGS 84, no ``crs`` member). A
proposition without coordinates is left out rather than given a null geometry, because
most map tools drop or choke on those anyway. Several propositions at one place (control
by either side, an attack, a casualty report) are several features on the same point; the
properties say which is which. ``reasons`` is a list and ``review`` the person's rating or
null, as the map's popups want them.
"""

from __future__ import annotations

import json
from typing import Any, TextIO

from claimgraph.export.records import Records


def feature_collection(records: Records) -> dict[str, Any]:
    """The FeatureCollection as one JSON-ready dict."""
    features = []
    for p in records.propositions:
        d = records.proposition_dicts[p.cluster.id]
        place = d["place"]
        if place.get("lat") is None or place.get("lon") is None:
            continue
        review = records.reviews.get(d["id"])
        features.append({
            "type": "Feature",
            "id": d["id"],
            "geometry": {"type": "Point", "coordinates": [float(place["lon"]), float(place["lat"])]},
            "properties": {
                "id": d["id"],
                "type": d["type"],
                "place": place.get("name"),
                "geonames_id": place.get("geonames_id"),
                "country": place.get("country"),
                "facility": d["facility"],
                "agent": d["agent"]["canonical"],
                "side": d["agent"]["side"],
                "status": d["status"],
                "confidence": d["confidence"],
                "reasons": d["reasons"],
                "valid_from": d["valid_from"],
                "valid_to": d["valid_to"],
                "independent_sources": d["independent_sources"],
                "documents": d["documents"],
                "first_reported": d["first_reported"],
                "last_reported": d["last_reported"],
                "review": review["rating"] if review else None,
            },
        })
    return {"type": "FeatureCollection", "features": features}


def write(records: Records, out: TextIO) -> int:
    """Write the collection; returns the number of features."""
    collection = feature_collection(records)
    json.dump(collection, out, ensure_ascii=False, indent=2)
    out.write("\n")
    return len(collection["features"])
