"""One frozen settings object, built at the edge (CLI, API) and passed inward."""

from __future__ import annotations

import os
from dataclasses import dataclass

DEFAULT_DB = "sqlite:///claimgraph.db"


@dataclass(frozen=True, slots=True)
class Settings:
    """Limits and knobs shared by every stage.

    Attributes:
        db_url: SQLAlchemy URL of the store.
        max_document_bytes: larger single documents are refused with a named error.
        max_decompressed_bytes: a gzip member may not inflate past this.
        max_decompression_ratio: nor past this many times its compressed size.
        batch_size: documents written per transaction.
        minhash_perm: MinHash permutations for syndication detection.
        shingle_size: words per shingle.
        syndication_threshold: Jaccard similarity from which two texts are copies.
        max_shingle_words: only the first N words are shingled (keeps huge texts cheap).
        extract: run the NLP pipeline and extractors on new documents while ingesting.
    """

    db_url: str = DEFAULT_DB
    max_document_bytes: int = 10 * 1024 * 1024
    max_decompressed_bytes: int = 1024 * 1024 * 1024
    max_decompression_ratio: int = 200
    batch_size: int = 100
    minhash_perm: int = 128
    shingle_size: int = 5
    syndication_threshold: float = 0.5
    max_shingle_words: int = 5000
    extract: bool = True


def db_url_from_env(explicit: str | None = None) -> str:
    """The store URL: ``--db`` wins, then ``CLAIMGRAPH_DB``, then ``./claimgraph.db``."""
    url = explicit or os.environ.get("CLAIMGRAPH_DB") or DEFAULT_DB
    if "://" not in url:  # a bare path means a SQLite file
        url = f"sqlite:///{url}"
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url
