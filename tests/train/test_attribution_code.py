"""train/attribution/code.py: the reader that keeps the tagger's tags on the predicted side."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import spacy
from spacy.tokens import Doc, DocBin, Span

CODE = Path(__file__).resolve().parents[2] / "train" / "attribution" / "code.py"


def load_code():
    spec = importlib.util.spec_from_file_location("attribution_train_code", CODE)
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(module)
    return module


def test_tagged_corpus_keeps_tags_and_leaves_gold_to_the_reference(tmp_path: Path) -> None:
    nlp = spacy.blank("en")
    words = ["Rebels", "claimed", "the", "bridge", "fell", "."]
    doc = Doc(nlp.vocab, words=words, tags=["NNS", "VBD", "DT", "NN", "VBD", "."])
    doc.ents = [Span(doc, 0, 1, "SOURCE"), Span(doc, 1, 2, "CUE"), Span(doc, 2, 5, "CONTENT")]
    path = tmp_path / "train.spacy"
    DocBin(docs=[doc, doc]).to_disk(path)

    read = load_code().tagged_corpus(path, ["TAG"], limit=1)
    examples = list(read(nlp))

    assert len(examples) == 1  # the limit holds
    predicted, reference = examples[0].predicted, examples[0].reference
    assert [t.text for t in predicted] == words
    assert [t.tag_ for t in predicted] == ["NNS", "VBD", "DT", "NN", "VBD", "."]
    assert predicted.ents == () and not predicted.has_annotation("ENT_IOB")
    assert [(e.text, e.label_) for e in reference.ents] == [
        ("Rebels", "SOURCE"), ("claimed", "CUE"), ("the bridge fell", "CONTENT")]
