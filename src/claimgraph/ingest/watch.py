"""Poll feeds (URLs or files) and ingest what is new.

Each poll asks a server only for a changed feed: the ETag and Last-Modified of the last
answer go back as ``If-None-Match`` / ``If-Modified-Since``, and a ``304 Not Modified``
costs nothing more. A file is re-read only when its size or modification time changed.
A changed feed is read whole, but only entries whose text the store does not hold yet are
stored and extracted (ids are content hashes; an entry whose text changed at the same URL
becomes a new version). Statuses need no step of their own: they are computed from the
stored claims whenever they are read, so they move as soon as a poll stores new claims.

What each feed last answered is kept in the store (``store/feeds.py``) once the entries
it covers are committed: a restarted watch, or one run from cron with ``--once``, asks
only for changes, and a watch that fails half-way asks for the whole feed again.
"""

from __future__ import annotations

import io
import logging
import os
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import Engine

from claimgraph import __version__
from claimgraph.errors import InputError
from claimgraph.ingest import parallel
from claimgraph.ingest.compression import too_large_reason
from claimgraph.ingest.readers import READERS, iter_raw
from claimgraph.ingest.run import IngestReport, batched, ingest_batches
from claimgraph.ingest.sniff import HEAD_BYTES, sniff
from claimgraph.model import RawDocument, ReadFailure
from claimgraph.settings import Settings
from claimgraph.store import feeds as feed_store

log = logging.getLogger(__name__)

TIMEOUT_S = 30.0
_USER_AGENT = f"claimgraph/{__version__} (feed watcher)"


@dataclass(slots=True)
class FeedState:
    """What the last answer for one feed said, to ask the next time only if it changed."""

    etag: str | None = None
    last_modified: str | None = None
    file_stamp: tuple[int, int] | None = None  # (size, mtime_ns) of a local file

    def fields(self) -> dict[str, object]:
        """As the store keeps it (``store/feeds.py``)."""
        size, mtime_ns = self.file_stamp or (None, None)
        return {"etag": self.etag, "last_modified": self.last_modified,
                "file_size": size, "file_mtime_ns": mtime_ns}

    @classmethod
    def from_fields(cls, row: dict[str, Any]) -> FeedState:
        size, mtime_ns = row.get("file_size"), row.get("file_mtime_ns")
        stamp = None if size is None or mtime_ns is None else (size, mtime_ns)
        return cls(row.get("etag"), row.get("last_modified"), stamp)


@dataclass(slots=True)
class PollResult:
    """One feed in one poll: ``changed`` false for a 304 or an untouched file."""

    feed: str
    poll: int
    changed: bool
    report: IngestReport = field(default_factory=IngestReport)

    def as_dict(self) -> dict[str, object]:
        return {"feed": self.feed, "poll": self.poll, "changed": self.changed, **self.report.as_dict()}


def is_url(feed: str) -> bool:
    return urlsplit(feed).scheme in ("http", "https")


def fetch(url: str, state: FeedState, settings: Settings) -> bytes | None:
    """The feed's body, or None when the server answers 304 Not Modified.

    Updates ``state`` with the answer's validators.

    Raises:
        InputError: the server cannot be reached, answers an error, or sends more than
            ``settings.max_document_bytes``.
    """
    headers = {"User-Agent": _USER_AGENT}
    if state.etag:
        headers["If-None-Match"] = state.etag
    if state.last_modified:
        headers["If-Modified-Since"] = state.last_modified
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_S) as response:  # noqa: S310 (http/https only)
            body = response.read(settings.max_document_bytes + 1)
            if len(body) > settings.max_document_bytes:
                raise InputError(url, too_large_reason(None, settings.max_document_bytes))
            state.etag = response.headers.get("ETag")
            state.last_modified = response.headers.get("Last-Modified")
            return body
    except urllib.error.HTTPError as exc:
        if exc.code == 304:
            return None
        raise InputError(url, f"HTTP {exc.code} {exc.reason}; check the feed URL") from exc
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise InputError(url, f"cannot fetch: {reason}; is the server up?") from exc


def _read_body(url: str, body: bytes, settings: Settings) -> Iterator[RawDocument | ReadFailure]:
    """The entries of a fetched feed (any format the readers know, sniffed from the bytes)."""
    try:
        reader = READERS[sniff(body[:HEAD_BYTES], urlsplit(url).path or url)]
        yield from reader(url, io.BytesIO(body), settings)
    except InputError as exc:
        yield ReadFailure(exc.path, exc.reason, exc.line, exc.code)


def changed_entries(feed: str, state: FeedState, settings: Settings) -> Iterable[RawDocument | ReadFailure] | None:
    """The entries of ``feed`` if it changed since ``state`` was last updated, else None
    (a file's entries are read lazily: a large one streams as in ``ingest``)."""
    if is_url(feed):
        try:
            body = fetch(feed, state, settings)
        except InputError as exc:
            return [ReadFailure(exc.path, exc.reason, exc.line, exc.code)]
        return None if body is None else _read_body(feed, body, settings)
    try:
        info = os.stat(feed)
        stamp = (info.st_size, info.st_mtime_ns)
    except OSError:
        stamp = None  # let the reader name the problem
    if stamp is not None and stamp == state.file_stamp:
        return None
    state.file_stamp = stamp
    return iter_raw([feed], settings)


@dataclass(slots=True)
class WatchTotals:
    """Sums over every poll of every feed (kept instead of the results: a watch may run
    for months)."""

    polls: int = 0
    changed: int = 0
    new: int = 0
    duplicates: int = 0
    claims: int = 0
    failed: int = 0

    def add(self, result: PollResult) -> None:
        self.changed += result.changed
        self.new += result.report.new
        self.duplicates += result.report.duplicates
        self.claims += result.report.claims
        self.failed += result.report.failed


def watch(
    feeds: Sequence[str],
    engine: Engine,
    settings: Settings,
    interval: float = 300.0,
    max_polls: int | None = None,
    pool: parallel.Pool | None = None,
    on_result: Callable[[PollResult], None] | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> WatchTotals:
    """Poll every feed every ``interval`` seconds (``max_polls`` times, or until stopped)
    and ingest the new entries; ``on_result`` hears what each feed did in each poll.
    """
    with engine.connect() as conn:
        saved = feed_store.load_states(conn, feeds)
    states = {feed: FeedState.from_fields(saved[feed]) if feed in saved else FeedState() for feed in feeds}
    totals = WatchTotals()
    while max_polls is None or totals.polls < max_polls:
        totals.polls += 1
        started = time.monotonic()
        for feed in feeds:
            state = replace(states[feed])  # adopted only once its entries are stored
            entries = changed_entries(feed, state, settings)
            result = PollResult(feed, totals.polls, entries is not None)
            if entries is not None:
                result.report = ingest_batches(batched(entries, settings), engine, settings, pool=pool)
                if state != states[feed]:
                    with engine.begin() as conn:
                        feed_store.save_state(conn, feed, state.fields())
                    states[feed] = state
            log.info("poll %d of %s: %s", totals.polls, feed, result.as_dict())
            totals.add(result)
            if on_result:
                on_result(result)
        if max_polls is None or totals.polls < max_polls:
            sleep(max(0.0, interval - (time.monotonic() - started)))
    return totals
