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

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from claimgraph.extract import cues
from claimgraph.extract.quotes import DOUBLE_QUOTES, containing, inner, quote_spans
from claimgraph.nlp.table import TokenTable, token_table

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
    quotes = quote_spans(token_table(doc).text)
    found: list[Attribution] = []
    for sent in doc.sents:
        found.extend(_verb_attributions(sent, quotes))
        found.extend(_prepositional_attributions(sent, quotes))
        found.extend(_headline_attribution(sent))
    found.extend(_continued_quotes(doc, quotes, found))
    return _without_nested(sorted(found, key=lambda a: (a.content[0], a.content[1])), quotes)


# --- reporting verbs ---------------------------------------------------------------


def _verb_attributions(sent: Span, quotes: list[tuple[int, int]]) -> Iterable[Attribution]:
    table = token_table(sent.doc)
    lemmas, pos = table.lemma, table.pos
    subjects = {i: _subject(sent.doc[i]) for i in range(sent.start, sent.end)
                if lemmas[i] in cues.REPORTING and pos[i] in ("VERB", "AUX")}
    # subjectless cues whose speaker the parser hung inside another clause: that clause is
    # no content of theirs, and no other cue's content runs over their speaker
    others = {i: found for i, subject in subjects.items()
              if subject is None and (found := _stranded_speaker(sent.doc[i])) is not None}
    for i, subject in subjects.items():
        tok = sent.doc[i]
        if tok.dep_ == "advcl" and tok.lemma_.lower() in cues.DENIAL and tok.head.lemma_ in cues.REPORTING:
            continue  # "Quashing the reports as false, the ministry said…": folded into "said"
        contents = _contents(tok, sent, quotes)
        stranded = others.get(i)
        contents = _without_other_speakers(contents, others, i)
        if not contents or subject is None and stranded is None and tok.dep_ != "ROOT":
            continue
        if stranded is not None:
            # "Rebels entered the town, the war monitor said": the parser hung the speaker
            # on the town as an apposition; it speaks, and the content ends before it
            subject = stranded
            comma = sent.doc[stranded.left_edge.i - 1].idx
            contents = [(start, min(end, comma), root) if start < comma else (start, end, root)
                        for start, end, root in contents if start < comma or start > tok.idx]
        channel, channel_span = _channel(tok)
        cited = _cited(tok)
        if cited is not None and subject is not None:
            # "HNN, citing residents, reported …": the residents speak, HNN relays.
            channel, channel_span = _noun_phrase_text(subject), _np_span(subject)
            subject = cited
        hedged_source = subject is not None and any(
            table.lower[t] in cues.HEDGE_ADJECTIVES for t in table.subtree(subject.i)
        )
        for start, end, root in contents:
            stance = stance_of(tok, root, span_tokens(sent.doc, start, end))
            yield Attribution(
                sentence=(sent.start_char, sent.end_char),
                source=_np_span(subject) if subject is not None else None,
                cue=(tok.idx, tok.idx + len(tok.text)),
                cue_text=tok.text,
                content=(start, end),
                content_root=root.i if root is not None else None,
                channel=channel,
                channel_span=channel_span,
                quote=quote_kind(start, end, table.text, quotes),
                stance="hedge" if hedged_source and stance == "assert" else stance,
                construction="verb",
                denied=_denied_object(tok),
            )


