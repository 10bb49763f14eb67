"""Find attributions in a parsed document: who (source) says what (content) how (cue).

A pure function of a spaCy ``Doc``. Three constructions cover most news attribution:

- a reporting verb with a subject and a clausal complement or an adjacent quotation
  ("X said the city had fallen", "“The city has fallen,” X said", "X denied the reports");
- a prepositional source ("according to X", "as per a report in X", "citing X");
- a quotation continued in the next paragraphs without a new cue.

Spans are character offsets into ``doc.text``; the claim assembler resolves sources to
actors and attaches outlet hedges.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from claimgraph.extract import cues
from claimgraph.extract.quotes import DOUBLE_QUOTES, containing, inner, quote_spans

EXTRACTOR = "claimgraph.attribution@1"
_SUBJECTS = ("nsubj", "nsubjpass")
_NOT_CHANNELS = frozenset("reporters journalists media press correspondents".split())


@dataclass(frozen=True, slots=True)
class Attribution:
    """One attribution found in the text (character spans into ``doc.text``)."""

    sentence: tuple[int, int]
    source: tuple[int, int] | None
    cue: tuple[int, int] | None
    cue_text: str | None
    content: tuple[int, int]
    content_root: int | None  # token index of the content's head, for events later
    channel: str | None
    channel_span: tuple[int, int] | None
    quote: str
    stance: str
    construction: str
    denied: tuple[int, int] | None = None  # "Quashing the reports of the fall of Homs…"


def find_attributions(doc: Doc) -> list[Attribution]:
    """Every attribution in ``doc``, in text order, nested quote-internal ones dropped."""
    quotes = quote_spans(doc.text)
    found: list[Attribution] = []
    for sent in doc.sents:
        found.extend(_verb_attributions(sent, quotes))
        found.extend(_prepositional_attributions(sent, quotes))
        found.extend(_headline_attribution(sent))
    found.extend(_continued_quotes(doc, quotes, found))
    return _without_nested(sorted(found, key=lambda a: (a.content[0], a.content[1])), quotes)


# --- reporting verbs ---------------------------------------------------------------


def _verb_attributions(sent: Span, quotes: list[tuple[int, int]]) -> Iterable[Attribution]:
    for tok in sent:
        if tok.lemma_.lower() not in cues.REPORTING or tok.pos_ not in ("VERB", "AUX"):
            continue
        if tok.dep_ == "advcl" and tok.lemma_.lower() in cues.DENIAL and tok.head.lemma_ in cues.REPORTING:
            continue  # "Quashing the reports as false, the ministry said…": folded into "said"
        subject = _subject(tok)
        contents = _contents(tok, sent, quotes)
        if not contents or subject is None and tok.dep_ != "ROOT":
            continue
        channel, channel_span = _channel(tok)
        cited = _cited(tok)
        if cited is not None and subject is not None:
            # "HNN, citing residents, reported …": the residents speak, HNN relays.
            channel, channel_span = _noun_phrase_text(subject), _np_span(subject)
            subject = cited
        hedged_source = subject is not None and any(
            t.lower_ in cues.HEDGE_ADJECTIVES for t in subject.subtree
        )
        for start, end, root in contents:
            stance = _stance(tok, root, span_tokens(sent.doc, start, end))
            yield Attribution(
                sentence=(sent.start_char, sent.end_char),
                source=_np_span(subject) if subject is not None else None,
                cue=(tok.idx, tok.idx + len(tok.text)),
                cue_text=tok.text,
                content=(start, end),
                content_root=root.i if root is not None else None,
                channel=channel,
                channel_span=channel_span,
                quote=_quote_kind(start, end, sent.doc.text, quotes),
                stance="hedge" if hedged_source and stance == "assert" else stance,
                construction="verb",
                denied=_denied_object(tok),
            )


def _denied_object(tok: Token) -> tuple[int, int] | None:
    """What a participial denial rejects: "Quashing [the reports of the fall of Homs] as false"."""
    for child in tok.children:
        if child.dep_ == "advcl" and child.lemma_.lower() in cues.DENIAL:
            obj = next((g for g in child.children if g.dep_ == "dobj"), None)
            if obj is not None:
                return _np_span(obj)
    return None


def _cited(tok: Token) -> Token | None:
    """The object of a "citing X" phrase hanging on a reporting verb."""
    for child in tok.children:
        if child.lemma_.lower() == "cite" and child.dep_ in ("advcl", "prep", "acl", "xcomp"):
            return next((g for g in child.children if g.dep_ in ("dobj", "pobj")), None)
    subject = next((c for c in tok.children if c.dep_ in _SUBJECTS), None)
    if subject is not None:  # "HNN, citing residents, reported": the parser may hang it here
        for child in subject.children:
            if child.lemma_.lower() == "cite":
                return next((g for g in child.children if g.dep_ in ("dobj", "pobj")), None)
    return None


def _subject(tok: Token) -> Token | None:
    """The speaker: the verb's subject, or the subject it shares with a verb it depends on.

    Two misparses are undone on the way up: a participle after a reported clause ("told TV
    that the governor is at work, dismissing rumours …") hangs on the reported verb but
    speaks for the reporting one, and a verb coordinated with a subordinate clause ("said
    …, before the fighting reached the city, and rejected reports …") shares the main
    verb's subject, not the subordinate one's."""
    for _ in range(4):
        for child in tok.children:
            if child.dep_ in _SUBJECTS and child.lower_ not in ("it", "there"):
                return child
        if tok.dep_ in ("conj", "xcomp", "advcl") and tok.head != tok:
            head = tok.head
            if tok.dep_ == "advcl" and tok.tag_ == "VBG" and _reported_clause(head):
                head = head.head  # the reporting verb
            elif tok.dep_ == "conj" and head.dep_ == "advcl" and any(c.dep_ == "mark" for c in head.children):
                head = head.head  # the main verb the subordinate clause hangs on
                if _reported_clause(head) and tok.lemma_.lower() in cues.REPORTING:
                    head = head.head  # … or the reported clause it hangs on: the speaker's verb
            tok = head
            continue
        return None
    return None


def _reported_clause(tok: Token) -> bool:
    """The complement clause of a reporting verb ("told TV [that the governor is at work]")."""
    return tok.dep_ == "ccomp" and tok.head.lemma_.lower() in cues.REPORTING


def _trailing_participles(clause: Token) -> list[Token]:
    """", dismissing rumours …" after a reported clause: the speaker's own further words
    (their own attribution), not part of what the clause reports."""
    return [
        c for c in clause.children
        if c.dep_ == "advcl" and c.tag_ == "VBG" and c.i > clause.i
        and c.lemma_.lower() in cues.REPORTING and clause.doc[c.left_edge.i - 1].text == ","
    ]


def _characterisation(clause: Token) -> list[Token]:
    """"dismissing rumours that he had left the city [as a fabrication]": the verdict on
    the reported words, which the parser may hang on the reported verb, is not content."""
    return [
        c for c in clause.children
        if c.i > clause.i and c.left_edge.lower_ == "as" and c.dep_ in ("prep", "advmod", "advcl")
        and c.right_edge.i >= clause.right_edge.i - 1
        and not any(g.pos_ in ("VERB", "AUX") for g in c.subtree)
    ]


_REPORT_NOUNS = frozenset({"claim", "report", "assertion", "allegation", "account", "statement"})


def _contents(
    tok: Token, sent: Span, quotes: list[tuple[int, int]]
) -> list[tuple[int, int, Token | None]]:
    """What the verb reports: adjacent quotation, clausal complement(s), or a denied object."""
    text = sent.doc.text
    quoted = _adjacent_quote(tok, sent, quotes)
    if quoted is not None:
        start, end = inner(quoted, text)
        root = _root_in(sent.doc, start, end)
        return [(start, end, root)] if end > start else []
    lemma = tok.lemma_.lower()
    clauses = [c for c in tok.children if c.dep_ == "ccomp"]
    if not clauses:
        clauses = [c for c in tok.children if c.dep_ == "xcomp" and any(a.lower_ == "to" for a in c.children)]
    judged = lemma in cues.CHARACTERISING and any(c.dep_ in ("oprd", "acomp") for c in tok.children)
    if not clauses and (lemma in cues.DENIAL or lemma in cues.ADMISSION or judged):
        clauses = [c for c in tok.children if c.dep_ in ("dobj", "attr") and c.pos_ in ("NOUN", "PROPN")]
    if not clauses and tok.dep_ == "relcl" and lemma in cues.DENIAL and tok.head.lemma_.lower() in _REPORT_NOUNS:
        # "…, a claim the army immediately rejected": what is rejected is the noun itself
        head = tok.head
        start = min([head.idx, *(c.idx for c in head.lefts)])
        return [(start, head.idx + len(head.text), head)]
    verdict = lemma in cues.DENIAL or lemma in cues.CHARACTERISING
    out = []
    for clause in clauses:
        for part in _conjuncts(clause):
            exclude = _split_conjuncts(part) + _trailing_participles(part)
            if verdict:
                exclude += _characterisation(part) + [
                    p for c in part.children if c.dep_ in ("acl", "relcl", "ccomp") for p in _characterisation(c)
                ]
            start, end = _clause_span(part, exclude=exclude)
            if end > start:
                out.append((start, end, part))
    return out


def _adjacent_quote(tok: Token, sent: Span, quotes: list[tuple[int, int]]) -> tuple[int, int] | None:
    """A quotation right before the cue ("…,” she said) or right after it (said: “…”)."""
    text = sent.doc.text
    subject = _subject(tok)
    left = min(tok.idx, subject.left_edge.idx if subject is not None else tok.idx)
    right = tok.idx + len(tok.text)
    if subject is not None and subject.i > tok.i:
        right = subject.right_edge.idx + len(subject.right_edge.text)
    for start, end in quotes:
        # a quotation closing the paragraph before belongs to its own speaker
        if end <= left and not text[end:left].strip(" ,:;—–-\n") and "\n" not in text[end:left]:
            return start, end
        if start >= right and not text[right:start].strip(" ,:;—–-\n"):
            return start, end
    return None


def _conjuncts(tok: Token) -> list[Token]:
    """A clause and the full clauses coordinated with it ("had taken Homs, and have entered
    Damascus"); a bare coordinated verb ("boarded a plane and departed") stays in its clause.
    """
    out = [tok]
    for child in _split_conjuncts(tok):
        out.extend(_conjuncts(child))
    return out


def _split_conjuncts(tok: Token) -> list[Token]:
    """Coordinated verbs with their own subject or auxiliary: separate propositions."""
    return [
        c
        for c in tok.children
        if c.dep_ == "conj"
        and c.pos_ in ("VERB", "AUX")
        and any(g.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass") for g in c.children)
    ]


def _clause_span(tok: Token, exclude: Sequence[Token]) -> tuple[int, int]:
    """Characters of a clause's subtree without the coordinated clauses in ``exclude``."""
    text = tok.doc.text
    skip = {t.i for e in exclude for t in e.subtree}
    for t in tok.subtree:  # ", which is a city north of Homs": description, not the claim
        if t.dep_ == "relcl" and t.left_edge.i > 0 and tok.doc[t.left_edge.i - 1].text == ",":
            skip.update(x.i for x in t.subtree)
            skip.add(t.left_edge.i - 1)
    tokens = [t for t in tok.subtree if t.i not in skip and t.dep_ != "cc"]
    while tokens and (tokens[0].is_punct or tokens[0].dep_ == "mark"):
        tokens.pop(0)
    while tokens and (tokens[-1].is_punct or tokens[-1].dep_ == "cc"):
        tokens.pop()
    if not tokens:
        return 0, 0
    start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
    text = tok.doc.text
    if sum(text.count(q, start, end) for q in DOUBLE_QUOTES) % 2 and end < len(text) and text[end] in DOUBLE_QUOTES:
        end += 1  # close the scare quote the span opened: the scenario was "stable and safe"
    return start, end


_NP_PREPS = frozenset("of for from at".split())


def _np_span(tok: Token) -> tuple[int, int]:
    """A speaker noun phrase's characters: "The leader of X" keeps "of X", but relative
    clauses and circumstantial phrases ("in the early hours", "on their channel") go.
    """
    text = tok.doc.text
    drop = {
        t.i
        for child in tok.children
        if child.dep_ in ("relcl", "acl", "advcl")
        or (child.dep_ == "appos" and "," in text[tok.idx : child.left_edge.idx])
        or (child.dep_ == "prep" and child.lower_ not in _NP_PREPS)
        for t in child.subtree
    }
    tokens = [t for t in tok.subtree if t.i not in drop]
    while tokens and tokens[-1].is_punct:
        tokens.pop()
    while tokens and tokens[0].is_punct:
        tokens.pop(0)
    if not tokens:  # a "subject" of punctuation only (hostile text): the token itself
        return tok.idx, tok.idx + len(tok.text)
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)


def _channel(tok: Token) -> tuple[str | None, tuple[int, int] | None]:
    """Where the statement was made: "told Reuters", "on Telegram", "in a statement".

    The parser often hangs the channel on the subject ("said the rebels on their Telegram
    channel"), so the subject's prepositions are searched too.
    """
    subject = _subject(tok)
    children = list(tok.children) + (list(subject.children) if subject is not None else [])
    for child in children:
        if tok.lemma_.lower() == "tell" and child.dep_ in ("dobj", "dative") and child.lower_ not in _NOT_CHANNELS:
            if child.pos_ == "PROPN" or child.ent_type_ in ("ORG", "PERSON") or any(
                c.pos_ == "PROPN" for c in child.children
            ):
                return _noun_phrase_text(child), _np_span(child)
        if child.dep_ == "prep" and child.lower_ in cues.CHANNEL_PREPOSITIONS:
            for pobj in child.children:
                named = _channel_name(pobj)
                if named:
                    return named, _np_span(pobj)
    return None, None


def _channel_name(pobj: Token) -> str | None:
    words = [t for t in pobj.subtree if t.dep_ not in ("det", "poss", "case", "punct")]
    for word in words:
        key = word.lower_
        if key in cues.CHANNELS and (key != "x" or word.text == "X"):
            name = cues.CHANNELS[key]
            if name == "television" and any(w.lower_ in cues.STATE_MEDIA_MODIFIERS for w in words):
                return "state television"
            return name
    return None


def _noun_phrase_text(tok: Token) -> str:
    start, end = _np_span(tok)
    return tok.doc.text[start:end]


# --- prepositional attributions ----------------------------------------------------


def _prepositional_attributions(sent: Span, quotes: list[tuple[int, int]]) -> Iterable[Attribution]:
    for tok in sent:
        cue_name = cues.PREPOSITIONAL.get(tok.lower_) or (
            "citing" if tok.lemma_.lower() == "cite" and tok.dep_ in ("advcl", "prep", "acl") else None
        )
        if cue_name is None:
            continue
        if cue_name == "citing" and (tok.head.lemma_.lower() in cues.REPORTING or tok.head.head.lemma_.lower() in cues.REPORTING):
            continue  # a relay: the reporting verb's attribution carries it
        pobj = _prepositional_object(tok)
        if pobj is None:
            continue
        source, cue_end = _report_source(pobj)
        cue_start = tok.nbor(-1) if tok.lower_ == "per" and tok.i > sent.start and tok.nbor(-1).lower_ == "as" else tok
        phrase = {t.i for t in cue_start.subtree} | {t.i for t in tok.subtree} | {cue_start.i}
        rest = [t for t in sent if t.i not in phrase and not t.is_space]
        while rest and rest[0].is_punct:
            rest.pop(0)
        while rest and rest[-1].is_punct:
            rest.pop()
        if len(rest) < 3:
            continue
        start, end = rest[0].idx, rest[-1].idx + len(rest[-1].text)
        root = next((t for t in rest if t.dep_ == "ROOT"), rest[0])
        yield Attribution(
            sentence=(sent.start_char, sent.end_char),
            source=_np_span(source),
            cue=(cue_start.idx, cue_end),
            cue_text=sent.doc.text[cue_start.idx : cue_end],
            content=(start, end),
            content_root=root.i,
            channel=None,
            channel_span=None,
            quote=_quote_kind(start, end, sent.doc.text, quotes),
            stance=_hedged_by_source(source, content_stance(root, span_tokens(sent.doc, start, end))),
            construction="prepositional",
        )


def _hedged_by_source(source: Token, stance: str) -> str:
    """"according to unconfirmed reports": the source itself is qualified as unverified."""
    if stance == "assert" and any(t.lower_ in cues.HEDGE_ADJECTIVES for t in source.subtree):
        return "hedge"
    return stance


def _prepositional_object(tok: Token) -> Token | None:
    if tok.lower_ == "according":
        for child in tok.children:
            if child.lower_ == "to":
                return next((g for g in child.children if g.dep_ == "pobj"), None)
        return None
    return next((c for c in tok.children if c.dep_ in ("pobj", "dobj")), None)


def _report_source(pobj: Token) -> tuple[Token, int]:
    """"as per a report in Al Jazeera": the source is Al Jazeera; the cue runs to "in"."""
    if pobj.lemma_.lower() in ("report", "statement", "account", "footage", "broadcast"):
        for prep in pobj.children:
            if prep.dep_ == "prep" and prep.lower_ in ("in", "by", "from", "on", "of"):
                inner_obj = next((g for g in prep.children if g.dep_ == "pobj"), None)
                if inner_obj is not None:
                    return inner_obj, prep.idx + len(prep.text)
    return pobj, pobj.idx - 1 if pobj.idx > 0 else pobj.idx


_HEADLINE_SOURCE_WORDS = 4


def _headline_attribution(sent: Span) -> Iterable[Attribution]:
    """Headline style "Rebels enter the capital: Reports" / "… - officials"."""
    words = [t for t in sent if not t.is_space]
    while words and words[-1].is_punct and words[-1].text not in ":":
        words.pop()
    colon = next((i for i in range(len(words) - 1, 0, -1) if words[i].text in (":", "—", "–")), None)
    if colon is None or colon < 3 or not 1 <= len(words) - colon - 1 <= _HEADLINE_SOURCE_WORDS:
        return
    source = words[colon + 1 :]
    if not any(t.pos_ in ("NOUN", "PROPN") for t in source) or any(t.pos_ == "VERB" for t in source):
        return
    content = words[:colon]
    start, end = content[0].idx, content[-1].idx + len(content[-1].text)
    root = _root_in(sent.doc, start, end)
    yield Attribution(
        sentence=(sent.start_char, sent.end_char),
        source=(source[0].idx, source[-1].idx + len(source[-1].text)),
        cue=(words[colon].idx, words[colon].idx + 1),
        cue_text=words[colon].text,
        content=(start, end),
        content_root=root.i if root is not None else None,
        channel=None,
        channel_span=None,
        quote="indirect",
        stance=content_stance(root, span_tokens(sent.doc, start, end)),
        construction="headline",
    )


# --- quotations continued over paragraphs ------------------------------------------


def _continued_quotes(
    doc: Doc, quotes: list[tuple[int, int]], found: list[Attribution]
) -> Iterable[Attribution]:
    """A quotation paragraph with no cue of its own continues the last quoted speaker."""
    covered = [a.content for a in found] + [a.sentence for a in found]
    last: Attribution | None = None
    by_start = sorted(found, key=lambda a: a.content[0])
    for q_start, q_end in quotes:
        previous = [a for a in by_start if a.content[1] <= q_start and a.quote == "direct"]
        if previous:
            last = previous[-1]
        if last is None or any(s <= q_start < e or q_start <= s < q_end for s, e in covered):
            continue
        start, end = inner((q_start, q_end), doc.text)
        if end - start < 20 or not _same_run(doc.text, last.content[1], q_start):
            continue
        sent = doc.char_span(start, end, alignment_mode="expand")
        yield Attribution(
            sentence=(sent.sent.start_char, sent.sent.end_char) if sent is not None else (start, end),
            source=last.source,
            cue=None,
            cue_text=None,
            content=(start, end),
            content_root=_root_in(doc, start, end).i if _root_in(doc, start, end) is not None else None,
            channel=last.channel,
            channel_span=None,
            quote="direct",
            stance=content_stance(_root_in(doc, start, end), span_tokens(doc, start, end)),
            construction="continued-quote",
        )


def _same_run(text: str, after: int, before: int) -> bool:
    """Only quotations separated by quoted paragraphs (at most two breaks each) continue."""
    gap = text[after:before]
    return gap.count("\n\n") <= 2 and not any(line.strip() and line.strip()[0] not in "\"“”,.' " for line in gap.split("\n")[1:-1])


# --- stance, quote kind, helpers ---------------------------------------------------


def _stance(cue: Token, root: Token | None, content: Sequence[Token]) -> str:
    lemma = cue.lemma_.lower()
    negated = any(c.dep_ == "neg" for c in cue.children)
    if lemma in cues.DENIAL and not negated:
        return "deny"
    if any(c.dep_ == "advcl" and c.lemma_.lower() in cues.DENIAL for c in cue.children):
        return "deny"
    if any(c.dep_ in ("oprd", "acomp") and c.lemma_.lower() in cues.FALSITY for c in cue.children):
        return "deny"  # "called that claim baseless"
    if lemma in cues.CHARACTERISING and _judged_false(cue, content):
        return "deny"  # headline "army calls claim baseless", however the parser attaches "baseless"
    if negated and lemma in cues.ADMISSION:
        return "hedge"
    if lemma in cues.HEDGING_VERBS:
        return "hedge"
    return content_stance(root, content)


def _judged_false(cue: Token, content: Sequence[Token]) -> bool:
    """A judging verb's object or complement, outside the content, calls it false."""
    inside = {t.i for t in content}
    return any(
        t.i not in inside and t.lemma_.lower() in cues.FALSITY
        for c in cue.children
        if c.dep_ in ("advmod", "xcomp", "dobj", "prep", "oprd", "acomp")
        for t in c.subtree
    )


def content_stance(root: Token | None, content: Sequence[Token]) -> str:
    """Denial or hedging carried by the content itself."""
    for tok in content:
        if tok.lemma_.lower() in cues.FALSITY and tok.dep_ in ("acomp", "attr", "oprd", "amod", "pobj", "dobj"):
            return "deny"
    if root is not None:
        if root.lemma_.lower() in cues.HEDGE_VERBS:
            return "hedge"
        for child in root.children:
            if child.dep_ == "aux" and child.lower_ in cues.HEDGE_MODALS:
                return "hedge"
            if child.dep_ == "advmod" and child.lower_ in cues.HEDGE_ADVERBS:
                return "hedge"
    if any(t.lower_ in cues.HEDGE_ADJECTIVES for t in content):
        return "hedge"
    return "assert"


def _quote_kind(start: int, end: int, text: str, quotes: list[tuple[int, int]]) -> str:
    if containing(quotes, start, end) is not None:
        return "direct"
    if any(start <= q_start < end or start < q_end <= end for q_start, q_end in quotes):
        return "mixed"
    return "indirect"


def span_tokens(doc: Doc, start: int, end: int) -> list[Token]:
    """The tokens covering characters ``[start, end)`` (widened to whole tokens)."""
    span = doc.char_span(start, end, alignment_mode="expand")
    return list(span) if span is not None else []


def _root_in(doc: Doc, start: int, end: int) -> Token | None:
    """The token of ``[start, end)`` whose head lies outside it (the clause head)."""
    tokens = span_tokens(doc, start, end)
    inside = {t.i for t in tokens}
    heads = [t for t in tokens if t.head.i not in inside or t.head == t]
    verbs = [t for t in heads if t.pos_ in ("VERB", "AUX")]
    return (verbs or heads or [None])[0]


def _without_nested(found: list[Attribution], quotes: list[tuple[int, int]]) -> list[Attribution]:
    """Drop cues inside another attribution's direct quotation ("we believe", said X)."""
    out = []
    for att in found:
        if att.cue is not None and any(
            other is not att and other.quote == "direct" and other.content[0] <= att.cue[0] < other.content[1]
            for other in found
        ):
            continue
        if any(o.content == att.content and o.cue == att.cue and o is not att for o in out):
            continue
        out.append(att)
    return out
