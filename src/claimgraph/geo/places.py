"""Toponyms in a parsed document, resolved offline to GeoNames.

Candidates come from spaCy's GPE/LOC/FAC entities and from runs of proper nouns found in
the gazetteer: en_core_web_sm calls "Homs" a PERSON and "Hama" an ORG, so the labels
alone miss half the places of a conflict report. A run that the NER did not call a place
must earn it: a locative preposition ("in", "near", "of"), a list or "X, Country" next to
another place, or a candidate in a country the document is about; a surname of someone
named in full elsewhere, a titled name ("Ms. Tripoli") or the subject of "said" never
does.

Each name is resolved once per document (one sense per discourse) by scoring its
gazetteer candidates: population, feature class (a country name is the country), how well
the name matched, the caller's focus countries, countries named in the text or implied by
demonyms and unambiguous places, their neighbours, the dateline and an "X, Y" qualifier.
A name whose only candidates lie outside every country the document points to, with a
small population and nothing else for it, stays unresolved with a reason.
"""

from __future__ import annotations

import math
import re
import zlib
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import pairwise

from spacy.tokens import Doc, Span, Token

from claimgraph.geo.gazetteer import (
    ALTERNATE,
    FUZZY,
    LOOSE,
    PRIMARY,
    Entry,
    Gazetteer,
    demonym,
    fold,
    gazetteer,
)
from claimgraph.nlp.table import token_table

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
LOCATIVE = frozenset(
    "in at from to near outside around into toward towards across through of inside within "
    "between beyond via past throughout on against over under along north south east west "
    "northeast northwest southeast southwest".split()
)
TITLES = frozenset(
    "mr mrs ms miss dr prof president gen general col colonel lt lieutenant maj major capt "
    "captain sgt sergeant minister sheikh prince princess king queen sir lord lady judge "
    "senator sen rep gov governor mayor commander spokesman spokeswoman spokesperson imam "
    "pope cardinal bishop rev father brother sister emir sultan ayatollah".split()
)
SPEECH = frozenset(
    "say tell claim add state announce deny note write insist argue warn confirm explain "
    "ask believe think tweet post accuse urge vow".split()
)
COMPASS = frozenset("north south east west northern southern eastern western central northeast "
                    "northwest southeast southwest middle upper lower greater".split())
GENERIC = frozenset("city town village province governorate region district state county countryside area".split())
PARTICLES = frozenset("al el as ash ad an ar at az ez es ed en er et de del der da di do dos du la le van von".split())
# AP-style state abbreviations, used after a comma ("SPRINGFIELD, Ill.").
AP_STATES = dict(
    pair.split("=")
    for pair in (
        "ala=AL ariz=AZ ark=AR calif=CA colo=CO conn=CT del=DE fla=FL ga=GA ill=IL ind=IN kan=KS "
        "ky=KY la=LA md=MD mass=MA mich=MI minn=MN miss=MS mo=MO mont=MT neb=NE nev=NV nh=NH "
        "nj=NJ nm=NM ny=NY nc=NC nd=ND okla=OK ore=OR pa=PA ri=RI sc=SC sd=SD tenn=TN vt=VT "
        "va=VA wash=WA wva=WV wis=WI wyo=WY dc=DC"
    ).split()
)

# Formal and generic wrappings tried off when a name is not found as written
# ("Republic of Armenia", "Oaxaca State").
_FORMAL = re.compile(
    r"^(?:the\s+)?(?:(?:islamic|federal|democratic|people's|united|socialist|arab|hashemite)\s+)*"
    r"(?:republic|kingdom|state|commonwealth|emirate|sultanate|principality)\s+of\s+(?:the\s+)?"
    r"|\s+(?:city|town|province|governorate|region|district|state|county)$", re.IGNORECASE)
# A country or continent name means the country; a division's population is the sum of
# its towns, so it is discounted to let New York (city) and Washington (DC) keep their
# names, and a county or district named after its seat leave the name to the town.
FEATURE_BONUS = {"country": 3.0, "continent": 3.0, "admin1": -1.0, "admin2": -1.0, "city": 0.0}
LOCAL = frozenset({"city", "admin2"})  # features a far-off small namesake can have
DIVISIONS = frozenset({"admin1", "admin2"})
REGIONS = frozenset({"country", "admin1", "continent"})  # the gazetteer's features above a town
MATCH_PENALTY = (0.0, 0.3, 1.5, 2.5)  # PRIMARY, ALTERNATE, LOOSE, FUZZY
SHADOWED = 0.7  # extra for an alternate name when another place bears it as its own name
LOW_POPULATION = 100_000  # below this, a place outside every document country needs support
QUALIFIED = 5.0  # "Tripoli, Lebanon": the qualifier settles it
BACKED = 10_000  # a town this size in a document country backs a name the NER missed


@dataclass(frozen=True, slots=True)
class Place:
    """One toponym mention; resolved, or kept with the reason it could not be."""

    text: str
    span: tuple[int, int]
    name: str | None
    geonames_id: int | None
    country: str | None
    lat: float | None
    lon: float | None
    feature: str | None
    reason: str | None

    def as_dict(self) -> dict[str, object]:
        """The JSON shape of ``claimgraph extract``."""
        return {"text": self.text, "span": list(self.span), "name": self.name,
                "geonames_id": self.geonames_id, "country": self.country, "lat": self.lat,
                "lon": self.lon, "feature": self.feature, "reason": self.reason}


