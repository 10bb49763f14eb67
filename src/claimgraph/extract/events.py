"""Events: what a claim says happened (type, agent, target, facility, place, time, modality).

A pure function of the parsed document, the claim's attribution, and the places and times
already found in the document. The trigger nearest the head of the claimed content
decides the type; a list of places under one trigger ("four cities: Daraa, Quneitra,
Suwayda and Homs") gives one event per place.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from spacy.tokens import Doc, Span, Token

from claimgraph.extract import ontology
from claimgraph.extract.actors import Actor, ActorResolver
from claimgraph.extract.attribution import span_tokens, stranded_speaker_of
from claimgraph.extract.vocabulary import _RELATIVE, _ROLE_HEADS
from claimgraph.geo.gazetteer import fold
from claimgraph.geo.places import REGIONS, Place
from claimgraph.model import ActorRef, Event
from claimgraph.nlp.table import TokenTable, token_table
from claimgraph.sides import THIRD_PARTY, is_party
from claimgraph.time.resolver import TimeRef, time_for

_INTENT_AUX = frozenset("will shall would".split())
_POSSIBLE = frozenset("may might could".split())
_POSSIBLE_VERBS = frozenset("think consider weigh mull plan".split())
_ONGOING = frozenset("continue begin start keep".split())
_CLAIM_HEADS = frozenset("claim allege say report".split())
_FIRM = ("happened", "claimed")
# Verbs whose complement has not happened yet: "ordered the troops to withdraw", "prepares to
# pull out", "seek to retake": an order or a plan is not the event ("decided to withdraw",
# told after the fact, usually reports a withdrawal made, and stays one).
_INTENT_HEADS = frozenset(
    "vow pledge plan intend threaten promise order prepare seek try attempt aim want hope propose recommend "
    "urge decision".split()
)
# An event in an infinitive ("pushing to control", "advanced to capture", "ready to seize",
# "an offensive to retake") is a goal, not a deed, except after verbs that say it came
# about ("managed to retake", "were forced to retreat") or says it did not ("failed to
# capture", "refused to withdraw"). Raising and reporting verbs ("is said to have taken",
# "is believed to have") are read by the hedges and claims, not here.
_DONE_HEADS = frozenset("manage succeed help force compel oblige go come happen begin start continue keep get".split())
_FAILED_HEADS = frozenset("fail refuse decline".split())
_RAISING_HEADS = frozenset("seem appear believe report say think know expect claim allege".split())
_READY = frozenset("ready poised set determined eager prepared willing keen".split())
_ATTEMPT_NOUNS = frozenset("bid attempt effort push drive offensive operation campaign plan attack assault".split())
# Accusing someone of a deed names the accused as its agent ("accused Rwanda of occupying").
_ACCUSING = frozenset("accuse blame charge condemn".split())
# Words that leave a clause open: "it remains unclear who controls the city", "it is not
# known whether the troops withdrew": a possibility, not a report that it happened.
_UNKNOWN = frozenset("unclear uncertain unknown unconfirmed".split())
# Control nouns whose modifier names who holds ("SAF control", "Russian occupation").
_HELD = frozenset("control occupation".split())
# Lower-case modifiers of "control" that still name a side ("under rebel control").
_SIDE_MODIFIERS = frozenset("junta rebel regime government army military militia paramilitary".split())
# Conjunctions of a clause that sets the scene for the main one ("after the army fled").
_SCENE_MARKS = frozenset("after before as when while since once".split())
# What a force abandons when it withdraws ("abandoned its positions"), besides a place.
_POSTS = frozenset("position positions post posts base bases checkpoint checkpoints".split())
_ROUTES = frozenset("road roads highway route routes path".split())
_TAKEN_PLACES = ontology.FACILITY_WORDS | frozenset("city town village capital district neighbourhood neighborhood".split())
_CAPITAL = re.compile(r"\bthe (?:\w+ )?capital(?: city)?\b", re.IGNORECASE)
_NUMBER_WORDS = {w: i for i, w in enumerate("zero one two three four five six seven eight nine ten eleven twelve".split())}


@dataclass(frozen=True, slots=True)
class EventContext:
    """Document-level facts every claim's events draw on."""

    doc: Doc
    places: Sequence[Place]
    times: Sequence[TimeRef]
    published: datetime
    resolver: ActorResolver
    capital: Place | None  # the focus country's capital, for "the capital city"
    dateline: Place | None  # where the report was filed
    country: Place | None  # the focus country


def claim_events(
    ctx: EventContext,
    content: tuple[int, int],
    source: Actor | None,
    stance: str,
    attributed: bool,
    denied: tuple[int, int] | None = None,
) -> tuple[Event, ...]:
    """The events a claim's content describes (none when it describes no event)."""
    tokens = span_tokens(ctx.doc, *content)
    named = frozenset(p.span[0] for p in ctx.places if p.geonames_id is not None)
    found = _trigger(tokens, named)
    if found is None and denied is not None:
        found = _trigger(span_tokens(ctx.doc, *denied), named)
    if found is None:
        if not _intent(tokens):
            return ()
        found = (ontology.STATEMENT_FALLBACK, _head(tokens))
    kind, trigger = found
    if trigger is None or any(c.dep_ == "mark" and c.lower_ in _UNREALIZED for c in trigger.children):
        return ()  # "crushed before they reached the city": it did not happen
    agent = _agent(ctx, trigger, kind, source, stance)
    if stance == "deny" and kind in ("CONTROL", "ENTER") and _own_side(agent, source):
        # "These claims are baseless," the ministry said, adding that the army was in full
        # control: a party does not deny its own hold; it denies the enemy's.
        agent = _implied_agent(ctx, source, stance, kind)
    if kind == "DEPART" and _a_force(ctx, agent):
        kind = "WITHDRAW"  # "Kurdish fighters were leaving the town": a force pulling out, not a flight
    modality = _modality(trigger, tokens, attributed)
    if kind == "ATTACK" and stance == "assert" and _fighting_inside(trigger) and _own_side(agent, source):
        # "our units are still fighting in Bakhmut", said by that side: it has not lost the
        # town, so it contests the rival's hold (a weak claim of its own, never a firm one)
        kind, modality = "CONTROL", "ongoing"
    time = time_for(ctx.doc, content, ctx.published, ctx.times).as_dict()
    places = _places(ctx, content, trigger, kind, _agent_span(trigger)) or [None]
    if kind == "WITHDRAW" and modality in _FIRM and all(p is not None and p.feature in REGIONS for p in places):
        # "repositioned its units in North Kivu province": a move inside a region or a
        # country names no town given up, so it admits the loss of none
        modality = "possible"
    facility = _facility(trigger, ctx.places) if kind in ("CONTROL", "ATTACK", "ENTER") else None
    count = _count(trigger) if kind == "CASUALTIES" else None
    events = tuple(
        Event(
            type=kind,
            modality=modality,
            agent=agent,
            target=_target(ctx, trigger, kind),
            facility=facility or (_periphery(ctx.doc, p) if kind in ("CONTROL", "ATTACK", "ENTER") else None),
            place=place_json(p),
            time=time,
            trigger=trigger.text,
            trigger_span=(trigger.idx, trigger.idx + len(trigger.text)),
            count=count,
        )
        for p in places
    )
    behind = _strike_behind(ctx, events, trigger, source, stance) or _killers_attack(ctx, events, trigger)
    return events + _conceded(ctx, events, trigger, source, stance) + behind


def _killers_attack(ctx: EventContext, events: Sequence[Event], trigger: Token) -> tuple[Event, ...]:
    """"The separatists said they killed 84 Wagner fighters": deaths a party's armed force
    inflicted (the subject of an active verb, or the passive's "by") are that force's attack
    too (ACLED codes the battle, PLOVER the ASSAULT), at the same place and time. The dead
    themselves ("two soldiers were killed"), a killer no one knows, or a person, are not."""
    if not events or events[0].type != "CASUALTIES" or trigger.pos_ != "VERB":
        return ()
    agent = events[0].agent
    if agent is None or not is_party(agent.side) or not _a_force(ctx, agent):
        return ()
    active = any(c.dep_ == "nsubj" for c in trigger.children)
    by = _by_phrase(trigger)
    if not active and not (by is not None and agent.text and agent.text in _phrase(by)):
        return ()
    return tuple(replace(e, type="ATTACK", count=None) for e in events)


