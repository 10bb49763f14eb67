"""Source reliability: truth discovery over the independent votes, with crowd-kit.

Sources are the workers, propositions the tasks, and a source's label on a proposition is
its stance from :func:`claimgraph.reconcile.independence.votes`: ``supports`` (asserts or
hedges) or ``denies`` (its latest word, so a retraction counts as a denial). Copies are
weighted down before anything is learned: the outlets of one syndication group and the
relays of a chain are collapsed into ONE vote, so fifty reprints of a wire story cannot
make the wire look fifty times corroborated, nor make the reprinting outlets look
reliable for agreeing with it.

The aggregator is crowd-kit's :class:`~crowdkit.aggregation.DawidSkene`. With two labels
it is the two-coin model: each source gets one rate for asserting what is false and
another for denying what is true. The two errors differ in the news (state media deny
every loss; a partisan channel claims every gain), and the benchmarks agree
(``python -m claimgraph.eval books``: AbeBooks, accuracy on the 100 gold ISBNs, authors
as yes/no membership tasks, one vote per store and ISBN; :mod:`claimgraph.eval.truth`):

============================  ========  ===============================================
aggregator                    accuracy  note
============================  ========  ===============================================
strict majority (lists)       0.80      the plain vote over whole author lists
MajorityVote                  0.72      stores that omit co-authors outvote the others
Wawa                          0.76
OneCoinDawidSkene             0.80      one error rate: omission and invention look alike
MACE                          0.82      about 100 s (10 restarts)
GLAD                          0.82      about 190 s
DawidSkene                    0.81      1-2 s
DawidSkene + symmetric prior  0.81      what :func:`source_reliability` runs
DawidSkene + invention prior  0.84      domain knowledge: a store rarely invents an author
============================  ========  ===============================================

DawidSkene comes within 0.01 of the slow models at a hundredth of their cost, and only
it takes a prior (crowd-kit's ``initial_error``); the invention prior lifts it above them. For stances
the prior is :data:`STANCE_PRIOR`, symmetric and weak ("a source is right more often
than wrong", 2:1 pseudo-counts): without it, two-coin EM on a handful of unanimous
sources cannot tell "the outlets are right, the ministry lies" from the mirror world and
stops at the majority's own ratio. The books' invention prior does not carry over:
belligerents do claim what did not happen. On FA-KES no aggregator, and no outlet's
reliability alone, separates credible from fake articles better than chance (ROC AUC
0.43-0.54, each +-0.06; ``python -m claimgraph.eval fakes``), so a reliability here
means agreement with the independent consensus, not truth.

A source's reliability is its Laplace-smoothed posterior agreement: over the propositions
it shares with at least one other independent source, the mean probability (under the
fitted model) that the truth is what it said, as ``(sum + 1) / (n + 2)``; so two agreements
give 0.75, not 1. Propositions with one source say nothing about who is right and are
left out of the fit; a source with fewer than :data:`MIN_SHARED` shared propositions gets
``None``. Reliability is a prior on confidence (:func:`adjust_confidence`, which stays
inside the status's band), never a reason for a status: ``status.py``'s rules ignore it.
"""

from __future__ import annotations

import math
import time
import warnings
from collections import Counter
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection

from claimgraph.reconcile.independence import Vote
from claimgraph.reconcile.status import _BANDS, Proposition, Verdict, propositions
from claimgraph.store.evidence import DEFAULT_WINDOW

if TYPE_CHECKING:
    import pandas as pd

METHOD = "DawidSkene"
METHODS = ("MajorityVote", "Wawa", "OneCoinDawidSkene", "DawidSkene", "MACE", "GLAD")
SUPPORTS, DENIES = "supports", "denies"
MIN_SHARED = 2  # propositions shared with another source before a reliability is given
PRIOR_WEIGHT = 0.5  # how far reliability may move confidence towards a band's edge
# DawidSkene pseudo-counts {(said, true): count}, added to every worker at each M-step
Prior = Mapping[tuple[Hashable, Hashable], float]
Row = tuple[Hashable, Hashable, Hashable]  # (task, worker, label)


def symmetric_prior(labels: Iterable[Hashable], right: float = 2.0, wrong: float = 1.0) -> dict[tuple[Hashable, Hashable], float]:
    """"Right more often than wrong": ``right`` pseudo-counts on the diagonal, ``wrong`` off it."""
    labels = list(labels)
    return {(said, true): right if said == true else wrong for said in labels for true in labels}