@dataclass(frozen=True, slots=True)
class PlaceContext:
    """What the caller knows about the document before reading it."""

    countries: tuple[str, ...] = ()  # focus countries (e.g. of the conflict), ISO alpha-2
    dateline: str | None = None  # "Damascus, Syria", "KOSTI"
    # whether a name is an actor's ("M23", "JNIM"): never an unlisted village. Given by the
    # caller (the actor registry lives a stage above places), none by default.
    actor_name: Callable[[str], bool] | None = None


@dataclass(slots=True)
class _Mention:
    """A candidate toponym: token range, how it was found and its gazetteer entries."""

    start: int
    end: int
    text: str
    span: tuple[int, int]
    label: str | None  # a place label from the NER, else None
    entries: tuple[Entry, ...]
    qualifier: Entry | None = None


@dataclass(slots=True)
class _Evidence:
    """Where the document points: countries with the weight of each kind of hint."""

    focus: frozenset[str] = frozenset()
    named: Counter[str] = field(default_factory=Counter)  # country names
    demonyms: Counter[str] = field(default_factory=Counter)  # "Lebanese", "Sudanese"
    hinted: Counter[str] = field(default_factory=Counter)  # unambiguous places, US states
    dateline_names: frozenset[str] = frozenset()  # folded parts of the dateline
    states: set[str] = field(default_factory=set)  # US states named
    dateline: str | None = None

    def countries(self) -> frozenset[str]:
        """Every country the document points to."""
        return self.stated() | set(self.demonyms)

    def stated(self) -> frozenset[str]:
        """The countries the document is about by name or place, not just by an adjective
        ("Japanese investors" in an Irish story): the ones a far-off name must answer to."""
        found = set(self.focus) | set(self.named) | set(self.hinted)
        if self.dateline:
            found.add(self.dateline)
        return frozenset(found)

    def bonus(self, entry: Entry, neighbours: dict[str, frozenset[str]]) -> float:
        """How much the document's hints favour ``entry``."""
        iso = entry.country
        if iso is None:
            return 0.0
        # a party's adjective in its own war ("Russian forces", "Israeli strikes") says
        # who acts, not where: it adds nothing to that focus country's places (Pokrovsk,
        # Ukraine is no Russian town because the report names Russian forces)
        stated = iso in self.named or (iso in self.demonyms and iso not in self.focus)
        score = 3.0 * (iso in self.focus) + 1.5 * stated
        score += 1.0 * (iso in self.hinted)
        score += 1.5 * (iso == self.dateline)
        if entry.admin1 and iso == "US" and entry.admin1 in self.states and entry.feature == "city":
            score += 1.5
        if score == 0.0 and any(iso in neighbours.get(c, ()) for c in self.focus | set(self.named)):
            score = 1.0
        return min(score, 4.5)


# --- public entry points ----------------------------------------------------------------


def find_places(doc: Doc, context: PlaceContext = PlaceContext()) -> list[Place]:
    """Every toponym mention in ``doc``, in text order, resolved where the evidence allows.

    Args:
        doc: a document parsed by ``claimgraph.nlp.pipeline.load()`` (tagger, parser, NER).
        context: focus countries and dateline the caller already knows.
    Returns:
        Places; an NER place that cannot be resolved is kept with ``reason`` set, while a
        gazetteer-only candidate that does not resolve is dropped (it was never more than
        a capitalised word).
    """
    gaz = gazetteer()
    labelled = list(_labelled_mentions(doc, gaz))
    taken = {i for m in labelled for i in range(m.start, m.end)}
    evidence = _evidence(doc, labelled, context, gaz)
    unlabelled = _admitted(doc, list(_run_mentions(doc, taken, gaz)), evidence, labelled, gaz)
    unlabelled += _echoes(doc, labelled + unlabelled)
    unlabelled += _named_towns(doc, labelled + unlabelled, gaz)
    mentions = sorted(labelled + unlabelled, key=lambda m: m.start)
    _qualify(doc, mentions, gaz)
    senses: dict[tuple[str, int | None], Place] = {}
    home = _home_country(context, evidence)
    # a name the tagger calls a place, in a place's slot somewhere in the report ("in X",
    # "the town of X"): "Tuareg" tagged GPE is no town
    slotted = {spelling_key(m.text) for m in mentions if _located(doc, m.start) or _town_of(doc, m.start)}
    places = []
    for m in mentions:
        key = (fold(m.text), m.qualifier.geonames_id if m.qualifier else None)
        if key not in senses:
            senses[key] = _resolve(m, evidence, gaz)
            if senses[key].geonames_id is None and home and m.label in ("GPE", "LOC") and not m.entries \
                    and spelling_key(m.text) in slotted and _village_like(doc, m, context):
                senses[key] = _unlocated(m, home)
        place = senses[key]
        if place.geonames_id is None and m.label is None:
            continue
        places.append(_at(place, m))
    return places


