"""Span-overlap precision, recall and F1, as the Gender Gap Tracker evaluates quotes.

Definition (Gender Gap Tracker, Asr et al. 2021, PLoS ONE 16(1): e0245533; code in
``sfu-discourse-lab/GenderGapTracker``, ``NLP/evaluation/src/eval/evaluate_quotes.py``,
functions ``calc_index_match_score``, ``find_best_match_quote`` and ``compare_res``):

* The match score of a predicted span against a gold span is **asymmetric**: the share of
  the gold span's characters that the prediction covers,
  ``|chars(gold) ∩ chars(pred)| / |chars(gold)|`` (0 when either is empty). The GGT code
  keeps the symmetric intersection-over-union in a comment and says it was replaced on
  purpose to "consider [the] first item as reference".
* A pair matches when the score is **strictly greater** than the threshold; the GGT
  reports thresholds 0.3 and 0.8.
* Matching is greedy and one-to-one: gold spans are visited in order, each takes the
  still-unmatched prediction with the highest score above the threshold (the first one
  on ties), which is then used up. Matched gold spans are true positives, unmatched gold
  spans false negatives, and predictions left over false positives.
* Counts are summed over documents before precision, recall and F1 are computed
  (micro-averaging, as GGT's ``print_results`` does).

Two generalisations, neither of which changes a GGT result: spans may be discontinuous
(a tuple of ``(start, end)`` fragments, whose characters are pooled), and spans carry a
label, matched only against predictions of the same label (GGT scores one kind of span,
the quote, at a time).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

Fragment = tuple[int, int]
Span = tuple[Fragment, ...]
LabeledSpan = tuple[str, Span]

THRESHOLDS = (0.3, 0.8)


@dataclass(frozen=True, slots=True)
class Counts:
    """True positives, false positives and false negatives, with the scores they give."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    @property
    def n_gold(self) -> int:
        return self.tp + self.fn

    @property
    def n_pred(self) -> int:
        return self.tp + self.fp

    @property
    def precision(self) -> float:
        return self.tp / self.n_pred if self.n_pred else 0.0

    @property
    def recall(self) -> float:
        return self.tp / self.n_gold if self.n_gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def span(start: int, end: int) -> Span:
    """A contiguous span ``[start, end)``."""
    return ((start, end),)


def length(s: Span) -> int:
    """Number of characters in a span (fragments are assumed not to overlap)."""
    return sum(max(0, e - b) for b, e in s)


def intersection(a: Span, b: Span) -> int:
    """Number of characters two spans share."""
    return sum(max(0, min(e1, e2) - max(b1, b2)) for b1, e1 in a for b2, e2 in b)


def coverage(gold: Span, pred: Span) -> float:
    """GGT's match score: the share of ``gold``'s characters that ``pred`` covers."""
    n_gold = length(gold)
    if n_gold == 0 or length(pred) == 0:
        return 0.0
    return intersection(gold, pred) / n_gold


def match(gold: Sequence[Span], pred: Sequence[Span], threshold: float) -> Counts:
    """Greedy one-to-one matching of one document's spans of one label (GGT ``compare_res``).

    Args:
        gold: reference spans, visited in the given order.
        pred: predicted spans.
        threshold: a pair matches when its :func:`coverage` is strictly above this.

    Returns:
        The document's counts.
    """
    remaining = list(pred)
    tp = 0
    for g in gold:
        best, best_score = -1, 0.0
        for i, p in enumerate(remaining):
            score = coverage(g, p)
            if score > threshold and score > best_score:
                best, best_score = i, score
        if best >= 0:
            tp += 1
            del remaining[best]
    return Counts(tp=tp, fp=len(remaining), fn=len(gold) - tp)


def score_document(
    gold: Iterable[LabeledSpan],
    pred: Iterable[LabeledSpan],
    labels: Iterable[str],
    thresholds: Iterable[float] = THRESHOLDS,
) -> dict[tuple[str, float], Counts]:
    """Counts per ``(label, threshold)`` for one document; spans only match within a label."""
    by_gold: dict[str, list[Span]] = {}
    by_pred: dict[str, list[Span]] = {}
    for label, s in gold:
        by_gold.setdefault(label, []).append(s)
    for label, s in pred:
        by_pred.setdefault(label, []).append(s)
    return {
        (label, t): match(by_gold.get(label, []), by_pred.get(label, []), t)
        for label in labels
        for t in thresholds
    }


def add_counts(
    total: Mapping[tuple[str, float], Counts], doc: Mapping[tuple[str, float], Counts]
) -> dict[tuple[str, float], Counts]:
    """Micro-average: sum two count tables key by key."""
    keys = set(total) | set(doc)
    return {k: total.get(k, Counts()) + doc.get(k, Counts()) for k in keys}
