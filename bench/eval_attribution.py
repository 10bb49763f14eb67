"""Attribution quality: the seed article against its gold, then PolNeAR dev.

    python bench/eval_attribution.py [--shared ../shared] [--polnear-limit N] [--no-polnear]

Prints the seed table (claim recall and precision, stance, canonical source and channel
accuracy, the c3 relay chain) and the PolNeAR span-overlap table (source, cue, content
at overlap 0.3 and 0.8) from ``python -m claimgraph.eval polnear``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from claimgraph.eval import seed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=Path(__file__).resolve().parents[2] / "shared")
    parser.add_argument("--polnear-limit", type=int, default=None)
    parser.add_argument("--no-polnear", action="store_true")
    parser.add_argument("--verbose", action="store_true", help="list every predicted claim")
    args = parser.parse_args()
    scores, claims = seed.run(args.shared / "seed")
    print("Seed article (../shared/seed), evidence overlap >= 0.5 of the shorter span")
    width = max(len(name) for name, _ in scores.rows())
    for name, value in scores.rows():
        print(f"  {name:<{width}}  {value}")
    if scores.misses:
        print(f"  missed gold claims: {', '.join(scores.misses)}")
    if scores.event_misses:
        print(f"  gold claims without the right event: {', '.join(scores.event_misses)}")
    if scores.place_misses:
        print(f"  gold places not resolved: {', '.join(scores.place_misses)}")
    if args.verbose:
        for c in claims:
            print(f"  - [{c.stance}] {c.source.canonical or c.source.text} ({c.cue}): {c.evidence[:90]}")
            for e in c.events:
                place = (e.place or {}).get("name")
                print(f"      {e.type} {e.modality} agent={e.agent.canonical if e.agent else None} "
                      f"place={place} facility={e.facility} time={str(e.time['start'])[:16]} {e.time['granularity']}")
    if args.no_polnear:
        return 0
    from claimgraph.eval.__main__ import main as eval_main

    print()
    argv = ["polnear", "--split", "dev", "--data-dir", str(args.shared / "data" / "polnear")]
    if args.polnear_limit:
        argv += ["--limit", str(args.polnear_limit)]
    return eval_main(argv)


if __name__ == "__main__":
    sys.exit(main())