def resolve_name(name: str, context: PlaceContext = PlaceContext(),
                 co_mentioned: Sequence[str] = (), embedded: bool = True) -> Place | None:
    """Resolve one place name without a document, e.g. a dateline or a gold span.

    Args:
        name: the name as written ("Dar'a", "Tripoli", "Syrian" for the country).
        context: focus countries and dateline.
        co_mentioned: other place names of the same text, read as hints.
        embedded: a name that is none may resolve to the place in it ("Bank of Japan"),
            for a span known to be a toponym; off where any capitalised words are tried.
    Returns:
        The resolved place, or None when the name does not resolve credibly.
    """
    text = name.strip()
    if not text:
        return None
    gaz = gazetteer()
    evidence = _Evidence(focus=frozenset(context.countries))
    for other in co_mentioned:
        if fold(other) != fold(text):
            _add_hint(evidence, other, _entries(other, gaz), gaz)
    evidence.dateline = _dateline_country(context.dateline, evidence, gaz)
    entries = _demonym_entries(text, gaz) if demonym(text) else ()
    mention = _Mention(0, 0, text, (0, len(text)), "GPE", entries or _entries(text, gaz))
    place = _resolve(mention, evidence, gaz)
    if place.geonames_id is None and embedded:
        place = _embedded(text, evidence, gaz) or place
    return place if place.geonames_id is not None else None


def _embedded(text: str, evidence: _Evidence, gaz: Gazetteer) -> Place | None:
    """The place inside a name that is not one ("Bank of Japan", "Dubai World Cup", "Colorado
    State University", "Russian Higher School of Economics"), or a postal or customary
    abbreviation ("NJ", "B.C.", "Herts"): an institution is read by where it is, as the
    annotators of GeoWebNews, LGL and TR-News read it. The longest run of words that
    resolves exactly (or is a nationality adjective) wins."""
    stripped = text.strip()
    code = _ABBREVIATIONS.get(stripped.replace(".", "").lower())
    if code is not None or (len(stripped) == 2 and stripped.isupper()):
        state = gaz.state(stripped) if code is None else None
        entries = (state,) if state is not None else tuple(
            e for e in gaz.lookup(code or stripped) if e.match <= ALTERNATE)
        return _placed(text, _resolve(_Mention(0, 0, text, (0, len(text)), "GPE", entries), evidence, gaz))
    words = [w for w in re.split(r"\s+", stripped) if w]
    for size in range(len(words) - 1, 0, -1):
        for start in range(len(words) - size + 1):
            part = " ".join(words[start : start + size]).strip(",.")
            part = re.sub(r"['’]s$", "", part)
            if not part[:1].isupper() or all(w.lower() in _INSTITUTION_WORDS for w in part.split()):
                continue
            entries = _demonym_entries(part, gaz) if demonym(part) else tuple(
                e for e in gaz.lookup(part) if e.match <= ALTERNATE)
            if entries:
                found = _placed(text, _resolve(_Mention(0, 0, part, (0, len(part)), "GPE", entries), evidence, gaz))
                if found is not None:
                    return found
    return None


def _placed(text: str, place: Place) -> Place | None:
    """A resolution read off part of ``text``, as the place of all of it."""
    if place.geonames_id is None:
        return None
    return Place(text, (0, len(text)), place.name, place.geonames_id, place.country, place.lat, place.lon,
                 place.feature, None)


# Words of institutions and events that name no place alone ("University", "Cup").
_INSTITUTION_WORDS = frozenset(
    "university college school academy bank council commission office center centre house embassy reserve "
    "cup turf estate federal central state county city national royal higher economics security smart "
    "electronic world sheriff chambers chamber commerce union republic islamic the of and".split())
# Customary abbreviations of divisions ("B.C.", "Herts", "Ont.").
_ABBREVIATIONS = {
    "bc": "British Columbia", "ont": "Ontario", "que": "Quebec", "alta": "Alberta", "sask": "Saskatchewan",
    "herts": "Hertfordshire", "beds": "Bedfordshire", "bucks": "Buckinghamshire", "hants": "Hampshire",
    "lancs": "Lancashire", "yorks": "Yorkshire", "notts": "Nottinghamshire", "staffs": "Staffordshire",
    "worcs": "Worcestershire", "wilts": "Wiltshire", "glos": "Gloucestershire", "oxon": "Oxfordshire",
    "cambs": "Cambridgeshire", "northants": "Northamptonshire", "leics": "Leicestershire",
}


# --- finding mentions -------------------------------------------------------------------


def _labelled_mentions(doc: Doc, gaz: Gazetteer) -> Iterator[_Mention]:
    """GPE/LOC/FAC entities, trimmed of "the" and extended over a split name ("Deir ez-Zor")."""
    for ent in doc.ents:
        if ent.label_ not in PLACE_LABELS:
            continue
        for piece in _lines(doc, ent.start, ent.end):
            yield from _labelled(doc, *piece, ent.label_, gaz)


def _lines(doc: Doc, start: int, end: int) -> Iterator[tuple[int, int]]:
    """An entity split where the text breaks a line (the NER joins "Greece" and "Italy"
    written on two lines)."""
    first = start
    for i in range(start, end):
        if "\n" in doc[i].whitespace_ or (doc[i].is_space and "\n" in doc[i].text):
            yield first, i + 1
            first = i + 1
    if first < end:
        yield first, end