STANCE_PRIOR = symmetric_prior((SUPPORTS, DENIES))
_EPOCH = datetime.min.replace(tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class Fit:
    """What an aggregator concluded: label posteriors per task and each worker's agreement."""

    method: str
    posteriors: dict[Hashable, dict[Hashable, float]]  # task -> label -> probability
    agreement: dict[Hashable, tuple[float, int]]  # worker -> (sum of posteriors, labels)
    seconds: float

    def truth(self, task: Hashable, among: Iterable[Hashable] | None = None) -> Hashable | None:
        """The most probable label of ``task`` (only ``among`` these labels, when given)."""
        probs = self.posteriors.get(task, {})
        labels = sorted(probs if among is None else set(among), key=repr)
        return max(labels, key=lambda label: probs.get(label, 0.0)) if labels else None

    def reliability(self, worker: Hashable) -> float | None:
        """Laplace-smoothed posterior agreement (module doc); None for an unseen worker."""
        if worker not in self.agreement:
            return None
        total, n = self.agreement[worker]
        return (total + 1.0) / (n + 2.0)


def fit_labels(rows: Sequence[Row], method: str = METHOD, prior: Prior | None = None) -> Fit:
    """Run one crowd-kit aggregator over ``(task, worker, label)`` rows.

    One row per worker and task (collapse copies first). This is the one code path for
    source reliability and for the truth-discovery benchmarks.

    Args:
        method: a name in :data:`METHODS`.
        prior: DawidSkene only (the others ignore it): pseudo-counts per ``(said, true)``
            label pair, the same for every worker (a Dirichlet prior on its confusion matrix).
    """
    import pandas as pd

    if method not in METHODS:
        raise ValueError(f"unknown aggregator {method!r}; use one of {', '.join(METHODS)}")
    start = time.perf_counter()
    if not rows:
        return Fit(method, {}, {}, 0.0)
    frame = pd.DataFrame(list(rows), columns=["task", "worker", "label"])
    with warnings.catch_warnings():  # crowd-kit trips pandas deprecation warnings
        warnings.simplefilter("ignore")
        probas = _probas(frame, method, prior)
    posteriors = {task: {k: float(v) for k, v in row.items() if v == v} for task, row in probas.iterrows()}
    agreement: dict[Hashable, list[float]] = {}
    for task, worker, label in frame.itertuples(index=False):
        said = posteriors.get(task, {}).get(label, 0.0)
        acc = agreement.setdefault(worker, [0.0, 0])
        acc[0] += said
        acc[1] += 1
    return Fit(
        method,
        posteriors,
        {w: (s, int(n)) for w, (s, n) in agreement.items()},
        time.perf_counter() - start,
    )


def _probas(frame: pd.DataFrame, method: str, prior: Prior | None) -> pd.DataFrame:
    """Task x label posteriors from the named crowd-kit aggregator."""
    import pandas as pd
    from crowdkit import aggregation as ck

    if method == "DawidSkene":
        if not prior:
            return ck.DawidSkene(n_iter=100).fit(frame).probas_
        labels = sorted(frame["label"].unique(), key=repr)
        workers = frame["worker"].unique()
        index = pd.MultiIndex.from_product([workers, labels], names=["worker", "label"])
        counts = pd.DataFrame(0.0, index=index, columns=labels)
        for (said, true), n in prior.items():
            if said in labels and true in labels:
                counts.loc[(slice(None), said), true] = float(n)
        model = ck.DawidSkene(n_iter=100, initial_error_strategy="addition")
        return model.fit(frame, initial_error=counts).probas_
    if method == "Wawa":
        # crowd-kit 1.4's Wawa.predict trips scikit-learn >= 1.6 (check_is_fitted); this is
        # what it does: a majority vote weighted by agreement with the plain majority.
        skills = ck.Wawa().fit(frame).skills_
        return ck.MajorityVote().fit(frame, skills=skills).probas_
    if method == "MajorityVote":
        return ck.MajorityVote().fit(frame).probas_
    if method == "OneCoinDawidSkene":
        return ck.OneCoinDawidSkene(n_iter=100).fit(frame).probas_
    if method == "MACE":
        return ck.MACE(n_iter=50, random_state=0).fit(frame).probas_
    return ck.GLAD(n_iter=50).fit(frame).probas_


@dataclass(frozen=True, slots=True)
class SourceReliability:
    """One source's track record across propositions (the ``sources --json`` contract)."""

    key: str
    name: str
    kind: str
    side: str
    reliability: float | None
    evidence: int  # claims
    propositions: int
    asserted: int
    denied: int

    def as_dict(self) -> dict[str, Any]:
        return {
            "key": self.key, "name": self.name, "kind": self.kind, "side": self.side,
            "reliability": self.reliability, "evidence": self.evidence,
            "propositions": self.propositions, "asserted": self.asserted, "denied": self.denied,
        }


def stance_label(vote: Vote) -> str:
    """A vote as a crowd-kit label: hedges support, retractions deny."""
    return SUPPORTS if vote.supports else DENIES


def stance_rows(props: Sequence[Proposition]) -> list[Row]:
    """(proposition, source, stance) for every proposition with two or more sources."""
    return [
        (p.cluster.id, v.key, stance_label(v))
        for p in props
        if len({v.key for v in p.votes}) >= 2
        for v in p.votes
    ]


def source_reliability(
    props: Sequence[Proposition],
    method: str = METHOD,
    min_shared: int = MIN_SHARED,
    prior: Prior | None = STANCE_PRIOR,
) -> list[SourceReliability]:
    """Every source's reliability and counts, sorted by evidence (most claims first).

    Args:
        props: :func:`claimgraph.reconcile.status.propositions` (their independent votes).
        method: the crowd-kit aggregator (:data:`METHODS`).
        min_shared: fewer propositions shared with another source give ``None``.
        prior: DawidSkene's pseudo-counts (module doc); ignored by the other aggregators.
    """
    rows = stance_rows(props)
    fit = fit_labels(rows, method, prior) if rows else Fit(method, {}, {}, 0.0)
    by_key: dict[str, list[Vote]] = {}
    for p in props:
        for v in p.votes:
            by_key.setdefault(v.key, []).append(v)
    shared = Counter(worker for _task, worker, _label in rows)
    result = []
    for key, vs in by_key.items():
        latest = max(vs, key=lambda v: v.last_reported or _EPOCH)
        result.append(SourceReliability(
            key=key,
            name=Counter(v.name for v in vs).most_common(1)[0][0],
            kind=latest.kind,
            side=latest.side,
            reliability=_rounded(fit.reliability(key)) if shared[key] >= min_shared else None,
            evidence=len({c for v in vs for c in v.claims}),
            propositions=len(vs),
            asserted=sum(1 for v in vs if v.supports),
            denied=sum(1 for v in vs if not v.supports),
        ))
    return sorted(result, key=lambda s: (-s.evidence, -s.propositions, s.name, s.key))


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


def reliability_report(
    conn: Connection, as_of: datetime | None = None, window: timedelta = DEFAULT_WINDOW
) -> dict[str, Any]:
    """``{"method", "sources"}`` for every source in the store, as known at ``as_of``."""
    props = propositions(conn, as_of, window)
    return {"method": METHOD, "sources": [s.as_dict() for s in source_reliability(props)]}


def reliabilities(sources: Iterable[SourceReliability]) -> dict[str, float | None]:
    """``{key: reliability}``, the lookup :func:`adjust_confidence` takes."""
    return {s.key: s.reliability for s in sources}


def adjust_confidence(
    verdict: Verdict,
    votes: Sequence[Vote],
    reliability: Mapping[str, float | None],
    weight: float = PRIOR_WEIGHT,
) -> float:
    """The verdict's confidence moved by its sources' reliabilities, inside its status's band.

    Reliable supporters and unreliable deniers push towards the top of the band, the
    opposite towards the bottom; sources without a reliability (``None`` or missing) do
    not count, so with none known the confidence is returned unchanged. The status never
    changes: this is a prior, not a reason.

    Args:
        verdict: :func:`claimgraph.reconcile.status.judge`'s verdict for ``votes``.
        reliability: ``{vote.key: reliability}`` (:func:`reliabilities`).
        weight: at most this share of the distance to the band's edge is moved (0 to 1).
    """
    low, width = _BANDS[verdict.status]
    known = [(v, reliability.get(v.key)) for v in votes]
    push = sum((1 if v.supports else -1) * v.strength * (r - 0.5) for v, r in known if r is not None)
    if width <= 0 or all(r is None for _v, r in known):
        return verdict.confidence
    place = min(1.0, max(0.0, (verdict.confidence - low) / width))
    step = max(0.0, min(1.0, weight)) * math.tanh(2.0 * push)
    place += (1.0 - place) * step if step > 0 else place * step
    return round(min(low + width, max(low, low + width * place)), 3)
