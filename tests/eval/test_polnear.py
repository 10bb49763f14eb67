"""PolNeAR brat reader, on a tiny fixture written for these tests (tests/resources/polnear)."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimgraph.errors import InputError
from claimgraph.eval.attribution import gold_units
from claimgraph.eval.polnear import ENV_DIR, GoldSpan, iter_split, load_split, parse_ann

ROOT = Path(__file__).resolve().parents[1] / "resources" / "polnear"


@pytest.fixture
def dev() -> dict[str, object]:
    return {d.doc_id: d for d in load_split("dev", ROOT)}


def test_polnear_load_split_reads_every_text_in_name_order() -> None:
    docs = load_split("dev", ROOT)
    assert [d.doc_id for d in docs] == ["bakery-reopens", "harbour-ferry", "rain-warning"]
    assert all(d.split == "dev" for d in docs)
    assert [d.doc_id for d in load_split("dev", ROOT, limit=2)] == ["bakery-reopens", "harbour-ferry"]


def test_polnear_keeps_first_annotator_only(dev) -> None:
    harbour = dev["harbour-ferry"]
    assert harbour.annotator == "0a1b"  # harbour-ferry_9f9f.ann is ignored
    assert len(harbour.spans) == 9


def test_polnear_article_without_annotation_has_no_spans(dev) -> None:
    bakery = dev["bakery-reopens"]
    assert bakery.spans == ()
    assert bakery.annotator is None


def test_polnear_labels_text_and_attribution_ids(dev) -> None:
    harbour = dev["harbour-ferry"]
    got = [
        (s.label, " | ".join(harbour.text[b:e] for b, e in s.fragments), s.attribution_id)
        for s in harbour.spans
    ]
    assert got == [
        ("SOURCE", "The harbour authority", "E1"),
        ("CUE", "said", "E1"),
        ("CONTENT", "the ferry would resume service on Monday", "E1"),
        ("CONTENT", '"We have repaired the ramp," | "and the inspectors are satisfied."', "E2"),
        ("SOURCE", "a spokeswoman", "E2"),
        ("CUE", "said", "E2"),
        ("SOURCE", "Residents", "E3"),
        ("CUE", "doubted", "E3"),
        ("CONTENT", "it", "E3"),
    ]


def test_polnear_discontinuous_span_keeps_fragments(dev) -> None:
    quote = next(s for s in dev["harbour-ferry"].spans if s.ann_id == "T5")
    assert quote == GoldSpan("CONTENT", ((69, 97), (118, 153)), "E2", "T5")
    assert (quote.start, quote.end) == (69, 153)


def test_polnear_fragments_and_gold_units(dev) -> None:
    harbour = dev["harbour-ferry"]
    assert len(harbour.fragments()) == 10
    assert harbour.fragments("CONTENT") == [
        ("CONTENT", (27, 67)), ("CONTENT", (69, 97)), ("CONTENT", (118, 153)), ("CONTENT", (173, 175)),
    ]
    assert len(gold_units(harbour, "fragment")) == 10
    units = gold_units(harbour, "span")
    assert len(units) == 9
    assert ("CONTENT", ((69, 97), (118, 153))) in units
    with pytest.raises(ValueError):
        gold_units(harbour, "token")


def test_polnear_attribution_without_source() -> None:
    (bridge,) = load_split("train", ROOT)
    assert [(s.label, s.attribution_id) for s in bridge.spans] == [("CUE", "E1"), ("CONTENT", "E1")]


def test_polnear_parse_ann_skips_other_lines() -> None:
    ann = (
        "T1\tCue 4 8\tsaid\n"
        "T2\tDiscard 0 3\tWho\n"
        "T3\tContent 9 20;25 30\tsome text that\n"
        "runs on to a second line\n"
        "#1\tAnnotatorNotes T3\ta note\n"
        "T4\tAttribution 4 8\tsaid\n"
        "E1\tAttribution:T4 Content:T3 Cue:T1\n"
        "T5\tSource 0 3\tWho\n"
    )
    spans = parse_ann(ann)
    assert spans == [
        GoldSpan("SOURCE", ((0, 3),), None, "T5"),  # no event names T5
        GoldSpan("CUE", ((4, 8),), "E1", "T1"),
        GoldSpan("CONTENT", ((9, 20), (25, 30)), "E1", "T3"),
    ]


@pytest.mark.parametrize("offsets", ["5 5", "9 4", "0 99"])
def test_polnear_parse_ann_rejects_bad_offsets(offsets: str) -> None:
    with pytest.raises(InputError, match="outside the text"):
        parse_ann(f"T1\tCue {offsets}\tx\n", text="short text", path="x.ann")


def test_polnear_missing_split_is_a_named_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no PolNeAR 'dev' split"):
        list(iter_split("dev", tmp_path))


def test_polnear_data_dir_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_DIR, str(ROOT))
    assert len(load_split("dev")) == 3