def _labelled(doc: Doc, start: int, end: int, label: str, gaz: Gazetteer) -> Iterator[_Mention]:
    """The mention of one NER place: the widest reading of its tokens found in the gazetteer."""
    start, end = _trim(doc, start, end)
    if start >= end or doc[start].is_space or _titled(doc, start):
        return
    spans = list(dict.fromkeys((_widen(doc, start, end), (start, end), _without_generic(doc, start, end))))
    for s, e in spans:
        entries = _entries(_text(doc, s, e), gaz)
        if entries or (s, e) == spans[-1]:
            if label == "FAC":
                entries = tuple(x for x in entries if x.match < LOOSE)
            yield _mention(doc, s, e, label, entries)
            return


def _run_mentions(doc: Doc, taken: set[int], gaz: Gazetteer) -> Iterator[_Mention]:
    """Maximal runs of capitalised proper nouns outside NER places, found in the gazetteer."""
    owner = _owners(doc)
    table = token_table(doc)
    text, idx = table.text, table.idx
    i = 0
    while i < len(doc):
        # a name starts with a capital: test the character before building a Token
        if i in taken or not text[idx[i] : idx[i] + 1].isupper() or not _starts_name(doc[i]):
            i += 1
            continue
        j = i + 1
        while j < len(doc) and j not in taken and _name_token(doc, j):
            j += 1
        while j > i + 1 and not _starts_name(doc[j - 1]):
            j -= 1
        if not _inside_other_name(doc, i, j, owner):
            after_comma = i > 0 and doc[i - 1].text == ","
            entries = _entries(_text(doc, i, j), gaz, abbreviations=after_comma)
            if entries:
                yield _mention(doc, i, j, None, entries)
        i = j


def _owners(doc: Doc) -> dict[int, Span]:
    """Token index -> the non-place entity (person, organisation…) it belongs to."""
    return {i: ent for ent in doc.ents if ent.label_ not in PLACE_LABELS for i in range(ent.start, ent.end)}


def _echoes(doc: Doc, found: Sequence[_Mention]) -> list[_Mention]:
    """Other mentions of a name already taken as a place, which neither the NER nor the
    tagger marked this time: a paragraph opening "Bakhmut, a city that…" gets an adverb
    tag at the sentence start, yet it is the town named three lines above. One name,
    one sense per document; only capitalised words, never inside another entity's name."""
    names = {fold(m.text): m for m in found if m.entries and len(m.text) > 2}
    if not names:
        return []
    longest = max(len(m.text.split()) for m in names.values())
    firsts = {name.split()[0] for name in names}
    covered = {i for m in found for i in range(m.start, m.end)}
    owner = _owners(doc)
    out: list[_Mention] = []
    i = 0
    while i < len(doc):
        if i in covered or not doc[i].text[:1].isupper() or fold(doc[i].text).split(" ")[0] not in firsts:
            i += 1
            continue
        for j in range(min(len(doc), i + longest), i, -1):
            hit = names.get(fold(_text(doc, i, j)))
            if hit is not None and not covered & set(range(i, j)) and i not in owner:
                out.append(_mention(doc, i, j, None, hit.entries))
                i = j - 1
                break
        i += 1
    return out


def _named_towns(doc: Doc, found: Sequence[_Mention], gaz: Gazetteer) -> list[_Mention]:
    """Names the phrase itself calls places ("the village of X") that the tagger labelled
    something else (the small model calls Sahel villages EVENT or ORG), and every other
    capitalised mention of such a name in any spelling ("the X sector"): each a mention
    labelled LOC, left to the gazetteer or, failing it, to the report's country."""
    covered = {i for m in found for i in range(m.start, m.end)}
    owner = _owners(doc)
    keys: set[str] = set()
    for i in range(2, len(doc)):
        if _town_of(doc, i) and _starts_name(doc[i]) and (i not in owner or owner[i].label_ not in ("PERSON", "NORP")):
            keys.add(spelling_key(_text(doc, i, _name_end(doc, i))))
    out: list[_Mention] = []
    for i in range(len(doc)):
        if not keys or i in covered or not doc[i].text[:1].isupper():
            continue
        end = _name_end(doc, i)
        if (i == 0 or doc[i - 1].text[:1].islower() or not doc[i - 1].text[:1].isalpha()) \
                and spelling_key(_text(doc, i, end)) in keys:
            text = _text(doc, i, end)
            out.append(_mention(doc, i, end, "LOC", _entries(text, gaz)))
            covered.update(range(i, end))
    return out


def _name_end(doc: Doc, start: int) -> int:
    """The end of the run of name tokens that starts at ``start``."""
    end = start + 1
    while end < len(doc) and _name_token(doc, end) and doc[end].text[:1].isupper():
        end += 1
    return end


def _starts_name(tok: Token) -> bool:
    """A capitalised proper noun, or a capitalised word the NER put in an entity or that
    is capitalised mid-sentence (the tagger calls "Homs" a NOUN)."""
    if not tok.text[:1].isupper() or len(tok.text) < 2:
        return False
    if tok.pos_ == "PROPN" or tok.ent_type_ or (tok.is_upper and tok.is_alpha):
        return True  # the tagger reads capitals poorly: "OKLAHOMA CITY" starts with a VERB
    return tok.pos_ in ("NOUN", "ADJ", "X") and not tok.is_sent_start


