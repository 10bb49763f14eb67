"""French reports: who says what, and the events it describes, read with ``fr_core_news_sm``.

Why a reader of its own: the English rules hang on English cue verbs, ClearNLP labels and
an English NER, and a French report parsed as English gave junk speakers that voted ("les
mercenaires" saying "russes"). In a conflict like Mali's half the reporting is French.

The small French model's parse is noisy (an inverted subject, "a déclaré un élu local",
comes out as an object; towns are tagged as persons), so these rules lean on word order and
punctuation as much as on the parse:

- a cue is a verb of saying (:data:`SPEECH`), or "selon X" / "d'après X";
- its speaker is the subject before it, else the noun phrase after it ("a affirmé à l'AFP
  X, porte-parole des rebelles"), read in English by :func:`gloss` so the one actor
  registry resolves it ("l'armée malienne" -> "the Malian army"); "il", "elle", "lui" are
  the last speaker named before, or no one;
- what is said is the quotation closing just before the cue, else the clause after "que",
  else the infinitive after the cue ("indique avoir amorcé un mouvement rétrograde"), else
  the clause before the comma that precedes it ("L'armée a reculé, a déclaré un élu");
- in what is said, the first event word (:data:`EVENT_WORDS`) is the event, its subject the
  agent, "par des tirs de drones" the attack behind deaths, a place named in it (or in its
  sentence) where, and a French date in it (or in its sentence) when.

Sentences that attribute nothing and describe an event are the outlet's own voice, as in
English. Claims carry :data:`EXTRACTOR`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache

import dateparser
import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from claimgraph.extract.actors import Actor, ActorResolver
from claimgraph.extract.claims import UNNAMED, claim_id, publisher, relay_chain, source_ref
from claimgraph.extract.conflicts import detect_conflict
from claimgraph.extract.events import place_json, side_actor
from claimgraph.extract.registry import names_an_actor
from claimgraph.geo.places import REGIONS, Place, PlaceContext, resolve_name, spelling_key, unlisted_place
from claimgraph.model import ActorRef, Claim, Document, Event, SourceRef
from claimgraph.sides import is_party
from claimgraph.time.resolver import TimeRef, reported_day

EXTRACTOR = "claimgraph.attribution_fr@0.1.0"
MODEL = "fr_core_news_sm"

# Verbs of saying, by stem of the written form (the small model's lemmas are unreliable:
# "indique" has lemma "indique", "évoque" "évoqu"): what they say about the content.
SPEECH = {
    **dict.fromkeys("affirm déclar indiqu annonc assur précis ajout expliqu estim soulign rapport signal "
                    "confirm reconn admet admis revendiqu relat mentionn racont témoign prévien avert "
                    "accus dénonc parl évoqu".split(), "assert"),
    **dict.fromkeys("dément démenti démentent rejet réfut contest".split(), "deny"),
}
_DENY_FORMS = frozenset("nie nient nié niée niés nier".split())

# Event words, by stem of the written form, and the ontology type they code.
EVENT_WORDS = {
    **dict.fromkeys("contrôl empar conqu occup repris reprend libér".split(), "CONTROL"),
    **dict.fromkeys("entré entrés entrées pénétr".split(), "ENTER"),
    **dict.fromkeys("recul retir retrait repli replié quitt fui fuient abandonn évacu perdu perd".split(),
                    "WITHDRAW"),
    **dict.fromkeys("attaqu frapp frappe bombard pilonn embuscade offensive assaut raid tirs combat "
                    "affrontement".split(), "ATTACK"),
    **dict.fromkeys("tué tués tuée tuées tuant tuer morts mort blessé blessés pertes victimes".split(),
                    "CASUALTIES"),
}
# words that begin like an event word and are none ("combattants" are fighters)
_NOT_EVENTS = ("combattant", "attaquant", "tireur", "mortier", "mortel", "mortell", "frappant")
# verbs of motion conjugated with "être" ("sont entrés", "sont arrivés"), which the parser takes for passives
_MOTION = ("entr", "arriv", "part", "sorti", "retourn", "revenu", "venu", "parvenu", "rentr", "repli")
# "X a subi des pertes / un revers / une attaque": X was struck, by its enemy
_SUFFERED = ("subi", "subit", "subissent", "subissait", "essuy")
# a withdrawal named as a movement ("un mouvement rétrograde"), an air campaign as a strike
_PHRASES = (
    (re.compile(r"(?i)\bmouvements?\s+r[ée]trogrades?\b"), "WITHDRAW"),
    (re.compile(r"(?i)\bcampagnes?\s+a[ée]riennes?\b"), "ATTACK"),
    (re.compile(r"(?i)\bpris\s+le\s+contr[ôo]le\b"), "CONTROL"),
)
# places that are no town of an event: where no town is named, the country says little
_FACILITIES = {"aéroport": "airport", "base": "base", "camp": "camp", "pont": "bridge", "barrage": "dam",
               "prison": "prison", "palais": "palace", "caserne": "barracks", "port": "port",
               "raffinerie": "refinery", "hôpital": "hospital", "poste-frontière": "border crossing"}
_FACILITY = re.compile(r"(?i)^\s*(?:\S+\s+){0,4}?(?:le|la|l['’]|du|de\s+la|de\s+l['’]|des)\s*("
                       + "|".join(_FACILITIES) + r")\b")
# what leaving is a withdrawal from: a place, not a meeting
_LEFT_PLACES = frozenset("secteur ville localité village zone région position positions camp base commune cité "
                         "bastion fief".split())
# French words of an actor's description, in the English the registry reads
GLOSS = {
    "armée": "army", "armées": "armed", "forces": "forces", "force": "force", "soldats": "soldiers",
    "soldat": "soldier", "militaires": "military", "militaire": "military", "troupes": "troops",
    "rebelles": "rebels", "rebelle": "rebel", "séparatistes": "separatists", "séparatiste": "separatist",
    "jihadistes": "jihadists", "djihadistes": "jihadists", "jihadiste": "jihadist", "djihadiste": "jihadist",
    "terroristes": "terrorists", "combattants": "fighters",
    "combattant": "fighter", "mercenaires": "mercenaries", "gouvernement": "government", "autorités": "authorities",
    "porte-parole": "spokesman", "ministère": "ministry", "ministre": "minister", "défense": "defence",
    "état-major": "general staff", "état-major général": "general staff", "président": "president",
    "élu": "elected official", "élus": "elected officials", "habitant": "resident", "habitants": "residents",
    "témoins": "witnesses", "témoin": "witness", "source": "source", "sources": "sources", "sécuritaire": "security",
    "local": "local", "locale": "local", "locaux": "local", "groupe": "group", "groupes": "groups",
    "coalition": "coalition", "indépendantistes": "pro-independence groups", "junte": "junta",
    "transition": "transitional", "communiqué": "statement", "responsable": "official", "responsables": "officials",
    "officier": "officer", "officiers": "officers", "chef": "chief", "commandant": "commander",
    "ancien": "former", "travailleur": "worker", "onu": "UN", "nations": "nations", "unies": "united",
    "régime": "regime", "observatoire": "Observatory", "police": "police", "ong": "NGO", "fonctionnaire": "official",
    "agence": "agency", "correspondant": "correspondent", "médias": "media", "média": "media",
    "gendarmerie": "gendarmerie", "milices": "militias", "milice": "militia",
}
# nationality adjectives, in any gender and number, by stem
_DEMONYMS = {"malien": "Malian", "russe": "Russian", "burkinab": "Burkinabe", "nigérien": "Nigerien",
             "algérien": "Algerian", "français": "French", "soudanais": "Sudanese", "congolais": "Congolese",
             "rwandais": "Rwandan", "ukrainien": "Ukrainian", "syrien": "Syrian", "israélien": "Israeli",
             "tchadien": "Chadian", "mauritanien": "Mauritanian", "ivoirien": "Ivorian", "nigérian": "Nigerian",
             "turc": "Turkish", "turque": "Turkish", "kurde": "Kurdish", "américain": "American",
             "iranien": "Iranian", "libyen": "Libyan", "égyptien": "Egyptian", "éthiopien": "Ethiopian",
             "somalien": "Somali", "yéménite": "Yemeni", "libanais": "Lebanese", "palestinien": "Palestinian",
             "irakien": "Iraqi", "afghan": "Afghan", "centrafricain": "Central African", "birman": "Burmese"}
# names whose words would gloss wrong one by one
_PHRASE_GLOSS = (
    (re.compile(r"(?i)\b(?:forces\s+(?:paramilitaires\s+)?(?:soudanaises\s+)?de\s+soutien\s+rapide|FSR)\b"),
     "Rapid Support Forces"),
    (re.compile(r"(?i)\bforces\s+armées\s+soudanaises\b|\bFAS\b"), "Sudanese Armed Forces"),
    (re.compile(r"(?i)\bforces\s+armées\s+de\s+la\s+république\s+démocratique\s+du\s+congo\b"), "FARDC"),
    (re.compile(r"(?i)\bobservatoire\s+syrien\s+des\s+droits\s+de\s+l['’]homme\b"),
     "Syrian Observatory for Human Rights"),
)
# names of states and capitals that differ in French: "la Turquie a annoncé", "Damas dément"
_NAMES = {"turquie": "Turkey", "syrie": "Syria", "russie": "Russia", "soudan": "Sudan", "algérie": "Algeria",
          "éthiopie": "Ethiopia", "libye": "Libya", "égypte": "Egypt", "israël": "Israel", "liban": "Lebanon",
          "irak": "Iraq", "états-unis": "United States", "ouganda": "Uganda", "tchad": "Chad",
          "mauritanie": "Mauritania", "sénégal": "Senegal", "yémen": "Yemen", "birmanie": "Myanmar",
          "rdc": "DR Congo", "cisjordanie": "West Bank", "damas": "Damascus", "moscou": "Moscow",
          "kiev": "Kyiv", "londres": "London", "washington": "Washington", "caire": "Cairo",
          "alger": "Algiers", "tripoli": "Tripoli", "bagdad": "Baghdad", "jérusalem": "Jerusalem"}
_ADJECTIVES = {"local": "local", "locale": "local", "locaux": "local", "locales": "local",
               "sécuritaire": "security", "sécuritaires": "security", "armé": "armed", "armés": "armed",
               "armée": "armed", "armées": "armed", "ancien": "former", "officiel": "official",
               "officielle": "official",
               "officiels": "official", "officielles": "official", "civile": "civilian", "civiles": "civilian",
               "civil": "civilian", "civils": "civilian"}
_VERB_ENDINGS = ("é", "ée", "és", "ées", "ent", "e", "ait", "aient", "a", "it", "is", "er")
_NOUN_ENDINGS = ("tion", "sion", "ance", "ence", "ment", "age", "eur", "aire", "ure", "ions", "ages")
_DROPPED = frozenset("concordante concordantes proches proche bien informée informées informé retraite".split())
_PARTICLES = frozenset("de du des da al el ed ez ben bin ould ag wa".split())
# compass names the NER calls places ("dans l'Ouest", "le Nord-Kivu" is a province, not this)
_COMPASS = frozenset("nord sud est ouest nord-ouest nord-est sud-ouest sud-est centre centre-nord centre-est".split())
_ARTICLES = frozenset("le la les l' l’ un une des du de d' d’ au aux".split())
_PRONOUNS = frozenset("il elle ils elles lui eux on".split())
# "leur porte-parole", "son chef": the voice of the group named before
_POSSESSIVES = frozenset("leur leurs son sa ses".split())
_FIRST_PERSON = frozenset("nous je".split())
# weapons, by the start of a word, and the registry's name for them (who fields them says
# whose attack it is: resolver.wielder)
_MEANS = (("drone", "drone strike"), ("aérien", "airstrike"), ("avion", "aircraft"),
          ("hélicoptère", "helicopter"), ("chars", "tank"), ("char", "tank"), ("roquette", "rocket"))
_NEGATION = frozenset("pas jamais aucun aucune nullement".split())
_TOWN_NOUNS = frozenset("localité ville village secteur commune zone cercle région".split())
_WEEKDAYS = "lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche"
_WEEKDAY_INDEX = {d: i for i, d in enumerate(_WEEKDAYS.split("|"))}
_MONTHS = ("janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|novembre|"
           "décembre|decembre")
_DATE = re.compile(
    rf"(?i)\b(?:(?:{_WEEKDAYS})\s+)?(?:1er|\d{{1,2}})\s+(?:{_MONTHS})(?:\s+\d{{4}})?\b"
    rf"|\b(?:{_WEEKDAYS})\b|\bavant-hier\b|\bhier\b|\baujourd['’]hui\b")
_LISTED = re.compile(r"\s*(?:,|\bet\b)\s*((?:un|une|des|le|la|les|l['’]|plusieurs|deux|trois)\b[^,.;:«»\"]*?)"
                     r"(?=\s*(?:,|\bet\b|\bqui\b|[.;:«»\"]|$))")
_QUOTE = re.compile(r"«([^»]{3,})»|“([^”]{3,})”|\"([^\"]{3,})\"")


@lru_cache(maxsize=1)
def load_french() -> Language:
    """The French pipeline (an installed package: nothing is downloaded at run time)."""
    return spacy.load(MODEL)


def parse_french(text: str, nlp: Language) -> Doc:
    """Parse with sentence boundaries set first, at end punctuation and line breaks: the
    small model's own split cuts "Le Rwanda, qui a lancé une offensive, a annoncé …" in
    two, and every speaker with it; the parser keeps boundaries set before it."""
    doc = nlp.make_doc(text)
    start = True
    for tok in doc:
        # '… fin. »': a closing mark ends the sentence before it; a straight quote closes only
        # where it is glued to that sentence ('fin."'), else it opens the next ('fin. "Nous')
        closing = tok.text in _CLOSERS and (tok.text != '"' or doc[tok.i - 1].whitespace_ == "")
        if start and tok.i > 0 and closing:
            tok.is_sent_start = False
            continue
        tok.is_sent_start = start
        start = tok.text in (".", "!", "?", "…") or tok.is_space and "\n" in tok.text
    for _name, component in nlp.pipeline:
        doc = component(doc)
    return doc


_CLOSERS = frozenset({"»", "\"", "”", ")", "’"})


@dataclass(frozen=True, slots=True)
class _Said:
    """One attribution: who (span), the cue, what (span), with what stance."""

    source: tuple[int, int] | None
    cue: tuple[int, int]
    content: tuple[int, int]
    stance: str
    sentence: tuple[int, int]
    order: int = 0  # the speaker's rank in a list of speakers of one cue ("X, Y et Z ont affirmé")


def extract_french(doc: Document, nlp: Language | None = None) -> tuple[str | None, list[Place], list[Claim]]:
    """The conflict, places and claims (with their events) of one French report."""
    parsed = parse_french(doc.text, nlp or load_french())
    entities = [(e.text, {"LOC": "GPE", "PER": "PERSON", "MISC": "NORP"}.get(e.label_, e.label_)) for e in parsed.ents]
    # the registry's demonyms are English: "l'armée congolaise" points to Congo as "Congolese"
    hints = [en for tok in parsed if not tok.text[:1].isupper()
             for stem, en in _DEMONYMS.items() if tok.lower_.startswith(stem)]
    conflict = detect_conflict(parsed.text + "\n" + " ".join(hints), entities, doc.outlet, doc.published_at)
    resolver = ActorResolver(conflict, doc.outlet, doc.published_at)
    places = find_places_fr(parsed, resolver.countries)
    published = doc.published_at or doc.retrieved_at
    reader = _Reader(parsed, doc, resolver, places, published)
    return conflict, places, reader.claims()


# --- places and times -----------------------------------------------------------------------


def find_places_fr(parsed: Doc, countries: Sequence[str]) -> list[Place]:
    """Place names of a French report: the NER's (whatever label it gives a town that a
    locative word or a town noun introduces: "à Tinzaouatène", "la localité de X"),
    resolved in the conflict's countries; a town no gazetteer holds is an unlisted place
    of the conflict's first country."""
    context = PlaceContext(countries=tuple(countries), actor_name=names_an_actor)
    found: list[Place] = []
    seen: set[int] = set()
    for start, end in _name_runs(parsed):
        span = parsed[start:end]
        slotted = _slotted(parsed, start)
        label = next((e.label_ for e in parsed.ents if e.start <= start < e.end), "")
        if names_an_actor(span.text) or span.text.isupper() or span.text.lower() in _COMPASS:
            continue
        place = resolve_name(span.text, context, embedded=False)
        if label != "LOC" and not slotted and not (
                place is not None and place.country in countries and place.feature in ("city", "admin1", "admin2")
                and place.name is not None and spelling_key(place.name) == spelling_key(span.text)):
            continue  # a capitalised word in no place's slot: only a town of the war's own country, by its name
        if place is not None:
            place = Place(span.text, (span.start_char, span.end_char), place.name, place.geonames_id,
                          place.country, place.lat, place.lon, place.feature, None)
        elif slotted and countries and span.text[:1].isupper():
            place = unlisted_place(span.text, (span.start_char, span.end_char), countries[0])
        if place is not None and start not in seen:
            seen.update(range(start, end))
            found.append(place)
    return found


