"""Scale-out figures, each against a baseline measured in the same run.

    python bench/scale.py [--words 20000] [--scale-docs 800] [--docs 100000] [--small 10000]
                          [--extract-docs 2000] [--skip per-core,scaling,memory,extract]

1. per-core: words/s of the full extraction in one process, through the worker code path
   (Arrow in, extract, Arrow out: ``parallel.extract_payload``) and through
   ``extract_documents`` (bench/nlp.py), against bare spaCy ``nlp.pipe`` on the same texts
   (the sample corpus repeated; bench/nlp.py's corpus). Target ratio >= 0.7.
2. scaling: synthetic short reports extracted by 1 and by 2 local workers, first on the
   workers alone (the parent only submits and collects), then end to end (``ingest`` into
   a fresh SQLite store, the parent reading, deduplicating and writing meanwhile), with the
   one-process ingest as a further baseline. Pools are started and warmed outside the
   timings. Target 2 / 1 >= 1.7.
3. memory: ``ingest --no-extract`` of ``--small`` and ``--docs`` synthetic short reports
   (one JSONL file each), each in a fresh child process: documents/s and the child's peak
   RSS (VmHWM), against an idle child that imported the same modules. Target: the
   large run's peak within 10% of the small one's.
4. extract: ``--extract-docs`` synthetic reports ingested with extraction on 2 workers in a
   child process: documents/s, the parent's peak RSS and the largest worker's (VmHWM from
   /proc, so Linux only).

The synthetic reports are invented (outlets, places, groups, people) and varied enough
that they are not copies of each other (the store's syndication groups are printed).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

# --- synthetic reports -------------------------------------------------------------------

OUTLETS = ["Kavala Observer", "Tessary Gazette", "Marren Wire", "Orvan Herald", "Duskport Radio",
           "Lowland Courier", "Eastvale Monitor", "Rimside Post"]
GROUPS = ["the Northern Shield Movement", "the Free Orvan Brigades", "the Coastal Defence Forces",
          "the Highland Liberation Army", "the Republican Guard", "the 9th Infantry Division",
          "the River Front militia", "the Popular Resistance Committees", "government forces"]
SPEAKERS = ["a spokesman for {g}", "the governor of {p} province", "two local officials",
            "a commander of {g}", "residents of {p}", "the interior ministry", "an aid worker in {p}",
            "a senior security source", "the army's media office", "a doctor at the {p} clinic"]
SAY = ["said", "told reporters", "claimed", "reported", "stated in a message", "announced", "insisted"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
SEIZE = ["seized", "taken control of", "entered", "captured", "withdrawn from", "shelled", "surrounded"]
UNITS = ["fighters", "troops", "units", "patrols", "armoured columns", "volunteers"]
TARGETS = ["a market", "the bus station", "a water pumping station", "the old bridge", "a school",
           "the grain depot", "a checkpoint", "the hospital gate", "a fuel convoy", "the power plant"]
WEAPONS = ["a drone", "artillery shells", "a car bomb", "mortar rounds", "an air strike", "rockets"]
SYLLABLES = ["ka", "ro", "mi", "tes", "var", "lo", "dun", "ash", "el", "kir", "ban", "sor", "ta",
             "nem", "ul", "rak", "fen", "do", "zar", "pil"]
# Each sentence in several wordings, so that reports share few five-word shingles (as
# unrelated news reports do) and the copy detector finds no false candidates.
TEMPLATES = [
    ["{S} {say} on {day} that {g} had {seize} {p} after {n} hours of fighting.",
     "{G} {seize} {p} on {day}, {S} {say}, after clashes lasting {n} hours.",
     "By {day} evening {g} had {seize} {p}, according to {S}.",
     "{S} {say} {g} {seize} {p} late on {day} following a {n}-hour battle."],
    ["{G} denied the account and said its {units} still held positions {dir} of {p}.",
     "That version was rejected by {g}, whose {units} remain {dir} of {p}, a spokesman insisted.",
     "{G} dismissed the claim; its {units} are dug in on the {dir}ern edge of {p}, it said."],
    ["{S2} {say} {n2} people were killed and {n3} wounded when {weapon} hit {target} in {p2}.",
     "{Weapon} struck {target} in {p2}, killing {n2} and injuring {n3}, {S2} {say}.",
     "At least {n2} dead and {n3} hurt were counted after {weapon} landed near {target} in {p2}."],
    ["The claims could not be independently verified by {outlet}, which has no reporter in {p2}.",
     "{Outlet} was unable to confirm either account from {p2}.",
     "Neither version could be checked independently; communications with {p2} are cut."],
    ["Residents of {p2} said the roads to {p} had been closed since {day2} and {target} was damaged.",
     "Since {day2}, people in {p2} say, nobody has travelled to {p} and {target} lies in ruins.",
     "Traffic between {p2} and {p} stopped on {day2}, locals reported, and {target} was hit."],
    ["{S2} {say} that {g2} would {plan} {p2} within {n} days.",
     "{G2} plans to {plan} {p2} in the coming {n} days, {S2} {say}.",
     "Within {n} days {g2} intends to {plan} {p2}, according to {S2}."],
    ["Aid agencies said about {n4} families had fled {p} towards {p2} since {day2}.",
     "Some {n4} households have left {p} for {p2} since {day2}, relief groups estimate.",
     "Relief workers counted {n4} displaced families arriving in {p2} from {p} after {day2}."],
]
DIRS = ["north", "south", "east", "west"]
PLANS = ["retake", "push into", "lift the siege of", "hand over", "negotiate for"]


def _place(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()


def report(i: int, rng: random.Random) -> dict[str, str]:
    """One invented short report (3 to 5 sentences, about 50 to 100 words)."""
    p, p2 = _place(rng), _place(rng)
    g, g2 = rng.sample(GROUPS, 2)
    outlet = rng.choice(OUTLETS)
    slots = {
        "p": p, "p2": p2, "g": g, "g2": g2, "G": g[0].upper() + g[1:], "outlet": outlet,
        "say": rng.choice(SAY), "day": rng.choice(DAYS), "day2": rng.choice(DAYS),
        "seize": rng.choice(SEIZE), "units": rng.choice(UNITS), "dir": rng.choice(DIRS),
        "n": rng.randint(2, 30), "n2": rng.randint(2, 60), "n3": rng.randint(2, 90),
        "n4": rng.randint(20, 5000), "weapon": rng.choice(WEAPONS), "target": rng.choice(TARGETS),
        "plan": rng.choice(PLANS), "Outlet": outlet, "G2": g2[0].upper() + g2[1:],
    }
    slots["Weapon"] = slots["weapon"][0].upper() + slots["weapon"][1:]
    for key in ("S", "S2"):
        speaker = rng.choice(SPEAKERS).format(g=g, p=p)
        slots[key] = speaker[0].upper() + speaker[1:]
    sentences = [rng.choice(t).format(**slots) for t in rng.sample(TEMPLATES, rng.randint(3, 5))]
    day = 1 + i % 28
    text = f"{p.upper()}, March {day} ({outlet}) - " + " ".join(sentences)
    return {
        "url": f"https://{outlet.lower().replace(' ', '')}.example/{i}",
        "outlet": outlet,
        "title": f"Fighting reported near {p}",
        "published": f"2025-03-{day:02d}T{i % 24:02d}:00:00Z",
        "text": text,
    }


def reports(n: int, seed: int) -> Iterator[dict[str, str]]:
    rng = random.Random(seed)
    for i in range(n):
        yield report(i, rng)


def write_jsonl(path: Path, n: int, seed: int = 7) -> int:
    """Write ``n`` reports; returns the words written."""
    words = 0
    with path.open("w", encoding="utf-8") as fh:
        for r in reports(n, seed):
            words += len(r["text"].split())
            fh.write(json.dumps(r) + "\n")
    return words


# --- 1. per core -------------------------------------------------------------------------


def bench_per_core(words: int) -> None:
    import spacy

    import nlp as nlp_bench  # bench/nlp.py: corpus and the bare / full timing
    from claimgraph.ingest import arrow
    from claimgraph.ingest.parallel import extract_payload
    from claimgraph.nlp.pipeline import MODEL

    texts = nlp_bench.corpus(ROOT / "examples", words)
    docs = nlp_bench.documents(texts)
    n_words = sum(len(t.split()) for t in texts)
    bare = spacy.load(MODEL)
    # The corpus repeats the sample texts, so the extractors' caches (places, actors) warm up
    # over a first pass: time a second one, for bare spaCy as for the rest.
    nlp_bench.rates(bare, texts, docs)
    bare_rate, full_rate, claims = nlp_bench.rates(bare, texts, docs)
    payloads = [arrow.to_ipc(arrow.documents_table(docs[i : i + 32])) for i in range(0, len(docs), 32)]
    start = time.perf_counter()
    for payload in payloads:
        extract_payload(payload)
    worker_rate = n_words / (time.perf_counter() - start)
    print(f"per-core  texts {len(texts)}, words {n_words}, claims {claims}")
    print(f"per-core  bare spaCy nlp.pipe                     {bare_rate:8.0f} words/s")
    print(f"per-core  full extraction (extract_documents)     {full_rate:8.0f} words/s   ratio {full_rate / bare_rate:.2f}")
    print(f"per-core  worker path (Arrow in, extract, out)    {worker_rate:8.0f} words/s   ratio {worker_rate / bare_rate:.2f} (target >= 0.70)")


# --- 2. scaling ----------------------------------------------------------------------------

_INGEST_CHILD = """
import json, os, sys, time
from claimgraph.ingest.parallel import open_pool
from claimgraph.ingest.run import ingest
from claimgraph.settings import Settings
from claimgraph.store.engine import open_store
url, path, workers, extract, batch = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4] == "1", int(sys.argv[5])
settings = Settings(db_url=url, extract=extract, batch_size=batch)
engine = open_store(url)