def _strike_behind(ctx: EventContext, events: Sequence[Event], trigger: Token, source: Actor | None,
                   stance: str) -> tuple[Event, ...]:
    """"21 people were killed by drone strikes", "an airstrike killed 12": the deaths and,
    beside them, the strike that caused them (ACLED's remote violence, PLOVER's ASSAULT),
    with its own attacker where its words or means name one."""
    if not events or events[0].type != "CASUALTIES":
        return ()
    causes = [c for c in trigger.children if c.dep_ == "nsubj"]
    causes += [g for c in trigger.children if c.dep_ in ("agent", "prep") and c.lower_ in ("by", "in")
               for g in c.children if g.dep_ == "pobj"]
    cause = next((c for c in causes if ontology.NOUN_TRIGGERS.get(c.lemma_.lower()) == "ATTACK"
                  or ontology.NOUN_TRIGGERS.get(c.lower_) == "ATTACK" or _weapon(c)), None)
    if cause is None:
        return ()
    # a cause the dead were killed "by" has no subject of its own: the clause's is the dead
    agent = _agent(ctx, cause, "ATTACK", source, stance) if cause.dep_ == "nsubj" else _wielder(ctx, cause, None)
    if agent is None:  # "an army airstrike", "Russian drone strikes": the strike's own modifier
        for mod in (c for c in cause.children if c.dep_ in ("compound", "amod") and c.i < cause.i):
            actor = _resolved(ctx, mod)
            if actor.canonical and is_party(actor.side):
                agent = ActorRef(mod.text, actor.canonical, actor.side)
                break
    return tuple(replace(e, type="ATTACK", agent=agent, count=None, trigger=cause.text,
                         trigger_span=(cause.idx, cause.idx + len(cause.text))) for e in events)


def _weapon(tok: Token) -> bool:
    """A weapon that kills by itself ("killed by an improvised explosive device", "a
    roadside bomb", "a landmine"): the deaths are an attack too."""
    lemma = tok.lemma_.lower()
    if lemma == "device":
        return any(c.lower_ in ("explosive", "incendiary") for c in tok.children)
    return lemma in ontology.WEAPONS or tok.lower_ in ontology.WEAPONS


def _a_force(ctx: EventContext, agent: ActorRef | None) -> bool:
    """An armed force (an army, an armed group, "fighters"), not a person or a population."""
    if agent is None:
        return False
    words = (agent.text or "").lower().split()
    if words and words[-1] in _OWN_FORCES:
        return True
    return ctx.resolver.kind_of(agent.canonical) in ("armed_group", "military")


def _conceded(ctx: EventContext, events: Sequence[Event], trigger: Token, source: Actor | None,
              stance: str) -> tuple[Event, ...]:
    """A party vowing to retake a place says the rival holds it now ("we will de-occupy
    Bakhmut", "the RSF vowed to recapture Wad Madani"): beside the intention, the rival's
    control as that party states it, which the status rules read as the harmed side's
    admission. Only the party's own intention, only verbs of taking back."""
    if stance != "assert" or source is None or not is_party(source.side) or source.side == THIRD_PARTY:
        return ()
    lemma = ontology.IRREGULAR_PAST.get(trigger.lower_, trigger.lemma_.lower())
    prefix = _hyphen_prefix(trigger)
    if not (lemma in _TAKING_BACK or (lemma == "occupy" and prefix is not None and prefix.lower_ == "de")):
        return ()
    rival = _side_actor(ctx, ctx.resolver.opponent(source.side))
    if rival is None:
        return ()
    return tuple(
        replace(e, modality="claimed", agent=rival)
        for e in events
        if e.type == "CONTROL" and e.modality == "intended" and e.place is not None and _own_side(e.agent, source)
    )


# --- triggers ------------------------------------------------------------------------


def _trigger(tokens: Sequence[Token], places: frozenset[int] = frozenset()) -> tuple[str, Token] | None:
    """The event trigger closest to the content's head (breadth-first over the parse);
    ``places`` are the start offsets of the document's resolved place names."""
    if not tokens:
        return None
    doc = tokens[0].doc
    table = token_table(doc)
    inside = {t.i for t in tokens}
    queue = deque(t.i for t in tokens if table.head[t.i] not in inside or table.head[t.i] == t.i)
    background: deque[int] = deque()  # "... in full control of Kosti after the army fled"
    seen: set[int] = set()
    while queue or background:
        i = queue.popleft() if queue else background.popleft()
        if i in seen:
            continue
        seen.add(i)
        kind = _trigger_type(table, i, places)
        if kind:
            return kind, doc[i]
        for c in table.children(i):
            if c in inside:
                (background if _subordinate(table, c) else queue).append(c)
    return None


def _antecedent(table: TokenTable, i: int) -> int:
    """What a relative pronoun stands for ("a helicopter that was captured"): the noun its
    clause describes; any other token is itself."""
    if table.lower[i] in ("that", "which") and table.dep[table.head[i]] == "relcl":
        return table.head[table.head[i]]
    return i


def _counted(table: TokenTable, i: int) -> int:
    """What a quantity or container noun holds ("a cache of weapons", "a number of
    villages"): its "of" object, else the noun itself."""
    if table.lemma[i] not in ontology.QUANTITIES:
        return i
    of = next((c for c in table.children(i) if table.dep[c] == "prep" and table.lower[c] == "of"), None)
    held = next((c for c in table.children(of) if table.dep[c] == "pobj"), None) if of is not None else None
    return held if held is not None else i


def _subordinate(table: TokenTable, i: int) -> bool:
    """A clause that sets the scene for the main one ("after the army fled", "as the
    rebels advanced"): its event is tried only when the main clause has none."""
    return table.dep[i] == "advcl" and any(
        table.dep[c] == "mark" and table.lower[c] in _SCENE_MARKS for c in table.children(i))


def _trigger_type(table: TokenTable, i: int, places: frozenset[int] = frozenset()) -> str | None:
    """The event type token ``i`` triggers (read from the table: every content token is tried)."""
    lemma, pos = table.lemma[i], table.pos[i]
    lemma = ontology.IRREGULAR_PAST.get(table.lower[i], lemma)  # "retook" tagged as present
    if pos in ("VERB", "AUX"):
        children = table.children(i)
        if lemma == "take" and any(table.dep[c] == "dobj" and _place_object(table, c, places) for c in children):
            return "CONTROL"  # "Russian forces took Bakhmut", "took the airport"
        if lemma == "abandon" and any(table.dep[c] == "dobj" and (
                _place_object(table, c, places) or table.lemma[c] in _POSTS) for c in children):
            return "WITHDRAW"  # "the army abandoned its positions in the town"; not "their homes"
        for child in children:
            key = (lemma, table.lemma[child])
            if key in ontology.PHRASAL and table.dep[child] in ("dobj", "prt", "prep", "xcomp", "pcomp", "advmod"):
                return ontology.PHRASAL[key]
        if lemma in ("take", "gain", "seize", "hold") and any(table.lemma[c] == "control" for c in children):
            return "CONTROL"
        if lemma in ontology.PLACE_SUBJECT_TRIGGERS:
            return "CONTROL"
        if lemma == "leave" and _departure(table.doc[i]):
            return "DEPART"
        if lemma == "lose" and _lost_place(table, children):
            return "WITHDRAW"  # "we lost Wad Madani": the loser's withdrawal, its opponent's gain
        verb_kind = ontology.VERB_TRIGGERS.get(lemma)
        if verb_kind == "CONTROL" or lemma == "take":
            objects = [_counted(table, _antecedent(table, c)) for c in children if table.dep[c] in ("dobj", "nsubjpass")]
            if table.dep[i] == "acl" and table.tag[i] == "VBN":
                objects.append(_counted(table, table.head[i]))  # "equipment seized last year"
            if objects and all(table.lemma[c] in ontology.NOT_TERRITORY for c in objects):
                if lemma in _CAPTURING and all(table.lemma[c] in ontology.PEOPLE for c in objects):
                    return "ARREST"  # "two commanders had been captured": people, not a town
                return None  # "seized weapons in Gao", "held talks in Gao": no territory changed hands
        if verb_kind == "ATTACK" and any(
                table.dep[c] == "nsubj" and table.lemma[c] in ontology.CROWDS for c in children):
            return "PROTEST"  # "rioters clashed with police": a riot, not an armed attack
        if lemma in _REPELLING and any(table.dep[c] == "dobj" and ontology.NOUN_TRIGGERS.get(table.lemma[c]) == "ATTACK"
                                       for c in children):
            return None  # "the army repelled an assault on Sennar": the assault is the event, not the army's
        return verb_kind
    if pos in ("NOUN", "PROPN", "ADJ"):
        if table.dep[i] in ("compound", "amod", "nmod") and table.pos[table.head[i]] == "NOUN":
            return None  # "a 'liberation campaign'", "withdrawal plans": names another thing
        if pos == "PROPN" and table.doc[i].ent_type_ in _NAME_LABELS:
            return None  # "the Palestine Liberation Organization": a word of a name
        if lemma == "control" and _governed_by(table, i, {"lose", "loss"}):
            return "WITHDRAW"  # "admitted the loss of control of the city", "lost control of"
        kind = ontology.NOUN_TRIGGERS.get(lemma) or ontology.NOUN_TRIGGERS.get(table.lower[i])
        if kind == "ATTACK" and lemma in ("strike", "strikes") and _labour_strike(table, i):
            return "PROTEST"  # "a hunger strike", "workers began an open-ended strike"
        return kind
    return None


