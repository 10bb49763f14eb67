"""Run the NLP pipeline and every extractor over documents, in batches."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from claimgraph.extract.claims import document_conflict, extract_claims
from claimgraph.model import Claim, Document
from claimgraph.nlp.pipeline import parse


@dataclass(frozen=True, slots=True)
class Extraction:
    """What the extractors found in one document."""

    document: Document
    conflict: str | None
    claims: tuple[Claim, ...]


def extract_documents(docs: Sequence[Document], batch_size: int = 32) -> Iterator[Extraction]:
    """Parse ``docs`` with ``nlp.pipe`` (parsed once) and extract their claims."""
    for parsed, doc in parse(((d.text, d) for d in docs), batch_size=batch_size):
        conflict = document_conflict(parsed, doc.outlet, doc.published_at)
        claims = extract_claims(parsed, doc.id, doc.outlet, doc.published_at, conflict)
        yield Extraction(doc, conflict, tuple(claims))
