"""Score attribution span taggers on PolNeAR with the GGT overlap protocol.

Systems are functions from a parsed :class:`~spacy.tokens.Doc` to labelled character
spans, so every system is scored on the very same parse:

* ``model``: the shipped ``attribution_spans`` tagger with its parse anchoring
  (``doc.spans["attribution"]``); ``tagger``: the tagger's own spans alone;
* ``baseline``: a reporting-verb dependency rule (:func:`baseline_spans`);
* ``extractor``: claimgraph's own attribution extractor, the one ``extract`` and ``ingest``
  run (:func:`extractor_spans`): each attributed claim's source, cue and content spans.

Gold units: PolNeAR spans may be discontinuous. With ``unit="fragment"`` (the default)
each contiguous fragment is one gold unit, as the tagger sees them (a tag sequence); with
``unit="span"`` the fragments of one annotated span are pooled into one unit, which a
tagger that outputs contiguous spans can only partly match.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc, Token

from claimgraph.eval.overlap import THRESHOLDS, Counts, LabeledSpan, add_counts, score_document
from claimgraph.eval.polnear import LABELS, PolnearDoc

System = Callable[[Doc], list[LabeledSpan]]
UNITS = ("fragment", "span")

# Verbs of saying, thinking and reporting; deliberately short (a baseline, not a lexicon).
REPORTING_VERBS = frozenset(
    """
    accuse acknowledge add admit agree allege announce argue assert believe blame boast
    call caution claim complain concede conclude confirm contend criticize declare deny
    describe disclose dismiss doubt emphasize estimate expect explain fear feel find
    hope indicate inform insist maintain mention note observe point predict promise
    propose recall recommend reiterate remark reply report respond reveal say show state
    stress suggest tell testify think tweet urge vow warn write
    """.split()
)
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
CONTENT_DEPS = frozenset({"ccomp", "xcomp"})


def _subtree_span(token: Token) -> tuple[int, int]:
    return token.left_edge.idx, token.right_edge.idx + len(token.right_edge)


def baseline_spans(doc: Doc) -> list[LabeledSpan]:
    """Reporting-verb dependency baseline.

    A verb whose lemma is in :data:`REPORTING_VERBS` and that governs a clausal
    complement (``ccomp``/``xcomp``) is a CUE; the complement's subtree is the CONTENT and
    the verb's subject's subtree, if any, the SOURCE.
    """
    spans: list[LabeledSpan] = []
    for token in doc:
        if token.pos_ not in ("VERB", "AUX") or token.lemma_.lower() not in REPORTING_VERBS:
            continue
        content = [c for c in token.children if c.dep_ in CONTENT_DEPS]
        if not content:
            continue
        spans.append(("CUE", ((token.idx, token.idx + len(token)),)))
        spans.append(("CONTENT", (_subtree_span(content[0]),)))
        for child in token.children:
            if child.dep_ in SUBJECT_DEPS:
                spans.append(("SOURCE", (_subtree_span(child),)))
                break
    return spans


def extractor_spans(doc: Doc) -> list[LabeledSpan]:
    """The source, cue and content spans of every attributed claim claimgraph extracts.

    Claims in the outlet's own voice have no source or cue and are left out, as PolNeAR
    annotates only attributions. A span shared by several claims counts once.
    """
    from claimgraph.extract.claims import extract_claims

    spans: dict[LabeledSpan, None] = {}
    for claim in extract_claims(doc, "polnear", None, None):
        if not claim.attributed:
            continue
        if claim.source.span:
            spans[("SOURCE", (tuple(claim.source.span),))] = None
        if claim.cue_span:
            spans[("CUE", (tuple(claim.cue_span),))] = None
        spans[("CONTENT", (tuple(claim.span),))] = None
    return list(spans)


def spans_from_key(key: str, *, without_id: str | None = None) -> System:
    """A system reading ``doc.spans[key]`` (what :func:`add_attribution_spans` writes),
    leaving out spans whose ``id_`` is ``without_id`` (``"parse"``: the tagger's own)."""

    def read(doc: Doc) -> list[LabeledSpan]:
        group = doc.spans[key] if key in doc.spans else []
        kept = (s for s in group if not without_id or s.id_ != without_id)
        return [(s.label_, ((s.start_char, s.end_char),)) for s in kept]

    return read


def gold_units(article: PolnearDoc, unit: str = "fragment") -> list[LabeledSpan]:
    """The gold spans of one article as scoring units (see the module docstring)."""
    if unit == "fragment":
        return [(label, (frag,)) for label, frag in article.fragments()]
    if unit == "span":
        return [(s.label, s.fragments) for s in article.spans]
    raise ValueError(f"unit must be one of {UNITS}, not {unit!r}")


@dataclass
class Scores:
    """Micro-averaged counts of each system, per ``(label, threshold)``, over some articles."""

    n_docs: int = 0
    counts: dict[str, dict[tuple[str, float], Counts]] = field(default_factory=dict)


def evaluate(
    articles: Iterable[PolnearDoc],
    nlp: Language,
    systems: Mapping[str, System],
    *,
    unit: str = "fragment",
    thresholds: Iterable[float] = THRESHOLDS,
    batch_size: int = 16,
) -> Scores:
    """Parse each article once with ``nlp`` and score every system on it.

    Args:
        articles: gold articles.
        nlp: the pipeline the systems read from.
        systems: name → function from a parsed Doc to labelled spans.
        unit: ``fragment`` or ``span`` (how discontinuous gold spans count).
        thresholds: GGT overlap thresholds.
        batch_size: documents per ``nlp.pipe`` batch.
    """
    thresholds = tuple(thresholds)
    items = ((a.text, a) for a in articles)
    scores = Scores(counts={name: {} for name in systems})
    for doc, article in nlp.pipe(items, as_tuples=True, batch_size=batch_size):
        gold = gold_units(article, unit)
        scores.n_docs += 1
        for name, system in systems.items():
            per_doc = score_document(gold, system(doc), LABELS, thresholds)
            scores.counts[name] = add_counts(scores.counts[name], per_doc)
    return scores


def format_table(scores: Scores, thresholds: Iterable[float] = THRESHOLDS) -> str:
    """A plain-text table: system × label × threshold with P/R/F1 and span counts."""
    head = f"{'system':<10} {'label':<8} {'overlap':>7} {'P':>6} {'R':>6} {'F1':>6} {'gold':>6} {'pred':>6} {'tp':>6}"
    lines = [f"documents: {scores.n_docs}", head, "-" * len(head)]
    for name, table in scores.counts.items():
        for label in LABELS:
            for t in thresholds:
                c = table.get((label, t), Counts())
                lines.append(
                    f"{name:<10} {label:<8} {t:>7.1f} {c.precision:>6.3f} {c.recall:>6.3f} "
                    f"{c.f1:>6.3f} {c.n_gold:>6} {c.n_pred:>6} {c.tp:>6}"
                )
    return "\n".join(lines)


def as_dict(scores: Scores) -> dict[str, object]:
    """Scores as plain JSON-able data."""
    return {
        "documents": scores.n_docs,
        "systems": {
            name: [
                {"label": label, "threshold": t, "tp": c.tp, "fp": c.fp, "fn": c.fn,
                 "precision": round(c.precision, 4), "recall": round(c.recall, 4),
                 "f1": round(c.f1, 4)}
                for (label, t), c in sorted(table.items())
            ]
            for name, table in scores.counts.items()
        },
    }
