"""Ingest throughput (no NLP: Settings(extract=False)) and peak memory, with baselines measured in the same run.

    python bench/ingest.py [--docs 400] [--jsonl-docs 3000]

Prints documents/s for HTML and JSONL ingest into a fresh SQLite store next to the bare
library work they stand on (trafilatura extraction for HTML; MinHash signatures for
JSONL), their ratios, and the peak RSS of ingesting one 50 MB document — refused by the
default 10 MB limit, and accepted with the limit raised — against an idle interpreter.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

WORDS = (
    "convoy ridge shelling bridge depot clinic ceasefire curfew border militia drone "
    "governor ministry statement village district artillery checkpoint displaced aid "
    "officials said residents reported fighting morning evening river market"
).split()


def _paragraphs(rng: random.Random, n: int) -> list[str]:
    return [" ".join(rng.choice(WORDS) for _ in range(rng.randint(40, 80))).capitalize() + "."
            for _ in range(n)]


def _html(i: int, rng: random.Random) -> str:
    body = "".join(f"<p>{p}</p>" for p in _paragraphs(rng, 6))
    return (
        f"<html><head><title>Report {i}</title>"
        f'<meta property="og:site_name" content="Sahel Post">'
        f'<meta property="article:published_time" content="2025-03-1{i % 5}T06:00:00Z">'
        f"</head><body><nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"
        f"<article><h1>Report {i}</h1>{body}</article>"
        f"<footer>Copyright Sahel Post. All rights reserved.</footer></body></html>"
    )


def _rate(n: int, seconds: float) -> float:
    return n / seconds if seconds else float("inf")


def bench_html(root: Path, n: int) -> None:
    import trafilatura

    from claimgraph.ingest.run import ingest
    from claimgraph.settings import Settings
    from claimgraph.store.engine import open_store

    rng = random.Random(1)
    pages = [_html(i, rng) for i in range(n)]
    folder = root / "html"
    folder.mkdir()
    for i, page in enumerate(pages):
        (folder / f"{i}.html").write_text(page, encoding="utf-8")
    start = time.perf_counter()
    for page in pages:
        trafilatura.bare_extraction(page, with_metadata=True)
    base = _rate(n, time.perf_counter() - start)
    url = f"sqlite:///{root / 'html.db'}"
    engine = open_store(url)
    start = time.perf_counter()
    report = ingest([str(folder)], engine, Settings(db_url=url, extract=False))
    ours = _rate(report.new, time.perf_counter() - start)
    print(f"html   ingest {ours:8.1f} docs/s | bare trafilatura {base:8.1f} docs/s | ratio {ours / base:.2f} ({report.new} docs)")


def bench_jsonl(root: Path, n: int) -> None:
    from claimgraph.ingest.run import ingest
    from claimgraph.ingest.syndication import fingerprint
    from claimgraph.settings import Settings
    from claimgraph.store.engine import open_store

    rng = random.Random(2)
    texts = ["\n\n".join(_paragraphs(rng, 4)) + f" Ref {i}." for i in range(n)]
    path = root / "export.jsonl"
    with path.open("w", encoding="utf-8") as fh:
        for i, text in enumerate(texts):
            fh.write(json.dumps({"url": f"https://x.example/{i}", "outlet": "Sahel Post", "text": text}) + "\n")
    settings = Settings(db_url=f"sqlite:///{root / 'jsonl.db'}", extract=False)
    start = time.perf_counter()
    for text in texts:
        fingerprint(text, settings)
    base = _rate(n, time.perf_counter() - start)
    engine = open_store(settings.db_url)
    start = time.perf_counter()
    report = ingest([str(path)], engine, settings)
    ours = _rate(report.new, time.perf_counter() - start)
    print(f"jsonl  ingest {ours:8.1f} docs/s | bare MinHash     {base:8.1f} docs/s | ratio {ours / base:.2f} ({report.new} docs)")


_CHILD = """
import resource, sys
from claimgraph.ingest.run import ingest
from claimgraph.settings import Settings
from claimgraph.store.engine import open_store
url, path, limit = sys.argv[1], sys.argv[2], int(sys.argv[3])
if path != "-":
    settings = Settings(db_url=url, max_document_bytes=limit, extract=False)
    report = ingest([path], open_store(url), settings)
    print(report.new, report.failed, end=" ")
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def _child_rss(url: str, path: str, limit: int) -> tuple[str, int]:
    out = subprocess.run([sys.executable, "-c", _CHILD, url, path, str(limit)],
                         capture_output=True, text=True, check=True).stdout.split()
    return " ".join(out[:-1]), int(out[-1]) // 1024


def bench_big(root: Path) -> None:
    rng = random.Random(3)
    big = root / "big.txt"
    with big.open("w", encoding="utf-8") as fh:
        while fh.tell() < 50 * 1024 * 1024:
            fh.write(" ".join(_paragraphs(rng, 50)) + "\n\n")
    url = f"sqlite:///{root / 'big.db'}"
    _, idle = _child_rss(url, "-", 0)
    refused, rss_refused = _child_rss(url, str(big), 10 * 1024 * 1024)
    accepted, rss_accepted = _child_rss(url, str(big), 64 * 1024 * 1024)
    print(f"50 MB  idle interpreter+imports {idle} MB RSS")
    print(f"50 MB  refused at 10 MB limit (new failed = {refused}): peak {rss_refused} MB RSS, +{rss_refused - idle} MB over idle")
    print(f"50 MB  accepted at 64 MB limit (new failed = {accepted}): peak {rss_accepted} MB RSS, {rss_accepted / 50:.1f}x the document")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=400, help="HTML pages")
    parser.add_argument("--jsonl-docs", type=int, default=3000, help="JSONL documents")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        bench_html(root, args.docs)
        bench_jsonl(root, args.jsonl_docs)
        bench_big(root)
    print(f"bench process peak {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024} MB RSS")


if __name__ == "__main__":
    main()