def _name_runs(parsed: Doc) -> Iterator[tuple[int, int]]:
    """Runs of capitalised words, whatever the tagger calls them ("Wad Madani", "Tin
    Zaouatine"), with the particles inside names ("Mocimboa da Praia"); not at a sentence's
    start, where every word is capitalised."""
    i = 0
    while i < len(parsed):
        tok = parsed[i]
        if tok.text[:1].isupper() and tok.is_alpha and i > 0 and not tok.is_sent_start:
            j = i + 1
            while j < len(parsed) and (parsed[j].text[:1].isupper() and parsed[j].is_alpha or (
                    parsed[j].lower_ in _PARTICLES and j + 1 < len(parsed) and parsed[j + 1].text[:1].isupper())
                    or parsed[j].text == "-" and j + 1 < len(parsed) and parsed[j + 1].text[:1].isupper()):
                j += 1
            yield i, j
            i = j
        else:
            i += 1


def _slotted(parsed: Doc, start: int) -> bool:
    """A name after a locative word or a town noun ("à X", "le secteur de X")."""
    prev = parsed[start - 1].lower_ if start > 0 else ""
    if prev in ("à", "vers", "dans", "près", "depuis"):
        return True
    return prev in ("de", "d'", "d’") and start > 1 and parsed[start - 2].lower_ in _TOWN_NOUNS


