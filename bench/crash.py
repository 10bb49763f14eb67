"""Crash safety: SIGKILL ``claimgraph ingest`` at random points, check the store, re-run.

    python bench/crash.py [--trials 10] [--docs 800] [--extract-trials 4] [--backends sqlite,postgres]

Per backend: ``--trials`` kills of a ``--no-extract`` ingest of ``--docs`` invented JSON
Lines reports (batches of 50), plus ``--extract-trials`` kills of an ingest of the
bundled ``examples/`` corpus with extraction on (batches of 3, spaCy in the loop). The
kill point follows the store's progress (after a random number of stored documents, plus
a random part of one batch's time), so it lands inside the run on any machine; a run
that ends before its kill point does not count and is drawn again. Each trial checks the
store after the kill (integrity_check, foreign keys, no orphan claim, event, place or
band, no document without all its claims), re-runs the ingest to completion and compares
with an uninterrupted reference run (same documents, same claims, no row twice).
PostgreSQL needs ``CLAIMGRAPH_TEST_PG`` (``scripts/start-postgres.sh``). Prints each trial
and the kill trials survived per backend; exits 1 if any failed.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "store"))

from crash_harness import EXAMPLES, reference_run, synthetic_corpus, trial  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--trials", type=int, default=10, help="kills per backend without extraction")
    parser.add_argument("--extract-trials", type=int, default=4, help="kills per backend with extraction")
    parser.add_argument("--docs", type=int, default=800)
    parser.add_argument("--backends", default="sqlite,postgres")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    pg_admin = os.environ.get("CLAIMGRAPH_TEST_PG")
    backends = [b for b in args.backends.split(",") if b and (b != "postgres" or pg_admin)]
    rng = random.Random(args.seed)
    totals: dict[str, list[int]] = {}
    failed = False
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        plans = []
        if args.trials:
            corpus = synthetic_corpus(folder, args.docs)
            ref, seconds = reference_run(folder, corpus, False, 50)
            print(f"no-extract reference: {len(ref.documents)} documents in {seconds:.1f}s", flush=True)
            plans.append(("no-extract", corpus, ref, seconds * 50 / len(ref.documents), False, 50, args.trials))
        if args.extract_trials:
            ref, seconds = reference_run(folder, EXAMPLES, True, 3)
            print(f"extract reference: {len(ref.documents)} documents, {len(ref.claim_ids)} claims in {seconds:.1f}s", flush=True)
            plans.append(("extract", EXAMPLES, ref, seconds * 3 / len(ref.documents), True, 3, args.extract_trials))
        for backend in backends:
            for mode, corpus, ref, batch_seconds, extract, batch, count in plans:
                kills = attempts = 0
                while kills < count and attempts < 3 * count:
                    attempts += 1
                    result = trial(backend, folder, corpus, ref, batch_seconds, rng, extract, batch, pg_admin)
                    if result.finished_before_kill:
                        print(f"{backend:<9}{mode:<11}run ended before its kill point: drawn again", flush=True)
                        failed |= not result.survived
                        continue
                    kills += 1
                    survived, tried = totals.setdefault(backend, [0, 0])
                    totals[backend] = [survived + result.survived, tried + 1]
                    verdict = "ok" if result.survived else "FAILED: " + "; ".join(result.problems)
                    print(f"{backend:<9}{mode:<11}kill {kills:>2}: after {result.seconds:5.2f}s, "
                          f"{result.documents_at_kill:>3} documents stored -> {verdict}", flush=True)  # fmt: skip
                    failed |= not result.survived
    for backend, (survived, tried) in totals.items():
        print(f"{backend}: {survived}/{tried} kill trials survived")
    if "postgres" not in backends:
        print("postgres: skipped (set CLAIMGRAPH_TEST_PG)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
