"""The one query reconcile runs: event rows with their claims and documents, numbered
into propositions (time islands per key) by window functions on SQLite and PostgreSQL.

The key is (type family, place, facility, agent side). CONTROL, ENTER and WITHDRAW form
one family because DESIGN.md lets evidence cross them: side A's WITHDRAW from P supports
CONTROL of P by A's opponent, so a WITHDRAW joins the family with its agent side flipped.
Islands are gaps-and-islands over a sort per key, never a comparison of event pairs.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Float, Select, and_, case, func, literal, or_, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

from claimgraph.model import Evidence
from claimgraph.store.queries import utc
from claimgraph.store.schema import claims, documents, events

CONTROL_FAMILY = ("CONTROL", "ENTER", "WITHDRAW")
PARTY_SIDES = ("government", "opposition", "third-party")
OPPONENT = {"government": "opposition", "opposition": "government"}
DEFAULT_WINDOW = timedelta(days=2)
# Events that only announce an intention ("vows to march on Sennar") are not evidence that
# anything happened; they stay out of propositions.
SKIPPED_MODALITIES = ("intended",)


class _days(FunctionElement[float]):
    """A timestamp as a day number, so windows are plain arithmetic on both backends."""

    type = Float()
    inherit_cache = True


@compiles(_days, "sqlite")
def _days_sqlite(element: _days, compiler: SQLCompiler, **kw: Any) -> str:
    return f"julianday({compiler.process(element.clauses, **kw)})"


@compiles(_days, "postgresql")
def _days_postgresql(element: _days, compiler: SQLCompiler, **kw: Any) -> str:
    return f"(EXTRACT(EPOCH FROM {compiler.process(element.clauses, **kw)}) / 86400.0)"


def _family() -> Any:
    return case((events.c.type.in_(CONTROL_FAMILY), literal("CONTROL")), else_=events.c.type)


def _side() -> Any:
    """The proposition's agent side: WITHDRAW of A is CONTROL by A's opponent."""
    flipped = case(
        *((events.c.agent_side == side, literal(other)) for side, other in OPPONENT.items()),
        else_=literal(""),
    )
    direct = case((events.c.agent_side.in_(PARTY_SIDES), events.c.agent_side), else_=literal(""))
    return case((events.c.type == "WITHDRAW", flipped), else_=direct)


def _base(as_of: datetime | None) -> Any:
    """Every usable event row with its claim and document, known at ``as_of``."""
    where = [
        events.c.geonames_id.is_not(None),
        events.c.time_start.is_not(None),
        events.c.modality.not_in(SKIPPED_MODALITIES),
    ]
    if as_of is not None:
        where.append(documents.c.published_at <= as_utc(as_of))
    return (
        select(
            events.c.claim_id, events.c.n, events.c.document_id, events.c.type.label("event_type"),
            _family().label("family"), _side().label("side"), events.c.modality, events.c.agent,
            events.c.agent_side, func.coalesce(func.lower(func.trim(events.c.facility)), "").label("facility"),
            events.c.geonames_id, events.c.place_name, events.c.country, events.c.lat, events.c.lon,
            events.c.time_start, func.coalesce(events.c.time_end, events.c.time_start).label("time_end"),
            claims.c.stance, claims.c.source_canonical, claims.c.source_kind, claims.c.source_side,
            claims.c.attributed, claims.c.chain, documents.c.outlet, documents.c.published_at,
            documents.c.syndication_group, documents.c.wire_origin,
            _days(events.c.time_start).label("d0"),
            _days(func.coalesce(events.c.time_end, events.c.time_start)).label("d1"),
        )
        .select_from(events.join(claims, claims.c.id == events.c.claim_id).join(
            documents, documents.c.id == events.c.document_id))
        .where(and_(*where))
        .subquery("base")
    )


def evidence_query(as_of: datetime | None = None, window: timedelta = DEFAULT_WINDOW) -> Select[Any]:
    """The one statement: events numbered into time islands per proposition key.

    Args:
        as_of: only documents published at or before this instant (report time).
        window: how far apart in valid time two events of one key may be and still be one
            proposition (chained: each new event is compared with the island so far).
    """
    base = _base(as_of)
    key = (base.c.family, base.c.geonames_id, base.c.facility, base.c.side)
    order = (base.c.d0, base.c.claim_id, base.c.n)
    earlier_end = func.max(base.c.d1).over(partition_by=key, order_by=order, rows=(None, -1))
    step = select(base, earlier_end.label("earlier_end")).subquery("step")
    gap = window.total_seconds() / 86400.0
    opens = case((or_(step.c.earlier_end.is_(None), step.c.d0 > step.c.earlier_end + gap), 1), else_=0)
    skey = (step.c.family, step.c.geonames_id, step.c.facility, step.c.side)
    sorder = (step.c.d0, step.c.claim_id, step.c.n)
    island = func.sum(opens).over(partition_by=skey, order_by=sorder, rows=(None, 0))
    return select(step, island.label("cluster")).order_by(*skey, *sorder)


def as_utc(value: datetime) -> datetime:
    """Aware instants in UTC; naive ones are taken as UTC (SQLite stores UTC, no offset)."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


_FIELDS = frozenset(Evidence.__slots__)  # type: ignore[attr-defined]


def _evidence(row: Any) -> Evidence:
    data = {k: v for k, v in row._mapping.items() if k in _FIELDS}
    data["time_start"] = utc(data["time_start"])
    data["time_end"] = utc(data["time_end"])
    data["published_at"] = utc(data["published_at"])
    data["chain"] = tuple(data["chain"] or ())
    data["attributed"] = bool(data["attributed"])
    data["cluster"] = int(data["cluster"])
    return Evidence(**data)


def load_evidence(
    conn: Connection, as_of: datetime | None = None, window: timedelta = DEFAULT_WINDOW
) -> list[Evidence]:
    """Run :func:`evidence_query` and return its rows as records, in key and time order."""
    return [_evidence(row) for row in conn.execute(evidence_query(as_of, window))]