def french_time(text: str, span: tuple[int, int], sentence: tuple[int, int], published: datetime,
                future: bool = False) -> dict[str, object]:
    """The day a French date expression in ``span`` (else in its sentence) names, resolved
    against the publication; the report day when there is none."""
    for lo, hi in (span, sentence):
        for m in _DATE.finditer(text, lo, hi):
            found = _french_day(m.group(), published, future)
            if found is None:
                continue
            day = datetime.combine(found, time(), UTC)
            return TimeRef(day, day + timedelta(days=1), m.group(), (m.start(), m.end()), "day").as_dict()
    return reported_day(published).as_dict()


def _french_day(expression: str, published: datetime, future: bool) -> date | None:
    """The day of "samedi" (the report's own day when it is a Saturday, else the last one,
    or the next where the clause looks forward), "hier", "le 27 juillet" (dateparser)."""
    low = expression.lower()
    today = published.date()
    if low in _WEEKDAY_INDEX:
        back = (today.weekday() - _WEEKDAY_INDEX[low]) % 7
        return today + timedelta(days=(7 - back) % 7) if future else today - timedelta(days=back)
    when = dateparser.parse(expression, languages=["fr"], settings={
        "RELATIVE_BASE": published.replace(tzinfo=None), "PREFER_DATES_FROM": "future" if future else "past",
        "RETURN_AS_TIMEZONE_AWARE": False})
    return when.date() if when is not None else None


