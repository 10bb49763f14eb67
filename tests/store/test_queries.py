"""Copy-candidate lookups: the right documents, found through the band index."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import event

from claimgraph.ingest import syndication
from claimgraph.model import Document
from claimgraph.settings import Settings
from claimgraph.store import queries
from claimgraph.store.engine import open_store

SETTINGS = Settings()
TEXT = (
    "Fighters of the river brigade took the grain depot at Kessa on Tuesday after a night of "
    "shelling, two local officials said, and the road north to the dam was closed to traffic."
)
NOW = datetime(2025, 3, 11, tzinfo=UTC)


def _store_one(tmp_path: Path):
    engine = open_store(f"sqlite:///{tmp_path / 'q.db'}")
    fp = syndication.fingerprint(TEXT, SETTINGS)
    doc = Document("d1", TEXT, None, None, None, None, None, NOW, "x.txt", syndication_group="g1")
    with engine.begin() as conn:
        queries.insert_documents(conn, [(doc, fp)], NOW)
    return engine, fp


def test_copy_candidates_match_band_and_key_together(tmp_path: Path) -> None:
    engine, fp = _store_one(tmp_path)
    n_bands = len(fp.bands)
    with engine.connect() as conn:
        assert [c.id for c in queries.copy_candidates(conn, fp.bands)] == ["d1"]
        assert [c.id for c in queries.copy_candidates(conn, fp.bands[:1])] == ["d1"]
        # the same keys under other bands are no match
        shifted = [((band + 1) % n_bands, key) for band, key in fp.bands]
        assert queries.copy_candidates(conn, shifted) == []
        # more keys than one statement binds: the match is still found
        many = [(band, key) for band in range(n_bands) for key in range(1, 200)] + [fp.bands[-1]]
        assert [c.id for c in queries.copy_candidates(conn, many)] == ["d1"]
        assert queries.copy_candidates(conn, []) == []
    engine.dispose()


def test_copy_candidate_lookups_use_the_band_index(tmp_path: Path) -> None:
    """A condition on the key alone cannot use the (band, key, document_id) primary key and
    scans every band row of the store, once per batch: ingest slows as the store grows."""
    engine, fp = _store_one(tmp_path)
    seen: list[tuple[str, object]] = []

    def keep(_conn, _cursor, statement, parameters, _context, _many) -> None:  # type: ignore[no-untyped-def]
        if "lsh_bands" in statement and statement.lstrip().upper().startswith("SELECT"):
            seen.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", keep)
    with engine.connect() as conn:
        queries.copy_candidates(conn, fp.bands)
        event.remove(engine, "before_cursor_execute", keep)
        assert seen
        for statement, parameters in seen:
            plan = [row[3] for row in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters)]
            assert not any(step.startswith("SCAN lsh_bands") for step in plan), plan
            assert any("lsh_bands" in step and step.startswith("SEARCH") for step in plan), plan
    engine.dispose()
