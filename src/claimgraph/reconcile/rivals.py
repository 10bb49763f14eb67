"""Rival claims of control: side B saying it holds a place denies side A holding it then.

"The GRF says it entered Al-Manaqil" and "the army says the town is completely under its
control" are two CONTROL propositions (the key holds the agent's side), yet each is the
other's denial: one place has one holder at a time. DESIGN.md lets evidence cross
propositions "where the meaning demands it"; this is such a case, next to the flipped
WITHDRAW (side A's withdrawal supports the opponent's control, so it denies A's own).

Where DESIGN.md is silent:

- only sides with a known opponent count (government and opposition, the two states of an
  interstate war: :mod:`claimgraph.sides`; an agent of unknown side says nothing about who
  else holds it);
- only the same place and the same facility (taking the police headquarters is not
  holding the town);
- only when the rival's own valid time overlaps the proposition's: "the army held Homs on
  Dec 5" does not deny "the rebels took Homs on Dec 8", a change of hands is no contest;
- only firm assertions of the rival's control become denials (a hedge or a denial of the
  rival's control says nothing about ours).

Everything here is pure and works per place, so the materialized state, which recomputes
a place's propositions together, stays exact.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime

from claimgraph.model import Evidence
from claimgraph.reconcile.cluster import Cluster
from claimgraph.sides import is_party, opponent

_FIRM = ("happened", "claimed", "ongoing")


def rival_denials(clusters: Sequence[Cluster]) -> dict[str, tuple[Evidence, ...]]:
    """For each CONTROL proposition of a side that can hold a place, the firm assertions of
    the opponent's control of the same place and facility at an overlapping valid time,
    turned into denials of this proposition (keyed by proposition id; most have none)."""
    by_spot: dict[tuple[int, str], list[Cluster]] = {}
    for c in clusters:
        if c.family == "CONTROL" and opponent(c.side, c.country):
            by_spot.setdefault((c.geonames_id, c.facility), []).append(c)
    found: dict[str, tuple[Evidence, ...]] = {}
    for spot in by_spot.values():
        if len({c.side for c in spot}) < 2:
            continue  # one side only: the usual case, nothing to cross
        for c in spot:
            rival = opponent(c.side, c.country)
            retaken = _retaken_after(c)
            denials = tuple(
                _as_denial(e, c)
                for other in spot if other.side == rival
                for e in other.evidence
                if e.stance == "assert" and e.modality in _FIRM
                and e.time_start <= c.valid_to and e.time_end >= c.valid_from
                and not (retaken is not None and retaken >= e.time_end)
            )
            if denials:
                found[c.id] = denials
    return found


def _retaken_after(cluster: Cluster) -> datetime | None:
    """The latest start of the proposition's side taking the place as an outside source
    reports it firmly ("the Syrian army took control of Saraqeb on Saturday", in a paper's
    own words or a monitor's): a rival's hold that ended before then was a change of hands,
    reversed, and denies nothing since. A party's own repeated claims never count (Moscow
    saying again that Bakhmut is taken does not settle Kyiv's denial)."""
    starts = [e.time_start for e in cluster.evidence
              if e.stance == "assert" and e.modality in ("happened", "claimed") and e.event_type in ("CONTROL", "ENTER")
              and not is_party(e.source_side)]
    return max(starts, default=None)


def _as_denial(record: Evidence, cluster: Cluster) -> Evidence:
    """The rival's assertion as a denial of ``cluster``, keeping its claim and provenance."""
    return replace(record, stance="deny", family=cluster.family, side=cluster.side, cluster=cluster.evidence[0].cluster)