def _name_token(doc: Doc, j: int) -> bool:
    """Whether token ``j`` can be part of a place name: a capitalised PROPN, a hyphen
    with no space around it, or an article followed by one ("ez" in "Deir ez-Zor")."""
    tok = doc[j]
    if _starts_name(tok):
        return True
    if tok.text == "-" and j > 0 and not doc[j - 1].whitespace_ and not tok.whitespace_:
        return j + 1 < len(doc) and doc[j + 1].text[:1].isalpha()
    nxt = doc[j + 1] if j + 1 < len(doc) else None
    if tok.lower_ not in PARTICLES or nxt is None:
        return False
    if nxt.text == "-" and not tok.whitespace_:
        return True  # "ez-Zor", "al-Sham"
    return j > 0 and _starts_name(doc[j - 1]) and _starts_name(nxt)  # "Ras al Ain"


def _inside_other_name(doc: Doc, start: int, end: int, owner: dict[int, Span]) -> bool:
    """Whether the run is part of a longer non-place name ("Gezira Revolutionary Front")."""
    for ent in {owner[i] for i in range(start, end) if i in owner}:
        if ent.start < start and _joins(doc[start - 1]):
            return True
        if ent.end > end and _joins(doc[end]):
            return True
    return False


def _joins(tok: Token) -> bool:
    """A token that makes the run part of a bigger name (not "and", a comma, "the", or a
    possessive: "Goma's airport", tagged as one organisation, is the airport of Goma)."""
    return tok.pos_ not in ("CCONJ", "PUNCT", "DET") and tok.text not in ("'s", "’s", "'", "’")


