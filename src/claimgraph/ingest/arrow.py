"""Documents and extractions as Arrow tables: the wire format between extraction workers
and the store, and the Parquet shards that ``extract-batch`` writes.

Arrow rather than pickle, so that a shard is a plain columnar file any tool can read (and
loading one never runs code), and so that a worker's result crosses the process boundary as
a few contiguous buffers. One row per document: its fields, the conflict it was resolved
in, and its places and claims as nested lists. Reading back gives objects equal to the
ones written (spans as tuples, times as aware UTC datetimes).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from claimgraph.errors import InputError
from claimgraph.extract.document import Extraction
from claimgraph.geo.places import Place
from claimgraph.model import ActorRef, Claim, Document, Event, Hedge, SourceRef

FORMAT_VERSION = "claimgraph-extraction/1"  # in each shard's metadata; bump on a schema change

_SPAN = pa.list_(pa.int64())
_TIME = pa.timestamp("us", tz="UTC")

DOCUMENT_FIELDS: list[pa.Field] = [
    pa.field("id", pa.string(), nullable=False),
    pa.field("text", pa.string(), nullable=False),
    pa.field("url", pa.string()),
    pa.field("outlet", pa.string()),
    pa.field("title", pa.string()),
    pa.field("published_at", _TIME),
    pa.field("language", pa.string()),
    pa.field("retrieved_at", _TIME, nullable=False),
    pa.field("location", pa.string(), nullable=False),
    pa.field("outlet_kind", pa.string()),
    pa.field("outlet_country", pa.string()),
    pa.field("outlet_state", pa.string()),
]

_PLACE = pa.struct([
    ("text", pa.string()), ("span", _SPAN), ("name", pa.string()), ("geonames_id", pa.int64()),
    ("country", pa.string()), ("lat", pa.float64()), ("lon", pa.float64()),
    ("feature", pa.string()), ("reason", pa.string()),
])
_ACTOR = pa.struct([("text", pa.string()), ("canonical", pa.string()), ("side", pa.string())])
# An event's place and time are the resolvers' JSON dicts; every key is always present.
_EVENT_PLACE = pa.struct([
    ("name", pa.string()), ("geonames_id", pa.int64()), ("country", pa.string()),
    ("lat", pa.float64()), ("lon", pa.float64()), ("text", pa.string()), ("span", _SPAN),
])
_EVENT_TIME = pa.struct([
    ("start", pa.string()), ("end", pa.string()), ("text", pa.string()),
    ("granularity", pa.string()), ("span", _SPAN),
])
_EVENT = pa.struct([
    ("type", pa.string()), ("modality", pa.string()), ("agent", _ACTOR), ("target", _ACTOR),
    ("facility", pa.string()), ("place", _EVENT_PLACE), ("time", _EVENT_TIME),
    ("trigger", pa.string()), ("trigger_span", _SPAN), ("count", pa.int64()),
])
_SOURCE = pa.struct([
    ("text", pa.string()), ("span", _SPAN), ("canonical", pa.string()), ("kind", pa.string()),
    ("side", pa.string()), ("registry", pa.bool_()),
])
_CLAIM = pa.struct([
    ("id", pa.string()), ("sentence", pa.string()), ("sentence_span", _SPAN), ("span", _SPAN),
    ("evidence", pa.string()), ("source", _SOURCE), ("cue", pa.string()), ("cue_span", _SPAN),
    ("stance", pa.string()), ("quote", pa.string()), ("channel", pa.string()),
    ("chain", pa.list_(pa.string())), ("attributed", pa.bool_()), ("extractor", pa.string()),
    ("hedges", pa.list_(pa.struct([("text", pa.string()), ("span", _SPAN)]))),
    ("events", pa.list_(_EVENT)),
])

DOCUMENTS = pa.schema(DOCUMENT_FIELDS)
EXTRACTIONS = pa.schema([
    *DOCUMENT_FIELDS,
    pa.field("conflict", pa.string()),
    pa.field("places", pa.list_(_PLACE)),
    pa.field("claims", pa.list_(_CLAIM)),
    pa.field("failure", pa.string()),  # why extraction failed (then no claims): run.extraction_failures
    pa.field("unread", pa.string()),  # why the document was stored unread (its language)
], metadata={"format": FORMAT_VERSION})


# --- documents -------------------------------------------------------------------------


def _document_row(doc: Document) -> dict[str, Any]:
    return {f.name: getattr(doc, f.name) for f in DOCUMENT_FIELDS}


def _document(row: dict[str, Any]) -> Document:
    values = {f.name: row[f.name] for f in DOCUMENT_FIELDS}
    values["published_at"] = _utc(values["published_at"])
    values["retrieved_at"] = _utc(values["retrieved_at"])
    return Document(**values)


def _utc(value: datetime | None) -> datetime | None:
    """pyarrow hands back ``ZoneInfo("UTC")``; the pipeline's datetimes carry ``datetime.UTC``."""
    return value.astimezone(UTC) if value is not None else None


