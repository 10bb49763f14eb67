"""Frozen records that the pipeline stages exchange.

Readers yield :class:`RawDocument` (whatever metadata the format carried) or
:class:`ReadFailure` (why one file or record was skipped); normalisation turns a raw
document into a :class:`Document` with a content-derived id.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True, slots=True)
class RawDocument:
    """A document as a reader found it, before normalisation.

    ``text`` is plain text; ``html`` is set instead when the reader holds a web page whose
    main text still has to be extracted. ``location`` names the file and, where it helps,
    the line or record ("feeds/a.xml#entry-3", "export.jsonl:17").
    """

    location: str
    text: str | None = None
    html: str | None = None
    url: str | None = None
    outlet: str | None = None
    title: str | None = None
    published: str | datetime | None = None
    language: str | None = None
    retrieved_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class ReadFailure:
    """One input (a file, a line, a record) that could not be read, and why."""

    path: str
    reason: str
    line: int | None = None
    code: str = "E001"

    def as_dict(self) -> dict[str, object]:
        return {"path": self.path, "line": self.line, "reason": self.reason, "code": self.code}


@dataclass(frozen=True, slots=True)
class Outlet:
    """An entry of the outlet registry: who publishes, what kind, whose state."""

    name: str
    kind: str
    country: str | None = None
    state_affiliation: str | None = None
    domains: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    wire: bool = False


@dataclass(frozen=True, slots=True)
class Document:
    """A normalised article, the unit that the store keeps once.

    ``id`` derives from the normalised text, so the same text is always the same
    document whatever file or feed it arrived in.
    """

    id: str
    text: str
    url: str | None
    outlet: str | None
    title: str | None
    published_at: datetime | None
    language: str | None
    retrieved_at: datetime
    location: str
    outlet_kind: str | None = None
    outlet_country: str | None = None
    outlet_state: str | None = None
    wire_origin: str | None = None
    syndication_group: str | None = None
    previous_version: str | None = None
    extra: dict[str, object] = field(default_factory=dict, compare=False)


@dataclass(frozen=True, slots=True)
class SourceRef:
    """Who a claim comes from: the span as written and the actor it resolves to."""

    text: str | None
    span: tuple[int, int] | None
    canonical: str | None
    kind: str
    side: str
    registry: bool = False


@dataclass(frozen=True, slots=True)
class Hedge:
    """An outlet's caveat ("could not be independently verified") and where it stands."""

    text: str
    span: tuple[int, int]


@dataclass(frozen=True, slots=True)
class ActorRef:
    """An event participant: as written, and the canonical actor with its side."""

    text: str | None
    canonical: str | None
    side: str

    def as_dict(self) -> dict[str, object]:
        return {"text": self.text, "canonical": self.canonical, "side": self.side}


@dataclass(frozen=True, slots=True)
class Event:
    """What a claim says happened, where and when (one claim may hold several).

    ``place`` is ``{"name", "geonames_id", "country", "lat", "lon", "text", "span"}`` and
    ``time`` is ``{"start", "end", "text", "granularity"}``, as the place and time
    resolvers give them.
    """

    type: str
    modality: str
    agent: ActorRef | None
    target: ActorRef | None
    facility: str | None
    place: dict[str, object] | None
    time: dict[str, object]
    trigger: str | None
    trigger_span: tuple[int, int] | None
    count: int | None = None

    def as_dict(self) -> dict[str, object]:
        return {
            "type": self.type,
            "agent": self.agent.as_dict() if self.agent else None,
            "target": self.target.as_dict() if self.target else None,
            "facility": self.facility,
            "modality": self.modality,
            "place": self.place,
            "time": self.time,
            "trigger": self.trigger,
            "trigger_span": list(self.trigger_span) if self.trigger_span else None,
            "count": self.count,
        }


@dataclass(frozen=True, slots=True)
class Claim:
    """One attributed proposition with its provenance.

    ``span`` is the evidence (the claimed content) as character offsets into the stored
    document text; ``sentence_span`` the sentence holding it. ``extractor`` names the
    component and version that produced the record.
    """

    id: str
    document_id: str
    sentence: str
    sentence_span: tuple[int, int]
    span: tuple[int, int]
    evidence: str
    source: SourceRef
    cue: str | None
    cue_span: tuple[int, int] | None
    stance: str
    quote: str | None
    channel: str | None
    chain: tuple[str, ...]
    attributed: bool
    extractor: str
    hedges: tuple[Hedge, ...] = ()
    events: tuple[Event, ...] = ()

    def as_dict(self) -> dict[str, object]:
        """The ``extract --json`` / ``claims --json`` contract for one claim."""
        return {
            "id": self.id,
            "document_id": self.document_id,
            "sentence": self.sentence,
            "sentence_span": list(self.sentence_span),
            "span": list(self.span),
            "evidence": self.evidence,
            "source": {
                "text": self.source.text,
                "span": list(self.source.span) if self.source.span else None,
                "canonical": self.source.canonical,
                "kind": self.source.kind,
                "side": self.source.side,
            },
            "cue": self.cue,
            "cue_span": list(self.cue_span) if self.cue_span else None,
            "stance": self.stance,
            "quote": self.quote,
            "channel": self.channel,
            "chain": list(self.chain),
            "hedges": [{"text": h.text, "span": list(h.span)} for h in self.hedges],
            "attributed": self.attributed,
            "extractor": self.extractor,
            "event": events_json(self.events),
        }


def events_json(events: tuple[Event, ...]) -> object:
    """The contract's ``event``: null, one object, or a list where a claim holds several."""
    if not events:
        return None
    if len(events) == 1:
        return events[0].as_dict()
    return [e.as_dict() for e in events]


@dataclass(frozen=True, slots=True)
class Evidence:
    """One event of one claim, with its claim's source and its document's provenance."""

    claim_id: str
    n: int
    document_id: str
    event_type: str
    family: str
    side: str  # the proposition's agent side ("" when unknown), flipped for WITHDRAW
    modality: str
    agent: str | None
    agent_side: str | None  # as extracted, before any flip
    facility: str
    geonames_id: int
    place_name: str | None
    country: str | None
    lat: float | None
    lon: float | None
    time_start: datetime
    time_end: datetime
    stance: str
    source_canonical: str | None
    source_kind: str
    source_side: str
    attributed: bool
    chain: tuple[str, ...]
    outlet: str | None
    published_at: datetime | None
    syndication_group: str | None
    wire_origin: str | None
    cluster: int = 0