_NAME_LABELS = frozenset("ORG PERSON WORK_OF_ART LAW NORP PRODUCT".split())
# What makes a strike a stoppage of work, not a blow: who strikes, for how long, "general"
_LABOUR = frozenset("hunger general labour labor worker workers nationwide national teacher teachers doctor doctors "
                    "open-ended indefinite token warning rail transport union sit-down day week hour".split())
_STAGED = frozenset("stage call join declare organise organize end suspend".split())


def _labour_strike(table: TokenTable, i: int) -> bool:
    """A strike of workers: a labour modifier ("hunger", "general", "four-day"), a verb that
    stages it ("called a strike", "joined the strike") or "on strike"."""
    mods = [c for c in table.children(i) if table.dep[c] in ("amod", "compound", "nmod", "poss")]
    if any(table.lemma[c] in _LABOUR or table.lower[c].split("-")[-1] in _LABOUR for c in mods):
        return True
    head = table.head[i]
    return table.lemma[head] in _STAGED or table.lower[head] == "on" and table.dep[i] == "pobj"


def _place_object(table: TokenTable, i: int, places: frozenset[int]) -> bool:
    """A taken object that is a place: a resolved place name (the tagger calls some towns
    persons), a GPE/LOC/FAC entity, or a town, city or facility noun."""
    tok = table.doc[i]
    if table.lemma[i] in _ROUTES:
        return False  # "took the road to Kosti" is travel
    if table.lemma[i] in _TAKEN_PLACES or tok.ent_type_ in ("GPE", "LOC", "FAC"):
        return True
    return any(table.idx[j] in places for j in range(tok.left_edge.i, i + 1))


def _governed_by(table: TokenTable, i: int, lemmas: set[str]) -> bool:
    """Token ``i`` hangs from one of ``lemmas``, directly or through one preposition."""
    head = table.head[i]
    if table.lemma[head] in lemmas:
        return True
    return table.pos[head] == "ADP" and table.lemma[table.head[head]] in lemmas


def _lost_place(table: TokenTable, children: Sequence[int]) -> bool:
    """"lost <a place>" ("lost the town", "lost Saltvale", "lost control of the airport"),
    not "lost twelve soldiers" or "lost contact"."""
    doc = table.doc
    for c in children:
        if table.dep[c] != "dobj":
            continue
        obj = doc[c]
        if obj.ent_type_ in ("GPE", "LOC", "FAC") or table.lemma[c] in _PLACE_NOUNS:
            return True
        if obj.pos_ == "PROPN" and obj.ent_type_ not in ("PERSON", "NORP"):
            return True  # a town the tagger does not know, or takes for an organisation
        if table.lemma[c] == "control":
            return any(t.dep_ == "pobj" and (t.ent_type_ in ("GPE", "LOC", "FAC") or t.lemma_.lower() in _PLACE_NOUNS)
                       for p in obj.children if p.dep_ == "prep" and p.lower_ == "of" for t in p.children)
    return False


def _departure(tok: Token) -> bool:
    """"leave" as going away: "he left on Tuesday", "left for Port Sudan", "left the city",
    "left Wad Madani"; not "the attack left 12 dead" nor "left a message"."""
    objects = [c for c in tok.children if c.dep_ in ("dobj", "ccomp", "xcomp", "oprd")]
    if not objects:
        return tok.tag_ in ("VBD", "VBN") or any(c.dep_ == "prep" and c.lower_ == "for" for c in tok.children)
    obj = objects[0]
    return obj.dep_ == "dobj" and (
        obj.ent_type_ in ("GPE", "LOC", "FAC") or obj.lemma_.lower() in _PLACE_NOUNS
    ) and not any(c.dep_ in ("acomp", "oprd", "amod") for c in obj.children if c.i > obj.i)


def _intent(tokens: Sequence[Token]) -> bool:
    """A declared policy or intention ("will focus", "is not going to dive into")."""
    if not tokens:
        return False
    table = token_table(tokens[0].doc)
    dep, lower = table.dep, table.lower
    for tok in tokens:
        i = tok.i
        if dep[i] == "aux" and lower[i] in _INTENT_AUX:
            return True
        if lower[i] == "going" and i + 1 < len(lower) and lower[i + 1] == "to":
            return True
    return False


def _head(tokens: Sequence[Token]) -> Token | None:
    inside = {t.i for t in tokens}
    heads = [t for t in tokens if t.head.i not in inside or t.head == t]
    return heads[0] if heads else None


# --- participants --------------------------------------------------------------------


def _agent(
    ctx: EventContext, trigger: Token, kind: str, source: Actor | None, stance: str
) -> ActorRef | None:
    """Who did it: the trigger's subject, "by X", "fell to X", else implied by the source."""
    if kind == "ATTACK" and _repelled(trigger):
        return _attacker(ctx, trigger, source)
    mention = _agent_mention(trigger)
    if mention is not None and (mention.lower_ in _FIRST_PERSON or mention.lower_ in _OWN_FORCES) and any(
        t.lower_ in _FIRST_PERSON for t in mention.subtree
    ):
        own = source.side if source is not None and source.side not in _NO_SIDE else None
        return _speaker_group(ctx, source) or _side_actor(ctx, own)  # "our units", whatever they did
    if mention is not None and source is not None and _speakers_own(mention):
        # "the Wagner chief said his forces had taken the city": the speaker's side, not
        # the last person named before "his"
        own = _speaker_group(ctx, source) or _side_principal(ctx, source)
        if own is not None:
            return own
    if mention is not None and _is_place(ctx, mention):
        mention = None  # "Daraa, Quneitra … and our operations are continuing": a misparse
    local = _local_antecedent(ctx, mention) if mention is not None and _group_pronoun(mention) else None
    if local is not None:
        return local  # "Sudan rebels say they hold …", "the GRF launched its offensive"
    if mention is not None and mention.lower_ in _PERSON_PRONOUNS:
        person = _person_antecedent(ctx, mention)
        if person is not None:
            return person  # "his office rejected reports that he had fled", of the governor
    if mention is not None and source is not None and source.canonical and _self_reference(mention, source):
        return ActorRef(mention.text, source.canonical, source.side)  # "the GRF said it captured"
    if mention is not None:
        text = _phrase(mention)
        actor = _resolved(ctx, mention)
        if actor.canonical and actor.kind not in ("unknown",):
            return ActorRef(text, actor.canonical, actor.side)
        if kind in ("DEPART", "DEFECT", "CASUALTIES", "SURRENDER", "RELEASE"):
            return ActorRef(text, actor.canonical or text, actor.side)
        if kind in ("CONTROL", "ENTER") and mention.pos_ in ("NOUN", "PROPN") and stance != "deny":
            # "an armed group backed by foreign troops took the airport, a security source
            # said": someone the text names but no one we know; not the speaker's side
            return ActorRef(text, actor.canonical or text, actor.side)
    if kind == "ATTACK":
        wielder = _wielder(ctx, trigger, mention)
        if wielder is not None:
            return wielder  # "four tank shells hit tents in Al-Mawasi": only Israel has tanks there
    if kind == "WITHDRAW" and trigger.pos_ == "NOUN" and trigger.dep_ in ("nsubj", "nsubjpass"):
        return None  # "the withdrawal was not complete", said by the rebels: whose, it does not say
    return _implied_agent(ctx, source, stance, kind)


