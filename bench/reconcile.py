"""Reconcile time and peak memory on synthetic stores of 100k, 300k and 1M claims.

    python bench/reconcile.py [--sizes 100000,300000,1000000] [--keep DIR] [--json] [--repeat 1]

Each store is written straight into claimgraph's SQLite schema (``open_store``, then bulk
Core inserts; no NLP): 50k propositions (type, place, facility, agent side, valid time)
over 4k places, 2k sources and 300 outlets, spread over eight weeks of reporting. Stories
carry several claims; wire stories are copied by several outlets (one syndication group,
credited to the wire), claims are relayed through outlets, about one in six is a denial and
one in eight a hedge, CONTROL evidence arrives as CONTROL, ENTER and the opponent's
WITHDRAW, and some events are only intended or have no place (both left out by reconcile).
Popular propositions draw far more claims than the rest, as real ones do.

For each size, in fresh subprocesses so that peaks do not mix, it prints:

- reconcile: ``claimgraph.reconcile.status.propositions(conn)`` wall time, the child's peak
  RSS and the number of propositions;
- the same-run baselines over the same store: the bare evidence query (its SQL on the raw
  sqlite3 cursor, rows fetched and dropped) and a plain ``SELECT ... ORDER BY`` of the
  same columns over the same join, with no window functions;
- ratios: time against the smallest size, divided by the size ratio (1.00 = linear), and
  reconcile against the bare query.

The stores go to a temporary folder, deleted afterwards, unless ``--keep DIR`` is given
(an existing store there of the right size is reused).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import bisect
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

PROPOSITIONS = 50_000
PLACES = 4_000
SOURCES = 2_000
OUTLETS = 300
WIRES = ("Coastline Wire", "Meridian Press Agency", "Sahel News Service", "Delta Agency", "Northgate Wire", "Orbis Newswire")
START = datetime(2025, 3, 1, tzinfo=UTC)
SPAN_DAYS = 56
BATCH = 20_000

TYPES = (("CONTROL", 37), ("ATTACK", 25), ("CASUALTIES", 10), ("STATEMENT", 8), ("RELEASE", 5),
         ("SURRENDER", 4), ("DEFECT", 3), ("DEPART", 5), ("ENTER", 0), ("WITHDRAW", 0))
AGENT_SIDES = (("government", 35), ("opposition", 35), ("third-party", 8), ("media", 2), (None, 20))
OPPONENT = {"government": "opposition", "opposition": "government"}
FACILITIES = ("airport", "Dam", " bridge", "military base", "Hospital", "power station")
SOURCE_SIDES = (("government", 22), ("opposition", 22), ("third-party", 6), ("monitor", 10),
                ("media", 25), ("none", 7), ("anonymous", 8))
KIND_OF_SIDE = {
    "government": ("government", "military", "person"),
    "opposition": ("armed_group", "person", "political_party"),
    "third-party": ("government", "intergovernmental"),
    "monitor": ("monitor",),
    "media": ("media",),
    "none": ("person", "unknown"),
    "anonymous": ("anonymous", "witnesses", "social_media"),
}
MODALITIES = (("claimed", 55), ("happened", 30), ("possible", 10), ("intended", 5))


def _weighted(rng: random.Random, table: tuple[tuple[Any, int], ...]) -> Any:
    values, weights = zip(*table, strict=True)
    return rng.choices(values, weights)[0]


def _id(*parts: object) -> str:
    return hashlib.sha1("|".join(map(str, parts)).encode()).hexdigest()


class World:
    """The fixed cast: places, propositions, sources and outlets (the same for every size)."""

    def __init__(self, seed: int = 7) -> None:
        rng = random.Random(seed)
        self.places = []
        for i in range(PLACES):
            name = f"Town {i}"
            spellings = (name, f"Town-{i}", f"Toun {i}") if rng.random() < 0.1 else (name,)
            self.places.append((100_000 + i, spellings, rng.choice(("SD", "SY", "UA", "ML", "YE")),
                                round(rng.uniform(-30, 50), 4), round(rng.uniform(-20, 60), 4)))
        agents = {side: [f"{side or 'unknown'} unit {k}" for k in range(12)] for side, _w in AGENT_SIDES}
        self.props = []
        for _ in range(PROPOSITIONS):
            side = _weighted(rng, AGENT_SIDES)
            self.props.append({
                "type": _weighted(rng, TYPES), "side": side, "agent": rng.choice(agents[side]),
                "place": rng.randrange(PLACES),
                "facility": rng.choice(FACILITIES) if rng.random() < 0.15 else None,
                "at": START + timedelta(hours=rng.uniform(0, SPAN_DAYS * 24)),
            })
        # A popular few draw most of the coverage: a Zipf tail over a shuffled order.
        order = list(range(PROPOSITIONS))
        rng.shuffle(order)
        self.popular = order
        self.zipf = [1.0 / (k + 1) ** 1.1 for k in range(PROPOSITIONS)]
        self.zipf_cum = list(_cumulative(self.zipf))
        self.sources = []
        for i in range(SOURCES):
            side = _weighted(rng, SOURCE_SIDES)
            kind = rng.choice(KIND_OF_SIDE[side])
            name = f"{kind} source {i}"
            self.sources.append((name, kind, "none" if side == "anonymous" else side))
        self.outlets = [(w, True) for w in WIRES] + [(f"Outlet {i}", False) for i in range(OUTLETS - len(WIRES))]

    def proposition(self, rng: random.Random) -> int:
        if rng.random() < 0.6:
            return rng.randrange(PROPOSITIONS)
        return self.popular[_bisect(self.zipf_cum, rng.random() * self.zipf_cum[-1])]


def _cumulative(values: list[float]) -> Any:
    total = 0.0
    for v in values:
        total += v
        yield total


def _bisect(cum: list[float], x: float) -> int:
    return min(bisect.bisect_left(cum, x), len(cum) - 1)


def _stance(rng: random.Random, source_side: str, prop: dict[str, Any]) -> str:
    against = OPPONENT.get(prop["side"] or "")
    if against and source_side == against:
        return rng.choices(("assert", "deny", "hedge"), (45, 45, 10))[0]
    return rng.choices(("assert", "deny", "hedge"), (75, 11, 14))[0]


def _event(rng: random.Random, world: World, p: int) -> dict[str, Any]:
    """One event about proposition ``p`` as a report states it; copies of the report repeat it.

    Times come at the granularity reports give them: mostly a day ("on Sunday"), often an
    hour ("at dawn"), sometimes to the minute, and now and then a day or two off.
    """
    prop = world.props[p]
    etype, side = prop["type"], prop["side"]
    if etype == "CONTROL":
        roll = rng.random()
        if roll < 0.2 and side in OPPONENT:
            etype, side = "WITHDRAW", OPPONENT[side]
        elif roll < 0.4:
            etype = "ENTER"
    gid, spellings, country, lat, lon = world.places[prop["place"]]
    at = prop["at"] + timedelta(days=rng.choice((0, 0, 0, 0, 0, 0, -1, 1, 2)))
    roll = rng.random()
    if roll < 0.5:
        start, granularity = at.replace(hour=0, minute=0, second=0, microsecond=0), "day"
        end = start + timedelta(days=1) if rng.random() < 0.7 else None
    elif roll < 0.85:
        start, granularity = at.replace(minute=0, second=0, microsecond=0), "hour"
        end = start + timedelta(hours=rng.choice((1, 3, 6))) if rng.random() < 0.4 else None
    else:
        start, granularity = at.replace(second=0, microsecond=0) + timedelta(minutes=rng.randint(-90, 90)), "minute"
        end = None
    return {
        "type": etype, "modality": _weighted(rng, MODALITIES), "agent_text": prop["agent"],
        "agent": prop["agent"], "agent_side": side, "target": None, "target_side": None,
        "facility": prop["facility"], "place_name": rng.choice(spellings),
        "geonames_id": None if rng.random() < 0.03 else gid, "country": country, "lat": lat, "lon": lon,
        "place_text": spellings[0], "time_start": start, "time_end": end, "time_text": "on Sunday",
        "time_granularity": granularity, "trigger": "took", "trigger_start": 0, "trigger_end": 4, "count": None,
    }


def generate(url: str, claims_wanted: int, seed: int = 11) -> dict[str, int]:
    """Write a synthetic store of about ``claims_wanted`` claims at ``url``."""
    from sqlalchemy import insert

    from claimgraph.store.engine import open_store
    from claimgraph.store.schema import claims, documents, events

    world = World()
    rng = random.Random(seed)
    engine = open_store(url)
    docs: list[dict[str, Any]] = []
    rows: list[dict[str, Any]] = []
    evs: list[dict[str, Any]] = []
    counts = {"documents": 0, "claims": 0, "events": 0}

    def flush(conn: Any) -> None:
        for table, batch in ((documents, docs), (claims, rows), (events, evs)):
            if batch:
                conn.execute(insert(table), batch)
                counts[table.name] += len(batch)
                batch.clear()
        conn.commit()  # a transaction per batch keeps the WAL small

    story = 0
    with engine.connect() as conn:
        while counts["claims"] + len(rows) < claims_wanted:
            story += 1
            focus = world.proposition(rng)
            outlet, is_wire = world.outlets[rng.randrange(len(world.outlets))]
            copies = rng.randint(2, 10) if is_wire else (1 if rng.random() < 0.95 else 2)
            published = (world.props[focus]["at"] + timedelta(hours=1 + rng.expovariate(1 / 30))).replace(microsecond=0)
            plan = []
            for _ in range(rng.randint(1, 7)):
                p = focus if rng.random() < 0.6 else world.proposition(rng)
                if rng.random() < 0.15:
                    plan.append((p, None, _stance(rng, "media", world.props[p]), (), rng.random() < 0.06))
                    continue
                name, kind, side = world.sources[rng.randrange(SOURCES)]
                relays = tuple(world.outlets[rng.randrange(len(world.outlets))][0] for _ in range(rng.choice((0, 0, 0, 1, 1, 2))))
                canonical = None if rng.random() < 0.03 else name
                plan.append((p, (canonical, kind, side, name), _stance(rng, side, world.props[p]), relays,
                             rng.random() < 0.06))
            plan = [(source, stance, relays,
                     [_event(rng, world, p)] + ([_event(rng, world, world.proposition(rng))] if second else []))
                    for p, source, stance, relays, second in plan]
            group = _id("doc", story, 0)
            for copy in range(copies):
                doc_outlet = outlet if copy == 0 else world.outlets[rng.randrange(len(WIRES), len(world.outlets))][0]
                doc_id = _id("doc", story, copy)
                at = published + timedelta(seconds=rng.randrange(12 * 3600) if copy else 0)
                docs.append({
                    "id": doc_id, "url": f"https://news.example/{story}/{copy}", "outlet": doc_outlet,
                    "outlet_kind": "wire" if copy == 0 and is_wire else "news", "outlet_country": "XX",
                    "outlet_state": None, "title": f"Story {story}", "published_at": at, "language": "en",
                    "text": "x", "retrieved_at": at, "ingested_at": at, "location": "bench",
                    "previous_version": None, "syndication_group": group,
                    "wire_origin": outlet if is_wire else None, "shingles": 1, "minhash": b"",
                })
                for k, (source, stance, relays, told) in enumerate(plan):
                    claim_id = _id("claim", story, copy, k)[:16]
                    if source is None:  # the outlet's own voice
                        canonical, kind, side, text, chain, attributed = doc_outlet, "media", "media", None, (doc_outlet,), False
                    else:
                        canonical, kind, side, text = source
                        chain, attributed = (text, *relays), True
                    rows.append({
                        "id": claim_id, "document_id": doc_id, "sentence": "s", "sentence_start": 0,
                        "sentence_end": 1, "start": 0, "end": 1, "evidence": "e", "source_text": text,
                        "source_start": None, "source_end": None, "actor_id": None,
                        "source_canonical": canonical, "source_kind": kind, "source_side": side,
                        "cue": "said", "cue_start": None, "cue_end": None, "stance": stance,
                        "quote": None, "channel": None, "chain": list(chain), "hedges": [],
                        "attributed": attributed, "extractor": "bench",
                    })
                    evs.extend({"claim_id": claim_id, "n": n, "document_id": doc_id, **e} for n, e in enumerate(told))
            if len(rows) >= BATCH:
                flush(conn)
        flush(conn)
    engine.dispose()
    return counts


# --------------------------------------------------------------------------- children

_CHILD = r"""
import json, resource, sys, time
mode, url = sys.argv[1], sys.argv[2]
out = {}
if mode == "reconcile":
    from collections import Counter
    from claimgraph.reconcile.status import propositions
    from claimgraph.store.engine import open_store
    engine = open_store(url)
    with engine.connect() as conn:
        start, cpu = time.perf_counter(), time.process_time()
        found = propositions(conn)
        out["seconds"] = time.perf_counter() - start
        out["cpu_seconds"] = time.process_time() - cpu
    out["propositions"] = len(found)
    out["evidence"] = sum(len(p.cluster.evidence) for p in found)
    out["statuses"] = dict(Counter(p.verdict.status for p in found))