# --- speakers ---------------------------------------------------------------------------------


def gloss(text: str) -> str:
    """A French description of an actor in the English the registry reads: articles
    dropped, words glossed, a nationality adjective put before its noun ("les forces armées
    maliennes" -> "Malian armed forces"); names, acronyms and unknown words as written."""
    bare = re.sub(r"(?i)^(?:la|le|les|l')\s*", "", text.replace("’", "'").strip()).lower()
    if bare in _NAMES:
        return _NAMES[bare]
    for french, english in _PHRASE_GLOSS:
        text = french.sub(english, text)
    words = [w for w in re.split(r"\s+", text.replace("’", "'").strip()) if w]
    out: list[str] = []
    demonyms: list[str] = []
    adjectives: list[str] = []
    for raw in words:
        comma = raw.endswith(",")
        w = raw.strip(",;:.()")
        low = w.lower()
        if low.startswith(("l'", "d'")) and len(low) > 2:
            w, low = w[2:], low[2:]
        if low in ("de", "des", "du") and out:
            out.append("of")
            continue
        if low in _ARTICLES or low in _DROPPED or low in ("et",) and not out:
            continue
        nationality = next((en for stem, en in _DEMONYMS.items() if low.startswith(stem)), None)
        if nationality and not w[:1].isupper():
            demonyms.append(nationality)
            continue
        if low in _ADJECTIVES and out:
            adjectives.append(_ADJECTIVES[low])  # "un élu local": a local elected official
            continue
        out.append(GLOSS.get(low, w) + ("," if comma else ""))
    return " ".join(demonyms + adjectives + out).rstrip(",")


def _resolve(resolver: ActorResolver, text: str) -> Actor:
    """An actor from its French description: glossed first, then as written where it is a
    name ("Radio Okapi", "Hemedti"; a description like "la Coordination … à El Fasher" is
    not read for the capitalised place in it)."""
    words = [w for w in re.split(r"[\s,]+", text.strip()) if w]
    if words and words[0].lower() in ("radio", "rfi", "agence", "télévision", "journal", "quotidien"):
        return Actor(text.strip(), "media", "media", resolver.conflict, False)
    english = resolver.resolve(gloss(text))
    if english.kind == "person" and not english.registry and english.canonical \
            and english.canonical in text and not text.strip().startswith(english.canonical):
        english = Actor(None, "unknown", "none", resolver.conflict, False)  # a name inside a description
    if english.canonical and english.kind != "unknown":
        return english
    if not all(w[:1].isupper() or w.lower() in _PARTICLES for w in words):
        return english
    written = resolver.resolve(text)
    return written if written.canonical and written.kind != "unknown" else english


# --- reading ----------------------------------------------------------------------------------


