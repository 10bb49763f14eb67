"""Attributions from the learned span tagger, for what the rules do not find.

The tagger (:mod:`claimgraph.nlp.models`, trained on PolNeAR, with parse anchoring) marks
SOURCE, CUE and CONTENT spans in ``doc.spans``; it finds attributions whose cue is not a
verb of saying ("in a statement", "the claim by", "the reports of") that the rules of
:mod:`claimgraph.extract.attribution` miss. Here each tagged cue becomes an
:class:`Attribution` with the source and content the tagger put beside it in its sentence.

Where the rules found the same cue their reading stands (it splits conjoined contents into
their events and reads channels, denied objects and denial verbs from the parse), with the
tagger's source span, which matches how annotators mark sources better than the rules'
subject; a tagged attribution whose cue no rule found is added unless a rule's content
already covers most of its content (one claim per cue and content). Chosen on PolNeAR's
held-out train slice (every 10th train article) against two other merges: the tagger's
attributions first scored higher there (source / content F1 .746 / .735 against .724 /
.701) but lost the founding article's split events and its "as per CNN" claim.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import replace

from spacy.tokens import Doc, Span, Token

from claimgraph.extract import cues, ontology
from claimgraph.extract.attribution import Attribution, dateline_word, quote_kind, span_tokens, stance_of
from claimgraph.extract.quotes import quote_spans
from claimgraph.nlp.models import ATTRIBUTION_SPANS_KEY
from claimgraph.nlp.table import token_table

CONSTRUCTION = "tagged"
# A cue that is an event ("The GRF attacked Al-Manaqil") is the tagger's mistake: the
# sentence is a report of the event, in the outlet's voice, not an attribution.
_EVENT_WORDS = frozenset(
    w for w, kind in ontology.VERB_TRIGGERS.items() if kind != "STATEMENT"
) - cues.REPORTING - cues.DENIAL - cues.ADMISSION


def _at_a_person(verb: Token) -> bool:
    """An event verb of one person or aimed at one ("Senator X has been pounding Y as a
    con artist", "attacked him"): words against someone, which the tagger rightly reads as
    a cue; a force's, at a place or a force ("the GRF attacked Al-Manaqil", "pounded rebel
    positions"), it is the event itself."""
    return any(c.dep_ == "nsubj" and c.ent_type_ == "PERSON"
               or c.dep_ == "dobj" and (c.ent_type_ == "PERSON" or c.lower_ in ("him", "her", "them"))
               for c in verb.children)


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _share(a: tuple[int, int], b: tuple[int, int]) -> float:
    """Characters two spans share over the shorter one's length."""
    shared = min(a[1], b[1]) - max(a[0], b[0])
    return max(shared, 0) / max(min(a[1] - a[0], b[1] - b[0]), 1)


def _nearest(spans: Sequence[Span], cue: Span) -> Span | None:
    """The span closest to the cue (by characters between them); before it on a tie,
    as sources and contents most often stand."""
    if not spans:
        return None
    return min(spans, key=lambda s: (max(s.start_char - cue.end_char, cue.start_char - s.end_char, 0),
                                     s.start_char > cue.start_char))


def tagged_attributions(doc: Doc, found: Sequence[Attribution] = ()) -> list[Attribution]:
    """Attributions from ``doc.spans`` that none of ``found`` covers.

    Every tagged CUE takes the nearest tagged CONTENT of its sentence (two cues may share
    one, "X told police …, the source added"), else the nearest unpaired one of the next
    sentence ("X said:" and the quotation); every CONTENT left over takes the nearest CUE
    of its sentence or the one before or after (a quotation continued past its cue); each
    cue takes the nearest SOURCE of its sentence.
    """
    if ATTRIBUTION_SPANS_KEY not in doc.spans:
        return []
    by_label: dict[str, list[Span]] = {"SOURCE": [], "CUE": [], "CONTENT": []}
    for span in doc.spans[ATTRIBUTION_SPANS_KEY]:
        by_label.setdefault(span.label_, []).append(span)
    cue_spans = [c for c in by_label["CUE"] if c.root.lemma_.lower() not in _EVENT_WORDS or _at_a_person(c.root)]
    contents, sources = by_label["CONTENT"], by_label["SOURCE"]
    if not cue_spans or not contents:
        return []
    sentences = list(doc.sents)
    starts = [s.start for s in sentences]

    def near(span: Span, candidates: Sequence[Span], steps: tuple[int, ...]) -> Span | None:
        k = bisect_right(starts, span.start) - 1
        for i in (k + step for step in steps):
            if 0 <= i < len(sentences):
                sent = sentences[i]
                inside = [c for c in candidates if sent.start <= c.start < sent.end and not _overlaps(_chars(c), _chars(span))]
                if inside:
                    return _nearest(inside, span)
        return None

    pairs: dict[tuple[tuple[int, int], tuple[int, int]], tuple[Span, Span]] = {}
    for cue in cue_spans:
        content = near(cue, contents, (0,))
        if content is not None:
            pairs[(_chars(cue), _chars(content))] = (cue, content)
    paired = {key[1] for key in pairs}
    for cue in cue_spans:  # "X said:" and the quotation in the next sentence
        if not any(key[0] == _chars(cue) for key in pairs):
            content = near(cue, [c for c in contents if _chars(c) not in paired], (1,))
            if content is not None:
                pairs[(_chars(cue), _chars(content))] = (cue, content)
                paired.add(_chars(content))
    for content in contents:  # a quotation continued past the sentence of its cue
        if _chars(content) not in paired and (cue := near(content, cue_spans, (0, -1, 1))) is not None:
            pairs[(_chars(cue), _chars(content))] = (cue, content)
    taken = [a.content for a in found] + [a.cue for a in found if a.cue]
    text = token_table(doc).text
    quotes = quote_spans(text)
    out: list[Attribution] = []
    for (cue_chars, chars), (cue, content) in sorted(pairs.items()):
        if any(_overlaps(chars, t) or _overlaps(cue_chars, t) for t in taken):
            continue
        sent = cue.sent
        last = doc[content.end - 1].sent  # the claim's sentence covers its cue and its content
        first = content.sent
        sentence = (min(sent.start_char, first.start_char), max(sent.end_char, last.end_char))
        source = _nearest([s for s in sources if sent.start <= s.start < sent.end
                           and not _overlaps(_chars(s), chars) and not _overlaps(_chars(s), cue_chars)], cue)
        if source is not None and dateline_word(source.root):
            continue  # "ISTANBUL: …": a dateline and its colon, no speaker and no cue
        root = content.root
        out.append(Attribution(
            sentence=sentence,
            source=_chars(source) if source is not None else None,
            cue=cue_chars,
            cue_text=cue.text,
            content=chars,
            content_root=root.i,
            channel=None,
            channel_span=None,
            quote=quote_kind(chars[0], chars[1], text, quotes),
            stance=stance_of(cue.root, root, span_tokens(doc, *chars)),
            construction=CONSTRUCTION,
        ))
    return out


def _chars(span: Span) -> tuple[int, int]:
    return span.start_char, span.end_char


def _better_source(rule: tuple[int, int] | None, tagged: tuple[int, int] | None, text: str) -> tuple[int, int] | None:
    """The tagger's source span (it matches how annotators mark sources better than the
    rules' subject, appositions included), except where it reaches back over a comma into
    the phrase before the rules' one ("Asked about Wad Medani, Brigadier Osman repeated …")
    or picks a name out of the clause that describes the rules' speaker ("rebels, who are
    backed by Kigali, claimed": the rebels claimed, not Kigali)."""
    if tagged is None or rule is None:
        return tagged or rule
    prefix = tagged[0] < rule[0] < tagged[1] and "," in text[tagged[0] : rule[0]]
    aside = rule[0] < tagged[0] and "," in text[rule[0] : tagged[0]]
    return rule if prefix or aside else tagged


_QUOTE_MARKS = frozenset('"“”‘’«»')


def _continues(tagged: Attribution, rule: Attribution, taken: Sequence[Attribution], text: str,
               doc: Doc | None) -> bool:
    """A content the tagger gives a rule's cue after the rule's content and cue, that no
    claim holds yet: the quotation goes on past its cue ("'We hold the bridge,' he said.
    'The rest is rumour.'"), one speaker's words, a claim of its own. Never a content
    before the cue: that is another sentence's ("X attacked Y. The army says …")."""
    after = tagged.content[0] >= max(rule.content[1], rule.cue[1] if rule.cue else 0)
    # past the rules' sentence, a quotation, or at least a clause of its own (not "…, a day
    # after President X", a phrase the tagger cut from the rules' sentence)
    clause = doc is not None and tagged.content_root is not None and doc[tagged.content_root].pos_ in ("VERB", "AUX")
    outside = tagged.content[0] >= rule.sentence[1] or tagged.quote == "direct" or _opens_quote(text, tagged.content[0])
    return after and (outside or clause) and not any(_overlaps(tagged.content, a.content) for a in taken)


def _opens_quote(text: str, start: int) -> bool:
    """Whether a quotation mark (any of the ways papers write one) opens at ``start``."""
    return text[start - 1 : start] in _QUOTE_MARKS or text[start : start + 1] in _QUOTE_MARKS or text[max(start - 2, 0) : start] == "''"


def merge(rules: Sequence[Attribution], tagged: Sequence[Attribution], text: str = "",
          doc: Doc | None = None) -> list[Attribution]:
    """One attribution per cue and content, in text order (module doc): for a cue both
    found, the rules' reading with the tagger's source span where it has one, and any
    content the tagger gives that cue past the rules' sentence (:func:`_continues`); a
    tagged attribution whose cue no rule found and whose content no rule's largely covers."""
    out = list(rules)
    for t in tagged:
        same = [i for i, r in enumerate(out) if r.cue and t.cue and r.construction != CONSTRUCTION
                and _overlaps(r.cue, t.cue)]
        for i in same:
            if t.source is not None and any(r.source == t.source and r.cue != out[i].cue for r in rules):
                continue  # the tagger gave this cue another cue's speaker ("X said A, and Y later said B")
            out[i] = replace(out[i], source=_better_source(out[i].source, t.source, text))
        if not same and not any(_share(t.content, r.content) >= 0.8 for r in out):
            out.append(t)
        elif same and _continues(t, out[same[0]], out, text, doc):
            rule = out[same[0]]
            out.append(replace(t, source=rule.source, cue=rule.cue, cue_text=rule.cue_text,
                               channel=rule.channel, channel_span=rule.channel_span))
    return sorted(out, key=lambda a: (a.content[0], a.content[1]))
