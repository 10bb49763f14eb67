"""Truth discovery benchmarks for source reliability: AbeBooks authors and FA-KES.

Both run the aggregators of :mod:`claimgraph.reconcile.reliability` through its one code
path, :func:`~claimgraph.reconcile.reliability.fit_labels` (sources are workers), and
compare them with a majority vote. The data stay in ``../shared/data``; nothing is cached.

**AbeBooks** (``truth-books``; Dong et al. 2009): 877 online stores list the authors of
1,263 computer-science books; 100 ISBNs have a gold author list. An author list is
normalised to the sorted set of its surnames (:func:`normalise_authors`): HTML entities,
accents, case, punctuation and order do not count, "Last, First" and "First Last" both
work, and role marks ("By (author)", "(Editor)", "(EDT)", "(Joint Author)") separate
names instead of being part of one. A list ending in "et al." is incomplete: it names
authors but cannot deny any. A store that lists one ISBN several times votes once, with
its most common list (copies collapse, as in reconcile). Accuracy is the share of the 100
gold ISBNs whose predicted surname set equals the gold one.

* *strict majority (lists)*: the surname set that the most stores give (complete lists
  only; ties: the first in sort order); the classic baseline, 0.80.
* the aggregators see one yes/no task per (ISBN, candidate surname): a store says "yes"
  for each surname it lists and "no" for each other store's surname it leaves out; the
  predicted list is the surnames with a posterior above 0.5 (at least the most probable
  one). Stores that list only the first author outnumber the complete ones, so a plain
  vote per surname (0.72) is worse than a vote per list; only a model with separate
  rates for omitting and for inventing (DawidSkene, two-coin: 0.81) recovers, and with
  :data:`INVENTION_PRIOR` (a store rarely lists someone who is not an author; nothing
  assumed about omissions) it reaches 0.84 (0.83-0.85 for prior strengths 5:1 to 100:1).

**FA-KES** (Salem et al. 2019): 804 Syrian-war articles from 15 outlets, labelled credible
(1) or fake (0) by checking their casualty, date and place figures against the Violations
Documentation Center. Protocol (nothing here sees a label before scoring):

1. *figure*: each article's headline casualty figure. ``pipeline`` first: the first
   CASUALTIES ``count`` (in text order) from
   :func:`claimgraph.extract.document.extract_documents`, leaving out year-like numbers
   (1900-2100) and war-wide totals (above :data:`MAX_TOLL`), with :data:`TOLL_RE`
   ("killing at least 12", "12 people were killed", "the death toll rose to 12") as the
   fallback when the pipeline finds none; ``regex`` first: the reverse. Both orders are
   scored from one pipeline pass, and the report says how often each source was used.
   (Measured: of the pipeline's ~710 figures, ~210 lie within a day of the publication's
   day of month: a date read as a count.)
2. *event*: articles about one event share the dataset's ``location`` and a date island
   (a new event starts after a gap of more than ``window_days``; default 1, fixed before
   looking at any AUC).
3. *aggregation*: in every event with figures from two or more outlets, each distinct
   figure is a candidate and each outlet votes yes/no on it: yes when one of its figures
   agrees (within 25 %, or 2 deaths); one vote per outlet and event (copies collapse).
   Every aggregator is fitted on all events at once, so an outlet's record elsewhere
   weighs its vote here; the majority vote is crowd-kit's MajorityVote on the same rows.
4. *score*: an article scores the posterior that its own figure is the true one; ROC AUC
   against the labels over the scored articles (those with a figure in a multi-outlet
   event), with Hanley-McNeil 95 % intervals. ``outlet reliability alone`` scores each
   article by its outlet's learned reliability (DawidSkene + symmetric prior).

Result (window 1 day, 400 articles scored of 804): every AUC lies between 0.45 and 0.54,
+-0.06, for the majority vote and every aggregator alike, with either figure order
(window 0 or 2 days: 0.43-0.50). Credible and fake articles are spread evenly across
outlets (each outlet is 40-70 % credible) and a fake figure is as likely to be the
majority's as not, so agreement with other outlets does not reveal it: FA-KES does not
show reliability-weighted verdicts doing better than a majority vote, nor either doing
better than chance. A dozen ``unit_id`` values repeat with the same text, other places
and opposite labels; rows, not ids, are the unit here.
"""