def documents_table(docs: Sequence[Document]) -> pa.Table:
    """The documents a worker is to extract (what ``Document`` holds before storing)."""
    return pa.Table.from_pylist([_document_row(d) for d in docs], schema=DOCUMENTS)


def documents_from(table: pa.Table) -> list[Document]:
    """Inverse of :func:`documents_table`."""
    return [_document(row) for row in table.to_pylist()]


# --- extractions -----------------------------------------------------------------------


def _span(value: tuple[int, int] | None) -> list[int] | None:
    return list(value) if value is not None else None


def _tuple(value: list[int] | None) -> tuple[int, int] | None:
    return (value[0], value[1]) if value is not None else None


def _claim_row(c: Claim) -> dict[str, Any]:
    return {
        "id": c.id,
        "sentence": c.sentence,
        "sentence_span": list(c.sentence_span),
        "span": list(c.span),
        "evidence": c.evidence,
        "source": {
            "text": c.source.text, "span": _span(c.source.span), "canonical": c.source.canonical,
            "kind": c.source.kind, "side": c.source.side, "registry": c.source.registry,
        },
        "cue": c.cue,
        "cue_span": _span(c.cue_span),
        "stance": c.stance,
        "quote": c.quote,
        "channel": c.channel,
        "chain": list(c.chain),
        "attributed": c.attributed,
        "extractor": c.extractor,
        "hedges": [{"text": h.text, "span": list(h.span)} for h in c.hedges],
        "events": [_event_row(e) for e in c.events],
    }


def _event_row(e: Event) -> dict[str, Any]:
    return {
        "type": e.type, "modality": e.modality,
        "agent": e.agent.as_dict() if e.agent else None,
        "target": e.target.as_dict() if e.target else None,
        "facility": e.facility, "place": e.place, "time": e.time, "trigger": e.trigger,
        "trigger_span": _span(e.trigger_span), "count": e.count,
    }


def _actor(row: dict[str, Any] | None) -> ActorRef | None:
    return ActorRef(row["text"], row["canonical"], row["side"]) if row is not None else None


def _event(row: dict[str, Any]) -> Event:
    return Event(
        type=row["type"], modality=row["modality"], agent=_actor(row["agent"]),
        target=_actor(row["target"]), facility=row["facility"], place=row["place"],
        time=row["time"], trigger=row["trigger"], trigger_span=_tuple(row["trigger_span"]),
        count=row["count"],
    )


def _claim(row: dict[str, Any], document_id: str) -> Claim:
    src = row["source"]
    return Claim(
        id=row["id"],
        document_id=document_id,
        sentence=row["sentence"],
        sentence_span=_tuple(row["sentence_span"]),  # type: ignore[arg-type]
        span=_tuple(row["span"]),  # type: ignore[arg-type]
        evidence=row["evidence"],
        source=SourceRef(src["text"], _tuple(src["span"]), src["canonical"], src["kind"], src["side"], src["registry"]),
        cue=row["cue"],
        cue_span=_tuple(row["cue_span"]),
        stance=row["stance"],
        quote=row["quote"],
        channel=row["channel"],
        chain=tuple(row["chain"]),
        attributed=row["attributed"],
        extractor=row["extractor"],
        hedges=tuple(Hedge(h["text"], _tuple(h["span"])) for h in row["hedges"]),  # type: ignore[arg-type]
        events=tuple(_event(e) for e in row["events"]),
    )