def _stranded_speaker(cue: Token) -> Token | None:
    """The noun phrase just before a subjectless reporting verb, set off by a comma and
    parsed as an apposition inside the reported clause ("…, the war monitor said")."""
    doc = cue.doc
    i = cue.i - 1
    while i >= cue.sent.start and (doc[i].is_punct or doc[i].head == cue and doc[i].dep_ in ("advmod", "npadvmod")):
        i -= 1  # "…, the war monitor, said", "…, the monitor later said"
    if i < cue.sent.start:
        return None
    last = doc[i]
    node = last
    while node.dep_ not in ("appos", "conj") and node.head != node and node.head.right_edge.i == last.i and node.head.i < cue.i:
        node = node.head
    while node.dep_ == "appos" and node.head.dep_ == "appos" and node.head.right_edge.i == last.i:
        node = node.head  # "the Syrian Observatory, a Britain-based war monitor": the whole name
    if node.dep_ == "appos" and node.head.dep_ == "conj" and _after_and(node.head):
        return node.head  # "X said A, and the Observatory, a war monitor, later said B"
    if node.dep_ == "conj" and node.pos_ in ("NOUN", "PROPN") and _after_and(node):
        return node  # "X said A, and the army later said B": the parser joined the army to A
    if node.dep_ != "appos" or node.left_edge.i == 0 or doc[node.left_edge.i - 1].text != ",":
        return None
    return node


def _without_other_speakers(
    contents: list[tuple[int, int, Token | None]], others: dict[int, Token], cue: int
) -> list[tuple[int, int, Token | None]]:
    """``contents`` less the clauses of other cues with a stranded speaker, each cut short
    before such a speaker ("said A, and the Observatory … later said B": A ends at ", and")."""
    out = []
    for start, end, root in contents:
        if root is not None and root.i in others and root.i != cue:
            continue
        for j, speaker in others.items():
            if j != cue and start < speaker.left_edge.idx < end:
                before = speaker.doc[speaker.left_edge.i - 1]
                before = speaker.doc[before.i - 1] if before.lower_ == "and" and before.i > 0 else before
                end = before.idx if before.is_punct else before.idx + len(before.text)
        if end > start:
            out.append((start, end, root))
    return out


def _after_and(tok: Token) -> bool:
    return tok.left_edge.i > 0 and tok.doc[tok.left_edge.i - 1].lower_ == "and"


def stranded_speaker_of(tok: Token) -> bool:
    """Whether ``tok`` is such a speaker: an apposition the parser hung inside a reported
    clause, followed only by punctuation and a subjectless reporting verb."""
    doc = tok.doc
    i = tok.right_edge.i + 1
    while i < len(doc) and doc[i].is_punct and doc[i].text != ".":
        i += 1
    if i >= len(doc) or doc[i].lemma_.lower() not in cues.REPORTING or doc[i].pos_ not in ("VERB", "AUX"):
        return False
    found = _stranded_speaker(doc[i])
    return found is not None and found.i == tok.i


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
            if child.dep_ in _SUBJECTS and child.lower_ not in ("it", "there") and not dateline_word(child):
                return child
            if child.dep_ == "nsubj" and child.lower_ == "it" and not _expletive_it(tok):
                return child  # "it later reported": the body named before (speakers.py)
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


def dateline_word(tok: Token) -> bool:
    """"ISTANBUL: Turkish forces took …, the ministry said": the parser made the dateline a
    second subject of "said"; a capitalised place opening its sentence before a colon or a
    dash is where the report was filed, never who speaks."""
    after = tok.right_edge.i + 1
    return (tok.left_edge.i == tok.sent.start and tok.text.isupper() and len(tok.text) >= 3
            and after < len(tok.doc) and tok.doc[after].text in (":", "-", "–", "—", "("))


