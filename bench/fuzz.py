"""Fuzz every reader and the extract stage with hypothesis, and count the inputs tried.

    python bench/fuzz.py [--examples 1000] [--extract-examples 200] [--only html,feed] [--seed 0]

Each target (``tests/fuzz_targets.py``) draws hostile inputs: random bytes, random HTML,
random feed XML (entity declarations and external DTDs included), random WARC records,
random JSON Lines, gzip streams cut short, bit-flipped or inflating like bombs, and text
full of bidirectional overrides, zero-width joiners and combining marks. An input passes
when the reader gives documents or named errors (InputError / ReadFailure with a code)
and answers within 20 s. Prints the inputs tried and the failures per target; the exit
status is 1 when any input failed.
"""

from __future__ import annotations

import argparse
import sys
import time
import traceback
from pathlib import Path

from hypothesis import HealthCheck, given, seed, settings

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from fuzz_targets import EXTRACT_TARGET, READER_TARGETS, Target  # noqa: E402


def run(target: Target, examples: int, random_seed: int) -> tuple[int, int, str]:
    """(inputs tried, failures, first failure) for one target."""
    tried = 0

    def counted(data: object) -> None:
        nonlocal tried
        tried += 1
        target.check(data)

    test = seed(random_seed)(
        settings(
            max_examples=examples,
            deadline=None,
            database=None,
            derandomize=False,
            suppress_health_check=list(HealthCheck),
        )(given(target.strategy)(counted))
    )
    try:
        test()
    except Exception:  # hypothesis re-raises the (shrunk) failing example
        return tried, 1, traceback.format_exc(limit=-3)
    return tried, 0, ""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--examples", type=int, default=1000, help="examples per reader target")
    parser.add_argument("--extract-examples", type=int, default=200, help="examples for the extract stage")
    parser.add_argument("--only", default="", help="comma-separated target names")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    wanted = {n for n in args.only.split(",") if n}
    plan = [(t, args.examples) for t in READER_TARGETS] + [(EXTRACT_TARGET, args.extract_examples)]
    total = failed = 0
    print(f"{'target':<20}{'inputs':>8}{'failures':>10}{'seconds':>9}")
    for target, examples in plan:
        if (wanted and target.name not in wanted) or examples < 1:
            continue
        start = time.perf_counter()
        tried, failures, detail = run(target, examples, args.seed)
        total += tried
        failed += failures
        print(f"{target.name:<20}{tried:>8}{failures:>10}{time.perf_counter() - start:>9.1f}", flush=True)
        if detail:
            print(detail, file=sys.stderr)
    print(f"{'total':<20}{total:>8}{failed:>10}")
    print(f"inputs fuzzed: {total}, failures={failed}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