from __future__ import annotations

import html
import math
import re
import time
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from claimgraph.errors import InputError
from claimgraph.reconcile.reliability import Fit, Prior, Row, fit_labels, symmetric_prior

DEFAULT_DATA = Path(__file__).resolve().parents[4] / "shared" / "data"
METHODS = (
    "MajorityVote", "Wawa", "OneCoinDawidSkene", "DawidSkene",
    "DawidSkene + symmetric prior", "DawidSkene + invention prior",
)
SLOW_METHODS = ("MACE", "GLAD")  # minutes on AbeBooks; opt in with --slow
# (said, true) pseudo-counts: of 21 non-authors a store names about one (LTM's intuition);
# nothing is assumed about how often a store leaves a true author out.
INVENTION_PRIOR: Prior = {(0, 0): 20.0, (1, 0): 1.0}
PRIORS: dict[str, Prior] = {
    "symmetric prior": symmetric_prior((0, 1)),  # what source reliability uses for stances
    "invention prior": INVENTION_PRIOR,
}


def fit_method(rows: Sequence[Row], method: str) -> Fit:
    """``"DawidSkene + invention prior"`` and the like: an aggregator with a named prior."""
    base, _, prior = method.partition(" + ")
    return fit_labels(rows, base, PRIORS[prior] if prior else None)

# --- AbeBooks: author lists ------------------------------------------------------------

_ROLE = re.compile(
    r"\bby\s*\(author\)|\((?:joint\s+)?(?:author|auth|edt|editor|eds?|with|contributor|illustrator"
    r"|translator|trans|foreword|introduction|compiler|other)s?\.?\)"
)
_ETAL = re.compile(r"\bet\.?\s*al\b\.?|\band others\b")
_LEADING_BY = re.compile(r"^\s*(?:edited\s+)?by\s+|\b(?:edited by|eds?\.|editors?)(?=\s|$)")
_SEPARATORS = re.compile(r"\s+(?:and|&)\s+|[;/|&]")
_NOT_NAMES = frozenset({"notavailable", "na", "unknown", "various", "none", "anonymous"})
_TITLES = frozenset({"jr", "sr", "ii", "iii", "iv", "phd", "md", "dr", "prof", "mr", "mrs", "ms"})
_PARTICLES = frozenset({"van", "von", "der", "den", "de", "del", "della", "di", "da", "du", "la", "le", "st"})

Authors = tuple[str, ...]


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", html.unescape(text))
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


def _letters(text: str) -> str:
    return re.sub(r"[^a-z]", "", text)


def _surname_last(name: str) -> str | None:
    """"Donald E. Knuth" -> knuth; "Jan De Clercq" -> declercq (particles stay)."""
    words = [w for w in name.split() if _letters(w) and _letters(w) not in _TITLES]
    if not words:
        return None
    i = len(words) - 1
    while i > 0 and _letters(words[i - 1]) in _PARTICLES:
        i -= 1
    return _letters("".join(words[i:])) or None


def _surnames(segment: str) -> list[str]:
    """Surnames in one separator-free segment, "Last, First[, Last, First]" or "First Last[, ...]"."""
    pieces = [p.strip() for p in segment.split(",")]
    pieces = [p for p in pieces if _letters(p) and _letters(p) not in _TITLES]
    if not pieces:
        return []
    if len(pieces) == 1:
        return [s for s in [_surname_last(pieces[0])] if s]
    first_words = pieces[0].split()
    last_first = len(first_words) == 1 or _letters(first_words[0]) in _PARTICLES
    if len(pieces) == 2 and len(pieces[1].split()) == 1:
        last_first = True  # "De Clercq, Jan"
    if last_first:
        return [s for s in (_letters(p) for p in pieces[0::2]) if s]
    return [s for s in (_surname_last(p) for p in pieces) if s]


