"""Reconcile quality: source reliability on AbeBooks and FA-KES, then the sample scenario.

    python bench/eval_reconcile.py [--shared ../shared] [--slow] [--fakes-regex-only] [--no-fakes]

Prints three tables from ``python -m claimgraph.eval``: ``books`` (author-list accuracy
on the 100 gold ISBNs, strict majority vote against the crowd-kit aggregators), ``fakes``
(ROC AUC of reliability-weighted casualty figures against FA-KES's credible/fake labels;
the spaCy pass over 804 articles takes about 2-3 minutes on one core) and ``scenario``
(expected vs. got status per proposition and as-of time on examples/). Exits non-zero
when a scenario expectation that is not a known failure fails.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from claimgraph.eval.__main__ import main as eval_main


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=Path(__file__).resolve().parents[2] / "shared")
    parser.add_argument("--slow", action="store_true", help="books: also MACE and GLAD (minutes)")
    parser.add_argument("--fakes-regex-only", action="store_true", help="FA-KES without the spaCy pass")
    parser.add_argument("--no-fakes", action="store_true")
    args = parser.parse_args()
    data = args.shared / "data"
    status = eval_main(["books", "--data-dir", str(data / "truth-books")] + (["--slow"] if args.slow else []))
    if not args.no_fakes:
        print()
        fakes = ["fakes", "--data-dir", str(data / "fa-kes")]
        status |= eval_main(fakes + (["--regex-only"] if args.fakes_regex_only else []))
    print()
    return status | eval_main(["scenario"])


if __name__ == "__main__":
    sys.exit(main())
