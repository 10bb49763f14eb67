"""Concurrent readers against ``claimgraph serve`` while ``claimgraph ingest`` writes.

Shared by ``tests/serve/test_concurrency.py`` (a short run) and ``bench/concurrency.py``.
The server and the writer are the real commands in subprocesses; the readers are threads
with their own HTTP clients, cycling over the read endpoints until the time is up. Any
status other than 200, any transport error and any body mentioning "database is locked"
counts as an error.
"""

from __future__ import annotations

import json
import os
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from sqlalchemy import create_engine, text

ROOT = Path(__file__).resolve().parents[2]
DRIVER = "import sys; from claimgraph.cli import app; print('ready', flush=True); app(args=sys.argv[1:])"
READS = (
    "/api/meta",
    "/api/documents?limit=50",
    "/api/documents?limit=20&offset=40",
    "/api/claims?limit=50",
    "/api/propositions",
    "/api/search?q=militia",
    "/api/sources",
    "/",
)


@dataclass
class LoadResult:
    """What the readers saw and how fast the writer wrote meanwhile."""

    readers: int
    seconds: float
    latencies: list[float] = field(default_factory=list)
    by_path: dict[str, list[float]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    documents_written: int = 0

    @property
    def requests(self) -> int:
        return len(self.latencies) + len(self.errors)

    @property
    def writes_per_second(self) -> float:
        return self.documents_written / self.seconds if self.seconds else 0.0

    def percentile(self, q: float) -> float:
        """Latency at quantile ``q`` in milliseconds."""
        if len(self.latencies) < 2:
            return 1000 * (self.latencies[0] if self.latencies else 0.0)
        return 1000 * statistics.quantiles(self.latencies, n=100, method="inclusive")[round(q * 100) - 1]

    def paths(self) -> str:
        """Median latency per endpoint, slowest first."""
        medians = sorted(((statistics.median(v), k, len(v)) for k, v in self.by_path.items()), reverse=True)
        return ", ".join(f"{k} {1000 * m:.0f}ms x{n}" for m, k, n in medians)

    def summary(self) -> str:
        return (
            f"readers={self.readers} requests={self.requests} ({self.requests / self.seconds:.0f}/s) "
            f"writes/s={self.writes_per_second:.1f} documents_written={self.documents_written} "
            f"errors={len(self.errors)} p50={self.percentile(0.5):.1f}ms p95={self.percentile(0.95):.1f}ms"
        )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start(args: list[str], log: Path) -> subprocess.Popen[bytes]:
    """A claimgraph command in a subprocess (stderr to ``log``), returned once its imports are done."""
    with open(log, "ab") as errors:
        proc = subprocess.Popen(
            [sys.executable, "-c", DRIVER, *args],
            stdout=subprocess.PIPE,
            stderr=errors,
            cwd=ROOT,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
    assert proc.stdout is not None
    line = proc.stdout.readline()
    assert line.strip() == b"ready", (line, log.read_text(errors="replace")[-2000:])
    return proc


def synthetic_corpus(folder: Path, docs: int) -> Path:
    """``docs`` distinct invented reports in one JSON Lines file."""
    rng = random.Random(11)
    words = "militia convoy bridge depot clinic ceasefire border governor ministry village river".split()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "writes.jsonl"
    with open(path, "w", encoding="utf-8") as out:
        for n in range(docs):
            body = " ".join(rng.choice(words) for _ in range(120))
            out.write(json.dumps({"text": f"Dispatch {n}: {body}.", "outlet": "Load Wire"}) + "\n")
    return path


def start_server(url: str, log: Path) -> tuple[subprocess.Popen[bytes], str]:
    """``claimgraph serve`` on a free loopback port; returns the process and its base URL."""
    port = free_port()
    proc = start(["serve", "--db", url, "--port", str(port)], log)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(base + "/api/meta", timeout=5).status_code == 200:
                return proc, base
        except httpx.TransportError:
            time.sleep(0.1)
    proc.kill()
    raise AssertionError("claimgraph serve did not answer within 60 s")


@contextmanager
def server_in_thread(url: str) -> Iterator[str]:
    """The same app that ``serve`` runs, under uvicorn in a thread (no start-up import)."""
    import uvicorn

    from claimgraph.serve.app import create_app

    server = uvicorn.Server(uvicorn.Config(create_app(url), host="127.0.0.1", port=free_port(), log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "the test server did not start"
    try:
        yield f"http://127.0.0.1:{server.config.port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def document_count(url: str) -> int:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return int(conn.execute(text("SELECT count(*) FROM documents")).scalar_one())
    finally:
        engine.dispose()


def _reader(
    base: str, until: float, offset: int, result: LoadResult, lock: threading.Lock, reads: tuple[str, ...]
) -> None:
    latencies: list[tuple[str, float]] = []
    errors: list[str] = []
    with httpx.Client(base_url=base, timeout=60) as client:
        n = offset
        while time.monotonic() < until:
            path = reads[n % len(reads)]
            n += 1
            start = time.perf_counter()
            try:
                response = client.get(path)
            except httpx.HTTPError as exc:
                errors.append(f"{path}: {type(exc).__name__}: {exc}")
                continue
            elapsed = time.perf_counter() - start
            if response.status_code != 200 or "database is locked" in response.text:
                errors.append(f"{path}: {response.status_code} {response.text[:200]}")
            else:
                latencies.append((path, elapsed))
    with lock:
        for path, elapsed in latencies:
            result.latencies.append(elapsed)
            result.by_path.setdefault(path, []).append(elapsed)
        result.errors += errors


def read_while_writing(
    url: str, base: str, corpus: Path, readers: int, seconds: float, log: Path, reads: tuple[str, ...] = READS
) -> LoadResult:
    """Start an ingest of ``corpus``, wait for its first commit, then read for ``seconds``."""
    before = document_count(url)
    writer = start(["ingest", str(corpus), "--db", url, "--no-extract", "--batch-size", "10", "--json"], log)
    try:
        deadline = time.monotonic() + 60
        while document_count(url) == before and time.monotonic() < deadline and writer.poll() is None:
            time.sleep(0.05)
        result = LoadResult(readers=readers, seconds=seconds)
        first = document_count(url)
        lock = threading.Lock()
        until = time.monotonic() + seconds
        threads = [threading.Thread(target=_reader, args=(base, until, i, result, lock, reads)) for i in range(readers)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        result.documents_written = document_count(url) - first
        if writer.poll() is not None and writer.returncode not in (0, 1):
            result.errors.append(f"the writer exited with {writer.returncode}")
        return result
    finally:
        writer.kill()
        writer.wait()
        if writer.stdout:
            writer.stdout.close()


def stop(proc: subprocess.Popen[bytes]) -> None:
    """Stop a subprocess started by :func:`start`."""
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    if proc.stdout:
        proc.stdout.close()
