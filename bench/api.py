"""API latency at a million claims: p50/p95 of the propositions and timeline endpoints
under 20 concurrent clients, against the server's floor measured in the same run.

    python bench/api.py [--claims 1000000] [--clients 20] [--requests 3000] [--workers 1] [--keep DIR] [--json]

The store is bench/reconcile.py's synthetic one (written straight into the schema; reused
from ``--keep DIR`` when there). It is brought up to date with ``claimgraph refresh
--workers 2`` (timed), then ``claimgraph serve --workers W`` runs in its own processes
(``--workers``, default 1: as a user starts it; 2 uses both cores) and ``--clients`` client threads send ``--requests``
requests in all, each client one at a time, round-robin over:

- ``propositions?place=ID``: every proposition at a place drawn from the store's places;
- ``propositions?status=S&limit=100``: the first page of one status;
- ``timeline/ID``: a place's control timeline with its replayed history;
- ``floor``: ``/openapi.json``, JSON the app built once and serves from memory, with no
  store access: what the server, the event loop and the clients cost on this machine
  under the same load.

Then, sequentially and with no other load, a few ``timeline/ID?as_of=...`` requests, which
reconcile the place from its evidence on every request: what the materialized state saves.
Figures: per endpoint p50, p95, p99, the p95 over the floor's p95, requests/s and errors.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
import reconcile as synthetic  # noqa: E402  (bench/reconcile.py: the synthetic store)

STATUSES = ("confirmed", "corroborated", "contested", "unverified", "refuted")
BIN = Path(sys.executable).parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _places(path: Path, n: int, seed: int = 5) -> tuple[list[int], str]:
    """``n`` GeoNames ids drawn from the store's places, and its last publication instant."""
    with sqlite3.connect(path) as db:
        ids = [row[0] for row in db.execute("SELECT DISTINCT geonames_id FROM proposition_cache")]
        last = db.execute("SELECT max(published_at) FROM documents").fetchone()[0]
    return random.Random(seed).sample(ids, min(n, len(ids))), str(last).replace(" ", "T")


def _refresh(url: str) -> dict[str, Any]:
    start = time.perf_counter()
    done = subprocess.run([str(BIN / "claimgraph"), "refresh", "--db", url, "--workers", "2", "--json"],
                          capture_output=True, text=True, check=True)
    return {**json.loads(done.stdout), "wall_seconds": round(time.perf_counter() - start, 2)}