def _trim(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Drop leading determiners, prepositions and lower-case words, and trailing
    punctuation, possessives and lower-case words ("north west London" -> "London",
    "the Pacific equatorial" -> "Pacific", "Homs city" -> "Homs")."""
    while start < end - 1 and (doc[start].pos_ in ("DET", "ADP", "SCONJ") or doc[start].is_space
                                or (doc[start].text[:1].islower() and doc[start].lower_ not in PARTICLES)):
        start += 1
    while end > start + 1 and (doc[end - 1].is_punct or doc[end - 1].is_space
                               or doc[end - 1].text in ("'s", "’s")
                               or (doc[end - 1].text[:1].islower() and doc[end - 1].lower_ not in PARTICLES)):
        end -= 1
    return start, end


def _widen(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Extend an entity over name tokens the NER left out ("Deir" + "ez-Zor")."""
    while start > 0 and _name_token(doc, start - 1) and not doc[start - 1].ent_type_:
        start -= 1
    while end < len(doc) and _name_token(doc, end) and doc[end].ent_type_ not in ("PERSON", "ORG"):
        end += 1
    while end > start + 1 and not doc[end - 1].text[:1].isalpha():
        end -= 1
    while start < end - 1 and not doc[start].text[:1].isalpha():
        start += 1
    return start, end


def _without_generic(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """The name without a trailing generic word ("Homs city" -> "Homs")."""
    if end - start > 1 and doc[end - 1].lower_ in GENERIC:
        return start, end - 1
    return start, end


def _text(doc: Doc, start: int, end: int) -> str:
    """The characters of tokens ``start:end`` (``doc.text`` is rebuilt on every access: the
    token table keeps it)."""
    table = token_table(doc)
    return table.text[table.idx[start] : table.end[end - 1]]


def _mention(doc: Doc, start: int, end: int, label: str | None, entries: tuple[Entry, ...]) -> _Mention:
    first, last = doc[start], doc[end - 1]
    span = (first.idx, last.idx + len(last.text))
    return _Mention(start, end, _text(doc, start, end), span, label, entries)


def _entries(text: str, gaz: Gazetteer, abbreviations: bool = True) -> tuple[Entry, ...]:
    """Gazetteer candidates of a name; with ``abbreviations``, an AP state abbreviation
    ("Ill.", "D.C.") is that state."""
    code = AP_STATES.get(fold(text).replace(" ", "")) if abbreviations and text.endswith(".") else None
    state = gaz.state(code) if code else None
    if state is not None:
        return (state,)
    if demonym(text):  # "the Gazan side", tagged a GPE: Palestine, not the Saudi city Jizan
        return _demonym_entries(text, gaz)
    found = gaz.lookup(text)
    if not found:
        bare = _FORMAL.sub("", text).strip()
        found = gaz.lookup(bare) if bare and bare != text else ()
    return found


def _demonym_entries(text: str, gaz: Gazetteer) -> tuple[Entry, ...]:
    """The country or continent a nationality adjective stands for."""
    target = demonym(text)
    if target is None:
        return ()
    if len(target) == 2 and target.isupper():
        country = gaz.country(target)
        return (country,) if country else ()
    return tuple(e for e in gaz.lookup(target) if e.feature == "continent")


# --- is an unlabelled run a place? -----------------------------------------------------


def _admitted(doc: Doc, runs: list[_Mention], evidence: _Evidence, labelled: Sequence[_Mention],
              gaz: Gazetteer) -> list[_Mention]:
    """The runs that earn a place: in two rounds (places admitted in the first add their
    countries as hints for the second), then every other mention of an admitted name."""
    runs = [m for m in runs if not _vetoed(doc, m)]
    admitted: list[_Mention] = []
    for _ in range(2):
        fresh = [m for m in runs if m not in admitted and _supported(doc, m, evidence, labelled)]
        for m in fresh:
            _add_hint(evidence, m.text, m.entries, gaz)
        admitted += fresh
        if not fresh:
            break
    names = {fold(m.text) for m in admitted} | {fold(m.text) for m in labelled if m.entries}
    admitted += [m for m in runs if m not in admitted and fold(m.text) in names]
    return admitted


def _vetoed(doc: Doc, m: _Mention) -> bool:
    """A titled name ("Ms. Tripoli"), a speaker ("Sullivan said"), a part of a person's
    full name found elsewhere in the document ("Assad"), a nationality ("Russian", not the
    hamlet Rosian) or a bare compass word ("Western")."""
    if _titled(doc, m.start):
        return True
    if demonym(m.text) or m.text.lower() in COMPASS:
        return True
    return _is_speaker(doc, m) or m.text in _person_parts(doc)


def _supported(doc: Doc, m: _Mention, evidence: _Evidence, labelled: Sequence[_Mention]) -> bool:
    """Whether a name the NER did not call a place has the context to be one: a
    candidate in a focus country, or a town of some size in another document country
    (not the hamlet Congress, Arizona, for "Congress"), a country name, a locative
    preposition or a list with an NER place. A loose-only match needs the country."""
    if fold(m.text) in evidence.dateline_names:
        return True
    if doc[m.start].ent_type_ == "NORP":
        # the NER's group label: "Russian" is a nationality, not the hamlet Rosian, yet the
        # small model also calls some Sahel towns NORP ("the rebels still hold <town>"); only a
        # town of some size in the conflict's own countries, named exactly, is one
        return any(e.country in evidence.focus and e.population >= BACKED and e.match < LOOSE
                   and e.feature in LOCAL for e in m.entries)
    countries = evidence.countries()
    in_country = any(e.country in evidence.focus or (e.country in countries and e.population >= BACKED)
                     for e in m.entries)
    exact = [e for e in m.entries if e.match < LOOSE]
    if not exact:
        return in_country
    if in_country or any(e.feature == "country" for e in exact):
        return True
    return _located(doc, m.start) or _listed_with(doc, m, labelled)


def _titled(doc: Doc, start: int) -> bool:
    """Whether a title precedes the name ("Ms. Tripoli", "President Jordan")."""
    return start > 0 and doc[start - 1].lower_.rstrip(".") in TITLES


def _is_speaker(doc: Doc, m: _Mention) -> bool:
    """The subject of a speech verb ("Sullivan said") or followed by one."""
    head = doc[m.end - 1]
    if head.dep_ in ("nsubj", "nsubjpass") and head.head.lemma_ in SPEECH:
        return True
    return m.end < len(doc) and doc[m.end].lemma_ in SPEECH and doc[m.end].pos_ == "VERB"


def _person_parts(doc: Doc) -> frozenset[str]:
    """Words of the full person names in ``doc`` ("Assad" of "Bashar al-Assad"), cached."""
    cached = doc.user_data.get("claimgraph.person_parts")
    if cached is None:
        parts: set[str] = set()
        for ent in doc.ents:
            if ent.label_ == "PERSON" and len(ent) > 1:
                parts.update(t.text for t in ent if t.text[:1].isupper())
                parts.add(ent[-1].text.split("-")[-1])
        cached = doc.user_data["claimgraph.person_parts"] = frozenset(parts)
    return cached


def _located(doc: Doc, start: int) -> bool:
    """Whether a locative preposition governs the name ("in Homs", "the fall of Hama")."""
    tok = doc[start]
    prev = doc[start - 1] if start > 0 else None
    if prev is not None and prev.lower_ in LOCATIVE:
        return True
    head = doc[start].head
    return tok.dep_ == "pobj" and head.lower_ in LOCATIVE


_TOWN_WORDS = frozenset("town village city locality commune district area outskirts region".split())


def _town_of(doc: Doc, start: int) -> bool:
    """"the town of X", "the village of X": a name the phrase says is a place."""
    return start >= 2 and doc[start - 1].lower_ == "of" and doc[start - 2].lower_ in _TOWN_WORDS


def _listed_with(doc: Doc, m: _Mention, others: Sequence[_Mention]) -> bool:
    """Whether the name sits in a list or an apposition with an NER place."""
    ends = {o.end for o in others}
    starts = {o.start for o in others}
    before = m.start - 1
    if before >= 0 and doc[before].text in (",", "and", "or"):
        if before in ends or (before - 1) in ends:
            return True
    after = m.end
    return after < len(doc) and doc[after].text in (",", "and", "or") and (after + 1) in starts


# --- evidence ---------------------------------------------------------------------------


def _evidence(doc: Doc, labelled: Sequence[_Mention], context: PlaceContext, gaz: Gazetteer) -> _Evidence:
    """Countries the document points to, before any ambiguous name is settled."""
    evidence = _Evidence(focus=frozenset(context.countries))
    for m in labelled:
        _add_hint(evidence, m.text, m.entries, gaz)
    table = token_table(doc)
    for i, pos in enumerate(table.pos):
        if pos in ("ADJ", "PROPN", "NOUN") and table.text[table.idx[i] : table.idx[i] + 1].isupper():
            target = demonym(table.word(i))
            if target and len(target) == 2:
                evidence.demonyms[target] += 1
    evidence.dateline = _dateline_country(context.dateline, evidence, gaz)
    evidence.dateline_names = frozenset(fold(p) for p in (context.dateline or "").split(","))
    return evidence


def _add_hint(evidence: _Evidence, text: str, entries: Sequence[Entry], gaz: Gazetteer) -> None:
    """Count a country name, a US state, a demonym or an unambiguous place."""
    exact = [e for e in entries if e.match < LOOSE]
    if not exact:
        target = demonym(text)
        if target and len(target) == 2:
            evidence.demonyms[target] += 1
        return
    top = max(exact, key=lambda e: (FEATURE_BONUS.get(e.feature, 0.0), e.population))
    if top.feature == "country" and top.country:
        evidence.named[top.country] += 1
    elif top.feature == "admin1" and top.country == "US" and top.admin1:
        evidence.states.add(top.admin1)
        evidence.hinted["US"] += 1
    elif top.country and _unambiguous(top, exact):
        evidence.hinted[top.country] += 1


def _unambiguous(top: Entry, entries: Sequence[Entry]) -> bool:
    """Whether one country's candidate dwarfs every other country's of its kind (a town
    is weighed against towns, a division against divisions: a division's population is
    the sum of its towns'); a division no other country has a namesake of needs no size."""
    division = top.feature in DIVISIONS
    rivals = [e.population for e in entries
              if e.country != top.country and (e.feature in DIVISIONS) == division]
    if division and not rivals and top.match == PRIMARY:
        return True
    return top.population >= 100_000 and top.population >= 20 * max(max(rivals, default=0), 1)


def _dateline_country(dateline: str | None, evidence: _Evidence, gaz: Gazetteer) -> str | None:
    """The country of the dateline ("Damascus, Syria" -> SY; "KOSTI" -> SD)."""
    if not dateline:
        return None
    parts = [p.strip() for p in dateline.split(",") if p.strip()]
    for part in reversed(parts):
        entries = _entries(part, gaz)
        if not entries:
            continue
        best = max(entries, key=lambda e: _score(e, evidence, gaz))
        return best.country
    return None


# --- resolving --------------------------------------------------------------------------


def _qualify(doc: Doc, mentions: Sequence[_Mention], gaz: Gazetteer) -> None:
    """Mark "X, Y" pairs where Y is a country or a state that qualifies X."""
    for m, nxt in pairwise(mentions):
        if nxt.start != m.end + 1 or doc[m.end].text != ",":
            continue
        qualifier = next((e for e in nxt.entries if e.feature in ("country", "admin1") and e.match < LOOSE), None)
        if qualifier is not None:
            m.qualifier = qualifier


def _score(entry: Entry, evidence: _Evidence, gaz: Gazetteer, qualifier: Entry | None = None,
           shadowed: bool = False) -> float:
    """Population (log), feature class, match quality and the document's hints."""
    score = math.log10(entry.population + 1) + FEATURE_BONUS.get(entry.feature, 0.0)
    score -= MATCH_PENALTY[entry.match] + (SHADOWED if shadowed and entry.match == ALTERNATE else 0.0)
    score += evidence.bonus(entry, gaz.neighbours)
    if qualifier is not None and _within(entry, qualifier):
        score += QUALIFIED
    return score


def _within(entry: Entry, qualifier: Entry) -> bool:
    if qualifier.feature == "admin1":
        return (entry.country == qualifier.country and entry.admin1 == qualifier.admin1
                and entry.feature in LOCAL)
    return entry.country == qualifier.country and entry.geonames_id != qualifier.geonames_id


def _resolve(m: _Mention, evidence: _Evidence, gaz: Gazetteer) -> Place:
    """The best candidate of a mention, or an unresolved place with the reason."""
    entries = m.entries
    if not entries and m.label in ("GPE", "LOC"):
        entries = gaz.fuzzy(m.text, evidence.focus)
    if not entries:
        return _unresolved(m, "not in the gazetteer (GeoNames cities of 500+, countries, continents, "
                              "first- and second-order divisions)")
    shadowed = any(e.match == PRIMARY and e.feature in ("city", "country") for e in entries)
    scored = sorted(entries, key=lambda e: _score(e, evidence, gaz, m.qualifier, shadowed), reverse=True)
    # the best candidate no doubt falls on: where the top one is doubted ("Ras al-Ain"
    # loosely like a larger Algerian town, in a report on Syria), the next (the Syrian town)
    best = next((e for e in scored if not _doubt(e, evidence, m.qualifier, gaz, m.label)), None)
    if best is None:
        return _unresolved(m, _doubt(scored[0], evidence, m.qualifier, gaz, m.label) or "")
    return Place(m.text, m.span, best.name, best.geonames_id, best.country, best.lat, best.lon,
                 best.feature, None)


def _doubt(best: Entry, evidence: _Evidence, qualifier: Entry | None, gaz: Gazetteer,
           label: str | None = None) -> str | None:
    """Why the best candidate should not be taken, if it should not."""
    if qualifier is not None and _within(best, qualifier):
        return None
    countries = evidence.stated()
    if (label in ("LOC", "FAC") and best.feature in LOCAL and best.population < BACKED
            and best.country not in evidence.focus):
        # a LOC is a sea, a region or a river; a FAC a building: a small town of the same
        # name ("Atlantic", Iowa) is not it
        return f"a {label} named like a small town only: {best.name} ({best.country}, population {best.population})"
    near = countries | {n for c in countries for n in gaz.neighbours.get(c, ())}
    where = f"{best.name} ({best.country}, population {best.population})"
    if best.match >= LOOSE and best.country not in countries:
        kind = "a fuzzy" if best.match == FUZZY else "a loose"
        return f"only {kind} match, {where}, outside the document's countries"
    if (countries and best.feature in LOCAL and best.country not in near
            and best.population < LOW_POPULATION):
        listed = ", ".join(sorted(countries))
        return f"only found outside the document's countries ({listed}): {where}"
    return None


# Ids of places the gazetteer lacks, located only by their country (never a GeoNames id:
# GeoNames ids stay below 20,000,000; landmarks.tsv holds 900,000,000 and up).
UNLOCATED_IDS = 800_000_000


def _home_country(context: PlaceContext, evidence: _Evidence) -> str | None:
    """The conflict country a report is about: the conflict's first country where the
    report names it (by name or by an unambiguous place), else the focus country it names
    most, else the only one."""
    named = [(evidence.named[c] + evidence.hinted[c], -i, c) for i, c in enumerate(context.countries)
             if evidence.named[c] or evidence.hinted[c]]
    if named and named[0][2] == context.countries[0]:
        return context.countries[0]  # the conflict's own country, where the report names it
    if named:
        return max(named)[2]
    return context.countries[0] if len(context.countries) == 1 else None


def _village_like(doc: Doc, m: _Mention, context: PlaceContext) -> bool:
    """A capitalised word or two that could be an unlisted town: no acronym or code
    ("M23", "FLA"), no actor's name, no person's, no nationality."""
    text = m.text
    return (text[:1].isupper() and not text.isupper() and not any(ch.isdigit() for ch in text)
            and not (context.actor_name and context.actor_name(text)) and not _vetoed(doc, m)
            and not _modifier(doc, m))


def _modifier(doc: Doc, m: _Mention) -> bool:
    """A name in a hyphenated modifier ("Tuareg-majority groups", "Kurdish-led forces"):
    a people or a party, not a town."""
    return m.end + 1 < len(doc) and doc[m.end].text == "-" and doc[m.end - 1].whitespace_ == "" \
        and doc[m.end + 1].text[:1].islower()


def _unlocated(m: _Mention, country: str) -> Place:
    return unlisted_place(m.text, m.span, country)


def unlisted_place(text: str, span: tuple[int, int], country: str) -> Place:
    """A town the report names as one that no gazetteer entry holds ("Tinzaouaten", a
    village on the Algerian border): a place of the report's country, with a stable id
    from its spelling key, no coordinates (nothing is drawn on the map), and the reason said."""
    key = f"{country}:{spelling_key(text)}"
    gid = UNLOCATED_IDS + zlib.crc32(key.encode("utf-8")) % 100_000_000
    return Place(text, span, text, gid, country, None, None, "unlocated",
                 f"not in the gazetteer: a place in {country} by the report, not located")


_DIGRAPHS = (("ou", "w"), ("kh", "k"), ("gh", "g"), ("dh", "d"), ("th", "t"), ("sh", "s"), ("ch", "s"))


def spelling_key(name: str) -> str:
    """One key for the romanisations of one name: its first letter and the consonants
    after it, digraphs read as one sound, doubles collapsed ("Tinzaouaten", "Tinzaouatine",
    "Tin Zaouatène" and "Tinzawaten" are one village). Short skeletons collide too
    easily, so a name of fewer than four such letters keeps its folded spelling."""
    folded = "".join(ch for ch in fold(name) if ch.isalnum())
    sound = folded
    for digraph, letter in _DIGRAPHS:
        sound = sound.replace(digraph, letter)
    skeleton = sound[:1] + "".join(ch for ch in sound[1:] if ch not in "aeiouy")
    skeleton = "".join(ch for i, ch in enumerate(skeleton) if i == 0 or ch != skeleton[i - 1])
    return skeleton if len(skeleton) >= 4 else folded


def _unresolved(m: _Mention, reason: str) -> Place:
    return Place(m.text, m.span, None, None, None, None, None, None, reason)


def _at(place: Place, m: _Mention) -> Place:
    """The document-level resolution of a name, placed at one of its mentions."""
    if place.span == m.span:
        return place
    return Place(m.text, m.span, place.name, place.geonames_id, place.country, place.lat,
                 place.lon, place.feature, place.reason)
