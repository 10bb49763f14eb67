"""watch: conditional GETs against a local http.server whose feed changes between polls."""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from claimgraph.ingest.watch import PollResult, watch
from claimgraph.reconcile.status import propositions
from claimgraph.settings import Settings
from claimgraph.store.engine import open_store

# An invented outlet and invented reports, written for this test.
ITEMS = [
    ("https://riverbulletin.example/2025/03/18/grf-claims-sennar", "Tue, 18 Mar 2025 09:00:00 +0000",
     "GRF says it holds Sennar",
     "The Gezira Revolutionary Front said on Tuesday that its fighters had taken control of Sennar after a "
     "night of clashes. A spokesman for the group told River Bulletin that the town's market and bridge "
     "were in its hands."),
    ("https://riverbulletin.example/2025/03/18/army-denies-sennar", "Tue, 18 Mar 2025 15:00:00 +0000",
     "Army denies losing Sennar",
     "Sudan's army denied on Tuesday that Sennar had fallen to the Gezira Revolutionary Front. An army "
     "spokesman said government troops remained in full control of the town and described the rebel "
     "claim as propaganda."),
]


def rss(n: int) -> bytes:
    items = "".join(
        f"<item><title>{title}</title><link>{url}</link><guid>{url}</guid><pubDate>{date}</pubDate>"
        f"<description>{text}</description></item>"
        for url, date, title, text in ITEMS[:n]
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>River Bulletin</title>'
        f"<link>https://riverbulletin.example/</link><description>Test feed</description>{items}</channel></rss>"
    ).encode()


@dataclass
class Feed:
    """What the server serves now, and every request it saw: (If-None-Match, If-Modified-Since, status)."""

    body: bytes = b""
    modified: str = "Tue, 18 Mar 2025 09:05:00 GMT"
    etags: bool = True
    log: list[tuple[str | None, str | None, int]] = field(default_factory=list)

    @property
    def etag(self) -> str:
        return '"' + hashlib.sha1(self.body).hexdigest()[:16] + '"'


