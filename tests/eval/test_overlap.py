"""GGT span overlap: hand-computed scores, strict thresholds, greedy one-to-one matching."""

from __future__ import annotations

import pytest

from claimgraph.eval.overlap import (
    Counts,
    add_counts,
    coverage,
    intersection,
    length,
    match,
    score_document,
    span,
)


@pytest.mark.parametrize(
    ("gold", "pred", "expected"),
    [
        (span(0, 10), span(5, 15), 0.5),
        (span(5, 15), span(0, 10), 0.5),
        (span(0, 10), span(0, 100), 1.0),  # asymmetric: a long prediction covers a short gold
        (span(0, 100), span(0, 10), 0.1),  # ...but not the other way round
        (span(0, 10), span(10, 20), 0.0),  # touching is not overlapping
        (span(0, 10), span(2, 6), 0.4),
        (((0, 10), (20, 30)), span(0, 10), 0.5),  # discontinuous gold: characters pooled
        (((0, 10), (20, 30)), span(5, 25), 0.5),  # 5 + 5 of 20 characters
        (((0, 10), (20, 30)), span(0, 30), 1.0),  # the gap does not count against the pred
        (span(0, 0), span(0, 10), 0.0),  # empty gold
        (span(0, 10), span(3, 3), 0.0),  # empty prediction
    ],
)
def test_overlap_coverage(gold, pred, expected) -> None:
    assert coverage(gold, pred) == pytest.approx(expected)


def test_overlap_length_and_intersection() -> None:
    assert length(((0, 10), (20, 25))) == 15
    assert intersection(((0, 10), (20, 25)), ((8, 22),)) == 4


@pytest.mark.parametrize(
    ("pred", "threshold", "tp"),
    [
        (span(7, 10), 0.3, 0),  # coverage exactly 0.3: GGT requires score > threshold
        (span(6, 10), 0.3, 1),  # 0.4
        (span(2, 10), 0.8, 0),  # exactly 0.8
        (span(1, 10), 0.8, 1),  # 0.9
    ],
)
def test_overlap_threshold_is_strict(pred, threshold, tp) -> None:
    counts = match([span(0, 10)], [pred], threshold)
    assert counts == Counts(tp=tp, fp=1 - tp, fn=1 - tp)


def test_overlap_match_is_one_to_one() -> None:
    # two identical gold spans, one prediction: only one can be matched
    assert match([span(0, 10), span(0, 10)], [span(0, 10)], 0.3) == Counts(tp=1, fp=0, fn=1)


def test_overlap_match_takes_best_scoring_prediction() -> None:
    # gold (0,10): (0,4) covers 0.4, (0,9) covers 0.9 -> (0,9) is used, (0,4) is left over
    assert match([span(0, 10)], [span(0, 4), span(0, 9)], 0.3) == Counts(tp=1, fp=1, fn=0)


def test_overlap_match_first_prediction_wins_ties() -> None:
    # both predictions cover 0.5 of the gold; the first is taken, the second is a FP
    gold = [span(0, 10), span(0, 4)]
    preds = [span(0, 5), span(5, 10)]
    # gold 1 takes (0,5); gold 2 (0,4) is not covered by (5,10) at all
    assert match(gold, preds, 0.3) == Counts(tp=1, fp=1, fn=1)


def test_overlap_match_is_greedy_in_gold_order() -> None:
    # G1=(0,10), G2=(8,12); P1=(0,12) covers G1 fully and G2 fully, P2=(0,7) covers G1 0.7.
    # An optimal assignment would pair G1-P2, G2-P1 (2 TP); GGT's greedy pass gives G1 its
    # best prediction, P1, and leaves G2 unmatched.
    gold = [span(0, 10), span(8, 12)]
    preds = [span(0, 12), span(0, 7)]
    assert match(gold, preds, 0.3) == Counts(tp=1, fp=1, fn=1)
    # visiting G2 first yields the optimal pairing: the gold order matters, as in GGT
    assert match(gold[::-1], preds, 0.3) == Counts(tp=2, fp=0, fn=0)


def test_overlap_match_empty_sides() -> None:
    assert match([], [span(0, 3)], 0.3) == Counts(tp=0, fp=1, fn=0)
    assert match([span(0, 3)], [], 0.3) == Counts(tp=0, fp=0, fn=1)


def test_overlap_counts_scores() -> None:
    c = Counts(tp=3, fp=1, fn=2)
    assert (c.n_gold, c.n_pred) == (5, 4)
    assert c.precision == pytest.approx(0.75)
    assert c.recall == pytest.approx(0.6)
    assert c.f1 == pytest.approx(2 * 0.75 * 0.6 / 1.35)
    assert Counts().precision == Counts().recall == Counts().f1 == 0.0
    assert Counts(1, 2, 3) + Counts(10, 20, 30) == Counts(11, 22, 33)


def test_overlap_score_document_matches_within_label() -> None:
    gold = [("SOURCE", span(0, 5)), ("CONTENT", span(10, 30))]
    pred = [("CUE", span(0, 5)), ("CONTENT", span(12, 30))]  # 18/20 = 0.9
    table = score_document(gold, pred, ["SOURCE", "CUE", "CONTENT"], [0.3, 0.8])
    assert table[("SOURCE", 0.3)] == Counts(tp=0, fp=0, fn=1)
    assert table[("CUE", 0.3)] == Counts(tp=0, fp=1, fn=0)
    assert table[("CONTENT", 0.3)] == Counts(tp=1, fp=0, fn=0)
    assert table[("CONTENT", 0.8)] == Counts(tp=1, fp=0, fn=0)


def test_overlap_add_counts_micro_averages() -> None:
    a = {("CUE", 0.3): Counts(1, 0, 1)}
    b = {("CUE", 0.3): Counts(2, 1, 0), ("SOURCE", 0.3): Counts(0, 0, 4)}
    total = add_counts(a, b)
    assert total == {("CUE", 0.3): Counts(3, 1, 1), ("SOURCE", 0.3): Counts(0, 0, 4)}
    assert total[("CUE", 0.3)].precision == pytest.approx(0.75)