def normalise_authors(text: str) -> Authors | None:
    """The sorted surnames of an author list, or None when it names nobody.

    >>> normalise_authors("By (author) Kumar, C Bala By (author) Kline, Paul")
    ('kline', 'kumar')
    >>> normalise_authors("C. Bala Kumar & Paul Kline")
    ('kline', 'kumar')
    """
    s = _fold(text)
    s = _ROLE.sub(";", s)
    s = re.sub(r"\([^)]*\)?", " ", s)  # affiliations and other asides
    s = _ETAL.sub(" ", s)
    s = _LEADING_BY.sub(" ", s)
    names = {n for segment in _SEPARATORS.sub(";", s).split(";") for n in _surnames(segment)}
    names -= _NOT_NAMES
    if not names or "available" in names:  # "Not Available"
        return None
    return tuple(sorted(names))


def incomplete(text: str) -> bool:
    """"Kumar, C. Bala, et al": names some authors, denies none."""
    return bool(_ETAL.search(_fold(text)))


@dataclass(frozen=True, slots=True)
class StoreVote:
    """One store's author list for one ISBN (its most common, when it lists the ISBN twice)."""

    store: str
    isbn: str
    authors: Authors
    complete: bool


def read_books(path: Path) -> list[StoreVote]:
    """``book.txt`` (store, isbn, title, authors; tab-separated), one vote per store and ISBN."""
    lists: dict[tuple[str, str], list[tuple[Authors, bool]]] = defaultdict(list)
    with path.open(encoding="utf-8", errors="replace") as f:
        for line in f:
            parts = line.rstrip("\r\n").split("\t")
            if len(parts) != 4:
                continue
            store, isbn, _title, text = (p.strip() for p in parts)
            authors = normalise_authors(text)
            if authors:
                lists[(store, isbn)].append((authors, not incomplete(text)))
    votes = []
    for (store, isbn), found in lists.items():
        authors, complete = Counter(found).most_common(1)[0][0]
        votes.append(StoreVote(store, isbn, authors, complete))
    return votes


def read_gold(path: Path) -> dict[str, Authors]:
    """``book_golden.txt``: ISBN and the true author list."""
    gold = {}
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        isbn, _, text = line.partition("\t")
        authors = normalise_authors(text)
        if isbn.strip() and authors:
            gold[isbn.strip()] = authors
    return gold


def majority_vote(votes: Iterable[StoreVote]) -> dict[str, Authors]:
    """The author list most stores give per ISBN (complete lists only; ties: sort order)."""
    counts: dict[str, Counter[Authors]] = defaultdict(Counter)
    for v in votes:
        if v.complete:
            counts[v.isbn][v.authors] += 1
    result = {}
    for isbn, c in counts.items():
        top = max(c.values())
        result[isbn] = min(a for a, n in c.items() if n == top)
    return result


def membership_rows(votes: Iterable[StoreVote]) -> list[Row]:
    """``(isbn<TAB>surname, store, 1|0)``: listed, or left out of a complete list."""
    by_isbn: dict[str, list[StoreVote]] = defaultdict(list)
    for v in votes:
        by_isbn[v.isbn].append(v)
    rows: list[Row] = []
    for isbn, vs in by_isbn.items():
        candidates = sorted({a for v in vs for a in v.authors})
        for v in vs:
            for name in candidates:
                if name in v.authors or v.complete:
                    rows.append((f"{isbn}\t{name}", v.store, int(name in v.authors)))
    return rows


def lists_from(fit: Fit) -> dict[str, Authors]:
    """Per ISBN, the surnames with a posterior above 0.5 (else the single most probable)."""
    probs: dict[str, dict[str, float]] = defaultdict(dict)
    for task, p in fit.posteriors.items():
        isbn, _, name = str(task).partition("\t")
        probs[isbn][name] = p.get(1, 0.0)
    result = {}
    for isbn, ps in probs.items():
        chosen = [n for n, p in ps.items() if p > 0.5] or [max(sorted(ps), key=lambda n: ps[n])]
        result[isbn] = tuple(sorted(chosen))
    return result