def _repelled(trigger: Token) -> bool:
    """An attack named as the object of a verb of repelling ("repelled an assault")."""
    return trigger.dep_ == "dobj" and trigger.head.lemma_.lower() in _REPELLING


def _attacker(ctx: EventContext, trigger: Token, source: Actor | None) -> ActorRef | None:
    """Who made a repelled attack: "by X", or its modifier ("a rebel assault", "an RSF
    attack"), else the enemy of whoever repelled it ("the army repelled an attack on
    Sennar": the army's enemy attacked; "we repelled", said by a party: its enemy)."""
    named = _by_phrase(trigger)
    modifiers = [c for c in trigger.children if c.dep_ in ("amod", "compound", "nmod", "poss") and c.i < trigger.i]
    for mention in ([named] if named is not None else []) + modifiers:
        actor = _resolved(ctx, mention)
        if actor.canonical and actor.kind != "unknown" and actor.side not in _NO_SIDE:
            return ActorRef(_phrase(mention), actor.canonical, actor.side)
    repeller = next((c for c in trigger.head.children if c.dep_ == "nsubj"), None)
    side = None
    if repeller is not None and (repeller.lower_ in _FIRST_PERSON or repeller.lower_ in ("it", "they")):
        side = source.side if source is not None else None
    elif repeller is not None:
        side = _resolved(ctx, repeller).side
    if not side or side in _NO_SIDE:
        return None
    return _side_actor(ctx, ctx.resolver.opponent(side))


def _resolved(ctx: EventContext, mention: Token) -> Actor:
    """The actor a noun phrase names; a bare definite one ("the governor") that the resolver
    does not know is read as the fuller phrase with the same head earlier in the document
    ("the governor of Gezira state"): one referent per discourse."""
    if any(c.dep_ in ("conj", "appos") for c in mention.children):
        # "Turkey and its allies": the first named, where the others name no other side;
        # "the army and the RSF": sides at war are no one agent
        first, agreed = _first_conjunct(ctx, mention)
        if not agreed:
            return Actor(None, "unknown", "none", ctx.resolver.conflict, False)
        if first is not None:
            whole = ctx.resolver.resolve(_phrase(mention))
            return whole if whole.canonical and whole.kind != "unknown" else first
    actor = ctx.resolver.resolve(_phrase(mention))
    if mention.dep_ == "amod" and mention.text[:1].isupper() and not (actor.canonical and actor.kind != "unknown"):
        forces = ctx.resolver.resolve(f"{mention.text} forces")  # "Russian control": Russia's forces
        if forces.canonical and forces.kind != "unknown":
            return forces
    if actor.canonical and actor.kind != "unknown" or mention.pos_ != "NOUN":
        return actor
    if not _definite(mention):
        return actor
    for tok in reversed(ctx.doc[: mention.i]):
        if tok.lemma_ == mention.lemma_ and tok.pos_ == "NOUN" and len(list(tok.subtree)) > len(list(mention.subtree)):
            fuller = ctx.resolver.resolve(_phrase(tok))
            if fuller.canonical and fuller.kind != "unknown":
                return fuller
    return actor


_NOT_PEOPLE = frozenset("DATE TIME CARDINAL ORDINAL QUANTITY MONEY PERCENT GPE LOC FAC".split())


def _person_antecedent(ctx: EventContext, mention: Token) -> ActorRef | None:
    """The nearest person named before a "he"/"she" in its own sentence."""
    sent = mention.sent
    people = [e for e in sent.ents if e.label_ == "PERSON" and e.start < mention.i]
    for tok in reversed(list(sent)[: mention.i - sent.start]):
        if tok.dep_ not in ("nsubj", "nsubjpass", "dobj", "pobj", "appos") or tok.pos_ not in ("NOUN", "PROPN"):
            continue
        if _is_place(ctx, tok) or tok.ent_type_ in _NOT_PEOPLE:
            continue
        name = next((e for e in people if e.start <= tok.i < e.end), None)
        actor = ctx.resolver.resolve(name.text) if name is not None else _resolved(ctx, tok)
        if actor.canonical and actor.kind == "person":
            return ActorRef(mention.text, actor.canonical, actor.side)
        if name is None and tok.pos_ == "NOUN" and tok.lemma_.lower() in _ROLE_HEADS:
            # "the whereabouts of the provincial governor were unknown … he had fled": an
            # office holder the registry does not know is still the one meant
            return ActorRef(mention.text, _phrase(tok), actor.side if actor.canonical else "none")
    return None


_FIRST_PERSON = frozenset("we us our i my".split())
_UNREALIZED = frozenset("before until unless if lest".split())


_GROUP_PRONOUNS = frozenset("it its they them their".split())
_PERSON_PRONOUNS = frozenset("he him his she her".split())
_GROUP_KINDS = frozenset("armed_group military government political_party".split())


def _self_reference(mention: Token, source: Actor) -> bool:
    """A pronoun in a speaker's reported words that can only be the speaker ("the GRF said
    it captured", "its fighters entered")."""
    if mention.lower_ in _GROUP_PRONOUNS or any(
        c.dep_ == "poss" and c.lower_ in ("its", "their") for c in mention.children
    ):
        return source.kind in _GROUP_KINDS
    return mention.lower_ in _PERSON_PRONOUNS and source.kind == "person"


_VAGUE_GROUP_HEADS = frozenset("group coalition movement organisation organization militia side".split())


def _group_pronoun(mention: Token) -> bool:
    """"they", "it", or a phrase owned by one ("its fighters", "their units")."""
    return mention.lower_ in _GROUP_PRONOUNS or any(
        c.dep_ == "poss" and c.lower_ in ("its", "their") for c in mention.children
    )


def _local_antecedent(ctx: EventContext, mention: Token) -> ActorRef | None:
    """The nearest group named earlier in the same sentence, which a pronoun there most
    likely means; the document's last speaker is only a fallback (the speaker may be the
    other side: "rebels say they hold the city; army calls claim baseless")."""
    for tok in reversed(list(mention.sent)[: mention.i - mention.sent.start]):
        if tok.dep_ not in ("nsubj", "nsubjpass", "appos", "pobj", "poss", "dobj") or tok.pos_ not in ("NOUN", "PROPN"):
            continue
        if _is_place(ctx, tok) or (tok.lower_ in _VAGUE_GROUP_HEADS and tok.pos_ == "NOUN"):
            continue  # "the group's channel" points back itself; it is not a name
        if any(a.dep_ == "relcl" and not (a.left_edge.i <= mention.i <= a.right_edge.i) for a in tok.ancestors):
            continue  # "rebels, who are backed by Kigali, claimed they …": an aside's name
        actor = ctx.resolver.resolve(_phrase(tok))
        if actor.canonical and actor.kind in _GROUP_KINDS:
            return ActorRef(mention.text, actor.canonical, actor.side)
    return None


def _own_side(agent: ActorRef | None, source: Actor | None) -> bool:
    return (
        agent is not None and source is not None and bool(agent.side)
        and agent.side == source.side and is_party(source.side) and source.side != THIRD_PARTY
    )


def _speaker_group(ctx: EventContext, source: Actor | None) -> ActorRef | None:
    """"We" / "our forces" in a quotation: the speaker's organisation."""
    if source is None or not source.canonical:
        return None
    if source.kind in ("armed_group", "military", "government", "political_party"):
        return ActorRef(None, source.canonical, source.side)
    return None


_OWN_FORCES = frozenset("forces fighters units troops men soldiers".split())
_TAKING_BACK = frozenset("retake recapture liberate reclaim regain".split())  # "vowed to retake"
_CAPTURING = frozenset("capture seize take hold".split())  # of people: an arrest
_REPELLING = frozenset("repel repulse thwart foil fend beat fight push".split())  # "fought off an attack"
_NO_SIDE = frozenset({"none", "media", "monitor", "third-party", ""})
_MEANS_PREPS = frozenset("by with from in".split())  # "hit by tank fire", "killed in an air strike"