class _Reader:
    """One French document's attributions, outlet voice and events."""

    def __init__(self, parsed: Doc, doc: Document, resolver: ActorResolver, places: list[Place],
                 published: datetime) -> None:
        self.parsed, self.doc, self.resolver, self.places, self.published = parsed, doc, resolver, places, published
        self.text = parsed.text
        self.outlet = publisher(resolver, doc.outlet) if doc.outlet else None

    def claims(self) -> list[Claim]:
        said = sorted(self._attributions(), key=lambda s: s.content)
        claims: list[Claim] = []
        last: tuple[tuple[int, int], Actor] | None = None
        for s in said:
            if s.source is not None and not self._speaker_like(s.source):
                s = _Said(None, s.cue, s.content, s.stance, s.sentence, s.order)
            written = self.text[s.source[0]:s.source[1]] if s.source else None
            actor = None
            if written is not None and _stands_for(written) and last is not None:
                # "il", "selon lui", "ce communiqué": the speaker named last
                s, actor, written = _Said(last[0], s.cue, s.content, s.stance, s.sentence, s.order), last[1], \
                    self.text[last[0][0]:last[0][1]]
            elif written is not None and not _stands_for(written):
                actor = _resolve(self.resolver, written)
                if actor.kind == "unknown":
                    actor = None  # a description no one can be read from: no speaker, not a junk one
                elif actor.canonical and s.source:
                    last = (s.source, actor)
            claims.append(self._claim(s, written if actor else None, actor))
        taken = [c.sentence_span for c in claims]
        claims += self._outlet_voice(taken)
        return claims

    def _speaker_like(self, span: tuple[int, int]) -> bool:
        """A noun phrase on one line that is no place ("avoir perdu deux soldats", "Ras
        al-Aïn" and a URL line are no speakers)."""
        text = self.text[span[0]:span[1]]
        tokens = list(self.parsed.char_span(span[0], span[1], alignment_mode="expand") or ())
        if "\n" in text or not tokens or any(t.like_url for t in tokens):
            return False
        if tokens[0].pos_ in ("VERB", "AUX", "ADP", "SCONJ") and tokens[0].lower_ not in _ARTICLES \
                or _DATE.fullmatch(tokens[0].text) or any(
                t.morph.get("VerbForm") and t.morph.get("VerbForm")[0] in ("Inf", "Fin") for t in tokens):
            return False  # "samedi avoir conquis la ville": a clause, not who speaks
        town = tokens[0].pos_ == "PROPN" and not names_an_actor(text) and resolve_name(
            text, PlaceContext(self.resolver.countries), embedded=False) is not None
        if town or any(p.span[0] <= span[0] and span[1] <= p.span[1] for p in self.places):
            return False  # "à Ras al-Aïn, a précisé …": a town is no speaker
        return any(t.pos_ in ("NOUN", "PROPN", "PRON") for t in tokens)

    # attributions

    def _attributions(self) -> Iterator[_Said]:
        seen: set[tuple[int, int]] = set()
        for sent in self.parsed.sents:
            for tok in sent:
                found = self._by_verb(tok, sent) or [s for s in [self._by_according(tok, sent)] if s is not None]
                for said in found:
                    if (said.content, said.order) not in seen and said.content[1] > said.content[0]:
                        seen.add((said.content, said.order))
                        yield said

    def _by_verb(self, verb: Token, sent: Span) -> list[_Said]:
        stance = _speech(verb)
        if stance is None:
            return []
        content = self._quoted_before(verb) or self._after_que(verb, sent) or self._infinitive(verb, sent) \
            or self._clause_before(verb, sent) or self._quoted_after(verb)
        if content is None:
            return []
        source = self._subject(verb, sent, content)
        sentence = (min(sent.start_char, content[0]), max(sent.end_char, content[1]))
        cue = (verb.idx, verb.idx + len(verb.text))
        listed = self._listed_after(source, sent) if source is not None and source[0] > verb.idx else []
        return [_Said(span, cue, content, stance, sentence, k) for k, span in enumerate([source, *listed])]

    def _listed_after(self, first: tuple[int, int], sent: Span) -> list[tuple[int, int]]:
        """The other speakers an inverted cue lists after the first ("ont affirmé à l'AFP un
        porte-parole des séparatistes, un élu local et un ancien travailleur de l'ONU"): each
        description that opens with a determiner after a comma or "et"."""
        found: list[tuple[int, int]] = []
        at = first[1]
        for _ in range(3):
            m = _LISTED.match(self.text, at, sent.end_char)
            if m is None:
                break
            found.append((m.start(1), m.end(1)))
            at = m.end(1)
        return found

    def _by_according(self, tok: Token, sent: Span) -> _Said | None:
        """"Selon lui, les mercenaires ont perdu…", "…, selon un élu local"."""
        low = tok.lower_
        if low not in ("selon",) and not (low in ("d'", "d’", "d") and tok.i + 1 < len(self.parsed)
                                        and self.parsed[tok.i + 1].lower_ == "après"):
            return None
        first = tok.i + (2 if low != "selon" else 1)
        end = first
        while end < sent.end and self.parsed[end].text not in (",", ".", ";", ":", "»", "«") \
                and self.parsed[end].lower_ not in ("qui", "que", "qu'", "qu’"):
            end += 1
        if end <= first:
            return None
        source = (self.parsed[first].idx, self.parsed[end - 1].idx + len(self.parsed[end - 1].text))
        if tok.i <= sent.start + 1:  # at the start: what follows the comma
            rest = end + 1 if end < sent.end and self.parsed[end].text == "," else end
            content = _trimmed(self.parsed, rest, sent.end)
        else:  # at the end: what came before it
            content = _trimmed(self.parsed, sent.start, tok.i)
        if content is None:
            return None
        return _Said(source, (tok.idx, self.parsed[first - 1].idx + len(self.parsed[first - 1].text)),
                     content, "assert", (sent.start_char, sent.end_char))

    def _quoted_before(self, verb: Token) -> tuple[int, int] | None:
        """A quotation that closes just before the cue ("«…», a affirmé X")."""
        for m in _QUOTE.finditer(self.text, max(0, verb.idx - 2000), verb.idx):
            gap = self.text[m.end():verb.idx]
            if re.fullmatch(r"\s*[,.]?\s*(?:(?:a|ont|avait|avaient|aurait)\s+)?", gap):
                group = next(g for g in range(1, 4) if m.group(g) is not None)
                return _inner(self.text, m.start(group), m.end(group))
        return None

    def _quoted_after(self, verb: Token) -> tuple[int, int] | None:
        """A quotation that opens just after the cue ("parle « d'au moins 15 morts »")."""
        end = verb.idx + len(verb.text)
        m = _QUOTE.search(self.text, end, end + 2000)
        if m is None or m.start() > end + 8 or not re.fullmatch(r"[\s,:]*(?:de|d['’])?\s*", self.text[end:m.start()]):
            return None
        group = next(g for g in range(1, 4) if m.group(g) is not None)
        return _inner(self.text, m.start(group), m.end(group))

    def _after_que(self, verb: Token, sent: Span) -> tuple[int, int] | None:
        """"affirment qu'elles ont quitté…": the clause after "que" (within four words)."""
        for k in range(verb.i + 1, min(verb.i + 6, sent.end)):
            if self.parsed[k].lower_ in ("que", "qu'", "qu’"):
                return _trimmed(self.parsed, k + 1, sent.end)
            if self.parsed[k].text in (".", "«", "\""):
                return None
        return None

    def _infinitive(self, verb: Token, sent: Span) -> tuple[int, int] | None:
        """"indique avoir amorcé…", "affirme avoir commencé…": the infinitive's clause."""
        for k in range(verb.i + 1, min(verb.i + 4, sent.end)):
            tok = self.parsed[k]
            if "Inf" in tok.morph.get("VerbForm") and tok.lower_ not in ("dire",):
                return _trimmed(self.parsed, k, sent.end)
            if tok.pos_ not in ("ADV", "PRON", "ADP", "DET", "NOUN", "PROPN") or tok.text in (",", "."):
                break
        return None

    def _clause_before(self, verb: Token, sent: Span) -> tuple[int, int] | None:
        """"L'armée a reculé, a déclaré un élu": the clause before the comma that precedes
        the cue (and its auxiliary)."""
        k = verb.i - 1
        while k >= sent.start and self.parsed[k].pos_ in ("AUX", "ADV", "PRON") and self.parsed[k].text != ",":
            k -= 1
        if k < sent.start or self.parsed[k].text != ",":
            return None
        return _trimmed(self.parsed, sent.start, k)

    def _subject(self, verb: Token, sent: Span, content: tuple[int, int]) -> tuple[int, int] | None:
        """The speaker: the subject before the cue, else the noun phrase after it."""
        interrupted = self._interrupted_subject(verb, sent)
        if interrupted is not None:
            return interrupted
        subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubj:pass") and c.i < verb.i
                    and not (content[0] <= c.idx < content[1])]
        if subjects:
            head = subjects[0]
            if head.lower_ in ("qui", "que") and head.head.dep_.startswith("acl") and head.head.head is not None:
                head = head.head.head
            left = min(t.i for t in head.subtree if not t.is_punct or t.i == head.i)
            right = max(t.i for t in head.subtree if t.dep_ not in ("acl:relcl", "acl") or t.i == head.i)
            return _trimmed(self.parsed, left, right + 1)
        if "Pass" in verb.morph.get("Voice") or any(c.dep_ == "aux:pass" for c in verb.children):
            agent = next((c for c in verb.children if c.dep_ == "obl:agent"), None)
            if agent is not None:
                return _trimmed(self.parsed, agent.left_edge.i + 1, agent.right_edge.i + 1)
        if verb.lower_.endswith("ant") and verb.head.i != verb.i and verb.head.i < verb.i:
            # "Wagner a diffusé des détails, confirmant des pertes": the main clause's subject
            return self._subject(verb.head, sent, content)
        if verb.i > sent.start and self.parsed[verb.i - 1].lower_ in ("-t-il", "-t-elle", "-il", "-elle", "t-il"):
            tok = self.parsed[verb.i - 1]
            return tok.idx, tok.idx + len(tok.text)
        return self._before(verb, sent, content) or self._after(verb, sent)

    def _interrupted_subject(self, verb: Token, sent: Span) -> tuple[int, int] | None:
        """"Le Rwanda, qui a lancé mercredi une offensive, a annoncé …": the noun phrase
        that opens the sentence, before a relative clause between commas that ends just
        before the cue (the small parser takes the clause's object for the subject)."""
        tokens = list(sent)
        comma = next((t.i for t in tokens if t.text == ","), None)
        if comma is None or comma + 1 >= sent.end or self.parsed[comma + 1].lower_ not in ("qui", "dont"):
            return None
        k = verb.i - 1
        while k > comma and self.parsed[k].pos_ in ("AUX", "ADV"):
            k -= 1
        if self.parsed[k].text != "," or k == comma:
            return None
        return _trimmed(self.parsed, sent.start, comma)

    def _before(self, verb: Token, sent: Span, content: tuple[int, int]) -> tuple[int, int] | None:
        """The noun phrase that opens the clause of a cue the parse gave no subject ("Un
        ancien travailleur de l'ONU parle …"), up to its first conjunct."""
        k = verb.i - 1
        while k >= sent.start and (self.parsed[k].pos_ in ("AUX", "ADV") or self.parsed[k].lower_ in ("ne", "n'")):
            k -= 1
        end = k + 1
        while k >= sent.start and self.parsed[k].text not in (",", ":", ";", "«", "»", "\"", "—", "(") \
                and self.parsed[k].lower_ not in ("que", "qu'", "qu’") and self.parsed[k].text != "\n":
            k -= 1
        start = k + 1
        if start >= end or content[0] <= self.parsed[start].idx < content[1]:
            return None
        words = self.parsed[start:end]
        cut = next((t.i for t in words if t.lower_ in ("et", "ainsi", "qui") and t.i > start), end)
        return _trimmed(self.parsed, start, cut)

    def _after(self, verb: Token, sent: Span) -> tuple[int, int] | None:
        """The noun phrase after an inverted cue, past "à l'AFP" and the like, with its
        apposition ("Mohamed X, porte-parole des rebelles"), up to a relative clause."""
        k = verb.i + 1
        while k < sent.end and (self.parsed[k].pos_ == "ADV" or _DATE.fullmatch(self.parsed[k].text)):
            k += 1
        while k < sent.end and self.parsed[k].lower_ in ("à", "au", "aux", "depuis"):
            # "à l'AFP", "depuis Rutshuru": whom it was said to, or where from
            k += 1
            while k < sent.end and self.parsed[k].pos_ in ("DET", "PROPN", "NOUN") and self.parsed[k].text != ",":
                k += 1
                if self.parsed[k - 1].pos_ in ("PROPN", "NOUN"):
                    break
        if k < sent.end and self.parsed[k].lower_ in ("-t-il", "-t-elle", "-il", "-elle", "il", "elle"):
            return self.parsed[k].idx, self.parsed[k].idx + len(self.parsed[k].text)
        start = k
        commas = 0
        while k < sent.end:
            tok = self.parsed[k]
            if tok.lower_ in ("qui", "que", "qu'", "dans", "après", "lors", "en", "et") \
                    or tok.text in (".", ";", ":", "«", "\"") or tok.lower_.endswith("ant") and k > start:
                break  # a relative clause, a date, another speaker, "… ajoutant que"
            if tok.text == ",":
                commas += 1
                # a name may take its title after a comma ("X, porte-parole des rebelles");
                # after a description, a comma lists another speaker
                if commas > 1 or self.parsed[k - 1].pos_ != "PROPN":
                    break
            k += 1
        return _trimmed(self.parsed, start, k)

    # claims and events

    def _claim(self, s: _Said, written: str | None, actor: Actor | None) -> Claim:
        outlet = self.doc.outlet
        chain = relay_chain(written, actor, None, outlet)
        if s.source is not None and actor is None:
            chain = (UNNAMED, *chain)
        return Claim(
            # one claim per listed speaker: the second and later are told apart by where they are named
            id=claim_id(self.doc.id, s.content, s.cue if not s.order or s.source is None else s.source),
            document_id=self.doc.id,
            sentence=self.text[s.sentence[0]:s.sentence[1]].strip(),
            sentence_span=s.sentence,
            span=s.content,
            evidence=self.text[s.content[0]:s.content[1]],
            source=source_ref(written, s.source if actor else None, actor),
            cue=self.text[s.cue[0]:s.cue[1]],
            cue_span=s.cue,
            stance=s.stance,
            quote=None,
            channel=None,
            chain=chain,
            attributed=True,
            extractor=EXTRACTOR,
            events=tuple(self._events(s.content, s.sentence, actor, s.stance, attributed=True)),
        )

    def _outlet_voice(self, taken: Sequence[tuple[int, int]]) -> list[Claim]:
        out = []
        for sent in self.parsed.sents:
            span = _trimmed(self.parsed, sent.start, sent.end)
            if span is None or any(a < span[1] and span[0] < b for a, b in taken):
                continue
            events = tuple(self._events(span, span, self.outlet, "assert", attributed=False))
            if not events:
                continue
            out.append(Claim(
                id=claim_id(self.doc.id, span, None), document_id=self.doc.id,
                sentence=self.text[span[0]:span[1]], sentence_span=span, span=span,
                evidence=self.text[span[0]:span[1]],
                source=source_ref(None, None, self.outlet) if self.outlet
                else SourceRef(None, None, None, "media", "media"),
                cue=None, cue_span=None, stance="assert", quote=None, channel=None,
                chain=(self.doc.outlet,) if self.doc.outlet else (), attributed=False, extractor=EXTRACTOR,
                events=events,
            ))
        return out

    def _events(self, content: tuple[int, int], sentence: tuple[int, int], source: Actor | None, stance: str,
                attributed: bool) -> Iterator[Event]:
        """One event per sentence of what is said (a quotation often holds several:
        "Nous contrôlons la ville. Les soldats ont fui.")."""
        quoted = self.text[:content[0]].rstrip()[-1:] in ("«", "“", "\"")
        for sent in self.parsed.sents:
            piece = (max(sent.start_char, content[0]), min(sent.end_char, content[1]))
            if piece[0] < piece[1]:
                yield from self._piece_events(piece, content, sentence, source, stance, attributed, quoted)

    def _piece_events(self, piece: tuple[int, int], content: tuple[int, int], sentence: tuple[int, int],
                      source: Actor | None, stance: str, attributed: bool, quoted: bool) -> Iterator[Event]:
        found = self._trigger(piece)
        if found is None:
            return
        kind, trigger, start, end = found
        agent = self._agent(kind, trigger, piece, source, stance, quoted)
        modality = self._modality(trigger, attributed)
        place = self._place(piece, content, sentence, start)
        future = modality == "possible"
        time = french_time(self.text, piece, sentence, self.published, future)
        count = _count(self.text[max(piece[0], start - 40):start]) if kind == "CASUALTIES" else None
        facility = _facility(self.text[end:piece[1]]) if kind in ("CONTROL", "ENTER", "ATTACK") else None
        yield Event(kind, modality, agent, None, facility, place, time, self.text[start:end], (start, end), count)
        behind = self._strike_behind(kind, trigger, piece)
        if behind is not None:
            yield Event("ATTACK", modality, behind[0], None, None, place, time, behind[1], behind[2])

    def _trigger(self, content: tuple[int, int]) -> tuple[str, Token | None, int, int] | None:
        """The first event word of the content, or an event phrase ("mouvement rétrograde")."""
        phrase = min(((m.start(), m.end(), kind) for pattern, kind in _PHRASES
                      for m in pattern.finditer(self.text, content[0], content[1])), default=None)
        for tok in self.parsed.char_span(content[0], content[1], alignment_mode="expand") or ():
            if phrase is not None and tok.idx >= phrase[0]:
                break
            if tok.pos_ == "VERB" and tok.lower_.startswith(_SUFFERED) and any(c.dep_ == "nsubj" for c in tok.children):
                return "ATTACK", tok, tok.idx, tok.idx + len(tok.text)  # struck, by its enemy (_agent)
            kind = _event_kind(tok)
            if kind == "WITHDRAW" and tok.lower_.startswith(("quitt", "perd")) and not self._left_a_place(tok):
                continue  # "quitté la réunion", "perdu deux soldats": no place given up
            if kind is not None:
                return kind, tok, tok.idx, tok.idx + len(tok.text)
        if phrase is not None:
            tok = self.parsed.char_span(phrase[0], phrase[1], alignment_mode="expand")
            head = tok.root if tok is not None else None
            return phrase[2], head, phrase[0], phrase[1]
        return None

    def _focus_town(self) -> list[Place]:
        """The town the report is about: the one it names most (the first among equals)."""
        named = [p for p in self.places if p.geonames_id and p.feature not in REGIONS
                 and not _region_named(self.text, p.span[0])]
        counts = {p.geonames_id: sum(1 for q in named if q.geonames_id == p.geonames_id) for p in named}
        return [max(named, key=lambda p: counts[p.geonames_id])] if named else []

    def _left_a_place(self, verb: Token) -> bool:
        return any(c.dep_ == "obj" and (c.lower_ in _LEFT_PLACES or c.lemma_.lower() in _LEFT_PLACES
                                        or c.ent_type_ == "LOC" or any(p.span[0] == c.idx for p in self.places))
                   for c in verb.children)

    def _agent(self, kind: str, trigger: Token | None, content: tuple[int, int], source: Actor | None,
               stance: str, quoted: bool = False) -> ActorRef | None:
        verb = trigger
        if verb is not None and verb.pos_ != "VERB" and verb.head.pos_ == "VERB" and verb.dep_ == "obj":
            verb = verb.head  # "ont amorcé un mouvement rétrograde": the movement's subject
        subject = None
        if verb is not None:
            passive = any(c.dep_ == "aux:pass" for c in verb.children)
            # the killer of deaths is the passive's "par X" (the subject is the dead); "sont
            # entrés" is no passive but a verb of motion with "être", whose subject moved
            motion = verb.lower_.startswith(_MOTION)
            subject = next((c for c in verb.children if c.dep_ == ("obl:agent" if passive and not motion else "nsubj")
                            or motion and c.dep_ == "nsubj:pass"), None)
        if subject is not None and subject.lower_ in _FIRST_PERSON | _PRONOUNS | {"qui"}:
            # "nous" is the speaker's side; "elles", said of a force in its own report ("les
            # FAMa affirment qu'elles ont quitté"), the force; in a quotation "ils" are others
            own = subject.lower_ in _FIRST_PERSON or not quoted and source is not None \
                and source.kind in ("armed_group", "military", "government")
            if own and source is not None and source.canonical and is_party(source.side):
                return ActorRef(subject.text, source.canonical, source.side)
            return None
        if subject is not None:
            text = _phrase_text(subject)
            actor = _resolve(self.resolver, text)
            for other in (c for c in subject.children if c.dep_ == "conj") if not actor.canonical or \
                    actor.kind == "unknown" else ():
                # "les mercenaires russes et les forces armées maliennes": a conjunct we know
                text, actor = _phrase_text(other), _resolve(self.resolver, _phrase_text(other))
                if actor.canonical and actor.kind != "unknown":
                    break
            if trigger is not None and trigger.lower_.startswith(_SUFFERED):
                # "l'armée a subi de lourdes pertes": the army was struck, by its enemy
                enemy = self.resolver.opponent(actor.side) if is_party(actor.side) else None
                return side_actor(self.resolver, enemy) if enemy else None
            if actor.canonical and actor.kind != "unknown":
                return ActorRef(text, actor.canonical, actor.side)
            if kind in ("CASUALTIES",):
                return None
        if kind == "ATTACK":
            side = self.resolver.wielder(_means(self.text[content[0]:content[1]]))
            if side:
                return side_actor(self.resolver, side)
        if source is None or not is_party(source.side) or subject is not None or kind == "CASUALTIES":
            return None
        if _infinitive_start(self.parsed, content):
            # "indique avoir amorcé un repli", "affirme avoir commencé une campagne aérienne",
            # "a démenti avoir perdu la ville": the infinitive's subject is the speaker
            return side_actor(self.resolver, source.side)
        if kind in ("CONTROL", "ENTER", "WITHDRAW") and stance != "deny":
            return side_actor(self.resolver, source.side)  # a party's own gain or own withdrawal
        return None

    def _strike_behind(self, kind: str, trigger: Token | None, content: tuple[int, int]
                       ) -> tuple[ActorRef | None, str, tuple[int, int]] | None:
        """"tués par des tirs de drones": the deaths' cause is an attack too."""
        if kind != "CASUALTIES":
            return None
        m = re.search(r"(?i)\bpar\s+(?:des|une|un|les|la|le|l['’])?\s*((?:tirs|frappes?|bombardements?|attaques?|"
                      r"raids?)\b[^,.;]{0,40})", self.text[content[0]:content[1]])
        if m is None:
            return None
        start, end = content[0] + m.start(1), content[0] + m.end(1)
        side = self.resolver.wielder(_means(m.group(1)))
        return (side_actor(self.resolver, side) if side else None), self.text[start:end], (start, end)

    def _modality(self, trigger: Token | None, attributed: bool) -> str:
        if trigger is not None:
            words = list(trigger.children) + ([trigger.head] if trigger.dep_ in ("obj", "xcomp") else [])
            if any(t.lower_ in _NEGATION for t in words) or any(
                    t.lower_ in _NEGATION for t in trigger.head.children if trigger.dep_ == "obj"):
                return "negated"
            auxes = [c for c in trigger.children if c.pos_ == "AUX"] + [trigger]
            if any("Fut" in t.morph.get("Tense") or "Cnd" in t.morph.get("Mood") for t in auxes):
                return "possible"
        return "claimed" if attributed else "happened"

    def _place(self, piece: tuple[int, int], content: tuple[int, int], sentence: tuple[int, int],
               trigger: int) -> dict[str, object] | None:
        """Where: a town named in this sentence of what is said, else in all of it, else in
        the claim's sentence, else the town last named before (the dispatch's own town, as
        "L'armée a reculé", said of it); a country only where no town is named at all."""
        def towns(lo: int, hi: int) -> list[Place]:
            return [p for p in self.places if lo <= p.span[0] < hi and p.geonames_id
                    and p.feature not in REGIONS and not _region_named(self.text, p.span[0])]

        countries = [p for p in self.places if content[0] <= p.span[0] < content[1] and p.geonames_id]
        found = towns(*piece) or towns(*content) or towns(*sentence) or self._focus_town() or countries
        return place_json(found[0]) if found else None


