"""Assemble claim records for one parsed document: attributions resolved to actors,
relay chains, outlet voice, and outlet caveats attached to the claims they cover.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime

from spacy.tokens import Doc, Span

from claimgraph.extract.actors import Actor, ActorResolver, detect_conflict
from claimgraph.extract.attribution import (
    EXTRACTOR,
    Attribution,
    find_attributions,
    stance_at,
    token_table,
)
from claimgraph.extract.events import EventContext, claim_events
from claimgraph.extract.hedges import Caveat, find_caveats
from claimgraph.extract.registry import speaks_for
from claimgraph.extract.speakers import junk_speaker, speaker_span
from claimgraph.extract.tagged import CONSTRUCTION as TAGGED
from claimgraph.extract.tagged import merge, tagged_attributions
from claimgraph.model import Claim, Hedge, SourceRef

UNNAMED = "unnamed source"
# Claims from the learned span tagger carry their own extractor (and model) version.
TAGGED_EXTRACTOR = "claimgraph.attribution_spans@0.1.0"

_MIN_VOICE_TOKENS = 5


def document_conflict(doc: Doc, outlet: str | None, published: datetime | None) -> str | None:
    """The conflict (of the actor registry) a parsed document is about."""
    return detect_conflict(token_table(doc).text, [(e.text, e.label_) for e in doc.ents], outlet, published)


def extract_claims(
    doc: Doc,
    document_id: str,
    outlet: str | None,
    published: datetime | None = None,
    conflict: str | None = None,
    *,
    resolver: ActorResolver | None = None,
    events: EventContext | None = None,
) -> list[Claim]:
    """Every claim of a parsed document, attributed ones and the outlet's own voice.

    With an ``events`` context each claim also carries the events it describes; the
    resolver must then be the one the context holds (one per document).
    """
    conflict = conflict or document_conflict(doc, outlet, published)
    resolver = resolver or ActorResolver(conflict, outlet, published)
    outlet_actor = publisher(resolver, outlet) if outlet else None
    attributions = find_attributions(doc)
    # The rules' attributions with the span tagger's source spans, and the tagger's where
    # the rules found no cue (extract/tagged.py says how this merge was chosen).
    attributions = merge(attributions, tagged_attributions(doc), token_table(doc).text, doc)
    # ``doc.ents`` builds new Span objects on every access: read the persons once
    persons = [(e.start_char, e.end_char, e.text) for e in doc.ents if e.label_ == "PERSON"]
    claims = [_claim(doc, document_id, a, resolver, outlet, outlet_actor, persons) for a in attributions]
    caveats = find_caveats(doc)
    claims.extend(_outlet_voice(doc, document_id, attributions, caveats, outlet, outlet_actor))
    claims = [_settled(c, resolver) for c in claims]  # sides first: events' agents use them
    if events is not None:
        denied = {claim_id(document_id, a.content, a.cue): a.denied for a in attributions}
        claims = [_with_events(c, events, resolver, denied.get(c.id)) for c in claims]
    claims.sort(key=lambda c: (c.span[0], c.span[1]))
    claims = _anaphoric_denials(_relayed_events_dropped(claims))
    return _with_caveats(doc, claims, caveats, resolver)


def _with_events(
    claim: Claim, ctx: EventContext, resolver: ActorResolver, denied: tuple[int, int] | None
) -> Claim:
    src = claim.source
    actor = Actor(src.canonical, src.kind, src.side, resolver.conflict, src.registry) if src.canonical else None
    found = claim_events(ctx, claim.span, actor, claim.stance, claim.attributed, denied)
    return replace(claim, events=found) if found else claim


def _relayed_events_dropped(claims: list[Claim]) -> list[Claim]:
    """"…, as the army said it had beaten back an assault on Sennar, GWS reported": two
    attributions carry the same event (the same trigger), and the wire only relays the
    army's claim, so it does not also assert it in its own name as if it had seen it. Of
    the claims that share a trigger, an outlet's (source kind media) gives way to any
    other's. (Nested speakers, "X said Y claimed", keep theirs: X may be disputing it.)"""
    owners: dict[tuple[int, int], list[Claim]] = {}
    for claim in claims:
        for e in claim.events:
            if e.trigger_span:
                owners.setdefault(e.trigger_span, []).append(claim)

    out: list[Claim] = []
    for claim in claims:
        if claim.source.kind != "media":
            out.append(claim)
            continue
        kept = tuple(e for e in claim.events if not e.trigger_span or not any(
            other.source.kind != "media" for other in owners.get(e.trigger_span, ())))
        out.append(replace(claim, events=kept) if len(kept) != len(claim.events) else claim)
    return out