def _expletive_it(verb: Token) -> bool:
    """"it is said/reported/believed that …", "it is clear that …": an "it" that stands
    for no one, unlike "it said" or "it later reported" (a body named before)."""
    return verb.lemma_ == "be" or verb.tag_ == "VBN" or any(c.dep_ in ("auxpass", "acomp", "attr") for c in verb.children)


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
    text = token_table(sent.doc).text
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
    if not clauses and (lemma in cues.DENIAL or lemma in cues.ADMISSION):
        # "denied carrying out a strike", "admitted shelling the town": a gerund
        clauses = [c for c in tok.children if c.dep_ in ("xcomp", "dobj") and c.tag_ == "VBG"]
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
    text = token_table(sent.doc).text
    subject = _subject(tok)
    left = min(tok.idx, subject.left_edge.idx if subject is not None else tok.idx)
    right = tok.idx + len(tok.text)
    if subject is not None and subject.i > tok.i:
        right = subject.right_edge.idx + len(subject.right_edge.text)
    # Quotations are disjoint and in order, and each opens with a quotation mark, which no
    # gap may hold: only the last one ending before the cue and the first one starting
    # after it can be adjacent. Bisect to them instead of testing every quotation.
    before = bisect_right(quotes, left, key=_end)
    if before and _SAME_LINE_GAP.fullmatch(text, quotes[before - 1][1], left):
        # a quotation closing the paragraph before belongs to its own speaker
        return quotes[before - 1]
    after = bisect_left(quotes, right, key=_start)
    if after < len(quotes) and _GAP.fullmatch(text, right, quotes[after][0]):
        return quotes[after]
    return None


def _start(span: tuple[int, int]) -> int:
    return span[0]


def _end(span: tuple[int, int]) -> int:
    return span[1]


# Only punctuation and spacing between a quotation and its cue. A regex stops at the first
# other character; slicing and stripping the text in between copied it all, per quotation.
_GAP = re.compile(r"[ ,:;—–\-\n]*")
_SAME_LINE_GAP = re.compile(r"[ ,:;—–\-]*")


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


_FINITE = frozenset({"VBD", "VBZ"})  # not VBP: "to stay, cooperate and report" are base forms


def _clause_span(tok: Token, exclude: Sequence[Token]) -> tuple[int, int]:
    """Characters of a clause's subtree without the coordinated clauses in ``exclude``."""
    doc, table = tok.doc, token_table(tok.doc)
    dep, punct = table.dep, table.punct
    skip = {t for e in exclude for t in table.subtree(e.i)}
    children = table.children(tok.i)
    if any(dep[c] == "aux" and table.lower[c] == "to" for c in children):
        for c in children:  # "called on them to lay down arms and promised ...":
            if dep[c] == "conj" and table.tag[c] in _FINITE:  # a finite verb is not in the infinitive
                skip.update(table.subtree(c))
    subtree = table.subtree(tok.i)
    for t in subtree:  # ", which is a city north of Homs": description, not the claim
        if dep[t] == "relcl":
            left = doc[t].left_edge.i
            if left > 0 and table.word(left - 1) == ",":
                skip.update(table.subtree(t))
                skip.add(left - 1)
    tokens = [t for t in subtree if t not in skip and dep[t] != "cc"]
    first, last = 0, len(tokens)
    while first < last and (punct[tokens[first]] or dep[tokens[first]] == "mark"):
        first += 1
    while first < last and (punct[tokens[last - 1]] or dep[tokens[last - 1]] == "cc"):
        last -= 1
    if first == last:
        return 0, 0
    start, end = table.idx[tokens[first]], table.end[tokens[last - 1]]
    text = table.text
    if sum(text.count(q, start, end) for q in DOUBLE_QUOTES) % 2 and end < len(text) and text[end] in DOUBLE_QUOTES:
        end += 1  # close the scare quote the span opened: the scenario was "stable and safe"
    return start, end


_NP_PREPS = frozenset("of for from at".split())


def _np_span(tok: Token) -> tuple[int, int]:
    """A speaker noun phrase's characters: "The leader of X" keeps "of X", but relative
    clauses and circumstantial phrases ("in the early hours", "on their channel") go, and
    so does an apposition after a comma unless it is a person's name.
    """
    doc, table = tok.doc, token_table(tok.doc)
    text, dep, punct, i = table.text, table.dep, table.punct, tok.i
    drop = {
        t
        for child in table.children(i)
        if dep[child] in ("relcl", "acl", "advcl")
        or (
            dep[child] == "appos"
            and "," in text[table.idx[i] : doc[child].left_edge.idx]
            and doc[child].ent_type_ != "PERSON"  # "Its spokesman, Brigadier X," names him
        )
        or (dep[child] == "prep" and table.lower[child] not in _NP_PREPS)
        for t in table.subtree(child)
    }
    tokens = [t for t in table.subtree(i) if t not in drop]
    first, last = 0, len(tokens)
    while first < last and punct[tokens[last - 1]]:
        last -= 1
    while first < last and punct[tokens[first]]:
        first += 1
    if first == last:  # a "subject" of punctuation only (hostile text): the token itself
        return table.idx[i], table.end[i]
    start, end = table.idx[tokens[first]], table.end[tokens[last - 1]]
    if tok.ent_type_ == "PERSON":  # a name the parser split ("Abd | al | - | Rahman", all nsubj)
        name = next(e for e in doc.ents if e.start <= i < e.end)
        start, end = min(start, name.start_char), max(end, name.end_char)
    return start, end


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
    return token_table(tok.doc).text[start:end]