def _serve(url: str, port: int, workers: int) -> subprocess.Popen[bytes]:
    command = [str(BIN / "claimgraph"), "serve", "--db", url, "--port", str(port), "--workers", str(workers)]
    server = subprocess.Popen(command, start_new_session=True,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/static/app.css", timeout=2).status_code == 200:
                return server
        except httpx.HTTPError:
            time.sleep(0.2)
    os.killpg(server.pid, signal.SIGKILL)
    raise SystemExit("the server did not start within 60 s")


def _load(port: int, mix: list[tuple[str, str]], clients: int) -> dict[str, Any]:
    """Send every request of ``mix`` through ``clients`` threads, each with one keep-alive
    connection (``http.client``: a client much lighter than the server, so that on two
    cores the server's share is what is measured)."""
    timings: dict[str, list[float]] = {name: [] for name, _path in mix}
    errors: dict[str, int] = {name: 0 for name, _path in mix}
    todo = iter(mix)
    lock = threading.Lock()

    def client() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        while True:
            with lock:
                item = next(todo, None)
            if item is None:
                break
            name, path = item
            start = time.perf_counter()
            try:
                conn.request("GET", path)
                response = conn.getresponse()
                response.read()
                ok = response.status == 200
            except (OSError, http.client.HTTPException):
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
                ok = False
            elapsed = time.perf_counter() - start
            with lock:
                timings[name].append(elapsed)
                errors[name] += not ok
        conn.close()

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return {"timings": timings, "errors": errors}


def _quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def run(claims: int, root: Path, clients: int, requests: int, workers: int) -> dict[str, Any]:
    url, counts, _gen = synthetic._store(root, claims)
    path = Path(url.removeprefix("sqlite:///"))
    fresh = _refresh(url)
    places, last = _places(path, 500)
    rng = random.Random(9)
    kinds = ("propositions?place", "propositions?status", "timeline", "floor")
    mix = []
    for k in range(requests):
        kind = kinds[k % len(kinds)]
        if kind == "propositions?place":
            mix.append((kind, f"/api/propositions?place={rng.choice(places)}"))
        elif kind == "propositions?status":
            mix.append((kind, f"/api/propositions?status={rng.choice(STATUSES)}&limit=100"))
        elif kind == "timeline":
            mix.append((kind, f"/api/timeline/{rng.choice(places)}"))
        else:
            mix.append((kind, "/openapi.json"))
    port = _free_port()
    server = _serve(url, port, workers)
    try:
        base = f"http://127.0.0.1:{port}"
        _load(port, mix[: clients * 5], clients)  # warm the page cache and the pool
        start = time.perf_counter()
        loaded = _load(port, mix, clients)
        elapsed = time.perf_counter() - start
        live = []
        with httpx.Client(base_url=base, timeout=600) as client:
            for gid in places[:5]:
                t0 = time.perf_counter()
                client.get(f"/api/timeline/{gid}", params={"as_of": last}).raise_for_status()
                live.append(time.perf_counter() - t0)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    floor = _quantile(loaded["timings"]["floor"], 0.95)
    endpoints = {}
    for name, values in loaded["timings"].items():
        p95 = _quantile(values, 0.95)
        endpoints[name] = {
            "requests": len(values), "errors": loaded["errors"][name],
            "p50_ms": round(statistics.median(values) * 1000, 1), "p95_ms": round(p95 * 1000, 1),
            "p99_ms": round(_quantile(values, 0.99) * 1000, 1), "p95_over_floor": round(p95 / floor, 2),
        }
    return {
        "claims": claims, "store": counts, "clients": clients, "server_workers": workers, "refresh": fresh,
        "requests_per_second": round(requests / elapsed, 1), "endpoints": endpoints,
        "live_timeline_as_of_ms": [round(t * 1000) for t in live],
        "cached_over_live": round(endpoints["timeline"]["p50_ms"] / (statistics.median(live) * 1000), 4),
    }


def report(r: dict[str, Any]) -> None:
    f = r["refresh"]
    print(f"{r['claims']:,} claims ({r['store']['events']:,} events, {r['store']['documents']:,} documents); "
          f"refresh --workers 2: {f['places']:,} places, {f['propositions']:,} propositions in {f['wall_seconds']:.1f} s")
    print(f"{r['clients']} concurrent clients, {r['server_workers']} server process(es), "
          f"{r['requests_per_second']} requests/s overall")
    print(f"{'endpoint':<22} {'requests':>8} {'errors':>6} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'p95/floor':>9}")
    for name, e in r["endpoints"].items():
        print(f"{name:<22} {e['requests']:>8} {e['errors']:>6} {e['p50_ms']:>8} {e['p95_ms']:>8} {e['p99_ms']:>8} "
              f"{e['p95_over_floor']:>9}")
    print(f"live (as_of) timeline, one request at a time: {r['live_timeline_as_of_ms']} ms; "
          f"cached p50 / live median = {r['cached_over_live']}")
    print("floor = /openapi.json: JSON built once, served from memory by the same server under the same load")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--claims", type=int, default=1_000_000)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--workers", type=int, default=1, help="server processes")
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--keep", type=Path, help="write (or reuse) the store in this folder")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        result = run(args.claims, args.keep, args.clients, args.requests, args.workers)
    else:
        with tempfile.TemporaryDirectory(prefix="cg-api-") as tmp:
            result = run(args.claims, Path(tmp), args.clients, args.requests, args.workers)
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        report(result)


if __name__ == "__main__":
    main()