def hwm_mb(pid="self"):
    # VmHWM, not ru_maxrss: after fork + exec, ru_maxrss keeps the forking parent's size
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) // 1024
    return 0

def descendants_hwm_mb():
    kids = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                status = open(f"/proc/{entry}/status").read()
            except OSError:
                continue
            fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
            kids[int(entry)] = (int(fields["PPid"]), int(fields.get("VmHWM", "0 kB").split()[0]) // 1024)
    mine, found = {os.getpid()}, []
    for _ in range(3):
        for pid, (ppid, hwm) in kids.items():
            if ppid in mine and pid not in mine:
                mine.add(pid); found.append(hwm)
    return found

with open_pool(workers) as pool:
    if pool is not None:  # start and warm every worker outside the timing
        from claimgraph.ingest import arrow
        from claimgraph.ingest.run import read_batches
        warm = next(read_batches([path], Settings(batch_size=4)))
        payload = arrow.to_ipc(arrow.documents_table(warm))
        [f.result() for f in [pool.submit(payload) for _ in range(2 * workers)]]
    start = time.perf_counter()
    report = ingest([path], engine, settings, pool=pool)
    seconds = time.perf_counter() - start
    workers_mb = descendants_hwm_mb() if pool is not None else []
with engine.connect() as conn:
    from sqlalchemy import func, select
    from claimgraph.store.schema import documents
    groups = conn.execute(select(func.count(func.distinct(documents.c.syndication_group)))).scalar_one()
print(json.dumps({"new": report.new, "claims": report.claims, "failed": report.failed, "groups": groups,
                  "seconds": seconds, "rss_mb": hwm_mb(),
                  "workers_mb": workers_mb}))
"""

_IDLE_CHILD = """
from claimgraph.ingest.parallel import open_pool
from claimgraph.ingest.run import ingest
from claimgraph.store.engine import open_store
print(next(int(line.split()[1]) // 1024 for line in open("/proc/self/status") if line.startswith("VmHWM:")))
"""


def run_child(db: Path, path: Path, workers: int, extract: bool, batch: int = 100) -> dict[str, object]:
    args = [sys.executable, "-c", _INGEST_CHILD, f"sqlite:///{db}", str(path), str(workers), "1" if extract else "0", str(batch)]
    done = subprocess.run(args, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"child failed: {done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def bench_scaling(root: Path, n: int) -> None:
    from claimgraph.ingest import arrow
    from claimgraph.ingest.parallel import open_pool
    from claimgraph.ingest.run import read_batches
    from claimgraph.model import Document
    from claimgraph.settings import Settings

    path = root / "scaling.jsonl"
    words = write_jsonl(path, n, seed=11)
    docs = [d for b in read_batches([str(path)], Settings()) for d in b if isinstance(d, Document)]
    payloads = [arrow.to_ipc(arrow.documents_table(docs[i : i + 50])) for i in range(0, len(docs), 50)]
    rates = {}
    for workers in (1, 2):
        with open_pool(workers) as pool:
            assert pool is not None
            [f.result() for f in [pool.submit(payloads[0]) for _ in range(2 * workers)]]  # warm
            start = time.perf_counter()
            [f.result() for f in [pool.submit(p) for p in payloads]]
            rates[workers] = n / (time.perf_counter() - start)
    print(f"scaling   {n} synthetic reports, {words} words, {os.cpu_count()} cores here")
    print(f"scaling   workers only: 1 worker {rates[1]:7.1f} docs/s | 2 workers {rates[2]:7.1f} docs/s | "
          f"2/1 {rates[2] / rates[1]:.2f} (target >= 1.70)")
    e2e = {}
    for workers in (0, 1, 2):
        found = run_child(root / f"scaling-{workers}.db", path, workers, extract=True)
        e2e[workers] = float(found["new"]) / float(found["seconds"])  # type: ignore[arg-type]
        print(f"scaling   end to end, {workers} workers{' (in process)' if not workers else ''}: "
              f"{e2e[workers]:7.1f} docs/s ({found['new']} docs, {found['claims']} claims, {found['groups']} groups)")
    print(f"scaling   end to end 2/1 {e2e[2] / e2e[1]:.2f} (target >= 1.70) | 2 workers / in process {e2e[2] / e2e[0]:.2f}")


# --- 3. memory and 4. extraction end to end ---------------------------------------------------


def bench_memory(root: Path, small: int, large: int) -> None:
    idle = int(subprocess.run([sys.executable, "-c", _IDLE_CHILD], capture_output=True, text=True, check=True).stdout)
    print(f"memory    idle child (same imports): {idle} MB RSS")
    peaks = {}
    for n in (small, large):
        path = root / f"reports-{n}.jsonl"
        write_jsonl(path, n, seed=n)
        found = run_child(root / f"memory-{n}.db", path, 0, extract=False)
        peaks[n] = int(found["rss_mb"])  # type: ignore[call-overload]
        print(f"memory    {n:7d} reports --no-extract: {float(found['new']) / float(found['seconds']):7.1f} docs/s "  # type: ignore[arg-type]
              f"({found['seconds']:.0f}s, {found['groups']} groups), peak {peaks[n]} MB RSS (+{peaks[n] - idle} MB over idle)")
        path.unlink()
    print(f"memory    peak RSS {large} / {small} reports: {peaks[large] / peaks[small]:.3f} (target <= 1.10)")


def bench_extract(root: Path, n: int) -> None:
    path = root / f"extract-{n}.jsonl"
    write_jsonl(path, n, seed=5)
    found = run_child(root / "extract.db", path, 2, extract=True)
    rate = float(found["new"]) / float(found["seconds"])  # type: ignore[arg-type]
    print(f"extract   {n} reports with extraction on 2 workers: {rate:7.1f} docs/s ({found['seconds']:.0f}s, "
          f"{found['claims']} claims), parent peak {found['rss_mb']} MB RSS, worker processes peak {found['workers_mb']} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--words", type=int, default=20000, help="per-core: words of sample text")
    parser.add_argument("--scale-docs", type=int, default=800, help="scaling: synthetic reports")
    parser.add_argument("--docs", type=int, default=100_000, help="memory: the large run")
    parser.add_argument("--small", type=int, default=10_000, help="memory: the small run")
    parser.add_argument("--extract-docs", type=int, default=2000, help="extract: reports ingested with extraction")
    parser.add_argument("--skip", default="", help="comma-separated parts to leave out")
    args = parser.parse_args()
    skip = set(filter(None, args.skip.split(",")))
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        if "per-core" not in skip:
            bench_per_core(args.words)
        if "scaling" not in skip:
            bench_scaling(root, args.scale_docs)
        if "memory" not in skip:
            bench_memory(root, args.small, args.docs)
        if "extract" not in skip:
            bench_extract(root, args.extract_docs)


if __name__ == "__main__":
    main()
