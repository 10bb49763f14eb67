"""Extraction without a store, into Parquet shards, and the load of those shards later.

A cluster (or any machine with the model) runs ``claimgraph extract-batch IN OUT`` over its
share of an archive; the shards are then loaded into one store with ``claimgraph ingest
--from-parquet OUT``, which does only the stateful part (copies, versions, the write)
and gives the same store as a direct ingest of the same inputs in the same order.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from sqlalchemy import Engine

from claimgraph.errors import UsageError
from claimgraph.extract.document import extract_documents
from claimgraph.ingest import arrow, parallel
from claimgraph.ingest.normalize import Overrides
from claimgraph.ingest.run import IngestReport, Progress, commit_batch, extraction_failures, read_batches
from claimgraph.model import Document, ReadFailure
from claimgraph.settings import Settings


@dataclass(slots=True)
class ShardReport:
    """What ``extract-batch`` wrote; ``as_dict`` is its ``--json`` contract."""

    documents: int = 0
    claims: int = 0
    shards: list[str] = field(default_factory=list)
    failures: list[ReadFailure] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {
            "documents": self.documents,
            "claims": self.claims,
            "shards": self.shards,
            "failed": len(self.failures),
            "errors": [f.as_dict() for f in self.failures],
        }


def extract_to_parquet(
    paths: Sequence[str],
    out_dir: Path,
    settings: Settings,
    overrides: Overrides | None = None,
    pool: parallel.Pool | None = None,
    stdin: BinaryIO | None = None,
    rows_per_shard: int = 10_000,
) -> ShardReport:
    """Read, normalise and extract every document under ``paths`` into ``out_dir``.

    Documents are not deduplicated here (there is no store to ask): the load does that.

    Raises:
        UsageError: ``out_dir`` already holds shards (they would be mixed with these).
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    if arrow.shard_paths(out_dir):
        raise UsageError(f"{out_dir} already holds .parquet shards; write into an empty directory")
    report = ShardReport()
    batches = read_batches(paths, settings, overrides, stdin)
    with arrow.ShardWriter(out_dir, rows_per_shard) as writer:
        if pool is None:
            staged = ((b, {e.document.id: e for e in extract_documents(_docs(b), safe=True)}) for b in batches)
        else:
            staged = parallel.extract_ahead(batches, pool)
        for batch, extractions in staged:
            report.failures.extend(f for f in batch if isinstance(f, ReadFailure))
            # input order, each text once; a document whose extraction failed is no shard row
            kept, failed = extraction_failures(_docs(batch), extractions)
            report.failures.extend(failed)
            found = [extractions[d.id] for d in kept]
            if not found:
                continue
            table = arrow.extractions_table(found)
            writer.write(table)
            report.documents += table.num_rows
            report.claims += sum(len(e.claims) for e in found)
        report.shards = [str(p) for p in writer.paths]
    return report


def _docs(batch: Sequence[Document | ReadFailure]) -> list[Document]:
    return list({d.id: d for d in batch if isinstance(d, Document)}.values())


def ingest_parquet(
    directory: Path, engine: Engine, settings: Settings, progress: Progress | None = None
) -> IngestReport:
    """Load the shards that ``extract-batch`` wrote: documents, claims and places.

    Raises:
        UsageError: ``directory`` holds no shards.
        InputError: a file there is not an extraction shard.
    """
    paths = arrow.shard_paths(directory)
    if not paths:
        raise UsageError(f"no .parquet shards in {directory} (write them with `claimgraph extract-batch`)")
    report = IngestReport()
    for found in arrow.read_shards(paths, settings.batch_size):
        docs = [e.document for e in found]
        extractions = {e.document.id: e for e in found} if settings.extract else {}
        commit_batch(engine, docs, extractions, settings, report)
        if progress:
            progress(report)
    return report