_ANAPHORA = frozenset("claim claims report reports allegation allegations it this that account".split())


def _anaphoric_denials(claims: list[Claim]) -> list[Claim]:
    """"The ministry called that claim baseless": a denial of the claim just before it is
    about the same events. Only the nearest claim: in "Rwandan forces backed the rebels,
    according to the UN. Rwanda has denied this." the denial is of the backing (no event),
    not of the capture reported a paragraph earlier."""
    out: list[Claim] = []
    last: Claim | None = None
    for claim in claims:
        words = set(claim.evidence.lower().split())
        if claim.stance == "deny" and not claim.events and last is not None and words & _ANAPHORA:
            claim = replace(claim, events=last.events)
        if claim.stance != "deny":
            last = claim
        out.append(claim)
    return out


_GROUP_HEADS = frozenset("group movement organisation organization faction militia alliance coalition".split())
_ORGANISED = frozenset({"armed_group", "government", "military", "political_party"})


def publisher(resolver: ActorResolver, outlet: str) -> Actor:
    """The outlet that published the document: a news outlet whatever its name looks like
    ("The Hindu" read as a person named Hindu, "Hamodia" as a person, each a source of
    its own kind); the registry's entry where it has one (state media keep their side)."""
    actor = resolver.resolve(outlet)
    if actor.registry and actor.canonical:
        return actor
    return Actor(outlet.strip(), "media", "media", resolver.conflict, False)


def _group_antecedent(doc: Doc, read: tuple[int, int], resolver: ActorResolver) -> Actor | None:
    """"RSF fighters captured two towns, the group said": a bare "the group" that no
    earlier speaker explains is the nearest organisation named before it, in its
    sentence or the one before."""
    tokens = [t for t in doc.char_span(*read, alignment_mode="expand") or () if not t.is_punct]
    if len(tokens) != 2 or tokens[0].lower_ != "the" or tokens[1].lower_ not in _GROUP_HEADS:
        return None
    sent = tokens[0].sent
    first = doc[sent.start - 1].sent.start if sent.start > 0 else sent.start
    chunks = [c for c in doc[first : tokens[0].i].noun_chunks if c.root.pos_ in ("NOUN", "PROPN")]
    for chunk in reversed(chunks):
        actor = resolver.resolve(chunk.text)
        if actor.canonical and actor.kind in _ORGANISED:
            return actor
    return None


_MONITOR_HEADS = frozenset("monitor observatory watchdog".split())


def _monitor_named(doc: Doc, read: tuple[int, int], resolver: ActorResolver) -> Actor | None:
    """"…, a war monitor said" in a report that names one monitor ("the Syrian Observatory
    for Human Rights", its director): that monitor, one source however it is named. Two
    monitors named, or none: no guess."""
    tokens = [t for t in doc.char_span(*read, alignment_mode="expand") or () if not t.is_punct]
    if not tokens or tokens[-1].lower_ not in _MONITOR_HEADS or any(t.pos_ == "PROPN" for t in tokens):
        return None
    owners = set()
    for ent in doc.ents:
        if ent.label_ in ("ORG", "PERSON"):
            actor = resolver.resolve(ent.text)
            if actor.canonical and actor.side == "monitor":
                owners.add(speaks_for(actor.canonical))
    return resolver.resolve(owners.pop()) if len(owners) == 1 else None


