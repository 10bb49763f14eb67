"""``--format plover``: PLOVER event records, one JSON object per line (JSON Lines).

PLOVER (Open Event Data Alliance, "JSON Data Fields" of its manual) recommends
newline-delimited JSON and standard field names; we use them where we have the data:
``id``, ``date`` and ``enddate`` (YYYY-MM-DD, the valid time's first and last day),
``source`` and ``recipient`` (lists of actor objects with ``actor_text`` and
``identifier_text``), ``event`` and ``mode`` (lists, from
:func:`claimgraph.extract.ontology.plover`), ``quad_code``, ``event_loc`` (GeoNames'
field names: ``geonameid``, ``name``, ``latitude``, ``longitude``; ``country_code`` for
GeoNames' "country code", plus the country's name), ``event_text`` (the trigger words),
``text`` and ``text_info`` (the sentence the record was coded from, with its character
offsets), ``cite_info`` (that sentence's document), ``dead`` and ``injured`` where a
casualty count was reported, ``link`` and ``coder``.

One record per proposition, not per sentence as classic event coders do: those treat
every report as a fact, which is what claimgraph exists to avoid. So the coded text is
the sentence of the first source that asserted the proposition, and the extension field
``claimgraph`` carries what PLOVER has no field for: status, confidence, reasons, the
claims and documents for and against, and the CAMEO code. PLOVER has no plain statement
type: a STATEMENT gets THREATEN, DEMAND, REJECT, … from its verb where
:data:`claimgraph.extract.ontology.STATEMENT_PLOVER` knows it, and no record otherwise.
``context`` is left out: PLOVER's standard contexts are for protests.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Any, TextIO

from claimgraph import __version__
from claimgraph.export.records import (
    FATAL_STEMS,
    INJURY_STEMS,
    Records,
    country_name,
    first_claim,
    lowest_count,
    valid_dates,
)
from claimgraph.extract import ontology
from claimgraph.reconcile.status import Proposition

QUAD_CODES = {
    **dict.fromkeys(("AGREE", "CONSULT", "SUPPORT", "CONCEDE"), 1),
    **dict.fromkeys(("COOPERATE", "AID", "RETREAT", "INVESTIGATE"), 2),
    **dict.fromkeys(("DEMAND", "DISAPPROVE", "ACCUSE", "REJECT", "THREATEN", "SANCTION"), 3),
    **dict.fromkeys(("PROTEST", "CRIME", "MOBILIZE", "COERCE", "ASSAULT", "FIGHT"), 4),
}
# Characters that str.splitlines() and some JSON Lines readers take for line ends; json.dumps
# leaves them raw with ensure_ascii=False, so they are escaped (they occur only in strings).
_LINE_BREAKS = {"\u2028": "\\u2028", "\u2029": "\\u2029", "\x85": "\\u0085"}


def _lemma_guesses(word: str) -> list[str]:
    """Base forms a verb as written might have ("threatened" -> "threaten", "denied" ->
    "deny"): the store keeps the trigger as written, not its lemma."""
    w = word.lower()
    guesses = [w, w[:-1], w[:-2], w[:-3]]
    if w.endswith("ied"):
        guesses.insert(1, w[:-3] + "y")
    return [g for g in guesses if g]


def plover_type(records: Records, p: Proposition) -> tuple[str, str]:
    """PLOVER (event, mode) of a proposition; ("", "") where PLOVER has no type for it."""
    family = p.cluster.family
    if family == "ATTACK":  # one-sided violence (killings, bombs) is ASSAULT where most triggers say so
        kinds = Counter(ontology.plover(family, ev.get("trigger"))[0] for ev in records.events_of(p, with_denials=False))
        if kinds and kinds.most_common(1)[0][0] == "ASSAULT":
            return "ASSAULT", ""
    if family != "STATEMENT":
        return ontology.plover(family)
    verbs = Counter(
        found
        for ev in records.events_of(p, with_denials=False)
        if (found := next((g for g in _lemma_guesses(ev.get("trigger") or "") if g in ontology.STATEMENT_PLOVER), None))
    )
    return ontology.plover(family, verbs.most_common(1)[0][0]) if verbs else ("", "")


def record(records: Records, p: Proposition) -> dict[str, Any] | None:
    """The PLOVER record of one proposition, or None where PLOVER has no type for it."""
    event, mode = plover_type(records, p)
    if not event:
        return None
    d = records.proposition_dicts[p.cluster.id]
    place = d["place"]
    first, last = valid_dates(p)
    events = records.events_of(p, with_denials=False)
    origin = first_claim(records, d["support"] or d["claims"])
    doc = records.document_by_id.get(origin["document_id"], {}) if origin else {}
    out: dict[str, Any] = {
        "id": f"claimgraph-{p.cluster.id}",
        "date": first.isoformat(),
        "enddate": last.isoformat(),
        "source": _actors([p.cluster.agent], p.cluster.side),
        "recipient": _actors([records.target(p)], None),
        "event": [event],
        "mode": [mode] if mode else [],
        "quad_code": QUAD_CODES.get(event),
        "event_loc": {
            "geonameid": place.get("geonames_id"),
            "name": place.get("name"),
            "latitude": place.get("lat"),
            "longitude": place.get("lon"),
            "country_code": place.get("country"),
            "country": country_name(place.get("country")),
        },
        "event_text": list(dict.fromkeys(ev["trigger"] for ev in events if ev.get("trigger"))),
        "text": origin["sentence"] if origin else None,
        "text_info": {"start": origin["sentence_span"][0], "end": origin["sentence_span"][1],
                      "document_id": origin["document_id"], "claim_id": origin["id"]} if origin else None,
        "cite_info": {
            "url": doc.get("url"), "title": doc.get("title"), "publication": doc.get("outlet"),
            "language": doc.get("language"), "coder": f"claimgraph {__version__}", "codebook": "plover",
        },
        "link": p.cluster.id,
        "coder": f"claimgraph {__version__}",
        "claimgraph": {
            "proposition": p.cluster.id, "type": p.cluster.family, "cameo": ontology.cameo(p.cluster.family),
            "status": d["status"], "confidence": d["confidence"], "reasons": d["reasons"],
            "claims": d["claims"], "support": d["support"], "deny": d["deny"],
            "documents": list(dict.fromkeys(e.document_id for e in p.cluster.evidence)),
            "independent_sources": d["independent_sources"],
            "first_reported": d["first_reported"], "last_reported": d["last_reported"],
        },
    }
    for name, stems in (("dead", FATAL_STEMS), ("injured", INJURY_STEMS)):
        if (count := lowest_count(events, stems)) is not None:
            out[name] = count
    return out


def _actors(names: list[str | None], side: str | None) -> list[dict[str, Any]]:
    return [
        {"actor_text": name, "identifier_text": name, **({"side": side} if side else {})}
        for name in names
        if name
    ]


def write(records: Records, out: TextIO) -> int:
    """Write one record per line; returns the number of records."""
    n = 0
    for p in records.propositions:
        found = record(records, p)
        if found is not None:
            line = json.dumps(found, ensure_ascii=False)
            for raw, escaped in _LINE_BREAKS.items():
                line = line.replace(raw, escaped)
            out.write(line + "\n")
            n += 1
    return n
