"""The one query reconcile runs: event rows with their claims and documents, numbered
into propositions (time islands per key) by window functions on SQLite and PostgreSQL.

The key is (type family, place, facility, agent side). CONTROL, ENTER and WITHDRAW form
one family because DESIGN.md lets evidence cross them: side A's WITHDRAW from P supports
CONTROL of P by A's opponent, so a WITHDRAW joins the family with its agent side flipped.
Islands are gaps-and-islands over a sort per key, never a comparison of event pairs.

Cost at scale (bench/reconcile.py): only the narrow key columns go through the window
functions' sorts; the wide columns of the event, its claim and its document are joined on
once, at the end, with no sort after the join (a sort of the wide rows cost as much as
everything else together on SQLite). The statement therefore hands rows over in no
promised order, and :func:`load_evidence` puts them in key and time order: on SQLite they
already come in that order (the islands drive the join), so that is one comparison per row.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Float, Select, String, and_, case, func, literal, or_, select, type_coerce
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


def _keyed(as_of: datetime | None) -> Any:
    """Every usable event known at ``as_of``, narrowed to its proposition key, its sort order
    and its valid interval in days: only these columns go through the window functions'
    sorts; the wide columns of the event, its claim and its document join on afterwards."""
    where = [
        events.c.geonames_id.is_not(None),
        events.c.time_start.is_not(None),
        events.c.modality.not_in(SKIPPED_MODALITIES),
    ]
    source: Any = events
    if as_of is not None:
        source = events.join(documents, documents.c.id == events.c.document_id)
        where.append(documents.c.published_at <= as_utc(as_of))
    return (
        select(
            events.c.claim_id, events.c.n, _family().label("family"), _side().label("side"),
            func.coalesce(func.lower(func.trim(events.c.facility)), "").label("facility"),
            events.c.geonames_id, _days(events.c.time_start).label("d0"),
            _days(func.coalesce(events.c.time_end, events.c.time_start)).label("d1"),
        )
        .select_from(source)
        .where(and_(*where))
        .subquery("keyed")
    )


def _raw(column: Any, name: str) -> Any:
    """A column handed over as the driver returns it (SQLite: text; PostgreSQL: already a
    datetime or a list): :func:`load_evidence` converts each distinct value once."""
    return type_coerce(column, String).label(name)


def evidence_query(as_of: datetime | None = None, window: timedelta = DEFAULT_WINDOW) -> Select[Any]:
    """The one statement: events numbered into time islands per proposition key.

    Its first seven columns are the sort order (key, valid start in days, claim id, event
    number); the rest are :class:`Evidence`'s remaining fields. Rows come in no promised
    order: :func:`load_evidence` sorts them.

    Args:
        as_of: only documents published at or before this instant (report time).
        window: how far apart in valid time two events of one key may be and still be one
            proposition (chained: each new event is compared with the island so far).
    """
    keyed = _keyed(as_of)
    key = (keyed.c.family, keyed.c.geonames_id, keyed.c.facility, keyed.c.side)
    order = (keyed.c.d0, keyed.c.claim_id, keyed.c.n)
    earlier_end = func.max(keyed.c.d1).over(partition_by=key, order_by=order, rows=(None, -1))
    step = select(*key, *order, earlier_end.label("earlier_end")).subquery("step")
    gap = window.total_seconds() / 86400.0
    opens = case((or_(step.c.earlier_end.is_(None), step.c.d0 > step.c.earlier_end + gap), 1), else_=0)
    skey = (step.c.family, step.c.geonames_id, step.c.facility, step.c.side)
    sorder = (step.c.d0, step.c.claim_id, step.c.n)
    island = func.sum(opens).over(partition_by=skey, order_by=sorder, rows=(None, 0))
    islands = select(*skey, *sorder, island.label("cluster")).subquery("islands")
    i = islands.c
    return select(
        i.family, i.geonames_id, i.facility, i.side, i.d0, i.claim_id, i.n,
        events.c.document_id, events.c.type.label("event_type"), events.c.modality, events.c.agent,
        events.c.agent_side, events.c.place_name, events.c.country, events.c.lat, events.c.lon,
        _raw(events.c.time_start, "time_start"),
        _raw(func.coalesce(events.c.time_end, events.c.time_start), "time_end"),
        claims.c.stance, claims.c.source_canonical, claims.c.source_kind, claims.c.source_side,
        claims.c.attributed, _raw(claims.c.chain, "chain"), documents.c.outlet,
        _raw(documents.c.published_at, "published_at"), documents.c.syndication_group,
        documents.c.wire_origin, i.cluster,
    ).select_from(
        islands.join(events, and_(events.c.claim_id == i.claim_id, events.c.n == i.n))
        .join(claims, claims.c.id == i.claim_id)
        .join(documents, documents.c.id == events.c.document_id)
    )


def as_utc(value: datetime) -> datetime:
    """Aware instants in UTC; naive ones are taken as UTC (SQLite stores UTC, no offset)."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