def accuracy(predicted: Mapping[str, Authors], gold: Mapping[str, Authors]) -> float:
    """Share of gold ISBNs predicted exactly (a missing prediction is wrong)."""
    return sum(predicted.get(isbn) == authors for isbn, authors in gold.items()) / len(gold) if gold else 0.0


@dataclass(frozen=True, slots=True)
class MethodScore:
    """One method's score on a benchmark, with how long its fit took."""

    method: str
    score: float
    seconds: float
    note: str = ""


@dataclass(frozen=True, slots=True)
class BooksResult:
    stores: int
    isbns: int
    gold: int
    claims: int
    scores: tuple[MethodScore, ...]


def _books_paths(data_dir: Path | None) -> tuple[Path, Path]:
    root = (data_dir or DEFAULT_DATA / "truth-books")
    claims, gold = root / "book.txt", root / "book_golden.txt"
    for p in (claims, gold):
        if not p.is_file():
            raise InputError(str(p), "missing; pass --data-dir with the AbeBooks folder (book.txt, book_golden.txt)")
    return claims, gold


def evaluate_books(data_dir: Path | None = None, methods: Sequence[str] = METHODS) -> BooksResult:
    """Accuracy on the 100 gold ISBNs: strict majority, then each aggregator (module doc)."""
    claims_path, gold_path = _books_paths(data_dir)
    votes, gold = read_books(claims_path), read_gold(gold_path)
    start = time.perf_counter()
    scores = [MethodScore("strict majority (lists)", accuracy(majority_vote(votes), gold),
                          time.perf_counter() - start, "whole author lists")]
    rows = membership_rows(votes)
    for method in methods:
        fit = fit_method(rows, method)
        scores.append(MethodScore(method, accuracy(lists_from(fit), gold), fit.seconds, "membership tasks"))
    return BooksResult(
        stores=len({v.store for v in votes}), isbns=len({v.isbn for v in votes}), gold=len(gold),
        claims=len(votes), scores=tuple(scores),
    )


# --- FA-KES: casualty figures ----------------------------------------------------------

MAX_TOLL = 20_000  # above any single incident in FA-KES; war-wide totals run to 100,000s
TOLL_RE = re.compile(
    r"(?:killing|killed|kills|death toll[^.]{0,40}?(?:at|to|of|reached|rose to|stands at)|deaths of)"
    r"\s+(?:at\s+least\s+|nearly\s+|about\s+|around\s+|more\s+than\s+|over\s+|some\s+)?(?P<a>\d[\d,]*)"
    r"|(?P<b>\d[\d,]*)\s+(?:\w+\s+){0,3}?(?:were|have\s+been|had\s+been|was|are)?\s*"
    r"(?:killed|dead|died|massacred|slain)",
    re.IGNORECASE,
)
FIGURE_TOLERANCE = 1.25  # two figures agree within 25 % ...
FIGURE_SLACK = 2  # ... or 2 deaths


@dataclass(frozen=True, slots=True)
class Article:
    """One FA-KES row (its text stays in memory only).

    ``key`` is the row number: a dozen ``unit_id`` values occur twice or more, with the
    same text filed under different places and opposite labels.
    """

    key: str
    unit_id: str
    title: str
    text: str
    source: str
    day: date
    location: str
    label: int


def read_fakes(path: Path | None = None) -> list[Article]:
    """``FA-KES-Dataset.csv`` as :class:`Article` records."""
    import csv

    path = path or DEFAULT_DATA / "fa-kes" / "FA-KES-Dataset.csv"
    if not path.is_file():
        raise InputError(str(path), "missing; pass --data-dir with the folder of FA-KES-Dataset.csv")
    with path.open(encoding="utf-8", errors="replace", newline="") as f:
        return [
            Article(
                key=str(i), unit_id=row["unit_id"], title=row["article_title"], text=row["article_content"],
                source=row["source"].strip().lower(),
                day=datetime.strptime(row["date"].strip(), "%m/%d/%Y").date(),
                location=row["location"].strip().lower(), label=int(row["labels"]),
            )
            for i, row in enumerate(csv.DictReader(f))
        ]


