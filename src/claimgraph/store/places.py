"""SQL over resolved place mentions."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from sqlalchemy import Connection, func, select

from claimgraph.store.queries import chunks
from claimgraph.store.schema import place_names, places


def place_features(conn: Connection, geonames_ids: Iterable[int]) -> dict[int, str]:
    """GeoNames id -> the feature the resolver gave it ("city", "admin1", "country", …).

    Exports use it for spatial precision (a town's point versus a country's middle); an id
    that was resolved with several features keeps the one recorded most often.
    """
    found: dict[int, Counter[str]] = {}
    for part in chunks(sorted(set(geonames_ids))):
        query = (
            select(places.c.geonames_id, places.c.feature, func.count())
            .where(places.c.geonames_id.in_(part), places.c.feature.is_not(None))
            .group_by(places.c.geonames_id, places.c.feature)
        )
        for gid, feature, n in conn.execute(query):
            found.setdefault(int(gid), Counter())[feature] += n
    return {gid: counts.most_common(1)[0][0] for gid, counts in found.items()}


def place_spellings(conn: Connection) -> list[tuple[int, str]]:
    """Every (GeoNames id, name) an event was placed under (kept by a trigger on events)."""
    return [(int(gid), name) for gid, name in conn.execute(select(place_names.c.geonames_id, place_names.c.name))]
