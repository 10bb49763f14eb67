"""Crash safety: an ingest killed with SIGKILL leaves a consistent store, and a re-run
completes it with nothing twice (``bench/crash.py`` runs many more trials)."""

from __future__ import annotations

import os
import random
from pathlib import Path

import pytest
from crash_harness import EXAMPLES, reference_run, synthetic_corpus, trial

PG_URL = os.environ.get("CLAIMGRAPH_TEST_PG")

BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


@pytest.mark.slow
@pytest.mark.parametrize("backend", BACKENDS)
def test_killed_ingest_without_extraction_leaves_a_consistent_store(backend: str, tmp_path: Path) -> None:
    corpus = synthetic_corpus(tmp_path, 120)
    reference, seconds = reference_run(tmp_path, corpus, False, 10)
    assert len(reference.documents) == 120
    rng = random.Random(f"crash-{backend}")
    result = trial(backend, tmp_path, corpus, reference, seconds / 12, rng, False, 10, PG_URL)  # bench/crash.py: many more
    assert result.survived, result


@pytest.mark.slow
@pytest.mark.parametrize("backend", BACKENDS)
def test_killed_ingest_with_extraction_keeps_documents_and_claims_together(backend: str, tmp_path: Path) -> None:
    corpus = tmp_path / "text"
    corpus.mkdir()
    for source in sorted((EXAMPLES / "text").iterdir())[:5]:
        (corpus / source.name).write_bytes(source.read_bytes())
    reference, seconds = reference_run(tmp_path, corpus, True, 1)
    assert reference.claim_ids
    result = trial(backend, tmp_path, corpus, reference, seconds / 5, random.Random(3), True, 1, PG_URL)
    assert result.survived, result