def _settled(claim: Claim, resolver: ActorResolver) -> Claim:
    """Update a source with what the rest of the document revealed ("spokesperson X" is
    a rebel spokesperson, as a later sentence says)."""
    src = claim.source
    if src.canonical is None or not claim.attributed:
        return claim  # the publisher's own voice is what it is (an outlet), whatever the text says
    actor = resolver.settled(Actor(src.canonical, src.kind, src.side, None, src.registry))
    if (actor.kind, actor.side) == (src.kind, src.side):
        return claim
    return replace(claim, source=replace(src, kind=actor.kind, side=actor.side))


def _claim(
    doc: Doc,
    document_id: str,
    att: Attribution,
    resolver: ActorResolver,
    outlet: str | None,
    outlet_actor: Actor | None,
    persons: Sequence[tuple[int, int, str]],
) -> Claim:
    """One attributed claim; ``persons`` are the document's PERSON entities (start, end, text)."""
    text = token_table(doc).text
    written = text[att.source[0] : att.source[1]] if att.source else None  # provenance: as written
    read = speaker_span(doc, att.source, att.content)  # the words it stands for ("he" -> the name)
    actor: Actor | None
    if read is not None:
        names = [name for start, end, name in persons if read[0] <= start and end <= read[1]]
        actor = resolver.resolve(text[read[0] : read[1]], names)
        if not actor.canonical or actor.kind == "unknown":
            actor = _group_antecedent(doc, read, resolver) or _monitor_named(doc, read, resolver) or actor
        if junk_speaker(doc, read, actor.kind):
            read, actor = None, None  # "it", "One", "fighting": no one
    else:  # no source written: the outlet's own account; a junk one read away: no speaker
        actor = outlet_actor if att.source is None else None
    channel = _channel(att.channel, resolver)
    if att.construction == "prepositional" and actor and actor.kind == "media" and actor.canonical:
        channel = (actor.canonical, True)  # "as per CNN": CNN is the source and the channel
    named = written if read is not None else None
    chain = relay_chain(named, actor, channel, outlet)
    if att.source is not None and read is None:
        chain = (UNNAMED, *chain)  # a speaker was written but names no one: not the outlet
    return Claim(
        id=claim_id(document_id, att.content, att.cue),
        document_id=document_id,
        sentence=text[att.sentence[0] : att.sentence[1]].strip(),
        sentence_span=_stripped(text, att.sentence),
        span=att.content,
        evidence=text[att.content[0] : att.content[1]],
        source=source_ref(written, att.source, actor),
        cue=att.cue_text,
        cue_span=att.cue,
        stance=att.stance,
        quote=att.quote,
        channel=channel[0] if channel else None,
        chain=chain,
        attributed=True,
        extractor=TAGGED_EXTRACTOR if att.construction == TAGGED else EXTRACTOR,
    )


def _channel(name: str | None, resolver: ActorResolver) -> tuple[str, bool] | None:
    """The channel's display name and whether it is a media outlet (a relay in the chain)."""
    if not name:
        return None
    actor = resolver.resolve(name)
    if actor.kind == "media" and actor.canonical:
        return actor.canonical, True
    return name, False


def relay_chain(
    source_text: str | None, actor: Actor | None, channel: tuple[str, bool] | None, outlet: str | None
) -> tuple[str, ...]:
    """Who passed the claim on: the source as written, a relaying outlet, the publisher."""
    links = [source_text or (actor.canonical if actor else None)]
    if channel and channel[1]:
        links.append(channel[0])
    links.append(outlet)
    out: list[str] = []
    for link in links:
        if link and (not out or out[-1].casefold() != link.casefold()):
            out.append(link)
    if actor and actor.kind == "media" and len(out) > 1 and actor.canonical == out[-1]:
        out.pop()  # the outlet's own reporting is no relay
    return tuple(out)


def source_ref(text: str | None, span: tuple[int, int] | None, actor: Actor | None) -> SourceRef:
    if actor is None:
        return SourceRef(text, span, None, "unknown", "none")
    return SourceRef(text, span, actor.canonical, actor.kind, actor.side, actor.registry)


