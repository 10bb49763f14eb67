import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from claimgraph.ingest.run import ingest
from claimgraph.settings import Settings
from claimgraph.store import queries
from claimgraph.store.engine import open_store
from claimgraph.store.schema import documents, ingest_failures, lsh_bands


def _ingest(db_url: str, *paths: Path, batch_size: int = 100):
    engine = open_store(db_url)
    report = ingest([str(p) for p in paths], engine, Settings(db_url=db_url, batch_size=batch_size))
    return engine, report


def test_second_ingest_finds_only_duplicates(db_url: str, corpus: Path) -> None:
    engine, first = _ingest(db_url, corpus)
    assert (first.new, first.duplicates, first.failed) == (4, 0, 0)
    _, second = _ingest(db_url, corpus)
    assert (second.new, second.duplicates, second.failed) == (0, 4, 0)
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(documents)).scalar_one() == 4
    engine.dispose()


@pytest.mark.parametrize("batch_size", [1, 100])  # across transactions, and within one
def test_wire_copies_share_a_group_and_independent_report_does_not(
    db_url: str, corpus: Path, batch_size: int
) -> None:
    engine, _ = _ingest(db_url, corpus, batch_size=batch_size)
    with engine.connect() as conn:
        rows = {r["outlet"]: r for r in queries.list_documents(conn)}
    engine.dispose()
    wire_group = rows["Global Wire Service"]["syndication_group"]
    assert rows["Meridian Daily"]["syndication_group"] == wire_group
    assert rows["Sahel Post"]["syndication_group"] == wire_group
    assert rows["Nile Courier"]["syndication_group"] != wire_group
    assert {rows[o]["wire_origin"] for o in ("Global Wire Service", "Meridian Daily", "Sahel Post")} == {
        "Global Wire Service"
    }
    assert rows["Nile Courier"]["wire_origin"] is None


def test_same_url_with_new_text_is_a_linked_version(db_url: str, tmp_path: Path) -> None:
    meta = '"url": "https://hnn.example/live", "outlet": "Horizon News Network"'
    first = tmp_path / "v1.jsonl"
    first.write_text('{%s, "text": "Shelling was reported near the bridge on Monday."}\n' % meta)
    second = tmp_path / "v2.jsonl"
    second.write_text(
        '{%s, "text": "Shelling was reported near the bridge on Monday. Update: two people were hurt."}\n'
        % meta
    )
    engine, one = _ingest(db_url, first)
    _, two = _ingest(db_url, second)
    assert (one.new, two.new, two.versions) == (1, 1, 1)
    with engine.connect() as conn:
        older, newer = conn.execute(
            select(documents.c.id, documents.c.previous_version).order_by(documents.c.ingested_at)
        ).all()
    engine.dispose()
    assert older.previous_version is None and newer.previous_version == older.id


def test_bad_inputs_are_named_and_good_ones_stored(db_url: str, corpus: Path) -> None:
    (corpus / "broken.jsonl").write_text(
        json.dumps({"text": "A convoy reached the border crossing at dusk.", "outlet": "Sahel Post"})
        + "\n{not json\n"
        + json.dumps({"text": "Talks were postponed for a second day.", "outlet": "Sahel Post"})
        + "\n",
        encoding="utf-8",
    )
    (corpus / "noise.html").write_bytes(bytes(range(256)) * 40)
    (corpus / "empty.txt").write_text("", encoding="utf-8")
    engine, report = _ingest(db_url, corpus, batch_size=2)
    assert report.new == 6
    failed = {(Path(f.path).name, f.line) for f in report.failures}
    assert failed == {("broken.jsonl", 2), ("noise.html", None), ("empty.txt", None)}
    assert all(f.reason for f in report.failures)
    with engine.connect() as conn:
        logged = conn.execute(select(func.count()).select_from(ingest_failures)).scalar_one()
        orphans = conn.execute(
            select(func.count())
            .select_from(lsh_bands)
            .where(lsh_bands.c.document_id.not_in(select(documents.c.id)))
        ).scalar_one()
    engine.dispose()
    assert logged == 3
    assert orphans == 0


def test_concurrent_ingests_of_the_same_documents_both_complete(db_url: str, tmp_path: Path) -> None:
    """Two writers racing to insert the same content-hash ids: the loser retries its batch."""
    import threading

    export = tmp_path / "same.jsonl"
    export.write_text("".join(
        json.dumps({"text": f"Dispatch {n}: the convoy reached checkpoint {n} at dawn, officials said."}) + "\n"
        for n in range(60)
    ))  # fmt: skip
    engines = [open_store(db_url) for _ in range(3)]  # migrations are not thread-safe: open first
    reports, errors = [], []

    def run(engine) -> None:
        try:
            reports.append(ingest([str(export)], engine, Settings(db_url=db_url, batch_size=5, extract=False)))
        except Exception as exc:  # noqa: BLE001 - any error fails the test below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(engine,)) for engine in engines]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sum(r.new for r in reports) == 60 and sum(r.duplicates for r in reports) == 120
    with engines[0].connect() as conn:
        assert conn.execute(select(func.count()).select_from(documents)).scalar_one() == 60
    for engine in engines:
        engine.dispose()