def _speakers_own(mention: Token) -> bool:
    """"his forces", "their fighters": a force owned by a third-person pronoun."""
    return mention.lower_ in _OWN_FORCES and any(
        c.dep_ == "poss" and c.lower_ in ("his", "her", "their") for c in mention.children
    )


def _side_principal(ctx: EventContext, source: Actor) -> ActorRef | None:
    """The principal force of a person's side (a commander's or spokesman's "his forces")."""
    if source.kind != "person" or source.side in _NO_SIDE:
        return None
    actor = ctx.resolver.principal(source.side)
    return ActorRef(None, actor.canonical, actor.side) if actor is not None and actor.canonical else None


def _agent_mention(trigger: Token) -> Token | None:
    found = _direct_agent(trigger)
    if found is not None and found.lower_ in _RELATIVE:
        tok = found.head
        while tok.dep_ != "relcl" and tok.head != tok:
            tok = tok.head
        return tok.head if tok.dep_ == "relcl" else None
    return found


def _passive(verb: Token) -> bool:
    return verb.tag_ == "VBN" and any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children)


def _direct_agent(trigger: Token) -> Token | None:
    lemma = trigger.lemma_.lower()
    for child in trigger.children:
        if lemma in ontology.PLACE_SUBJECT_TRIGGERS and child.dep_ == "prep" and child.lower_ == "to":
            return next((g for g in child.children if g.dep_ == "pobj"), None)
        if lemma in ontology.PLACE_SUBJECT_TRIGGERS and child.dep_ == "prep" and child.lower_ in ("into", "in"):
            hands = next((g for g in child.children if g.dep_ == "pobj" and g.lower_ == "hands"), None)
            of = next((g for g in hands.children if g.lower_ == "of"), None) if hands is not None else None
            if of is not None:  # "fell into the hands of the rebels"
                return next((g for g in of.children if g.dep_ == "pobj"), None)
        if child.dep_ == "agent" or (child.dep_ == "prep" and child.lower_ == "by" and _passive(trigger)):
            # "not occupied by Russia": a passive's "by" the parser left a plain preposition
            return next((g for g in child.children if g.dep_ == "pobj"), None)
        if child.dep_ in ("nsubj", "poss") and lemma not in ontology.PLACE_SUBJECT_TRIGGERS:
            return child
    if trigger.pos_ == "NOUN":
        if any(c.dep_ == "prep" and c.lower_ == "by" for c in trigger.children):
            return _by_phrase(trigger)  # "retaliatory killings by Sudan's military"
        doer = _listed_in_what_was_done(trigger) if trigger.dep_ in ("pobj", "conj") else None
        if doer is not None:
            return doer
    if trigger.pos_ in ("NOUN", "PROPN") and trigger.lemma_.lower() in _HELD:
        # "under SAF control", "under junta control", "under Russian control"
        for child in trigger.children:
            if child.dep_ in ("compound", "amod") and child.i < trigger.i and (
                    child.pos_ == "PROPN" or child.text[:1].isupper() or child.lower_ in _SIDE_MODIFIERS):
                return child
    if trigger.dep_ == "pobj" and trigger.head.lower_ == "in" and trigger.lemma_.lower() == "control":
        # "its fighters were in full control of the city": the subject holds it
        return next((c for c in trigger.head.head.children if c.dep_ == "nsubj"), None)
    if trigger.dep_ == "relcl":
        return trigger.head
    if trigger.dep_ == "pcomp" and trigger.head.dep_ == "prep":
        verb = trigger.head.head
        if trigger.head.lower_ in ("of", "for"):
            # "accused Rwanda of occupying Goma": the accused did it, not the accuser
            if verb.lemma_.lower() in _ACCUSING:
                return next((c for c in verb.children if c.dep_ == "dobj"), None)
            if verb.dep_ == "dobj" and verb.head.lemma_.lower() in _ACCUSING:
                return verb  # the parse hangs "of occupying" on the accused
        return _direct_agent(verb)  # "thinking about defecting"
    if trigger.dep_ in ("xcomp", "conj", "acl") and trigger.head.pos_ in ("VERB", "AUX"):
        if trigger.dep_ == "xcomp" and _passive(trigger.head):
            # "the Syrian army was forced to retreat": the one forced does it
            subject = next((c for c in trigger.head.children if c.dep_ == "nsubjpass"), None)
            if subject is not None:
                return subject
        return _direct_agent(trigger.head)
    return None


def _by_phrase(tok: Token) -> Token | None:
    """The noun of a "by" phrase: a noun's ("an attack by the militia") or a passive verb's
    ("were killed by the militia"), if it has one."""
    by = next((c for c in tok.children if c.dep_ in ("prep", "agent") and c.lower_ == "by"), None)
    return next((g for g in by.children if g.dep_ == "pobj"), None) if by is not None else None


def _listed_in_what_was_done(trigger: Token) -> Token | None:
    """"militias have committed violations, including killings and arrests": the doer of
    the act a listed noun is part of (the subject of the verb whose object lists it)."""
    tok = trigger
    while tok.dep_ == "conj" and tok.head != tok:
        tok = tok.head
    if tok.dep_ != "pobj" or tok.head.lower_ not in ("including", "like", "such"):
        return None
    listed = tok.head.head
    if listed.dep_ != "dobj":
        return None
    return next((c for c in listed.head.children if c.dep_ == "nsubj"), None)


def _is_place(ctx: EventContext, tok: Token) -> bool:
    return any(
        p.geonames_id and p.feature != "country" and p.span[0] <= tok.idx < p.span[1]
        for p in ctx.places
    )


def _implied_agent(ctx: EventContext, source: Actor | None, stance: str, kind: str) -> ActorRef | None:
    """A party claiming a gain speaks for its side; a party denying one denies the enemy's.
    An attack is the other way round: a party denying one denies its own ("the military
    denied conducting a strike"), and one reporting an attack without naming who made it
    may report its own or the enemy's on it (a health ministry, a civil defence), so it
    names no one rather than guess."""
    if source is None or source.side in _NO_SIDE:
        return None
    if kind == "ATTACK":
        if stance != "deny":
            return None
        return _side_actor(ctx, source.side)
    side = ctx.resolver.opponent(source.side) if stance == "deny" else source.side
    if kind in ("WITHDRAW", "SURRENDER") and stance != "deny":
        side = source.side
    return _side_actor(ctx, side)


def _side_actor(ctx: EventContext, side: str | None) -> ActorRef | None:
    return side_actor(ctx.resolver, side)


def side_actor(resolver: ActorResolver, side: str | None) -> ActorRef | None:
    """A side as an agent: its principal actor, else the side itself (the Sahel's JNIM and
    FLA have no one principal, yet "the government denied that Djibo had fallen" still
    denies their hold)."""
    actor = resolver.principal(side)
    if actor is None or not actor.canonical:
        return ActorRef(None, None, side) if side and is_party(side) else None
    return ActorRef(None, actor.canonical, actor.side)


def _wielder(ctx: EventContext, trigger: Token, mention: Token | None) -> ActorRef | None:
    """The side an attack's means point to where only one side of the conflict fields them
    (the registry's ``means``): the words of the trigger, its subject and what they are
    made "by" or "with" ("tank shells", "an air strike", "hit by warplanes")."""
    heads = [trigger] + ([mention] if mention is not None else [])
    heads += [g for t in list(heads) for c in t.children if c.dep_ in ("agent", "prep") and c.lower_ in _MEANS_PREPS
              for g in c.children if g.dep_ == "pobj"]
    side = ctx.resolver.wielder(_means_words(heads))
    for noun in heads[:2]:
        if side is not None:
            break
        if any(c.dep_ == "det" and c.lower_ in ("the", "these", "those", "this") for c in noun.children):
            # "Airstrikes hit the village … the army confirmed the strikes": the strikes
            # named before, with the means they were named with
            lemma = noun.lemma_.lower()
            side = ctx.resolver.wielder(_means_words(
                [t for t in ctx.doc[: noun.i] if t.pos_ == "NOUN" and t.lemma_.lower().endswith(lemma)]))
    return _side_actor(ctx, side) if side else None