# --- prepositional attributions ----------------------------------------------------


def _prepositional_attributions(sent: Span, quotes: list[tuple[int, int]]) -> Iterable[Attribution]:
    doc, table = sent.doc, token_table(sent.doc)
    text, lower, lemma, dep = table.text, table.lower, table.lemma, table.dep
    for i in range(sent.start, sent.end):
        cue_name = cues.PREPOSITIONAL.get(lower[i]) or (
            "citing" if lemma[i] == "cite" and dep[i] in ("advcl", "prep", "acl") else None
        )
        if cue_name is None:
            continue
        tok = doc[i]
        if cue_name == "citing" and (tok.head.lemma_.lower() in cues.REPORTING or tok.head.head.lemma_.lower() in cues.REPORTING):
            continue  # a relay: the reporting verb's attribution carries it
        pobj = _prepositional_object(tok)
        if pobj is None:
            continue
        source, cue_end = _report_source(pobj)
        cue_start = tok.nbor(-1) if tok.lower_ == "per" and tok.i > sent.start and tok.nbor(-1).lower_ == "as" else tok
        phrase = {*table.subtree(cue_start.i), *table.subtree(i), cue_start.i}
        rest = [t for t in range(sent.start, sent.end) if t not in phrase and not table.space[t]]
        first, last = 0, len(rest)
        while first < last and table.punct[rest[first]]:
            first += 1
        while first < last and table.punct[rest[last - 1]]:
            last -= 1
        if last - first < 3:
            continue
        start, end = table.idx[rest[first]], table.end[rest[last - 1]]
        root = next((t for t in rest[first:last] if dep[t] == "ROOT"), rest[first])
        yield Attribution(
            sentence=(sent.start_char, sent.end_char),
            source=_np_span(source),
            cue=(cue_start.idx, cue_end),
            cue_text=text[cue_start.idx : cue_end],
            content=(start, end),
            content_root=root,
            channel=None,
            channel_span=None,
            quote=quote_kind(start, end, text, quotes),
            stance=_hedged_by_source(source, stance_at(table, root, span_range(doc, start, end))),
            construction="prepositional",
        )


def _hedged_by_source(source: Token, stance: str) -> str:
    """"according to unconfirmed reports": the source itself is qualified as unverified."""
    table = token_table(source.doc)
    if stance == "assert" and any(table.lower[t] in cues.HEDGE_ADJECTIVES for t in table.subtree(source.i)):
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
    table = token_table(sent.doc)
    pos, word = table.pos, table.word
    words = [i for i in range(sent.start, sent.end) if not table.space[i]]
    while words and table.punct[words[-1]] and word(words[-1]) not in ":":
        words.pop()
    colon = next((i for i in range(len(words) - 1, 0, -1) if word(words[i]) in (":", "—", "–")), None)
    if colon is None or colon < 3 or not 1 <= len(words) - colon - 1 <= _HEADLINE_SOURCE_WORDS:
        return
    source = words[colon + 1 :]
    if not any(pos[t] in ("NOUN", "PROPN") for t in source) or any(pos[t] == "VERB" for t in source):
        return
    content = words[:colon]
    start, end = table.idx[content[0]], table.end[content[-1]]
    root = _root_in(sent.doc, start, end)
    cue = words[colon]
    yield Attribution(
        sentence=(sent.start_char, sent.end_char),
        source=(table.idx[source[0]], table.end[source[-1]]),
        cue=(table.idx[cue], table.idx[cue] + 1),
        cue_text=word(cue),
        content=(start, end),
        content_root=root.i if root is not None else None,
        channel=None,
        channel_span=None,
        quote="indirect",
        stance=stance_at(table, root.i if root is not None else None, span_range(sent.doc, start, end)),
        construction="headline",
    )