def plausible_toll(n: int | None) -> bool:
    """A number that can be one incident's toll: not a year, not a war-wide total."""
    return n is not None and 0 < n <= MAX_TOLL and not 1900 <= n <= 2100


def regex_figure(text: str) -> int | None:
    """The first plausible toll :data:`TOLL_RE` finds in ``text``."""
    for m in TOLL_RE.finditer(text):
        n = int((m.group("a") or m.group("b")).replace(",", ""))
        if plausible_toll(n):
            return n
    return None


def pipeline_figures(articles: Sequence[Article]) -> Iterator[int | None]:
    """The first plausible CASUALTIES count per article from claimgraph's own extractors."""
    from claimgraph.extract.document import extract_documents
    from claimgraph.model import Document

    docs = [
        Document(
            id=a.key, text=a.text, url=None, outlet=a.source, title=a.title,
            published_at=datetime.combine(a.day, datetime.min.time(), UTC), language="en",
            retrieved_at=datetime.combine(a.day, datetime.min.time(), UTC), location="fa-kes",
        )
        for a in articles
    ]
    for ex in extract_documents(docs):
        counts = sorted(
            ((e.trigger_span or (0, 0))[0], e.count)
            for c in ex.claims for e in c.events
            if e.type == "CASUALTIES" and plausible_toll(e.count)
        )
        yield counts[0][1] if counts else None


def events(articles: Sequence[Article], window_days: int = 1) -> dict[str, str]:
    """``{article key: event id}``: one location, dates chained by gaps of at most ``window_days``."""
    result = {}
    by_place: dict[str, list[Article]] = defaultdict(list)
    for a in articles:
        by_place[a.location].append(a)
    for place, items in by_place.items():
        items.sort(key=lambda a: (a.day, a.key))
        island, last = 0, None
        for a in items:
            if last is not None and (a.day - last).days > window_days:
                island += 1
            last = a.day
            result[a.key] = f"{place}#{island}"
    return result


def agree(a: int, b: int) -> bool:
    """Two casualty figures tell the same story (within 25 % or 2 deaths)."""
    return abs(a - b) <= FIGURE_SLACK or max(a, b) <= FIGURE_TOLERANCE * min(a, b)


