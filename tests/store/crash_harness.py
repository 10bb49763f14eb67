"""Kill an ingest with SIGKILL at a random moment, then check the store and re-run it.

Shared by ``tests/store/test_crash.py`` (a few trials) and ``bench/crash.py`` (many).
A trial: start ``claimgraph ingest`` in a subprocess on a fresh store, wait until the
store holds a random number of documents, then a random part of a batch's time, and
``SIGKILL`` it;
then check the store (SQLite ``PRAGMA integrity_check`` and ``foreign_key_check``; no
claim, event, place or band without its document; every stored document holds exactly
the claims an uninterrupted run gives it), re-run the ingest to completion and compare
the store with the reference: the same documents and claims, nothing twice.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from claimgraph.ingest.run import ingest
from claimgraph.settings import Settings, db_url_from_env
from claimgraph.store.engine import open_store

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
# The real command line, run after a marker line so the parent knows imports are done.
DRIVER = "import sys; from claimgraph.cli import app; print('ready', flush=True); app(args=sys.argv[1:])"
_WORDS = (
    "convoy ridge shelling bridge depot clinic ceasefire curfew border militia drone governor "
    "ministry statement village district artillery checkpoint displaced aid officials residents "
    "fighting morning evening river market grain wells generator hospital school"
).split()


@dataclass
class Snapshot:
    """What a store holds, in the terms the checks compare."""

    documents: set[str]
    claims: Counter[str]  # document id -> number of claims
    claim_ids: set[str]
    rows: dict[str, int]  # table -> row count


@dataclass
class Trial:
    """One kill and its aftermath."""

    seconds: float  # from the ready marker to the kill
    finished_before_kill: bool
    documents_at_kill: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def survived(self) -> bool:
        return not self.problems


def synthetic_corpus(root: Path, docs: int, files: int = 4, seed: int = 7) -> Path:
    """``docs`` distinct invented reports as JSON Lines spread over ``files`` files."""
    rng = random.Random(seed)
    folder = root / "corpus"
    folder.mkdir(parents=True, exist_ok=True)
    handles = [open(folder / f"part-{i}.jsonl", "w", encoding="utf-8") for i in range(files)]
    try:
        for n in range(docs):
            body = " ".join(rng.choice(_WORDS) for _ in range(rng.randint(80, 200)))
            record = {"text": f"Report {n}. {body.capitalize()}.", "outlet": "Synthetic Wire",
                      "published": f"2025-03-{1 + n % 28:02d}T06:00:00Z"}  # fmt: skip
            handles[n % files].write(json.dumps(record) + "\n")
    finally:
        for handle in handles:
            handle.close()
    return folder


def ingest_command(url: str, corpus: Path, extract: bool, batch_size: int) -> list[str]:
    """The subprocess argv: the claimgraph CLI behind a readiness marker."""
    return [sys.executable, "-c", DRIVER, "ingest", str(corpus), "--db", url, "--json",
            "--batch-size", str(batch_size), "--extract" if extract else "--no-extract"]  # fmt: skip


@dataclass(frozen=True)
class KillPoint:
    """When to kill: once the store holds ``after_documents``, ``jitter`` seconds later."""

    after_documents: int
    jitter: float


def run_and_kill(
    url: str, corpus: Path, extract: bool, batch_size: int, kill: KillPoint | None
) -> tuple[bool, float]:
    """Run the ingest; SIGKILL it at ``kill`` (None: let it finish).

    The kill moment follows the store's progress, not the clock, so it lands inside the
    run however fast the machine is: startup, extraction, or the middle of a transaction.
    Returns (finished on its own, seconds from the ready marker to exit or kill).
    """
    proc = subprocess.Popen(
        ingest_command(url, corpus, extract, batch_size),
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        cwd=ROOT,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    assert proc.stdout is not None
    line = proc.stdout.readline()
    assert line.strip() == b"ready", line
    start = time.perf_counter()
    if kill is not None:
        _wait_for_documents(url, proc, kill.after_documents)
        time.sleep(kill.jitter)
    finished = proc.poll() is not None
    if not finished:
        proc.send_signal(signal.SIGKILL)
    proc.wait()
    elapsed = time.perf_counter() - start
    proc.stdout.close()
    if kill is None:
        assert proc.returncode in (0, 1), proc.returncode  # 1: some input failed, reported
    return finished, elapsed


def _wait_for_documents(url: str, proc: subprocess.Popen[bytes], wanted: int) -> None:
    """Poll the store (a reader beside the writer) until it holds ``wanted`` documents."""
    if wanted <= 0:
        return
    engine = create_engine(url)
    try:
        while proc.poll() is None:
            try:
                with engine.connect() as conn:
                    if conn.execute(text("SELECT count(*) FROM documents")).scalar_one() >= wanted:
                        return
            except Exception:  # noqa: BLE001 - the table may not exist yet at startup
                pass
            time.sleep(0.01)
    finally:
        engine.dispose()


def snapshot(engine: Engine) -> Snapshot:
    """The documents, per-document claim counts and table sizes of a store."""
    with engine.connect() as conn:
        documents = set(conn.execute(text("SELECT id FROM documents")).scalars())
        per_doc = Counter(dict(conn.execute(text("SELECT document_id, count(*) FROM claims GROUP BY document_id")).all()))
        claim_ids = set(conn.execute(text("SELECT id FROM claims")).scalars())
        rows = {t: conn.execute(text(f"SELECT count(*) FROM {t}")).scalar_one()  # noqa: S608 (fixed names)
                for t in ("documents", "claims", "events", "places", "lsh_bands", "actors")}  # fmt: skip
    return Snapshot(documents, per_doc, claim_ids, rows)


_ORPHANS = {
    "claims without their document": "SELECT count(*) FROM claims c LEFT JOIN documents d ON d.id = c.document_id WHERE d.id IS NULL",
    "events without their claim": "SELECT count(*) FROM events e LEFT JOIN claims c ON c.id = e.claim_id WHERE c.id IS NULL",
    "places without their document": "SELECT count(*) FROM places p LEFT JOIN documents d ON d.id = p.document_id WHERE d.id IS NULL",
    "LSH bands without their document": "SELECT count(*) FROM lsh_bands b LEFT JOIN documents d ON d.id = b.document_id WHERE d.id IS NULL",
    "documents without LSH bands": "SELECT count(*) FROM documents d WHERE NOT EXISTS (SELECT 1 FROM lsh_bands b WHERE b.document_id = d.id) AND d.shingles > 0",
}


def integrity_problems(engine: Engine, reference: Snapshot, extract: bool) -> list[str]:
    """What is wrong with a store after a kill (empty when it is consistent)."""
    problems = []
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            verdict = conn.exec_driver_sql("PRAGMA integrity_check").scalars().all()
            if verdict != ["ok"]:
                problems.append(f"integrity_check: {verdict[:3]}")
            broken = conn.exec_driver_sql("PRAGMA foreign_key_check").all()
            if broken:
                problems.append(f"foreign_key_check: {len(broken)} rows")
        for what, query in _ORPHANS.items():
            found = conn.execute(text(query)).scalar_one()
            if found:
                problems.append(f"{found} {what}")
    now = snapshot(engine)
    if not now.documents <= reference.documents:
        problems.append(f"{len(now.documents - reference.documents)} documents the reference lacks")
    if extract:
        partial = [d for d in now.documents if now.claims[d] != reference.claims[d]]
        if partial:
            problems.append(f"{len(partial)} documents stored without all their claims")
    return problems


def rerun_problems(engine: Engine, url: str, corpus: Path, reference: Snapshot, extract: bool) -> list[str]:
    """Re-run the ingest to completion; the store must then equal the reference."""
    ingest([str(corpus)], engine, Settings(db_url=url, extract=extract, batch_size=25))
    after = snapshot(engine)
    problems = []
    if after.documents != reference.documents:
        problems.append(f"after re-run {len(after.documents)} documents, reference {len(reference.documents)}")
    if after.claim_ids != reference.claim_ids:
        problems.append(f"after re-run {len(after.claim_ids)} claims, reference {len(reference.claim_ids)}")
    for table, count in reference.rows.items():
        if after.rows[table] != count:
            problems.append(f"after re-run {table} has {after.rows[table]} rows, reference {count}")
    return problems


@contextmanager
def fresh_store(backend: str, folder: Path, pg_admin: str | None) -> Iterator[str]:
    """The URL of an empty store: a new SQLite file, or a new PostgreSQL database (dropped after)."""
    if backend == "sqlite":
        yield db_url_from_env(str(folder / f"crash-{uuid.uuid4().hex[:8]}.db"))
        return
    assert pg_admin, "PostgreSQL trials need CLAIMGRAPH_TEST_PG"
    name = f"cg_crash_{uuid.uuid4().hex[:10]}"
    admin = create_engine(db_url_from_env(pg_admin), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(db_url_from_env(pg_admin)).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def reference_run(folder: Path, corpus: Path, extract: bool, batch_size: int) -> tuple[Snapshot, float]:
    """An uninterrupted ingest of the corpus: what every trial must end as, and how long it took."""
    url = db_url_from_env(str(folder / f"reference-{uuid.uuid4().hex[:8]}.db"))
    engine = open_store(url)
    try:
        start = time.perf_counter()
        ingest([str(corpus)], engine, Settings(db_url=url, extract=extract, batch_size=batch_size))
        return snapshot(engine), time.perf_counter() - start
    finally:
        engine.dispose()


def trial(
    backend: str,
    folder: Path,
    corpus: Path,
    reference: Snapshot,
    batch_seconds: float,
    rng: random.Random,
    extract: bool,
    batch_size: int,
    pg_admin: str | None = None,
) -> Trial:
    """Kill one ingest at a random point of its run, check the store, re-run, compare.

    The point: after a random number of stored documents, plus up to ``batch_seconds``.
    """
    kill = KillPoint(rng.randrange(len(reference.documents)), rng.uniform(0.0, batch_seconds))
    with fresh_store(backend, folder, pg_admin) as url:
        open_store(url).dispose()
        finished, elapsed = run_and_kill(url, corpus, extract, batch_size, kill)
        engine = open_store(url)
        try:
            result = Trial(elapsed, finished, len(snapshot(engine).documents))
            result.problems += integrity_problems(engine, reference, extract)
            result.problems += rerun_problems(engine, url, corpus, reference, extract)
        finally:
            engine.dispose()
    return result
