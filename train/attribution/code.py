"""Imported by ``spacy train --code``: claimgraph's architectures and factories, and a reader.

``claimgraph.TaggedCorpus.v1`` reads the DocBins that ``prepare.py`` writes and keeps the
token features named in ``features`` (by default the tagger's ``TAG``) on the predicted
side of each Example. spaCy's own ``spacy.Corpus.v1`` rebuilds the predicted Doc from the
text, so a component that embeds ``TAG`` would otherwise train on empty tags while at run
time it sits after the tagger and sees real ones.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import spacy
from spacy.attrs import IDS
from spacy.language import Language
from spacy.tokens import Doc, DocBin
from spacy.training import Example

import claimgraph.nlp.models  # noqa: F401


@spacy.registry.readers("claimgraph.TaggedCorpus.v1")
def tagged_corpus(
    path: Path, features: list[str] = ["TAG"], limit: int = 0  # noqa: B006 (config default)
) -> Callable[[Language], Iterator[Example]]:
    """Examples whose predicted Doc carries ``features`` from the stored Doc, gold ents aside."""
    attrs = [IDS[name] for name in features]

    def read(nlp: Language) -> Iterator[Example]:
        docs = DocBin().from_disk(path).get_docs(nlp.vocab)
        for n, reference in enumerate(docs):
            if limit and n >= limit:
                return
            predicted = Doc(
                nlp.vocab,
                words=[t.text for t in reference],
                spaces=[bool(t.whitespace_) for t in reference],
            )
            predicted.from_array(attrs, reference.to_array(attrs))
            yield Example(predicted, reference)

    return read