def _means_words(heads: Sequence[Token]) -> list[str]:
    """The lemmas of ``heads`` and their modifiers, single and in pairs ("air strike")."""
    words: list[str] = []
    for head in heads:
        parts = [c for c in head.children if c.dep_ in ("compound", "amod", "nmod") and c.i < head.i] + [head]
        lemmas = [t.lemma_.lower() for t in parts]
        words += lemmas + [f"{a} {b}" for a, b in zip(lemmas, lemmas[1:])]
    return words


def _target(ctx: EventContext, trigger: Token, kind: str) -> ActorRef | None:
    if kind not in ("ATTACK", "CASUALTIES"):
        return None
    for child in trigger.children:
        if child.dep_ in ("dobj", "nsubjpass"):
            actor = ctx.resolver.resolve(_phrase(child))
            if actor.canonical and actor.kind in ("armed_group", "military", "government", "person"):
                return ActorRef(_phrase(child), actor.canonical, actor.side)
    return None


def _facility(trigger: Token, places: Sequence[Place] = ()) -> str | None:
    """"taken control of the radio and television building": a facility, not a town.

    One facility is one key however it is written: without its town's name or a generic
    word ("the Rafah border crossing", "Goma's airport" are the crossing and the airport of
    their town), and a bare "the crossing" is the one named before it."""
    spans = [p.span for p in places if p.geonames_id]
    names = frozenset(fold(n) for p in places if p.geonames_id for n in (p.text, p.name or ""))  # "Rafah" in "the Rafah crossing" FAC
    for tok in trigger.subtree:
        if tok.lemma_.lower() in ontology.FACILITY_WORDS and tok.pos_ == "NOUN":
            name = _facility_name(tok, spans, names)
            if name == tok.lower_ and _definite(tok):
                named = (_facility_name(t, spans, names) for t in reversed(tok.doc[: tok.i])
                         if t.lemma_ == tok.lemma_ and t.pos_ == "NOUN" and t.dep_ != "compound")
                name = next((n for n in named if n != name), name)
            return name
    return None


_EDGES = {"outskirts": "outskirts", "edge": "outskirts", "edges": "outskirts", "periphery": "outskirts",
          "countryside": "countryside", "environs": "outskirts"}


def _periphery(doc: Doc, place: Place | None) -> str | None:
    """"rural Kosti", "the countryside of Kosti", "the outskirts of Pokrovsk": the land
    around a town, kept apart from the town itself (as a facility is), so taking a few
    villages or reaching the edge is never read as taking the town."""
    if place is None:
        return None
    span = doc.char_span(place.span[0], place.span[1], alignment_mode="expand")
    if span is None:
        return None
    if any(t.lower_ == "rural" for t in doc[max(0, span.start - 2) : span.start]):
        return "countryside"
    after = doc[span.end] if span.end < len(doc) else None
    if after is not None and after.lower_ == "countryside":
        return "countryside"
    root = span.root
    if root.dep_ == "pobj" and root.head.lower_ == "of" and root.head.head.lower_ in _EDGES:
        return _EDGES[root.head.head.lower_]
    return None


_GENERIC_FACILITY_WORDS = frozenset(
    "border main key international strategic vital crucial nearby local major only entire whole same".split()
)


def _facility_name(tok: Token, spans: Sequence[tuple[int, int]], names: frozenset[str] = frozenset()) -> str:
    """A facility noun with its own modifiers ("central prison", "Hantoub bridge"), less
    determiners, owners ("Goma's"), the place's own name and generic words."""
    owners = {t.i for c in tok.children if c.dep_ in ("det", "poss") for t in c.subtree}
    words = [
        t for t in tok.subtree
        if t.i < tok.i and t.i not in owners and not t.is_punct and t.lower_ not in _GENERIC_FACILITY_WORDS
        and not any(a <= t.idx < b for a, b in spans) and not (t.pos_ == "PROPN" and fold(t.text) in names)
    ]
    return " ".join([t.text for t in words] + [tok.lower_])


# Numbers inside these entities are dates, times, ranks or sums, never a count of people
# ("killed on March 12", "at 10 pm", "the 3rd brigade", "a 2 percent rise").
_NOT_COUNTS = frozenset({"DATE", "TIME", "ORDINAL", "MONEY", "PERCENT"})


def _count(trigger: Token) -> int | None:
    """"killed 12 people" / "the death toll rose to 61": the number of people."""
    for tok in list(trigger.subtree) + list(trigger.head.subtree):
        if tok.like_num and tok.ent_type_ not in _NOT_COUNTS:
            text = tok.text.replace(",", "")
            if text.isdecimal():  # not isdigit(): "¹" is a digit int() cannot read
                return int(text)
            if tok.lower_ in _NUMBER_WORDS:
                return _NUMBER_WORDS[tok.lower_]
    return None


def _negated(trigger: Token) -> bool:
    """The content says it did not happen: "Bakhmut is not occupied", "no withdrawal",
    "the city is not under their control", "never entered"."""
    if any(c.dep_ == "neg" or (c.dep_ == "det" and c.lower_ == "no") for c in trigger.children):
        return True
    head = trigger.head
    if trigger.dep_ == "pobj" and head.dep_ == "prep":  # "not under Moscow's control"
        return any(c.dep_ == "neg" for c in head.head.children) or any(c.dep_ == "neg" for c in head.children)
    return trigger.dep_ in ("acomp", "attr") and any(c.dep_ == "neg" for c in head.children)


def _modality(trigger: Token, tokens: Sequence[Token], attributed: bool) -> str:
    if _negated(trigger):
        return "negated"
    aux = {c.lower_ for c in trigger.children if c.dep_ in ("aux", "auxpass")}
    if trigger.dep_ == "conj":  # "may have crashed or been shot down": the modal is shared
        aux |= {c.lower_ for c in trigger.head.children if c.dep_ in ("aux", "auxpass")}
    first = _hyphen_prefix(trigger)
    if first is not None:  # "we will de-occupy Bakhmut": the tokenizer split the verb, the modal sits on "de"
        aux |= {c.lower_ for c in first.children if c.dep_ in ("aux", "auxpass")}
    heads = {a.lemma_.lower() for a in trigger.ancestors} | {trigger.head.lemma_.lower()}
    if _left_open(trigger):
        return "possible"
    if aux & _POSSIBLE or heads & _POSSIBLE_VERBS or trigger.tag_ == "VBG" and heads & _POSSIBLE_VERBS:
        return "possible"
    goal = _infinitive_goal(trigger)
    if goal is not None:
        return goal
    if aux & _INTENT_AUX or "going" in aux or heads & _INTENT_HEADS:
        return "intended"
    if heads & _ONGOING or trigger.tag_ == "VBG" and {"are", "is", "were", "was"} & aux:
        return "ongoing"
    if not attributed and trigger.head.lemma_.lower() in _CLAIM_HEADS:
        return "relayed"  # the outlet's own words "rebels claim taking over Goma": a relay
    return "claimed" if attributed else "happened"


def _infinitive_goal(trigger: Token) -> str | None:
    """"intended" for an event in an infinitive that states a goal, "negated" for one
    its head says did not come about; None where the head says it did, or where the
    infinitive is no goal (see ``_DONE_HEADS`` and the words around it)."""
    if not any(c.dep_ == "aux" and c.tag_ == "TO" for c in trigger.children):
        return None
    head = trigger.head
    lemma = head.lemma_.lower()
    if head is trigger or lemma in _DONE_HEADS or lemma in _RAISING_HEADS or any(c.dep_ == "neg" for c in head.children):
        return None  # a negated head ("it is not easy to withdraw …") is read by the negation rules
    if lemma in _FAILED_HEADS:
        return "negated"
    if head.pos_ in ("VERB", "AUX") or lemma in _READY or (head.pos_ == "NOUN" and lemma in _ATTEMPT_NOUNS):
        return "intended"
    return None  # "not easy to withdraw in a day": read by the negation and hedge rules


def _hyphen_prefix(trigger: Token) -> Token | None:
    """The first part of a hyphenated verb the tokenizer split ("de-occupy", "re-take"):
    the word before an unspaced hyphen right before the trigger."""
    doc, i = trigger.doc, trigger.i
    if i < 2 or doc[i - 1].text != "-" or doc[i - 1].whitespace_ or doc[i - 2].whitespace_:
        return None
    return doc[i - 2]