def _stands_for(written: str) -> bool:
    """A speaker that stands for one named before: a pronoun, or "le/ce communiqué"."""
    words = written.strip().lower().replace("’", "'").split()
    words = [w.removeprefix("-t-").removeprefix("-").removeprefix("t-") for w in words]
    return bool(words) and (words[0] in _PRONOUNS or words[0] in _POSSESSIVES and len(words) <= 3
                            or words[-1] in ("communiqué", "texte", "document")
                            and len(words) <= 2)


def _facility(after: str) -> str | None:
    """A facility taken or struck, named just after the event word ("ont pris le contrôle de
    l'aéroport de Goma"), in the English the store keys facilities by."""
    m = _FACILITY.match(after)
    return _FACILITIES[m.group(1).lower()] if m else None


def _infinitive_start(parsed: Doc, span: tuple[int, int]) -> bool:
    """What is said opens with an infinitive ("avoir perdu…", "s'être retiré…")."""
    words = [t for t in parsed.char_span(span[0], span[1], alignment_mode="expand") or () if not t.is_punct][:2]
    return bool(words) and any("Inf" in t.morph.get("VerbForm") for t in words[:2]) and (
        "Inf" in words[0].morph.get("VerbForm") or words[0].lower_ in ("s'", "s’", "se"))


