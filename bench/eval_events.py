"""PLOVER gold records: event-type agreement after mapping our ontology to PLOVER.

    python bench/eval_events.py [--shared ../shared] [--limit N]
"""

from __future__ import annotations

import argparse
from pathlib import Path

from claimgraph.eval import plover


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=Path(__file__).resolve().parents[2] / "shared")
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args()
    scores = plover.run(args.shared / "data" / "plover" / "PLOVER_GSR_CAMEO.txt", args.limit)
    print(f"PLOVER gold records: {scores.total}")
    print(f"  agreement, all records:            {scores.agree / scores.total:.3f} ({scores.agree}/{scores.total})")
    covered = max(scores.covered, 1)
    print(f"  agreement, types our ontology maps: {scores.covered_agree / covered:.3f} "
          f"({scores.covered_agree}/{scores.covered}; {', '.join(sorted(plover.COVERED))})")
    print("  per type (precision = predicted right / predicted, recall = right / gold):")
    for kind in ("FIGHT", "ASSAULT", "PROTEST", "COERCE", "AGREE", "RETREAT"):
        predicted = sum(n for (g, p), n in scores.confusion.items() if p == kind)
        gold = sum(n for (g, p), n in scores.confusion.items() if g == kind)
        right = scores.confusion.get((kind, kind), 0)
        precision = f"{right / predicted:.2f}" if predicted else "  - "
        recall = f"{right / gold:.2f}" if gold else "  - "
        print(f"    {kind:<10} precision {precision} ({right}/{predicted})  recall {recall} ({right}/{gold})")
    print("  our types (precision = coded right / coded; ATTACK right as FIGHT or ASSAULT, CONTROL as FIGHT):")
    for ours in ("ATTACK", "CONTROL", "PROTEST", "ARREST", "AGREE"):
        right, coded = scores.type_precision(ours)
        print(f"    {ours:<10} precision {right / coded if coded else 0:.2f} ({right}/{coded})")
    print("  most frequent (gold -> predicted):")
    for (gold, predicted), n in scores.confusion.most_common(12):
        print(f"    {gold:<12} -> {predicted:<10} {n}")


if __name__ == "__main__":
    main()
