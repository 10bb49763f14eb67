"""Independence: collapse a proposition's evidence to one vote per source entity.

Fifty outlets printing one wire story are one source, not fifty. The rules:

- a relay chain ("two officers told GWS, Meridian reported") counts for its origin, the
  claim's canonical source, never for the relays;
- an outlet speaking in its own voice and the same outlet quoted by name are one source;
- an outlet's own (unattributed) voice in a wire's syndication group is the wire's voice,
  and the outlets of one syndication group speak once, as its earliest outlet;
- anonymous and unnamed sources (residents, social media) cannot be told apart across
  stories, so they are one entity per syndication group: the copies of one wire story share them, an unrelated report's
  anonymous officials are someone else; in copies that credit a wire ("(Reuters)"), one
  entity per wire, since an outlet that rewords the copy leaves its syndication group but
  not its witnesses;
- a source that speaks several times keeps only its latest stance (report time), so a
  retraction or an admission overrides what it said before.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache

from claimgraph.extract.registry import speaks_for
from claimgraph.geo.gazetteer import fold
from claimgraph.model import Evidence
from claimgraph.store.evidence import PARTY_SIDES, slots_constructor

HEDGE_STRENGTH = 0.5
# "With inputs from agencies" (ingest.syndication's credit for no agency in particular) is
# relay metadata: the outlet's voice stays its own, never a source called "agencies".
UNNAMED_WIRES = frozenset({"agencies"})
# "residents", "officials (anonymous)", "social media": not one entity across unrelated stories
UNNAMED_KINDS = frozenset({"anonymous", "witnesses", "unknown", "social_media"})
_EPOCH = datetime.min.replace(tzinfo=UTC)
_STANCE_RANK = {"hedge": 0, "assert": 1, "deny": 2}  # ties within one instant: the firmest wins
# Source and outlet names repeat across a whole store: fold each distinct one once.
_fold = lru_cache(maxsize=1 << 16)(fold)


@lru_cache(maxsize=1 << 16)
def _named(name: str) -> str:
    """The key of a source known by ``name`` (an outlet's own voice shares it; a person
    the registry places in an organisation shares the organisation's)."""
    return f"source:{fold(speaks_for(name))}"


@dataclass(frozen=True, slots=True)
class Vote:
    """What one independent source says about one proposition, as of the latest report."""

    key: str
    name: str
    side: str
    kind: str
    stance: str  # latest: assert, hedge or deny
    strength: float  # 1.0 for a firm assertion or denial, HEDGE_STRENGTH for a hedge
    retracted: bool  # asserted it first, denies it now
    claims: tuple[str, ...]
    documents: tuple[str, ...]
    relays: tuple[str, ...]
    first_reported: datetime | None
    last_reported: datetime | None
    # The publications it spoke in: a wire story's syndication group, else the document.
    # Two sources quoted in one article (or its copies) stand on one reporter's word.
    publications: tuple[str, ...] = ()
    # The event types it spoke of (ENTER alone says forces went in, not that they hold it).
    kinds: tuple[str, ...] = ()

    @property
    def party(self) -> bool:
        """A side of the conflict (government, opposition, a third-party belligerent)."""
        return self.side in PARTY_SIDES

    @property
    def supports(self) -> bool:
        """Asserts or hedges the proposition (a hedge is a weak assertion)."""
        return self.stance in ("assert", "hedge")


_new_vote = slots_constructor(Vote)


def _voice_leaders(records: Sequence[Evidence]) -> dict[str, str]:
    """For each syndication group, the outlet whose own voice speaks for all its copies."""
    leaders: dict[str, tuple[datetime, str]] = {}
    for r in records:
        if r.attributed or not r.syndication_group or not r.outlet:
            continue
        at = r.published_at or _EPOCH
        best = leaders.get(r.syndication_group)
        if best is None or (at, r.outlet) < best:
            leaders[r.syndication_group] = (at, r.outlet)
    return {group: outlet for group, (_at, outlet) in leaders.items()}


def source_key(record: Evidence, leaders: dict[str, str] | None = None) -> tuple[str, str]:
    """The (key, display name) of the source entity behind one record.

    Args:
        record: one event of one claim.
        leaders: :func:`_voice_leaders` of the proposition, for outlets' own voices.
    """
    wire = record.wire_origin if record.wire_origin not in UNNAMED_WIRES else None
    if not record.attributed:
        voice = wire or (leaders or {}).get(record.syndication_group or "")
        voice = voice or record.outlet or record.source_canonical or "unknown outlet"
        return _named(voice), voice  # same key as the outlet quoted by name
    name = record.source_canonical or (record.chain[0] if record.chain else "unnamed source")
    if record.source_kind in UNNAMED_KINDS or not record.source_canonical:
        # the same wire's witnesses are one set of witnesses, however an outlet reworded
        # its copy (rewording escapes the syndication group, not the wire's credit line)
        scope = f"wire:{_fold(wire)}" if wire else record.syndication_group or record.document_id
        return f"anon:{_fold(name)}@{scope}", name
    return _named(name), name


def _strength(record: Evidence) -> float:
    """A hedge, a possibility ("may have fallen"), a change of hands still under way ("is
    withdrawing", "are retaking"), or an outlet's own line that someone claims it ("rebels
    claim taking over the city") weighs half: none of them says the place has changed
    hands, so none is an admission or a firm confirmation."""
    hedged = record.stance == "hedge" or record.modality == "possible" or (
        record.modality == "ongoing" and record.family == "CONTROL") or (
        record.modality == "relayed")  # an outlet relaying "X claims"
    return HEDGE_STRENGTH if hedged else 1.0


def _denies(record: Evidence) -> bool:
    """A denial, or an assertion that it did not happen ("the town is not occupied")."""
    return record.stance == "deny" or record.modality == "negated"


def _stance(record: Evidence) -> str:
    if _denies(record):
        return "deny"
    return "hedge" if _strength(record) < 1.0 else "assert"


def _order(record: Evidence) -> tuple[datetime, int]:
    return record.published_at or _EPOCH, _STANCE_RANK.get(_stance(record), 0)


def _vote(key: str, name: str, records: list[Evidence]) -> Vote:
    if len(records) == 1:  # most sources speak once about a proposition
        return _single_vote(key, name, records[0])
    records.sort(key=_order)
    first, last = records[0], records[-1]
    stance = _stance(last)
    claims: dict[str, None] = {}
    documents: dict[str, None] = {}
    publications: dict[str, None] = {}
    kinds: dict[str, None] = {}
    relays: set[str] = set()
    earliest = latest = None
    for r in records:  # one pass (a popular proposition has thousands of records)
        claims[r.claim_id] = None
        documents[r.document_id] = None
        publications[r.syndication_group or r.document_id] = None
        kinds[r.event_type] = None
        if len(r.chain) > 1:
            relays.update(r.chain[1:])
        at = r.published_at
        if at is not None:
            if earliest is None or at < earliest:
                earliest = at
            if latest is None or at > latest:
                latest = at
    return _new_vote(
        key,
        name,
        last.source_side,  # side
        last.source_kind,  # kind
        stance,
        _strength(last),  # strength
        # retracted: it asserted first and denies in a later report (one article that
        # carries a claim and, further down, its denial retracts nothing)
        stance == "deny" and _stance(first) != "deny" and last.document_id != first.document_id,
        tuple(claims),  # claims, first mention first
        tuple(documents),  # documents
        tuple(sorted(relays)),  # relays
        earliest,  # first_reported
        latest,  # last_reported
        tuple(publications),  # publications
        tuple(kinds),  # kinds
    )


def _single_vote(key: str, name: str, record: Evidence) -> Vote:
    """:func:`_vote` of one record: it is both the first and the latest word."""
    strength = _strength(record)
    stance = "deny" if _denies(record) else "hedge" if strength < 1.0 else "assert"
    chain = record.chain
    return _new_vote(
        key, name, record.source_side, record.source_kind, stance, strength, False,
        (record.claim_id,), (record.document_id,),
        tuple(sorted(set(chain[1:]))) if len(chain) > 1 else (),
        record.published_at, record.published_at, (record.syndication_group or record.document_id,),
        (record.event_type,),
    )


def _report_order(vote: Vote) -> tuple[datetime, str]:
    return vote.first_reported or _EPOCH, vote.key


def votes(records: Iterable[Evidence]) -> list[Vote]:
    """One vote per independent source entity, in order of first report."""
    records = records if isinstance(records, (list, tuple)) else list(records)
    voices = [r for r in records if not r.attributed]
    leaders = _voice_leaders(voices) if voices else {}
    by_source: dict[str, tuple[str, list[Evidence]]] = {}
    for r in records:
        name = r.source_canonical
        if r.attributed and name and r.source_kind not in UNNAMED_KINDS:  # source_key's usual case
            key = _named(name)
        else:
            key, name = source_key(r, leaders)
        found = by_source.get(key)
        if found is None:
            by_source[key] = (name, [r])
        else:
            found[1].append(r)
    result = [
        _single_vote(key, name, rs[0]) if len(rs) == 1 else _vote(key, name, rs)
        for key, (name, rs) in by_source.items()
    ]
    result.sort(key=_report_order)
    return result


def replay(records: Sequence[Evidence], instants: Sequence[datetime]) -> Iterator[tuple[datetime, list[Vote]]]:
    """For each of ``instants`` (ascending), :func:`votes` of the records published at or
    before it, built up instead of recomputed: at each instant only the sources with new
    reports are voted again. What makes that exact: reports arrive in publication order,
    so a syndication group's voice leader (its first outlet) is settled by the first
    instant at which the group speaks, and never changes after."""
    dated = sorted((r for r in records if r.published_at is not None), key=_published)
    leaders: dict[str, tuple[datetime, str]] = {}
    by_source: dict[str, tuple[str, list[Evidence]]] = {}
    current: dict[str, Vote] = {}
    i = 0
    for at in instants:
        j = i
        while j < len(dated) and dated[j].published_at <= at:  # type: ignore[operator]
            j += 1
        batch, i = dated[i:j], j
        for r in batch:  # first: a group's leader may speak in this very batch
            if not r.attributed and r.syndication_group and r.outlet:
                best = leaders.get(r.syndication_group)
                if best is None or (r.published_at, r.outlet) < best:
                    leaders[r.syndication_group] = (r.published_at, r.outlet)  # type: ignore[assignment]
        names = {group: outlet for group, (_at, outlet) in leaders.items()} if batch else {}
        changed = set()
        for r in batch:
            key, name = source_key(r, names)
            found = by_source.get(key)
            if found is None:
                by_source[key] = (name, [r])
            else:
                found[1].append(r)
            changed.add(key)
        for key in changed:
            name, rs = by_source[key]
            current[key] = _single_vote(key, name, rs[0]) if len(rs) == 1 else _vote(key, name, rs)
        yield at, sorted(current.values(), key=_report_order)


def _published(record: Evidence) -> datetime:
    return record.published_at or _EPOCH


def independent_count(records: Iterable[Evidence]) -> int:
    """How many independent sources support the proposition (wire copies never add)."""
    return sum(1 for v in votes(records) if v.supports)