_UNSEEN: Any = object()
_BATCH = 10_000  # rows per fetch


def _instants() -> Callable[[Any], datetime | None]:
    """str (SQLite) or datetime (PostgreSQL) -> aware UTC datetime, each distinct value parsed
    once: a document's publication instant repeats on every row of the document."""
    seen: dict[Any, datetime | None] = {None: None}

    def convert(value: Any) -> datetime | None:
        parsed = seen.get(value, _UNSEEN)
        if parsed is not _UNSEEN:
            return parsed
        if isinstance(value, str):
            parsed = datetime.fromisoformat(value)
            if parsed.tzinfo is None:  # SQLite keeps UTC without an offset
                try:
                    parsed = datetime.fromisoformat(value + "+00:00")  # = .replace(tzinfo=UTC), faster
                except ValueError:
                    parsed = parsed.replace(tzinfo=UTC)
        else:
            parsed = utc(value)
        seen[value] = parsed
        return parsed

    return convert


def _chains() -> Callable[[Any], tuple[str, ...]]:
    """JSON text (SQLite) or list (PostgreSQL) -> tuple, each distinct text decoded once."""
    seen: dict[str, tuple[str, ...]] = {}

    def convert(value: Any) -> tuple[str, ...]:
        if not isinstance(value, str):
            return tuple(value or ())
        chain = seen.get(value)
        if chain is None:
            chain = seen[value] = tuple(json.loads(value) or ())
        return chain

    return convert


def load_evidence(
    conn: Connection, as_of: datetime | None = None, window: timedelta = DEFAULT_WINDOW
) -> list[Evidence]:
    """Run :func:`evidence_query` and return its rows as records, in key and time order
    (family, place, facility, side, then valid start, claim id and event number)."""
    instant, chain_of = _instants(), _chains()
    records: list[Evidence] = []
    starts: list[Any] = []  # d0 of each record, to sort by should the rows come unsorted
    add, add_start = records.append, starts.append
    ordered, last = True, None
    result = conn.execute(evidence_query(as_of, window))
    while rows := result.fetchmany(_BATCH):
        for (
            family, geonames_id, facility, side, d0, claim_id, n, document_id, event_type, modality,
            agent, agent_side, place_name, country, lat, lon, time_start, time_end, stance,
            source_canonical, source_kind, source_side, attributed, chain, outlet, published_at,
            syndication_group, wire_origin, cluster,
        ) in rows:
            position = (family, geonames_id, facility, side, d0, claim_id, n)
            if ordered and last is not None and position < last:
                ordered = False
            last = position
            add_start(d0)
            add(Evidence(
                claim_id, n, document_id, event_type, family, side, modality, agent, agent_side, facility,
                geonames_id, place_name, country, lat, lon, instant(time_start), instant(time_end), stance,
                source_canonical, source_kind, source_side, bool(attributed), chain_of(chain), outlet,
                instant(published_at), syndication_group, wire_origin, int(cluster),
            ))
    if not ordered:
        def position_of(k: int) -> tuple[Any, ...]:
            r = records[k]
            return r.family, r.geonames_id, r.facility, r.side, starts[k], r.claim_id, r.n

        records = [records[k] for k in sorted(range(len(records)), key=position_of)]
    return records
