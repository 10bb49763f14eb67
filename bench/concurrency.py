"""Concurrent load: ``claimgraph serve`` answering readers while ``claimgraph ingest`` writes.

    python bench/concurrency.py [--readers 20] [--seconds 20] [--backends sqlite,postgres] [--exclude /api/sources]

Per backend: a store seeded with the bundled ``examples/`` (claims extracted), the real
``serve`` command in one subprocess, an ``ingest --no-extract`` of invented reports
(batches of 10, one transaction each) in another, and ``--readers`` threads cycling over
the read endpoints (meta, documents, claims, propositions, search, sources, the page)
for ``--seconds``. Prints readers, requests, documents written per second during the
window, errors (any non-200, transport error or "database is locked"; must be 0) and the
p50/p95 latency. PostgreSQL needs ``CLAIMGRAPH_TEST_PG``. Exits 1 on any error.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "serve"))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "store"))

from crash_harness import EXAMPLES, fresh_store  # noqa: E402
from load_harness import READS, read_while_writing, start_server, stop, synthetic_corpus  # noqa: E402

from claimgraph.ingest.run import ingest  # noqa: E402
from claimgraph.settings import Settings  # noqa: E402
from claimgraph.store.engine import open_store  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--readers", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--docs", type=int, default=20000, help="invented reports the writer may ingest")
    parser.add_argument("--backends", default="sqlite,postgres")
    parser.add_argument("--exclude", default="", help="comma-separated endpoints to leave out, e.g. /api/sources")
    args = parser.parse_args()
    reads = tuple(path for path in READS if path not in args.exclude.split(","))
    pg_admin = os.environ.get("CLAIMGRAPH_TEST_PG")
    failed = False
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        corpus = synthetic_corpus(folder / "writes", args.docs)
        for backend in args.backends.split(","):
            if backend == "postgres" and not pg_admin:
                print("postgres: skipped (set CLAIMGRAPH_TEST_PG)")
                continue
            with fresh_store(backend, folder, pg_admin) as url:
                engine = open_store(url)
                ingest([str(EXAMPLES)], engine, Settings(db_url=url))
                engine.dispose()
                server, base = start_server(url, folder / f"{backend}-serve.log")
                try:
                    result = read_while_writing(url, base, corpus, args.readers, args.seconds, folder / "ingest.log", reads)
                finally:
                    stop(server)
                print(f"{backend}: {result.summary()}", flush=True)
                print(f"  median per endpoint: {result.paths()}")
                for error in result.errors[:5]:
                    print(f"  {error}")
                failed |= bool(result.errors)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