@pytest.fixture
def served() -> Iterator[tuple[Feed, str]]:
    feed = Feed()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server's name)
            if self.path != "/feed.xml":
                self.send_error(404)
                feed.log.append((None, None, 404))
                return
            match, since = self.headers.get("If-None-Match"), self.headers.get("If-Modified-Since")
            fresh = match == feed.etag if feed.etags and match else since == feed.modified
            feed.log.append((match, since, 304 if fresh else 200))
            self.send_response(304 if fresh else 200)
            if feed.etags:
                self.send_header("ETag", feed.etag)
            self.send_header("Last-Modified", feed.modified)
            if fresh:
                self.end_headers()
                return
            self.send_header("Content-Type", "application/rss+xml")
            self.send_header("Content-Length", str(len(feed.body)))
            self.end_headers()
            self.wfile.write(feed.body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield feed, f"http://127.0.0.1:{server.server_address[1]}/feed.xml"
    finally:
        server.shutdown()
        server.server_close()


def _statuses(url: str) -> list[tuple[str, str, str]]:
    engine = open_store(url)
    with engine.connect() as conn:
        found = propositions(conn, None, timedelta(days=2), None, None)
    engine.dispose()
    rows = [p.as_dict() for p in found]
    return sorted((r["type"], (r["place"] or {}).get("name") or "", r["status"]) for r in rows)


@pytest.mark.slow
def test_watch_asks_conditionally_ingests_only_new_entries_and_statuses_follow(
    served: tuple[Feed, str], tmp_path: Path
) -> None:
    feed, url = served
    feed.body = rss(1)
    db = f"sqlite:///{tmp_path / 'w.db'}"
    engine = open_store(db)
    results: list[PollResult] = []
    seen: list[list[tuple[str, str, str]]] = []

    def between_polls(_seconds: float) -> None:
        seen.append(_statuses(db))
        if len(seen) == 2:  # the feed changes after the second poll
            feed.body, feed.modified = rss(2), "Tue, 18 Mar 2025 15:05:00 GMT"

    totals = watch([url], engine, Settings(db_url=db), interval=0, max_polls=3,
                   on_result=results.append, sleep=between_polls)
    seen.append(_statuses(db))
    engine.dispose()

    assert [(r.poll, r.changed, r.report.new, r.report.duplicates) for r in results] == [
        (1, True, 1, 0),
        (2, False, 0, 0),  # 304 Not Modified
        (3, True, 1, 1),  # the old entry is a duplicate, only the new one is stored
    ]
    assert (totals.polls, totals.new, totals.failed) == (3, 2, 0) and totals.claims > 0
    assert feed.log[0] == (None, None, 200)
    assert feed.log[1] == (Feed(rss(1)).etag, "Tue, 18 Mar 2025 09:05:00 GMT", 304)
    assert feed.log[2][2] == 200
    # Statuses are computed on read: the denial stored by poll 3 contests the claim.
    assert ("CONTROL", "Sennar", "unverified") in seen[0] and seen[0] == seen[1]
    assert ("CONTROL", "Sennar", "contested") in seen[2]


def test_last_modified_alone_is_enough(served: tuple[Feed, str], tmp_path: Path) -> None:
    feed, url = served
    feed.body, feed.etags = rss(2), False
    db = f"sqlite:///{tmp_path / 'w.db'}"
    engine = open_store(db)
    results: list[PollResult] = []
    watch([url], engine, Settings(db_url=db, extract=False), interval=0, max_polls=2,
          on_result=results.append, sleep=lambda _s: None)
    engine.dispose()
    assert [(r.changed, r.report.new) for r in results] == [(True, 2), (False, 0)]
    assert feed.log[1] == (None, feed.modified, 304)


def test_a_file_feed_is_read_again_only_when_it_changed(tmp_path: Path) -> None:
    path = tmp_path / "feed.xml"
    path.write_bytes(rss(1))
    db = f"sqlite:///{tmp_path / 'w.db'}"
    engine = open_store(db)
    results: list[PollResult] = []

    def between_polls(_seconds: float) -> None:
        if len(results) == 2:
            path.write_bytes(rss(2))

    watch([str(path)], engine, Settings(db_url=db, extract=False), interval=0, max_polls=3,
          on_result=results.append, sleep=between_polls)
    engine.dispose()
    assert [(r.changed, r.report.new, r.report.duplicates) for r in results] == [
        (True, 1, 0), (False, 0, 0), (True, 1, 1)
    ]


def test_server_errors_are_recorded_and_polling_goes_on(served: tuple[Feed, str], tmp_path: Path) -> None:
    _feed, url = served
    db = f"sqlite:///{tmp_path / 'w.db'}"
    engine = open_store(db)
    results: list[PollResult] = []
    totals = watch([url.replace("feed.xml", "missing.xml")], engine, Settings(db_url=db, extract=False),
                   interval=0, max_polls=2, on_result=results.append, sleep=lambda _s: None)
    engine.dispose()
    assert totals.failed == 2
    assert "HTTP 404" in results[0].report.failures[0].reason


def test_a_restarted_watch_asks_only_for_changes(served: tuple[Feed, str], tmp_path: Path) -> None:
    """The validators live in the store: a second run (a restart, or cron with --once) sends them."""
    feed, url = served
    feed.body = rss(2)
    path = tmp_path / "feed.xml"
    path.write_bytes(rss(1))
    db = f"sqlite:///{tmp_path / 'w.db'}"
    runs: list[list[tuple[bool, int]]] = []
    for _run in range(2):
        engine = open_store(db)
        results: list[PollResult] = []
        watch([url, str(path)], engine, Settings(db_url=db, extract=False), interval=0, max_polls=1,
              on_result=results.append, sleep=lambda _s: None)
        engine.dispose()
        runs.append([(r.changed, r.report.new) for r in results])
    assert runs == [[(True, 2), (True, 0)], [(False, 0), (False, 0)]]  # the file repeats an entry
    assert feed.log == [(None, None, 200), (feed.etag, feed.modified, 304)]


def test_validators_are_kept_only_once_their_entries_are_stored(
    served: tuple[Feed, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from claimgraph.ingest import watch as watch_module

    feed, url = served
    feed.body = rss(1)
    db = f"sqlite:///{tmp_path / 'w.db'}"
    real = watch_module.ingest_batches

    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("the store went away")

    monkeypatch.setattr(watch_module, "ingest_batches", broken)
    engine = open_store(db)
    with pytest.raises(RuntimeError):
        watch([url], engine, Settings(db_url=db, extract=False), interval=0, max_polls=1,
              sleep=lambda _s: None)
    monkeypatch.setattr(watch_module, "ingest_batches", real)
    results: list[PollResult] = []
    watch([url], engine, Settings(db_url=db, extract=False), interval=0, max_polls=1,
          on_result=results.append, sleep=lambda _s: None)
    engine.dispose()
    # the failed run's validators were never saved: the feed is asked for whole, and stored
    assert feed.log == [(None, None, 200), (None, None, 200)]
    assert [(r.changed, r.report.new) for r in results] == [(True, 1)]