def _fighting_inside(trigger: Token) -> bool:
    """"are (still) fighting in/inside the town": a side present and fighting there, not
    an attack launched on it."""
    if trigger.lemma_.lower() not in ("fight", "battle"):
        return False
    ongoing = trigger.tag_ == "VBG" or any(c.lower_ in ("still", "continue", "continues") for c in trigger.children) \
        or trigger.head.lemma_.lower() in _ONGOING
    inside = any(c.dep_ == "prep" and c.lower_ in ("in", "inside", "within") for c in trigger.children)
    return ongoing and inside


def _left_open(trigger: Token) -> bool:
    """The trigger sits under "unclear", "uncertain" or "not clear/known" ("it was unclear
    how much of the town was occupied")."""
    for tok in (trigger, *trigger.ancestors):
        for word in (tok, *tok.children):
            lower = word.lower_
            if lower in _UNKNOWN and (word is tok or word.dep_ in ("acomp", "attr", "oprd")):
                return True
            if lower in ("clear", "known") and word.dep_ in ("acomp", "attr") and any(
                c.dep_ == "neg" for c in (*word.children, *word.head.children)
            ):
                return True
    return False


# --- places --------------------------------------------------------------------------


def _agent_span(trigger: Token) -> tuple[int, int] | None:
    mention = _agent_mention(trigger)
    if mention is None:
        return None
    return mention.left_edge.idx, mention.right_edge.idx + len(mention.right_edge.text)


def _places(
    ctx: EventContext,
    content: tuple[int, int],
    trigger: Token,
    kind: str,
    agent: tuple[int, int] | None = None,
) -> list[Place]:
    """Where: the places in the content (a coordinated list gives several; the agent's own
    words are no place when they name a state: "The United States is not going to…"),
    else a name resolved elsewhere in the document, else the capital
    for "the capital city", else the sentence's places, else the dateline."""
    def usable(p: Place) -> bool:
        if not p.geonames_id:
            return False
        if p.feature != "country":
            return True
        if agent and agent[0] <= p.span[0] < agent[1]:
            return False
        span = ctx.doc.char_span(p.span[0], p.span[1], alignment_mode="expand")
        return span is None or span.root.dep_ not in ("nsubj", "nsubjpass")  # a state acting

    inside = [p for p in ctx.places if content[0] <= p.span[0] and p.span[1] <= content[1] and usable(p)]
    if ctx.dateline is not None:  # "CAIRO, May 7 -": where the report was filed, not the event
        inside = [p for p in inside if p.span != ctx.dateline.span] or inside
    inside = inside or _antecedent_place(ctx, content) or _known_names(ctx, content) or _the_town(ctx, content)
    if kind in _AWAY:  # "left the Wad Madani area, many heading to Sennar, Kosti and Rabak"
        inside = [p for p in inside if not _destination(ctx.doc, p)]
    listed = _coordinated(ctx.doc, inside, trigger)
    if listed:
        return listed
    argument = _location_argument(ctx.doc, trigger, kind)
    if argument is not None:
        named = [p for p in ctx.places if usable(p) and argument.start_char <= p.span[0] < argument.end_char]
        if named:  # "withdrew from positions on the road to Sennar": not Sennar
            inside = [p for p in named if not _destination(ctx.doc, p)] if kind in _AWAY else named
        elif ctx.capital is not None and _CAPITAL.search(argument.text):
            return [ctx.capital]
        elif (earlier := _named_before(ctx, argument)) is not None:
            return [earlier]  # "fled the city": the town the report has been about
        elif _names_elsewhere(argument):
            return []  # "withdrew from the Gezira state capital … the road to Sennar": not Sennar
    if kind in _AWAY and not inside:  # every place named is where they went
        if kind == "WITHDRAW":
            return []
        earlier = _focus_town(ctx, trigger.sent.start_char)  # "the governor had fled": not the dateline
        return [earlier] if earlier is not None else []
    if inside:
        # a town named beside its country ("Congo's eastern city, Goma, saw its airport
        # fall") is where it happened: the country only locates the town
        inside = [p for p in inside if p.feature not in REGIONS] or inside
        after = [p for p in inside if p.span[0] >= trigger.idx]
        return [(after or inside)[0]]
    if ctx.capital is not None and _CAPITAL.search(token_table(ctx.doc).text[content[0] : content[1]]):
        return [ctx.capital]
    sent = trigger.sent
    nearby = [p for p in ctx.places if sent.start_char <= p.span[0] < sent.end_char and usable(p)]
    if nearby:
        return [nearby[0]]
    if kind == "STATEMENT":
        return [ctx.country] if ctx.country else []
    return [ctx.dateline] if ctx.dateline else []


_LOCATION_PREPS = {"WITHDRAW": ("from",), "ENTER": ("into",), "CONTROL": ("of",), "DEPART": ("from",)}
# Movements away from a place: a place reached "to" or "for" is where they went, not the event's.
_AWAY = frozenset({"WITHDRAW", "DEPART"})
# Common nouns that can stand for a place taken or entered ("the city", "four towns").
_PLACE_NOUNS = frozenset(
    """
    city cities town towns village villages area areas region regions province provinces state
    capital district districts neighbourhood neighborhood neighbourhoods neighborhoods territory
    territories outskirts position positions centre center suburb suburbs countryside part parts
    half rest control hold ground locality localities settlement settlements governorate
    """.split()
)
# Objects of "hold" or "take" that are no place ("holds the initiative on all fronts").
_ABSTRACT = frozenset("initiative momentum advantage lead power responsibility".split())