def _region_named(text: str, start: int) -> bool:
    """"la région de Kidal", "la province de X": a region named after its town."""
    return re.search(r"(?i)\b(?:région|province|cercle|wilaya|préfecture|département)\s+(?:de|du|d['’])\s*$",
                     text[max(0, start - 20):start]) is not None


def _phrase_text(head: Token) -> str:
    """A noun phrase without its relative clauses and without a second conjunct ("l'armée
    et ses alliés" is the army)."""
    cut = min((c.left_edge.i for c in head.children if c.dep_ in ("conj", "cc", "acl:relcl", "acl") and c.i > head.i),
              default=head.right_edge.i + 1)
    words = [t for t in head.subtree if t.i < cut]
    return " ".join(t.text for t in words)


def _speech(tok: Token) -> str | None:
    """The stance of a verb of saying (by the stem of its written form), else None. The
    small model tags many such verbs NOUN or ADJ ("parle", "contrôlent"): a form that
    ends like a verb counts whatever its tag, one that ends like a noun ("déclaration",
    "rapport") never does."""
    low = tok.lower_
    if tok.pos_ not in ("VERB", "AUX") and (low.endswith(_NOUN_ENDINGS) or not low.endswith(_VERB_ENDINGS)):
        return None
    if low in _DENY_FORMS:
        return "deny"
    return next((stance for stem, stance in SPEECH.items() if low.startswith(stem)), None)


