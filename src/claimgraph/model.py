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