def _outlet_voice(
    doc: Doc,
    document_id: str,
    attributions: Sequence[Attribution],
    caveats: Sequence[Caveat],
    outlet: str | None,
    outlet_actor: Actor | None,
) -> list[Claim]:
    """Sentences that attribute nothing (and caveat nothing) are the outlet's own assertions."""
    taken = [(a.sentence[0], a.sentence[1]) for a in attributions] + [a.content for a in attributions]
    taken += [c.span for c in caveats]
    table = token_table(doc)
    text, pos = table.text, table.pos
    out = []
    for sent in doc.sents:
        first, last = sent.start_char, sent.end_char
        if any(s < last and first < e for s, e in taken):
            continue
        words = [i for i in range(sent.start, sent.end) if not (table.punct[i] or table.space[i])]
        if len(words) < _MIN_VOICE_TOKENS or not any(pos[i] in ("VERB", "AUX") for i in words):
            continue
        span = (table.idx[words[0]], table.end[words[-1]])
        out.append(
            Claim(
                id=claim_id(document_id, span, None),
                document_id=document_id,
                sentence=text[first:last].strip(),  # ``sent.text``
                sentence_span=_stripped(text, (first, last)),
                span=span,
                evidence=text[span[0] : span[1]],
                source=source_ref(None, None, outlet_actor) if outlet else SourceRef(None, None, None, "media", "media"),
                cue=None,
                cue_span=None,
                stance=_voice_stance(sent),
                quote=None,
                channel=None,
                chain=(outlet,) if outlet else (),
                attributed=False,
                extractor=EXTRACTOR,
            )
        )
    return out


def _voice_stance(sent: Span) -> str:
    return stance_at(token_table(sent.doc), sent.root.i, range(sent.start, sent.end))


def _with_caveats(
    doc: Doc, claims: list[Claim], caveats: Sequence[Caveat], resolver: ActorResolver
) -> list[Claim]:
    """Attach each outlet caveat to the claims it covers (never to itself)."""
    hedges: dict[str, list[Hedge]] = {c.id: [] for c in claims}
    text = token_table(doc).text
    for caveat in caveats:
        hedge = Hedge(caveat.text, caveat.span)
        named = resolver.resolve(text[caveat.names[0] : caveat.names[1]]) if caveat.names else None
        for claim in claims:
            if _covers(caveat, named, claim):
                hedges[claim.id].append(hedge)
    return [replace(c, hedges=tuple(hedges[c.id])) if hedges[c.id] else c for c in claims]


def _covers(caveat: Caveat, named: Actor | None, claim: Claim) -> bool:
    """Whether an outlet caveat applies to a claim.

    "The claims of the rebels have not been confirmed" covers what the rebels, and the
    people who speak for their side, claimed before it; an unnamed caveat covers the
    sentences just before it; a standing disclaimer covers everything.
    """
    if caveat.span[0] <= claim.span[0] < caveat.span[1]:
        return False
    if caveat.scope == "all":
        return True
    if not claim.attributed:
        return False
    if caveat.scope == "preceding":
        return bool(caveat.preceding and caveat.preceding[0] <= claim.span[0] < caveat.preceding[1])
    if named is None or claim.span[0] >= caveat.span[0]:
        return False
    if named.canonical and claim.source.canonical == named.canonical:
        return True
    group = named.kind in ("armed_group", "government", "military", "political_party")
    return group and named.side not in ("none", "media", "monitor") and claim.source.side == named.side


def claim_id(document_id: str, span: tuple[int, int], cue: tuple[int, int] | None) -> str:
    """Stable id: the same document, evidence and cue always give the same claim id."""
    key = f"{document_id}:{span[0]}:{span[1]}:{cue[0] if cue else ''}"
    return hashlib.sha1(key.encode("ascii")).hexdigest()[:16]


def _stripped(text: str, span: tuple[int, int]) -> tuple[int, int]:
    start, end = span
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