def _event_kind(tok: Token) -> str | None:
    low = tok.lower_
    if tok.pos_ in ("PUNCT", "DET", "ADP", "PRON", "CCONJ", "NUM") or low.startswith(_NOT_EVENTS):
        return None
    return next((kind for stem, kind in EVENT_WORDS.items() if low.startswith(stem)), None)


def _means(text: str) -> list[str]:
    words = re.findall(r"\w+", text.lower())
    return [en for fr, en in _MEANS if any(w == fr or w.startswith(fr) and fr != "char" for w in words)]


def _count(before: str) -> int | None:
    numbers = re.findall(r"\d+", before)
    return int(numbers[-1]) if numbers else None


def _inner(text: str, start: int, end: int) -> tuple[int, int]:
    """A quotation's span without the spaces inside its marks ("« Nous … »")."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _trimmed(parsed: Doc, start: int, end: int) -> tuple[int, int] | None:
    """Character span of tokens ``start:end`` without edge punctuation and spaces."""
    while start < end and (parsed[start].is_punct or parsed[start].is_space):
        start += 1
    while end > start and (parsed[end - 1].is_punct or parsed[end - 1].is_space):
        end -= 1
    if start >= end:
        return None
    return parsed[start].idx, parsed[end - 1].idx + len(parsed[end - 1].text)
