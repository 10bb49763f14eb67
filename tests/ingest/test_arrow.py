"""Extractions survive Arrow IPC and Parquet unchanged; foreign files are refused."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from claimgraph.errors import InputError
from claimgraph.extract.document import Extraction, extract_documents
from claimgraph.ingest import arrow
from claimgraph.ingest.run import read_batches
from claimgraph.model import Document
from claimgraph.settings import Settings

from .conftest import EXAMPLES


@pytest.fixture(scope="module")
def extractions() -> list[Extraction]:
    """The plain-text reports of the sample corpus (claims, events, places, hedges)."""
    docs = [d for b in read_batches([str(EXAMPLES / "text")], Settings()) for d in b if isinstance(d, Document)]
    return list(extract_documents(docs))


@pytest.mark.slow
def test_extractions_round_trip_through_ipc(extractions: list[Extraction]) -> None:
    assert sum(len(e.claims) for e in extractions) > 50
    assert any(c.events for e in extractions for c in e.claims)
    back = arrow.extractions_from(arrow.from_ipc(arrow.to_ipc(arrow.extractions_table(extractions))))
    assert back == extractions
    assert [c.as_dict() for e in back for c in e.claims] == [c.as_dict() for e in extractions for c in e.claims]


@pytest.mark.slow
def test_shards_stream_back_in_order(extractions: list[Extraction], tmp_path: Path) -> None:
    with arrow.ShardWriter(tmp_path, rows_per_shard=3) as writer:
        for i in range(0, len(extractions), 2):
            writer.write(arrow.extractions_table(extractions[i : i + 2]))
    paths = arrow.shard_paths(tmp_path)
    assert len(extractions) == 8  # in files of 2 + 2, 2 + 2
    assert [p.name for p in paths] == ["part-00000.parquet", "part-00001.parquet"]
    batches = list(arrow.read_shards(paths, batch_size=3))
    assert max(len(b) for b in batches) == 3
    assert [e for b in batches for e in b] == extractions


def test_documents_round_trip_with_utc_times() -> None:
    from datetime import UTC, datetime

    when = datetime(2025, 3, 11, 6, 30, tzinfo=UTC)
    doc = Document("a" * 40, "Shelling near the bridge.", None, "Sahel Post", None, when, "en", when, "x.txt")
    back = arrow.documents_from(arrow.from_ipc(arrow.to_ipc(arrow.documents_table([doc]))))
    assert back == [doc] and back[0].published_at.tzinfo is UTC


def test_a_foreign_parquet_file_is_refused(tmp_path: Path) -> None:
    pq.write_table(pa.table({"x": [1, 2]}), tmp_path / "other.parquet")
    (tmp_path / "junk.parquet").write_bytes(b"not parquet at all")
    with pytest.raises(InputError, match="not a claimgraph-extraction/1 shard"):
        list(arrow.read_shards([tmp_path / "other.parquet"], 10))
    with pytest.raises(InputError, match="not a Parquet file"):
        list(arrow.read_shards([tmp_path / "junk.parquet"], 10))