def _location_argument(doc: Doc, trigger: Token, kind: str) -> Span | None:
    """The noun phrase a movement or control trigger names as its place ("withdrew from
    X", "entered X", "took control of X", "holds X")."""
    if kind not in _LOCATION_PREPS:
        return None
    if kind == "CONTROL" and trigger.dep_ == "pobj" and trigger.head.lower_ in ("under", "in"):
        # "large parts of the town remain under army control": the place is the subject
        subject = next((c for c in trigger.head.head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        held = not any(c.dep_ == "prep" and c.lower_ == "of" for c in trigger.children)  # not "in control of X"
        if subject is not None and held:
            return doc[subject.left_edge.i : subject.right_edge.i + 1]
    out = next((c for c in trigger.children if c.lower_ == "out" and c.dep_ in ("prt", "prep", "advmod")), None)
    if kind == "CONTROL" and out is not None:  # "drove the RSF out of Kadugli": the object is the force
        of = [g for g in (*out.children, *trigger.children) if g.dep_ == "prep" and g.lower_ in ("of", "from")]
        arg = next((g for prep in of for g in prep.children if g.dep_ == "pobj"), None)
        return doc[arg.left_edge.i : arg.right_edge.i + 1] if arg is not None else None
    for child in trigger.children:
        arg = None
        if child.dep_ == "dobj" and child.lower_ == "control":
            of = next((g for g in child.children if g.dep_ == "prep" and g.lower_ == "of"), None)
            arg = next((g for g in of.children if g.dep_ == "pobj"), None) if of is not None else None
        elif child.dep_ == "dobj" and kind in ("CONTROL", "ENTER"):
            arg = child
        elif child.dep_ == "dobj" and kind == "DEPART" and (
            child.ent_type_ in ("GPE", "LOC", "FAC") or child.lemma_.lower() in _PLACE_NOUNS
        ):
            arg = child  # "fled the city", "left Wad Madani"; not "boarded a plane"
        elif child.dep_ == "prep" and child.lower_ in _LOCATION_PREPS[kind]:
            arg = next((g for g in child.children if g.dep_ == "pobj"), None)
        if arg is not None and arg.pos_ in ("NOUN", "PROPN"):
            # "fled the city for Port Sudan": where they went is not part of where they were
            went = [c for c in arg.children if c.dep_ == "prep" and c.lower_ in ("for", "to", "toward", "towards") and c.i > arg.i]
            end = went[0].i if went and kind in _AWAY else arg.right_edge.i + 1
            return doc[arg.left_edge.i : end]
    return None


_LEAVING = frozenset("leave flee depart head set".split())
_TOWN_NOUNS = frozenset("city town village capital".split())


def _named_before(ctx: EventContext, argument: Span) -> Place | None:
    """"the city" / "the town" with no name of its own: the last town named before it
    (the report's subject; "the state capital" is handled with the capital city above)."""
    root = argument.root
    lemma = root.lemma_.lower()
    facility = lemma in ontology.FACILITY_WORDS
    if not (lemma in _TOWN_NOUNS or facility) or root.tag_ != "NN" or any(t.pos_ == "PROPN" for t in argument):
        return None
    if not _definite(root):
        return None
    if facility:  # "the crossing": where "the Rafah crossing" named earlier is
        for tok in reversed(ctx.doc[: argument.start]):
            if tok.lemma_.lower() == lemma:
                named = [p for p in ctx.places if p.geonames_id and tok.left_edge.idx <= p.span[0] < tok.idx]
                if named:
                    return named[-1]
    return _focus_town(ctx, argument.start_char)


def _definite(tok: Token) -> bool:
    """A noun with "the": it points back to something named before."""
    return any(c.dep_ == "det" and c.lower_ == "the" for c in tok.children)


def _focus_town(ctx: EventContext, before: int) -> Place | None:
    """The town the report is about so far: of the resolved towns (not countries or
    regions) named before ``before``, and not as somewhere people went ("travelled to Port
    Sudan"), the one named most often; the latest named among equals."""
    counts: dict[int, int] = {}
    latest: dict[int, tuple[int, Place]] = {}
    for k, p in enumerate(ctx.places):
        if p.geonames_id and p.feature == "city" and p.span[1] <= before and not _destination(ctx.doc, p):
            counts[p.geonames_id] = counts.get(p.geonames_id, 0) + 1
            latest[p.geonames_id] = (k, p)
    if not counts:
        return None
    best = max(counts, key=lambda gid: (counts[gid], latest[gid][0]))
    return latest[best][1]


def _destination(doc: Doc, place: Place) -> bool:
    """A place reached "to", "toward(s)" or "for" ("left for Port Sudan"): where people
    went, not where they left."""
    span = doc.char_span(place.span[0], place.span[1], alignment_mode="expand")
    if span is None:
        return False
    tok = span.root
    while tok.dep_ in ("pobj", "compound", "conj", "appos") and tok.head != tok:
        tok = tok.head
        if tok.dep_ == "prep":
            return tok.lower_ in ("to", "toward", "towards") or (
                tok.lower_ == "for" and _LEAVING & {tok.head.lemma_.lower(), tok.head.head.lemma_.lower()}
            )
    return False


def _names_elsewhere(argument: Span) -> bool:
    """The trigger's own place argument is a name we could not resolve ("the Gezira state
    capital") or no place at all ("the initiative"): then a place elsewhere in the
    sentence is not where it happened."""
    named = any(t.pos_ == "PROPN" and t.dep_ != "amod" for t in argument)  # not "four Syrian cities"
    head = argument.root.lemma_.lower()
    if named or head in _ABSTRACT:
        return True
    # "seized four combat vehicles": a thing taken is no place (places and facilities are)
    return argument.root.pos_ == "NOUN" and head not in _PLACE_NOUNS and head not in ontology.FACILITY_WORDS


def _antecedent_place(ctx: EventContext, content: tuple[int, int]) -> list[Place]:
    """"Wad Madani, which the GRF said it captured": the relative pronoun's antecedent."""
    for tok in span_tokens(ctx.doc, *content):
        if tok.lower_ not in _RELATIVE or tok.dep_ not in ("dobj", "nsubjpass", "pobj"):
            continue
        clause = tok.head
        while clause.dep_ != "relcl" and clause.head != clause:
            clause = clause.head
        if clause.dep_ == "relcl":
            head = clause.head
            return [p for p in ctx.places if p.geonames_id and p.span[0] <= head.idx < p.span[1]]
    return []


_SETTLEMENT_NOUNS = frozenset("town city village settlement".split())


def _the_town(ctx: EventContext, content: tuple[int, int]) -> list[Place]:
    """"Denying claims that the town had fallen": the last town or city named before the
    content (in its sentence or the one before), where the content names none."""
    words = span_tokens(ctx.doc, *content)
    if not any(t.lower_ in _SETTLEMENT_NOUNS and any(c.lower_ == "the" for c in t.children) for t in words):
        return []
    start = words[0].sent.start if words else 0
    start = ctx.doc[start - 1].sent.start if start > 0 else 0
    earlier = [p for p in ctx.places if p.geonames_id and p.feature not in REGIONS
               and ctx.doc[start].idx <= p.span[0] < content[0]]
    return earlier[-1:]


def _known_names(ctx: EventContext, content: tuple[int, int]) -> list[Place]:
    """One sense per discourse: a name the geoparser resolved elsewhere in the document
    counts here too, where the parser took it for a person ("city Homs")."""
    text = token_table(ctx.doc).text
    found: list[Place] = []
    for place in ctx.places:
        if not place.geonames_id or place.feature == "country":
            continue
        at = text.find(place.text, content[0], content[1])
        if at >= 0 and not any(p.geonames_id == place.geonames_id for p in found):
            found.append(replace(place, span=(at, at + len(place.text))))
    return sorted(found, key=lambda p: p.span[0])


def _coordinated(doc: Doc, places: Sequence[Place], trigger: Token) -> list[Place]:
    """Places coordinated with each other ("Daraa, Quneitra, Suwayda and Homs")."""
    if len(places) < 2 or trigger.pos_ not in ("VERB", "AUX", "NOUN"):
        return []
    heads = {}
    for p in places:
        span = doc.char_span(p.span[0], p.span[1], alignment_mode="expand")
        if span is not None:
            heads[span.root.i] = p
    for i, place in heads.items():
        group = [place]
        tok = doc[i]
        for child in tok.subtree:
            if child.i in heads and child.i != i and child.dep_ in ("conj", "appos"):
                group.append(heads[child.i])
        if len(group) >= 2:
            return sorted(group, key=lambda p: p.span[0])
    return []


def place_json(place: Place | None) -> dict[str, object] | None:
    if place is None:
        return None
    return {
        "name": place.name,
        "geonames_id": place.geonames_id,
        "country": place.country,
        "lat": place.lat,
        "lon": place.lon,
        "text": place.text,
        "span": list(place.span),
    }


_ALLIES = frozenset("allied allies ally affiliated".split())


def _first_conjunct(ctx: EventContext, mention: Token) -> tuple[Actor | None, bool]:
    """The actor of the first of coordinated names (None where it names no party), and
    whether the others that name a side name the same one (sides at war are no one agent)."""
    others = [c for c in mention.children if c.dep_ in ("conj", "appos")]
    cut = {t.i for c in others for t in c.subtree} | {c.i for c in mention.children if c.dep_ == "cc" or c.is_punct}
    words = [t for t in mention.subtree if t.i not in cut]
    if not words:
        return None, True
    head = ctx.resolver.resolve(ctx.doc[words[0].i : words[-1].i + 1].text)
    # "its allied militias", "their allies": the first one's allies, whatever their words
    named = [c for c in others if not (any(g.dep_ == "poss" for g in c.children)
                                       or any(t.lower_ in _ALLIES for t in c.subtree))]
    sides = {head.side} | {ctx.resolver.resolve(_phrase(c)).side for c in named}
    parties = {s for s in sides if is_party(s) and s != THIRD_PARTY}
    if len(parties) > 1:
        return None, False
    return (head if head.canonical and head.kind != "unknown" and is_party(head.side) else None), True


def _phrase(tok: Token) -> str:
    table = token_table(tok.doc)
    dep, punct = table.dep, table.punct
    tree = table.subtree(tok.i)
    clauses = {t for c in tree if c > tok.i and (dep[c] == "prep" and c in table.children(tok.i) and any(
        dep[g] == "pcomp" and table.pos[g] == "VERB" for g in table.children(c)) or (
        dep[c] == "acl" and table.tag[c] in ("VBG", "VBN")) or (
        dep[c] == "appos" and stranded_speaker_of(tok.doc[c]))) for t in table.subtree(c)}
    # ("the RSF of occupying Wad Madani", "rebels fighting government forces": a gerund
    # clause after the name is not part of it)
    words = [t for t in tree if not (dep[t] in ("relcl", "acl") or punct[t] or t in clauses)]
    return table.text[table.idx[words[0]] : table.end[words[-1]]] if words else tok.text
