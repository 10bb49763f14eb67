"""``python -m claimgraph.eval {polnear,books,fakes,scenario}``: evaluation against gold.

* ``polnear [--split dev] [--limit N]``: runs claimgraph's pipeline plus the shipped
  ``attribution_spans`` component over a PolNeAR split and prints precision, recall and F1
  per label at the Gender Gap Tracker's overlap thresholds (0.3 and 0.8), for the model
  (the tagger with its parse anchoring), for the tagger's own spans, for claimgraph's own
  attribution extractor and for a reporting-verb baseline, all reading the same parse.
* ``books``: truth discovery on AbeBooks author lists, majority vote against the crowd-kit
  aggregators of source reliability (:mod:`claimgraph.eval.truth`).
* ``fakes``: ROC AUC of reliability-weighted casualty figures on FA-KES (same module).
* ``scenario``: the sample corpus's expected statuses per as-of time
  (:mod:`claimgraph.eval.scenario`).
* ``realnews MANIFEST... GOLD --texts DIR``: real reporting in the format of
  REALNEWS-FORMAT.md; found, statuses right per report time, false confirmations and a
  calibration table (:mod:`claimgraph.eval.realnews`).
* ``timeml PATH...``: time expressions against TimeML gold (TIMEX3 DATE/TIME values, exact
  at gold granularity, anchored on each file's creation time): any TimeML corpus, or the
  news-relative files of ``devsets/timeml`` (:mod:`claimgraph.eval.timeml`).
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Any

from claimgraph.errors import ClaimgraphError


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m claimgraph.eval", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
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
    p.add_argument("--no-extractor", action="store_true",
                   help="skip claimgraph's attribution extractor (the claims of extract/ingest)")
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    b = sub.add_parser("books", help="AbeBooks authors: majority vote vs crowd-kit aggregators")
    b.add_argument("--data-dir", type=Path, default=None, help="folder with book.txt and book_golden.txt "
                   "(default: ../shared/data/truth-books)")
    b.add_argument("--slow", action="store_true", help="also MACE and GLAD (minutes)")
    b.add_argument("--json", action="store_true", help="print JSON instead of a table")
    f = sub.add_parser("fakes", help="FA-KES: ROC AUC of reliability-weighted casualty figures")
    f.add_argument("--data-dir", type=Path, default=None, help="folder with FA-KES-Dataset.csv "
                   "(default: ../shared/data/fa-kes)")
    f.add_argument("--limit", type=int, default=None, help="only the first N articles")
    f.add_argument("--window-days", type=int, default=1, help="date gap that still makes one event")
    f.add_argument("--regex-only", action="store_true", help="skip the spaCy pipeline (seconds)")
    f.add_argument("--json", action="store_true", help="print JSON instead of a table")
    s = sub.add_parser("scenario", help="sample corpus: expected vs. got status per as-of time")
    s.add_argument("--corpus", dest="corpus_dir", type=Path, default=None, help="the sample corpus (default: examples/)")
    s.add_argument("--spec", type=Path, default=None, help="expectations (default: the shipped scenario.json)")
    s.add_argument("--json", action="store_true", help="print JSON instead of a table")
    r = sub.add_parser("realnews", help="real reporting: gold statuses per proposition and report time")
    r.add_argument("paths", type=Path, nargs="+", metavar="MANIFEST... GOLD",
                   help="manifests (<SET>.jsonl, or folders of them), then gold.json (or a folder of gold files)")
    r.add_argument("--texts", type=Path, required=True, help="folder of <sha1 of url>.txt article texts")
    r.add_argument("--json", action="store_true", help="print JSON instead of a table")
    t = sub.add_parser("timeml", help="time expressions: TIMEX3 values exact at gold granularity")
    t.add_argument("paths", type=Path, nargs="+", metavar="PATH", help=".tml files or folders of them")
    t.add_argument("--json", action="store_true", help="print JSON instead of a table")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    commands = {"polnear": _polnear, "books": _books, "fakes": _fakes, "scenario": _scenario, "realnews": _realnews,
                "timeml": _timeml}
    try:
        return commands[args.corpus](args)
    except (ClaimgraphError, OSError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 1


def _polnear(args: argparse.Namespace) -> int:
    from claimgraph.eval.attribution import (
        as_dict,
        baseline_spans,
        evaluate,
        extractor_spans,
        format_table,
        spans_from_key,
    )
    from claimgraph.eval.polnear import iter_split
    from claimgraph.nlp.anchor import PARSE_ID
    from claimgraph.nlp.models import (
        ATTRIBUTION_SPANS_DIR,
        ATTRIBUTION_SPANS_KEY,
        add_attribution_spans,
    )
    from claimgraph.nlp.pipeline import build

    try:
        articles = list(iter_split(args.split, args.data_dir, args.limit))
        nlp = add_attribution_spans(build(), args.model or ATTRIBUTION_SPANS_DIR)
    except (ClaimgraphError, OSError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    systems = {
        "model": spans_from_key(ATTRIBUTION_SPANS_KEY),
        "tagger": spans_from_key(ATTRIBUTION_SPANS_KEY, without_id=PARSE_ID),
    }
    if not args.no_extractor:
        systems["extractor"] = extractor_spans
    if not args.no_baseline:
        systems["baseline"] = baseline_spans
    scores = evaluate(articles, nlp, systems, unit=args.unit)
    if args.json:
        print(json.dumps({"split": args.split, "unit": args.unit, **as_dict(scores)}, indent=2))
    else:
        print(f"PolNeAR {args.split}, gold unit: {args.unit}, GGT overlap (gold coverage > t)")
        print(format_table(scores))
    return 0


def _table(title: str, columns: list[str], rows: list[list[str]], caption: str | None = None) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console() if Console().is_terminal else Console(width=150)
    table = Table(title=title, caption=caption, title_justify="left", caption_justify="left")
    for i, name in enumerate(columns):
        table.add_column(name, justify="left" if i == 0 else "right", overflow="fold")
    for row in rows:
        table.add_row(*row)
    console.print(table)


def _books(args: argparse.Namespace) -> int:
    from claimgraph.eval.truth import METHODS, SLOW_METHODS, evaluate_books

    result = evaluate_books(args.data_dir, METHODS + (SLOW_METHODS if args.slow else ()))
    if args.json:
        print(json.dumps(asdict(result), indent=2))
        return 0
    _table(
        f"AbeBooks: {result.claims} store votes, {result.stores} stores, {result.isbns} ISBNs; "
        f"accuracy on {result.gold} gold ISBNs",
        ["method", "accuracy", "fit s", "tasks"],
        [[s.method, f"{s.score:.2f}", f"{s.seconds:.1f}", s.note] for s in result.scores],
        "author lists compared as sets of surnames (claimgraph.eval.truth.normalise_authors)",
    )
    return 0


def _fakes(args: argparse.Namespace) -> int:
    from claimgraph.eval.truth import auc_interval, evaluate_fakes

    path = args.data_dir / "FA-KES-Dataset.csv" if args.data_dir else None
    result = evaluate_fakes(path, window_days=args.window_days, limit=args.limit, regex_only=args.regex_only)
    if args.json:
        print(json.dumps(_finite(asdict(result)), indent=2))
        return 0
    day_like = (f"; {result.day_like} of {result.pipeline_figures} pipeline figures lie within a day of the "
                "publication's day of month" if result.pipeline_figures else "")
    print(f"FA-KES: {result.articles} articles ({result.credible} credible); events = same location, "
          f"dates chained by gaps <= {result.window_days} day(s); extraction {result.extraction_seconds:.0f} s"
          + day_like)
    for v in result.variants:
        used = ", ".join(f"{k} {n}" for k, n in sorted(v.figure_sources.items()))
        negatives = v.scored - v.scored_credible
        _table(
            f"{v.first} figure first (figures: {used}); {v.multi_outlet_events} of {v.events} events have "
            f"figures from 2+ outlets; {v.scored} articles scored ({v.scored_credible} credible)",
            ["method", "ROC AUC", "95 % +-", "fit s", "article score"],
            [[s.method, f"{s.score:.3f}", f"{auc_interval(s.score, v.scored_credible, negatives):.3f}",
              f"{s.seconds:.1f}", s.note] for s in v.scores],
            "0.5 = chance; protocol in claimgraph.eval.truth",
        )
    return 0


def _finite(value: Any) -> Any:
    """NaN (an undefined AUC) as JSON null."""
    if isinstance(value, float) and value != value:
        return None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_finite(v) for v in value]
    return value


def _scenario(args: argparse.Namespace) -> int:
    from claimgraph.eval.scenario import run

    checks = run(args.corpus_dir, args.spec)
    if args.json:
        print(json.dumps([_check_dict(c) for c in checks], indent=2))
    else:
        _table(
            "Sample corpus (examples/): expected vs. got status per as-of time",
            ["proposition", "as of (UTC)", "expected", "got", "conf", "indep. sources", "docs", "outcome"],
            [[c.proposition, c.as_of.strftime("%Y-%m-%d %H:%M") if c.as_of else "all",
              " | ".join(c.expected), c.got, f"{c.confidence:.2f}" if c.confidence is not None else "-",
              f"{_or_dash(c.got_sources)}" + (f" (want {c.independent_sources})" if c.independent_sources is not None else ""),
              _or_dash(c.got_documents) + (f" (want {c.documents})" if c.documents is not None else ""),
              c.outcome] for c in checks],
            "; ".join(f"{c.proposition} @ {c.as_of:%d %H:%M}: {c.known_failure}" if c.as_of
                      else f"{c.proposition}: {c.known_failure}" for c in checks if c.known_failure),
        )
    return 1 if any(c.outcome == "FAIL" for c in checks) else 0


def _realnews(args: argparse.Namespace) -> int:
    from claimgraph.eval.realnews import run

    if len(args.paths) < 2:
        print("error: give one or more manifests and then the gold file", file=sys.stderr)
        return 2
    result = run(args.paths[:-1], args.paths[-1], args.texts)
    if args.json:
        print(json.dumps(result.as_dict(), indent=2))
        return 0
    _table(
        f"Real news: {result.articles} articles ({len(result.missing_texts)} without text); want vs. got",
        ["proposition", "as of (UTC)", "want", "got", "conf", ""],
        [[f"{c.gold.set}/{c.gold.id} {c.gold.type}{' (as CONTROL)' if c.gold.type == 'WITHDRAW' else ''} "
          f"{c.gold.side or '-'} {c.gold.place}{' ' + c.gold.facility if c.gold.facility else ''}",
          c.as_of.strftime("%Y-%m-%d %H:%M"), " | ".join(c.want), c.got,
          f"{c.confidence:.2f}" if c.confidence is not None else "-",
          "FALSE CONFIRMED" if c.false_confirmation else "ok" if c.right else "wrong"] for c in result.checks],
    )
    _table("Calibration: confidence band -> share of statuses right", ["band", "given", "right", "share"],
           [[b, str(n), str(r), f"{r / n:.2f}" if n else "-"] for b, n, r in result.calibration()])
    found = sum(result.found.values())
    print(f"found {found}/{len(result.found)} propositions; statuses right {result.right}/{len(result.checks)}; "
          f"false confirmed {result.false_confirmations}")
    return 0


def _or_dash(value: object) -> str:
    return "-" if value is None else str(value)


def _check_dict(c: Any) -> dict[str, Any]:
    return {
        "proposition": c.proposition, "label": c.label, "as_of": c.as_of.isoformat() if c.as_of else None,
        "expected": list(c.expected), "got": c.got, "confidence": c.confidence,
        "independent_sources": c.got_sources, "expected_independent_sources": c.independent_sources,
        "documents": c.got_documents, "expected_documents": c.documents, "known_failure": c.known_failure, "outcome": c.outcome,
    }


def _timeml(args: argparse.Namespace) -> int:
    from claimgraph.eval.timeml import run

    result = run(args.paths)
    for error in result.errors:
        print(f"error: {error}", file=sys.stderr)
    if args.json:
        print(json.dumps(result.as_dict(), indent=2))
        return 1 if result.errors else 0
    d = result.as_dict()
    _table(
        f"TimeML: {d['files']} files, {d['scored']} DATE/TIME values scored ({d['skipped']} skipped: "
        f"durations, sets, unknown digits); found {d['found']}, exact {d['right']}/{d['scored']}"
        + (f" = {d['exact']:.2f}" if d["exact"] is not None else ""),
        ["file", "text", "gold", "got"],
        [[m["file"], m["text"], m["gold"], m["got"] or "-"] for m in d["misses"]],
        "misses only; got = our interval written at the gold's granularity",
    )
    return 1 if result.errors else 0


if __name__ == "__main__":
    sys.exit(main())