elif mode.startswith("refresh"):  # refresh1, refresh2: the materialized state, from scratch
    from sqlalchemy import text
    from claimgraph.reconcile.materialize import refresh
    from claimgraph.store.engine import open_store
    engine = open_store(url)
    with engine.begin() as conn:  # every place stale, nothing cached: what a first refresh does
        conn.execute(text("DELETE FROM proposition_cache"))
        conn.execute(text("DELETE FROM timeline_cache"))
        conn.execute(text("INSERT INTO stale_places (geonames_id, version) SELECT DISTINCT geonames_id, 1 "
                          "FROM events WHERE geonames_id IS NOT NULL "
                          "ON CONFLICT (geonames_id) DO UPDATE SET version = stale_places.version + 1"))
    start, cpu = time.perf_counter(), time.process_time()
    done = refresh(engine, workers=int(mode[len("refresh"):]))
    out["seconds"] = time.perf_counter() - start
    out["cpu_seconds"] = time.process_time() - cpu  # this process only (workers not counted)
    out.update(done.as_dict())
    out["rss_mb_children"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
elif mode == "baseline":
    from claimgraph.store.engine import open_store
    from claimgraph.store.evidence import _MMAP_BYTES, evidence_query
    engine = open_store(url)
    sql = str(evidence_query().compile(engine, compile_kwargs={"literal_binds": True}))
    plain = '''SELECT e.claim_id, e.n, e.document_id, e.type, e.modality, e.agent, e.agent_side,
        e.facility, e.geonames_id, e.place_name, e.country, e.lat, e.lon, e.time_start, e.time_end,
        c.stance, c.source_canonical, c.source_kind, c.source_side, c.attributed, c.chain,
        d.outlet, d.published_at, d.syndication_group, d.wire_origin
        FROM events e JOIN claims c ON c.id = e.claim_id JOIN documents d ON d.id = e.document_id
        WHERE e.geonames_id IS NOT NULL AND e.time_start IS NOT NULL AND e.modality != 'intended'
        ORDER BY e.type, e.geonames_id, e.agent_side, e.facility, e.time_start, e.claim_id, e.n'''
    raw = engine.raw_connection()
    raw.cursor().execute(f"PRAGMA mmap_size={_MMAP_BYTES}")  # as load_evidence reads the store
    for name, statement in (("plain", plain), ("sql", sql)):
        cur = raw.cursor()
        start, cpu = time.perf_counter(), time.process_time()
        cur.execute(statement)
        rows = 0
        while batch := cur.fetchmany(10000):
            rows += len(batch)
        out[name + "_seconds"] = time.perf_counter() - start
        out[name + "_cpu_seconds"] = time.process_time() - cpu
        out["rows"] = rows
        cur.close()
    raw.close()
else:  # idle: interpreter and imports only
    import claimgraph.reconcile.status, claimgraph.store.engine  # noqa: F401
out["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(out))
"""


def _child(mode: str, url: str) -> dict[str, Any]:
    done = subprocess.run([sys.executable, "-c", _CHILD, mode, url], capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"{mode} child failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _store(root: Path, n: int) -> tuple[str, dict[str, int], float | None]:
    """The store of ``n`` claims under ``root``: reused when a finished one is there (its
    counts file is written last), else (re)generated."""
    path, done = root / f"reconcile-{n}.db", root / f"reconcile-{n}.json"
    url = f"sqlite:///{path}"
    if path.exists() and done.exists():
        return url, json.loads(done.read_text()), None
    for stale in (path, done, Path(f"{path}-wal"), Path(f"{path}-shm")):
        stale.unlink(missing_ok=True)
    start = time.perf_counter()
    counts = generate(url, n)
    done.write_text(json.dumps(counts))
    return url, counts, time.perf_counter() - start


def run(sizes: list[int], root: Path, repeat: int, quiet: bool) -> dict[str, Any]:
    idle = _child("idle", "")
    results = []
    for n in sizes:
        url, counts, gen_s = _store(root, n)
        if gen_s is not None and not quiet:
            print(f"# generated {counts['claims']:,} claims, {counts['events']:,} events, "
                  f"{counts['documents']:,} documents in {gen_s:.0f} s", file=sys.stderr)
        base = min((_child("baseline", url) for _ in range(repeat)), key=lambda r: r["sql_seconds"])
        rec = min((_child("reconcile", url) for _ in range(repeat)), key=lambda r: r["seconds"])
        fresh = {w: min((_child(f"refresh{w}", url) for _ in range(repeat)), key=lambda r: r["seconds"])
                 for w in (1, 2)}
        results.append({"claims": n, "store": counts, **({"generation_seconds": round(gen_s)} if gen_s else {}),
                        "reconcile_seconds": round(rec["seconds"], 2),
                        "reconcile_cpu_seconds": round(rec["cpu_seconds"], 2), "reconcile_rss_mb": round(rec["rss_mb"]),
                        "propositions": rec["propositions"], "evidence_rows": rec["evidence"],
                        "statuses": rec["statuses"], "sql_seconds": round(base["sql_seconds"], 2),
                        "sql_cpu_seconds": round(base["sql_cpu_seconds"], 2),
                        "plain_seconds": round(base["plain_seconds"], 2), "query_rows": base["rows"],
                        **{f"refresh{w}_seconds": round(f["seconds"], 2) for w, f in fresh.items()},
                        **{f"refresh{w}_rss_mb": round(max(f["rss_mb"], f["rss_mb_children"])) for w, f in fresh.items()},
                        "refresh_propositions": fresh[1]["propositions"]})
        if not quiet:
            print(f"# {n:,} claims: reconcile {rec['seconds']:.1f} s, {rec['rss_mb']:.0f} MB; refresh "
                  f"{fresh[1]['seconds']:.1f} s (1 process), {fresh[2]['seconds']:.1f} s (2 workers)", file=sys.stderr)
    first = results[0]
    for r in results:
        scale = r["claims"] / first["claims"]
        r["time_ratio"] = round(r["reconcile_seconds"] / first["reconcile_seconds"], 2)
        r["linearity"] = round(r["time_ratio"] / scale, 2)
        r["sql_linearity"] = round(r["sql_seconds"] / first["sql_seconds"] / scale, 2)
        r["reconcile_over_sql"] = round(r["reconcile_seconds"] / r["sql_seconds"], 2)
        r["refresh2_linearity"] = round(r["refresh2_seconds"] / first["refresh2_seconds"] / scale, 2)
        r["refresh_speedup"] = round(r["refresh1_seconds"] / r["refresh2_seconds"], 2)
    return {"idle_rss_mb": round(idle["rss_mb"]), "sizes": results}


def report(result: dict[str, Any]) -> None:
    print(f"{'claims':>9} {'props':>7} {'reconcile':>10} {'(cpu)':>7} {'peak RSS':>9} {'x100k':>6} {'linear':>6} "
          f"{'bare SQL':>9} {'linear':>6} {'plain sel':>9} {'rec/SQL':>7}")
    for r in result["sizes"]:
        print(f"{r['claims']:>9,} {r['propositions']:>7,} {r['reconcile_seconds']:>9.1f}s "
              f"{r['reconcile_cpu_seconds']:>6.1f}s {r['reconcile_rss_mb']:>6} MB {r['time_ratio']:>6.2f} "
              f"{r['linearity']:>6.2f} {r['sql_seconds']:>8.1f}s {r['sql_linearity']:>6.2f} "
              f"{r['plain_seconds']:>8.1f}s {r['reconcile_over_sql']:>7.2f}")
    print(f"\n{'claims':>9} {'refresh 1 proc':>15} {'2 workers':>10} {'speedup':>8} {'linear':>6} {'peak RSS':>9}")
    for r in result["sizes"]:
        print(f"{r['claims']:>9,} {r['refresh1_seconds']:>14.1f}s {r['refresh2_seconds']:>9.1f}s "
              f"{r['refresh_speedup']:>8.2f} {r['refresh2_linearity']:>6.2f} {r['refresh2_rss_mb']:>6} MB")
    print("refresh = the materialized current state from scratch (every proposition's JSON and every "
          "place's control timeline with its replayed history, written to the store), what the API serves")
    print(f"idle interpreter + imports: {result['idle_rss_mb']} MB RSS (peaks include the store's pages "
          "read through SQLite's memory map); x100k = time over the first size's; 'linear' = that over "
          "the size ratio (1.00 = linear); bare SQL = the evidence query alone on the raw sqlite3 "
          "cursor; plain sel = the same join and columns with an ORDER BY and no window functions")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100000,300000,1000000", help="claims per store, comma-separated")
    parser.add_argument("--keep", type=Path, help="write (or reuse) the stores in this folder")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--repeat", type=int, default=1, help="runs per measurement; the fastest counts")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        result = run(sizes, args.keep, args.repeat, args.json)
    else:
        with tempfile.TemporaryDirectory(prefix="cg-bench-") as tmp:
            result = run(sizes, Path(tmp), args.repeat, args.json)
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        report(result)


if __name__ == "__main__":
    main()