def figure_rows(figures: Mapping[str, int], event_of: Mapping[str, str], source_of: Mapping[str, str]) -> list[Row]:
    """``(event<TAB>figure, outlet, 1|0)`` for events with figures from two or more outlets."""
    by_event: dict[str, dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
    for key, n in figures.items():
        by_event[event_of[key]][source_of[key]].add(n)
    rows: list[Row] = []
    for event, outlets in by_event.items():
        if len(outlets) < 2:
            continue
        candidates = sorted({n for ns in outlets.values() for n in ns})
        for outlet, ns in outlets.items():
            rows.extend((f"{event}\t{c}", outlet, int(any(agree(n, c) for n in ns))) for c in candidates)
    return rows


@dataclass(frozen=True, slots=True)
class FakesVariant:
    """The scores with one extractor's figures first and the other's as fallback."""

    first: str  # "pipeline" or "regex"
    figure_sources: dict[str, int]  # pipeline / regex / none
    events: int
    multi_outlet_events: int
    scored: int
    scored_credible: int
    scores: tuple[MethodScore, ...]


@dataclass(frozen=True, slots=True)
class FakesResult:
    articles: int
    credible: int
    window_days: int
    day_like: int  # pipeline figures within a day of the publication's day of month
    pipeline_figures: int
    extraction_seconds: float
    variants: tuple[FakesVariant, ...]


def auc_interval(auc: float, positives: int, negatives: int) -> float:
    """Half-width of the 95 % interval of a ROC AUC (Hanley & McNeil 1982)."""
    if math.isnan(auc) or not positives or not negatives:
        return math.nan
    q1, q2 = auc / (2 - auc), 2 * auc * auc / (1 + auc)
    var = (auc * (1 - auc) + (positives - 1) * (q1 - auc * auc) + (negatives - 1) * (q2 - auc * auc))
    return 1.96 * math.sqrt(max(var, 0.0) / (positives * negatives))


def _auc(labels: Sequence[int], scores: Sequence[float]) -> float:
    from sklearn.metrics import roc_auc_score

    return float(roc_auc_score(labels, scores)) if 0 < sum(labels) < len(labels) else math.nan


def _variant(
    articles: Sequence[Article],
    found: Mapping[str, dict[str, int | None]],
    first: str,
    event_of: Mapping[str, str],
    methods: Sequence[str],
) -> FakesVariant:
    """Score every method with ``first``'s figures, the other extractor's as fallback."""
    second = "regex" if first == "pipeline" else "pipeline"
    figures: dict[str, int] = {}
    used: Counter[str] = Counter()
    for a in articles:
        how = next((k for k in (first, second) if found[k].get(a.key) is not None), "none")
        used[how] += 1
        if how != "none":
            figures[a.key] = int(found[how][a.key])  # type: ignore[arg-type]
    rows = figure_rows(figures, event_of, {a.key: a.source for a in articles})
    tasks = {str(t) for t, _w, _l in rows}
    scored = [a for a in articles if f"{event_of[a.key]}\t{figures.get(a.key)}" in tasks]
    labels = [a.label for a in scored]
    scores = []
    for method in methods:
        fit = fit_method(rows, method)
        own = [fit.posteriors[f"{event_of[a.key]}\t{figures[a.key]}"].get(1, 0.0) for a in scored]
        scores.append(MethodScore(method, _auc(labels, own), fit.seconds, "posterior of own figure"))
        if method == "DawidSkene + symmetric prior":  # what source reliability runs
            alone = [fit.reliability(a.source) or 0.5 for a in scored]
            scores.append(MethodScore("outlet reliability alone", _auc(labels, alone), 0.0,
                                      "the outlet's learned reliability"))
    return FakesVariant(
        first=first, figure_sources=dict(used), events=len(set(event_of.values())),
        multi_outlet_events=len({t.partition("\t")[0] for t in tasks}), scored=len(scored),
        scored_credible=sum(labels), scores=tuple(scores),
    )


def evaluate_fakes(
    path: Path | None = None,
    methods: Sequence[str] = METHODS,
    window_days: int = 1,
    limit: int | None = None,
    regex_only: bool = False,
) -> FakesResult:
    """ROC AUC of each aggregator's article scores on FA-KES (protocol in the module doc).

    The pipeline runs once; both orders (pipeline figure first, regex fallback; and the
    reverse) are scored from that one pass.

    Args:
        regex_only: skip the spaCy pipeline and use :data:`TOLL_RE` alone (seconds, not minutes).
    """
    articles = read_fakes(path)[:limit]
    start = time.perf_counter()
    piped: list[int | None] = [None] * len(articles) if regex_only else list(pipeline_figures(articles))
    extraction = time.perf_counter() - start
    found = {
        "pipeline": {a.key: n for a, n in zip(articles, piped, strict=True)},
        "regex": {a.key: regex_figure(a.text) for a in articles},
    }
    event_of = events(articles, window_days)
    orders = ("regex",) if regex_only else ("pipeline", "regex")
    day_like = sum(1 for a, n in zip(articles, piped, strict=True) if n is not None and abs(n - a.day.day) <= 1)
    return FakesResult(
        articles=len(articles), credible=sum(a.label for a in articles), window_days=window_days,
        day_like=day_like, pipeline_figures=sum(1 for n in piped if n is not None),
        extraction_seconds=extraction,
        variants=tuple(_variant(articles, found, first, event_of, methods) for first in orders),
    )