def _place(row: dict[str, Any]) -> Place:
    return Place(**{**row, "span": _tuple(row["span"])})


def extractions_table(found: Iterable[Extraction]) -> pa.Table:
    """One row per document: its fields, conflict, places and claims (with their events)."""
    rows = []
    for e in found:
        if any(c.document_id != e.document.id for c in e.claims):
            raise ValueError(f"a claim of {e.document.id} names another document")
        rows.append({
            **_document_row(e.document),
            "conflict": e.conflict,
            "places": [{**p.as_dict(), "span": list(p.span)} for p in e.places],
            "claims": [_claim_row(c) for c in e.claims],
            "failure": e.failure,
            "unread": e.unread,
        })
    return pa.Table.from_pylist(rows, schema=EXTRACTIONS)


def extractions_from(data: pa.Table | pa.RecordBatch) -> list[Extraction]:
    """Inverse of :func:`extractions_table`."""
    out = []
    for row in data.to_pylist():
        doc = _document(row)
        out.append(Extraction(
            document=doc,
            conflict=row["conflict"],
            places=tuple(_place(p) for p in row["places"]),
            claims=tuple(_claim(c, doc.id) for c in row["claims"]),
            failure=row.get("failure"),  # shards written before the column have none
            unread=row.get("unread"),
        ))
    return out


# --- bytes and files -------------------------------------------------------------------


def to_ipc(table: pa.Table) -> bytes:
    """An Arrow IPC stream: what crosses between the parent and a worker."""
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    return sink.getvalue().to_pybytes()


def from_ipc(data: bytes) -> pa.Table:
    """Inverse of :func:`to_ipc`."""
    return pa.ipc.open_stream(pa.py_buffer(data)).read_all()


class ShardWriter:
    """Writes extraction tables into numbered Parquet files of at most ``rows_per_shard``
    rows, one row group per table written, so a reader can stream a shard batch by batch.
    """

    def __init__(self, directory: Path, rows_per_shard: int = 10_000) -> None:
        self.directory = directory
        self.rows_per_shard = rows_per_shard
        self.paths: list[Path] = []
        self._writer: pq.ParquetWriter | None = None
        self._rows = 0

    def write(self, table: pa.Table) -> None:
        if self._writer is None or self._rows >= self.rows_per_shard:
            self.close()
            path = self.directory / f"part-{len(self.paths):05d}.parquet"
            self._writer = pq.ParquetWriter(path, EXTRACTIONS, compression="zstd")
            self.paths.append(path)
            self._rows = 0
        self._writer.write_table(table)
        self._rows += table.num_rows

    def close(self) -> None:
        if self._writer is not None:
            self._writer.close()
            self._writer = None

    def __enter__(self) -> ShardWriter:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def shard_paths(directory: Path) -> list[Path]:
    """The shards of ``directory`` in name order (the order they were written)."""
    return sorted(p for p in directory.glob("*.parquet") if p.is_file())


def read_shards(paths: Sequence[Path], batch_size: int) -> Iterator[list[Extraction]]:
    """Extractions from Parquet shards, ``batch_size`` documents at a time (streaming: one
    record batch in memory, whatever the size of the shards).

    Raises:
        InputError: a file is not Parquet, or not an extraction shard of this format version.
    """
    for path in paths:
        try:
            shard = pq.ParquetFile(path)
        except (OSError, pa.ArrowException) as exc:
            raise InputError(str(path), f"not a Parquet file ({exc})") from exc
        found = (shard.schema_arrow.metadata or {}).get(b"format", b"").decode()
        if found != FORMAT_VERSION:
            raise InputError(
                str(path),
                f"not a {FORMAT_VERSION} shard (format {found or 'missing'}); "
                "write shards with this version's `claimgraph extract-batch`",
            )
        for batch in shard.iter_batches(batch_size=batch_size):
            yield extractions_from(batch)