def _rss_mb() -> int:
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) // 1024 for line in status if line.startswith("VmRSS:"))


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads /proc (Linux)")
def test_release_free_memory_hands_freed_heap_back() -> None:
    """Freed blocks below a live one stay in the process until trimmed (glibc only trims
    the top of the heap by itself): a long ingest's batches leave exactly such holes."""
    from claimgraph.ingest.run import _libc, release_free_memory

    if _libc() is None:
        pytest.skip("not glibc")
    blocks = [bytes(2000) for _ in range(100_000)]  # ~200 MB of malloc'd blocks
    pinned = bytes(2000)  # allocated last: the heap's top stays in use
    before = _rss_mb()
    del blocks
    release_free_memory()
    assert before - _rss_mb() > 100
    assert len(pinned) == 2000


def test_a_batch_keeps_only_the_stored_copies_among_its_band_candidates(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Stored documents that merely share an LSH band key with a batch (more of them the
    larger the store) are dropped as they are read; only copies reach the grouping, so a
    batch's memory stays bounded by the batch, not by the store (bench/scale.py, memory)."""
    import random
    from datetime import UTC, datetime

    from claimgraph.ingest import syndication
    from claimgraph.ingest.run import store_batch
    from claimgraph.model import Document

    settings = Settings(db_url=db_url)
    rng = random.Random(4)
    vocabulary = [f"w{i}" for i in range(500)]
    shared = " ".join(rng.choice(vocabulary) for _ in range(40))  # one paragraph in common

    def near_miss() -> str:
        return shared + " " + " ".join(rng.choice(vocabulary) for _ in range(60))

    def doc(doc_id: str, text: str) -> Document:
        return Document(doc_id, text, None, None, None, None, None, datetime.now(UTC), doc_id)

    new_text = near_miss()
    stored = [doc(f"s{i}", near_miss()) for i in range(60)] + [doc("copy", new_text + " Updated.")]
    engine = open_store(db_url)
    with engine.begin() as conn:
        store_batch(conn, stored, settings, datetime.now(UTC))
    grouped: list[list[str]] = []
    assign = syndication.assign_groups

    def spy(batch, known, s):  # type: ignore[no-untyped-def]
        grouped.append([k.id for k in known])
        return assign(batch, known, s)

    monkeypatch.setattr(syndication, "assign_groups", spy)
    new = doc("new", new_text)
    with engine.begin() as conn:
        bands = syndication.fingerprint(new_text, settings).bands
        candidates = [c.id for c in queries.copy_candidates(conn, bands)]
        (stored_new,) = store_batch(conn, [new], settings, datetime.now(UTC))
    engine.dispose()
    assert len(candidates) > 10 and "copy" in candidates  # weakly similar texts share band keys
    assert grouped == [["copy"]]
    assert stored_new.syndication_group == "copy"


def test_a_report_in_a_language_the_pipeline_does_not_read_is_stored_unread(db_url: str, tmp_path: Path) -> None:
    """A report parsed in a language it is not in gave junk speakers that voted ("les
    mercenaires" saying "russes"); a German one is stored and counted, with no claims, while
    the French one (its own reader) and the English one beside it are read (invented reports)."""
    rows = [
        {"url": "https://lume.example/de", "outlet": "Lume Gazette", "language": "de",
         "text": "Die Rebellen haben nach eigenen Angaben die Stadt Kosti am Montag eingenommen, "
                 "teilte ihr Sprecher mit."},
        {"url": "https://lume.example/fr", "outlet": "Lume Gazette", "language": "fr",
         "text": "Les rebelles ont affirmé avoir pris le contrôle de la ville de Kosti lundi."},
        {"url": "https://lume.example/en", "outlet": "Lume Gazette",
         "text": "The army spokesman said the rebels had withdrawn from Kosti on Monday."},
    ]
    path = tmp_path / "three.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    engine, report = _ingest(db_url, path)
    assert (report.new, report.unread, report.failed) == (3, 1, 0)
    assert report.as_dict()["unread"] == 1
    with engine.connect() as conn:
        langs = {r["url"]: r["language"] for r in queries.list_documents(conn)}
        claims = conn.exec_driver_sql(
            "SELECT d.language, count(c.id) FROM documents d LEFT JOIN claims c ON c.document_id = d.id "
            "GROUP BY d.language").all()
    engine.dispose()
    assert langs == {"https://lume.example/de": "de", "https://lume.example/fr": "fr", "https://lume.example/en": "en"}
    counted = dict(claims)
    assert counted["de"] == 0 and counted["fr"] >= 1 and counted["en"] >= 1
