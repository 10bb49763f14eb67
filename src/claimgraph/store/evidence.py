"""What reconcile reads: event rows with their claims, numbered into propositions (time
islands per key) by window functions on SQLite and PostgreSQL, and their documents.

The key is (type family, place, facility, agent side). CONTROL, ENTER and WITHDRAW form
one family because DESIGN.md lets evidence cross them: side A's WITHDRAW from P supports
CONTROL of P by A's opponent, so a WITHDRAW joins the family with its agent side flipped.
Islands are gaps-and-islands over a sort per key, never a comparison of event pairs.

How it stays fast on a million claims (bench/reconcile.py):

- only narrow columns go through the window functions' sorts (the key as numbers, the
  valid interval in days, the claim id and event number, the event's row id); the event
  and its claim are joined on once, by row id, after the windows, and nothing sorts the
  wide rows (on SQLite that sort cost as much as everything else together). Rows
  therefore come in no promised order: :func:`load_groups` groups and orders them, and on
  SQLite they come grouped and ordered already, so that is one pass;
- a document's own fields are the same on every claim of the document, so they are read
  once per document (:func:`provenance_query`), not joined onto every event;
- SQLite reads the store through a memory map while the query runs (:func:`_mapped`);
- each distinct timestamp text and relay chain is converted once, and records are built
  without the frozen dataclass's ``__init__`` (:func:`slots_constructor`).
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from operator import itemgetter
from typing import Any, TypeVar

from sqlalchemy import Connection, Float, Select, String, and_, case, func, or_, select, type_coerce
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

from claimgraph.model import Evidence
from claimgraph.sides import opponent_table, party_sides
from claimgraph.store.queries import utc
from claimgraph.store.schema import claims, documents, events

CONTROL_FAMILY = ("CONTROL", "ENTER", "WITHDRAW")
# Every party side of every conflict in the registry (claimgraph.sides): an interstate war's
# "russia" and "ukraine" are sides as much as a civil war's government and opposition.
PARTY_SIDES = party_sides()
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


class _row_id(FunctionElement[Any]):
    """The physical id of an ``events`` row (SQLite's rowid, PostgreSQL's ctid): joining the
    islands back to their events on it is one B-tree search, where the primary key
    (claim_id, n) takes two (about a tenth of the query's time on a million claims)."""

    inherit_cache = True


@compiles(_row_id, "sqlite")
def _row_id_sqlite(element: _row_id, compiler: SQLCompiler, **kw: Any) -> str:
    return f"{compiler.preparer.format_table(events)}.rowid"


@compiles(_row_id, "postgresql")
def _row_id_postgresql(element: _row_id, compiler: SQLCompiler, **kw: Any) -> str:
    return f"{compiler.preparer.format_table(events)}.ctid"


# The proposition key is (family, place, facility, side): the family is the event type,
# with CONTROL for the whole CONTROL family; the side is the agent's side when it is a party
# to the conflict ("" otherwise), flipped for a WITHDRAW (WITHDRAW of A is CONTROL by A's
# opponent); the facility is lower case and trimmed ("" for none). The window functions
# partition by it in a form that costs less to compute, sort, carry and hand over than
# three text columns, and that means exactly the same: the family as a number (its text
# only for a family not listed here, NULL otherwise), the side as a number, and the
# facility with "" as NULL. :func:`_key_of` turns it back into text, once per island.
_FAMILIES = ("CONTROL", "ATTACK", "CASUALTIES", "STATEMENT", "RELEASE", "SURRENDER", "DEFECT", "DEPART",
             "PROTEST", "ARREST", "AGREE")
_FAMILY_CODES = {
    **{name: code for code, name in enumerate(_FAMILIES, start=1)},
    **dict.fromkeys(CONTROL_FAMILY, 1),
}
_SIDE_CODES = {side: code for code, side in enumerate(PARTY_SIDES, start=1)}  # "" is 0


def _family_code() -> Any:
    """The family as a number: 0 for one not in ``_FAMILIES`` (then :func:`_family_other`)."""
    return case(_FAMILY_CODES, value=events.c.type, else_=0)


def _family_other() -> Any:
    return case((events.c.type.in_(tuple(_FAMILY_CODES)), None), else_=events.c.type)


def _side_code() -> Any:
    """The side as a number: 1, 2, ... for ``PARTY_SIDES``, 0 for none; a WITHDRAW's side
    is its agent's opponent (:func:`claimgraph.sides.opponent`: by the place's country
    where the side fights different enemies in different countries)."""
    decided, alone = opponent_table()
    by_country = [
        (and_(events.c.agent_side == side, events.c.country == iso), _SIDE_CODES[other])
        for (side, iso), other in decided
    ]
    by_side = case({s: _SIDE_CODES[o] for s, o in alone.items()}, value=events.c.agent_side, else_=0)
    flipped = case(*by_country, else_=by_side) if by_country else by_side
    return case(
        (events.c.type == "WITHDRAW", flipped),
        else_=case(_SIDE_CODES, value=events.c.agent_side, else_=0),
    )


def _facility() -> Any:
    """The facility, lower case and trimmed; NULL for none (the key's "")."""
    return func.nullif(func.lower(func.trim(events.c.facility)), "")


def _key_of(
    geonames_id: int, family_code: int, family_other: str | None, side_code: int, facility: str | None
) -> tuple[str, int, str, str]:
    """(family, geonames id, facility, side) of a coded key (see :func:`_family_code`)."""
    family = _FAMILIES[family_code - 1] if family_code else family_other
    side = PARTY_SIDES[side_code - 1] if side_code else ""
    return family, geonames_id, facility or "", side  # type: ignore[return-value]


def _keyed(as_of: datetime | None, places: Sequence[int] | None = None) -> Any:
    """Every usable event known at ``as_of``, narrowed to its proposition key, its sort order,
    its valid interval in days and its row id: only these columns go through the window
    functions' sorts; the event's other columns and its claim's join on afterwards."""
    where = [
        events.c.geonames_id.is_not(None),
        events.c.time_start.is_not(None),
        events.c.modality.not_in(SKIPPED_MODALITIES),
    ]
    if places is not None:  # propositions never span places: filtering first is exact
        where.append(events.c.geonames_id.in_(places))
    source: Any = events
    if as_of is not None:
        source = events.join(documents, documents.c.id == events.c.document_id)
        where.append(documents.c.published_at <= as_utc(as_of))
    return (
        select(
            events.c.geonames_id, _family_code().label("family_code"), _family_other().label("family_other"),
            _side_code().label("side_code"), _facility().label("facility"),
            _days(events.c.time_start).label("d0"),
            _days(func.coalesce(events.c.time_end, events.c.time_start)).label("d1"), _row_id().label("event_row"),
        )
        .select_from(source)
        .where(and_(*where))
        .subquery("keyed")
    )


def _raw(column: Any, name: str) -> Any:
    """A column handed over as the driver returns it (SQLite: text; PostgreSQL: already a
    datetime or a list): :func:`load_groups` converts each distinct value once."""
    return type_coerce(column, String).label(name)


# _ISLANDS_IGNORE_TIES: the windows order a key's events by valid start and then by row id,
# not by (claim id, event number), because only a number is cheap to sort on. The order of
# events with the same start cannot change the islands: of such a run only the first can
# open an island (each later one has the first, whose end is at or after its start, among
# its predecessors), and whether it does depends only on the events that start earlier.


def evidence_query(
    as_of: datetime | None = None, window: timedelta = DEFAULT_WINDOW, places: Sequence[int] | None = None
) -> Select[Any]:
    """The one statement: events numbered into time islands per proposition key.

    Its columns: the proposition key as the window functions saw it (place, then family,
    side and facility coded as in :func:`_key_of`) and the island number; then
    :class:`Evidence`'s event and claim fields, in order, with ``document_id`` where the
    document's own fields go (:func:`provenance_query`); then ``d0``, the valid start in
    days the windows sorted by. Rows come in no promised order: :func:`load_groups` groups
    and sorts them.

    Args:
        as_of: only documents published at or before this instant (report time).
        window: how far apart in valid time two events of one key may be and still be one
            proposition (chained: each new event is compared with the island so far).
        places: only events at these GeoNames ids (all when None).
    """
    keyed = _keyed(as_of, places)
    k = keyed.c
    key = (k.geonames_id, k.family_code, k.family_other, k.side_code, k.facility)
    order = (k.d0, k.event_row)  # ties in d0 may go in any order: see _ISLANDS_IGNORE_TIES above
    earlier_end = func.max(k.d1).over(partition_by=key, order_by=order, rows=(None, -1))
    step = select(*key, *order, earlier_end.label("earlier_end")).subquery("step")
    s = step.c
    gap = window.total_seconds() / 86400.0
    opens = case((or_(s.earlier_end.is_(None), s.d0 > s.earlier_end + gap), 1), else_=0)
    skey = (s.geonames_id, s.family_code, s.family_other, s.side_code, s.facility)
    island = func.sum(opens).over(partition_by=skey, order_by=(s.d0, s.event_row), rows=(None, 0))
    islands = select(*skey, s.event_row, s.d0, island.label("cluster")).subquery("islands")
    i = islands.c
    return select(
        i.geonames_id, i.family_code, i.family_other, i.side_code, i.facility, i.cluster,
        events.c.claim_id, events.c.n, events.c.document_id, events.c.type.label("event_type"),
        events.c.modality, events.c.agent, events.c.agent_side, events.c.place_name,
        events.c.country, events.c.lat, events.c.lon, _raw(events.c.time_start, "time_start"),
        _raw(func.coalesce(events.c.time_end, events.c.time_start), "time_end"),
        claims.c.stance, claims.c.source_canonical, claims.c.source_kind, claims.c.source_side,
        claims.c.attributed, _raw(claims.c.chain, "chain"), i.d0,
    ).select_from(
        islands.join(events, _row_id() == i.event_row).join(claims, claims.c.id == events.c.claim_id)
    )


def provenance_query(
    as_of: datetime | None = None, ids: Sequence[str] | None = None, places: Sequence[int] | None = None
) -> Select[Any]:
    """The documents' own fields of :class:`Evidence`, once per document (a wire story's
    copies and every claim of a report share them): ``id`` then outlet, publication
    instant, syndication group and wire origin. With ``ids``, only those documents; with
    ``places``, only documents with an event at one of them."""
    query = select(
        documents.c.id, documents.c.outlet, _raw(documents.c.published_at, "published_at"),
        documents.c.syndication_group, documents.c.wire_origin,
    )
    if as_of is not None:
        query = query.where(documents.c.published_at <= as_utc(as_of))
    if ids is not None:
        query = query.where(documents.c.id.in_(ids))
    if places is not None:
        at = select(events.c.document_id).where(events.c.geonames_id.in_(places))
        query = query.where(documents.c.id.in_(at))
    return query


def as_utc(value: datetime) -> datetime:
    """Aware instants in UTC; naive ones are taken as UTC (SQLite stores UTC, no offset)."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


_T = TypeVar("_T")
_BATCH = 10_000  # rows per fetch
_MMAP_BYTES = 1 << 31  # SQLite caps it at its own maximum (2 GiB unless built otherwise)


def _parse_instant(value: Any) -> datetime | None:
    """str (SQLite) or datetime (PostgreSQL) -> aware UTC datetime (naive taken as UTC)."""
    try:  # SQLite's text has no offset: this is .replace(tzinfo=UTC), several times faster
        parsed = datetime.fromisoformat(value + "+00:00")
        if parsed.tzinfo is not None:  # (a date alone ignores the offset)
            return parsed
    except (TypeError, ValueError):  # not text, or text with an offset already
        pass
    if not isinstance(value, str):
        return utc(value)
    parsed = datetime.fromisoformat(value)
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed


def _parse_chain(value: Any) -> tuple[str, ...]:
    """JSON text (SQLite) or list (PostgreSQL) -> tuple."""
    return tuple((json.loads(value) if isinstance(value, str) else value) or ())


class _Memo(dict[Any, Any]):
    """Each distinct value converted once: a document's publication instant repeats on every
    row of the document, a relay chain on every copy of a story. ``memo.get(v) or memo(v)``."""

    def __init__(self, convert: Callable[[Any], Any]) -> None:
        super().__init__()
        self.convert = convert

    def __call__(self, value: Any) -> Any:
        try:
            converted = self[value] = self.convert(value)
        except TypeError:  # unhashable: PostgreSQL's JSON arrives as a list
            converted = self.convert(value)
        return converted


@contextmanager
def _mapped(conn: Connection) -> Iterator[None]:
    """On SQLite, read the store through a memory map while the query runs: its joins look
    rows up all over the file, and through the default 2 MB page cache each lookup is a
    read() system call (a third of the time on a million claims)."""
    if conn.dialect.name != "sqlite":
        yield
        return
    before = conn.exec_driver_sql("PRAGMA mmap_size").scalar()
    conn.exec_driver_sql(f"PRAGMA mmap_size={_MMAP_BYTES}")
    try:
        yield
    finally:
        conn.exec_driver_sql(f"PRAGMA mmap_size={int(before or 0)}")


def slots_constructor(cls: type[_T]) -> Callable[..., _T]:
    """``cls(*values)`` for a frozen slots dataclass, about twice as fast as its ``__init__``
    (which sets each field through ``object.__setattr__``): the slots are set through their
    descriptors by a function generated once, the way dataclasses generates ``__init__``.
    Every field must be passed, in order; ``cls`` may not have a ``__post_init__``."""
    names = [f.name for f in dataclasses.fields(cls)]  # type: ignore[arg-type]
    if hasattr(cls, "__post_init__") or tuple(getattr(cls, "__slots__", ())) != tuple(names):
        raise TypeError(f"{cls.__name__} is not a plain slots dataclass")
    body = "".join(f"    _set{k}(self, {name})\n" for k, name in enumerate(names))
    source = f"def construct({', '.join(names)}):\n    self = _new(_cls)\n{body}    return self\n"
    namespace: dict[str, Any] = {"_new": object.__new__, "_cls": cls}
    namespace.update({f"_set{k}": getattr(cls, name).__set__ for k, name in enumerate(names)})
    exec(source, namespace)  # noqa: S102 - generated from the dataclass's own field names
    construct: Callable[..., _T] = namespace["construct"]
    construct.__qualname__ = f"{cls.__name__}.<fast init>"
    return construct


_evidence = slots_constructor(Evidence)
_POSITION = itemgetter(0, 1, 2)  # (d0, claim_id, n) in an island's list below
_RECORD = itemgetter(3)
_GONE: Any = ()


def load_groups(
    conn: Connection,
    as_of: datetime | None = None,
    window: timedelta = DEFAULT_WINDOW,
    places: Sequence[int] | None = None,
) -> list[list[Evidence]]:
    """Run :func:`evidence_query`; one list per proposition (key and island), in key order,
    each in time order (valid start in days, claim id, event number). With ``places``,
    only the propositions at those GeoNames ids."""
    instants, chains = _Memo(_parse_instant), _Memo(_parse_chain)
    instant, chain_of = instants.get, chains.get
    islands: dict[tuple[Any, ...], list[tuple[Any, str, int, Evidence]]] = {}
    members: list[tuple[Any, str, int, Evidence]] = []
    last: tuple[Any, ...] | None = None
    family = facility = side = ""
    geonames_id = 0
    with _mapped(conn):
        # Read first, so that every document an event below can belong to is here but one
        # stored in between (fetched on its own when met).
        provenance = _provenance(conn, provenance_query(as_of, places=places), instants)
        result = conn.execute(evidence_query(as_of, window, places))
        while rows := result.fetchmany(_BATCH):
            for (
                place, family_code, family_other, side_code, facility_key, cluster, claim_id, n,
                document_id, event_type, modality, agent, agent_side, place_name, country, lat, lon,
                time_start, time_end, stance, source_canonical, source_kind, source_side, attributed,
                chain, d0,
            ) in rows:
                document = provenance.get(document_id)
                if document is None:  # stored since the read above: read it now
                    provenance.update(_provenance(conn, provenance_query(as_of, [document_id]), instants))
                    document = provenance.setdefault(document_id, _GONE)
                if document is _GONE:  # deleted since: the event goes, as with an inner join
                    continue
                outlet, published_at, syndication_group, wire_origin = document
                island = (place, family_code, family_other, side_code, facility_key, cluster)
                if island != last:  # rows of one island come together on SQLite: once per island
                    last = island
                    family, geonames_id, facility, side = _key_of(*island[:5])
                    members = islands.setdefault((family, geonames_id, facility, side, cluster), [])
                try:
                    relayed = chain_of(chain) or chains(chain)
                except TypeError:  # unhashable: PostgreSQL's JSON arrives as a list
                    relayed = chains(chain)
                members.append((d0, claim_id, n, _evidence(
                    claim_id, n, document_id, event_type, family, side, modality, agent, agent_side,
                    facility, geonames_id, place_name, country, lat, lon,
                    instant(time_start) or instants(time_start), instant(time_end) or instants(time_end),
                    stance, source_canonical, source_kind, source_side, bool(attributed), relayed, outlet,
                    published_at, syndication_group, wire_origin, cluster,
                )))
    groups = []
    for island in sorted(islands):
        found = islands[island]
        found.sort(key=_POSITION)  # nearly in order on SQLite (ties in d0 aside): one pass
        groups.append(list(map(_RECORD, found)))
    return groups


def _provenance(
    conn: Connection, query: Select[Any], instants: _Memo
) -> dict[str, tuple[str | None, datetime | None, str | None, str | None]]:
    return {
        document_id: (outlet, instants.get(published_at) or instants(published_at), group, wire)
        for document_id, outlet, published_at, group, wire in conn.execute(query).fetchall()
    }


def load_evidence(
    conn: Connection, as_of: datetime | None = None, window: timedelta = DEFAULT_WINDOW
) -> list[Evidence]:
    """Run :func:`evidence_query` and return its rows as records, in key and time order."""
    return [record for group in load_groups(conn, as_of, window) for record in group]