# --- quotations continued over paragraphs ------------------------------------------


def _continued_quotes(
    doc: Doc, quotes: list[tuple[int, int]], found: list[Attribution]
) -> Iterable[Attribution]:
    """A quotation paragraph with no cue of its own continues the last quoted speaker."""
    text = token_table(doc).text
    covered = [a.content for a in found] + [a.sentence for a in found]
    last: Attribution | None = None
    by_start = sorted(found, key=lambda a: a.content[0])
    for q_start, q_end in quotes:
        previous = [a for a in by_start if a.content[1] <= q_start and a.quote == "direct"]
        if previous:
            last = previous[-1]
        if last is None or any(s <= q_start < e or q_start <= s < q_end for s, e in covered):
            continue
        start, end = inner((q_start, q_end), text)
        if end - start < 20 or not _same_run(text, last.content[1], q_start):
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


def stance_of(cue: Token, root: Token | None, content: Sequence[Token]) -> str:
    """The stance a cue gives its content: a denial verb, a judgement of falsity, a hedge."""
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
    doc = root.doc if root is not None else content[0].doc if content else None
    if doc is None:
        return "assert"
    return stance_at(token_table(doc), root.i if root is not None else None, [t.i for t in content])


def stance_at(table: TokenTable, root: int | None, content: Sequence[int]) -> str:
    """:func:`content_stance` on token indices."""
    lemma, dep, lower = table.lemma, table.dep, table.lower
    for i in content:
        if lemma[i] in cues.FALSITY and dep[i] in ("acomp", "attr", "oprd", "amod", "pobj", "dobj"):
            return "deny"
    if root is not None:
        if lemma[root] in cues.HEDGE_VERBS:
            return "hedge"
        for child in table.children(root):
            if dep[child] == "aux" and lower[child] in cues.HEDGE_MODALS:
                return "hedge"
            if dep[child] == "advmod" and lower[child] in cues.HEDGE_ADVERBS:
                return "hedge"
    if any(lower[i] in cues.HEDGE_ADJECTIVES for i in content):
        return "hedge"
    return "assert"


def quote_kind(start: int, end: int, text: str, quotes: list[tuple[int, int]]) -> str:
    if containing(quotes, start, end) is not None:
        return "direct"
    if any(start <= q_start < end or start < q_end <= end for q_start, q_end in quotes):
        return "mixed"
    return "indirect"


def span_tokens(doc: Doc, start: int, end: int) -> list[Token]:
    """The tokens covering characters ``[start, end)`` (widened to whole tokens)."""
    span = doc.char_span(start, end, alignment_mode="expand")
    return list(span) if span is not None else []


def span_range(doc: Doc, start: int, end: int) -> range:
    """:func:`span_tokens` as token indices."""
    span = doc.char_span(start, end, alignment_mode="expand")
    return range(span.start, span.end) if span is not None else range(0)


def _root_in(doc: Doc, start: int, end: int) -> Token | None:
    """The token of ``[start, end)`` whose head lies outside it (the clause head)."""
    table = token_table(doc)
    tokens = span_range(doc, start, end)
    head = table.head
    heads = [i for i in tokens if head[i] not in tokens or head[i] == i]
    verbs = [i for i in heads if table.pos[i] in ("VERB", "AUX")]
    found = (verbs or heads or [None])[0]
    return doc[found] if found is not None else None


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
