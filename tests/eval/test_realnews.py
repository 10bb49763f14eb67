"""The real-news harness (claimgraph.eval.realnews) on a small invented episode, and the
quality gate on the real development corpus where its texts have been re-retrieved.

The invented episode: three reports by invented outlets on rebels taking Kosti (Sudan):
the rebels' claim, the army's denial, the army's later admission of its withdrawal.
"""

import json
from pathlib import Path

import pytest

from claimgraph.errors import InputError
from claimgraph.eval import realnews

pytestmark = pytest.mark.slow

BASELINE = json.loads((Path(__file__).parent / "baseline.json").read_text(encoding="utf-8"))
DEVSET = Path(__file__).resolve().parents[2] / "devsets" / "realnews"

REPORTS = [
    ("https://nile-courier.example/kosti-1", "Nile Courier", "2025-03-10",
     "The Rapid Support Forces said on Monday that their fighters had captured Kosti after a night of fighting."),
    ("https://white-nile-post.example/kosti-2", "White Nile Post", "2025-03-10",
     "The Sudanese army denied that Kosti had fallen and said its troops were still fighting inside the town."),
    ("https://sennar-review.example/kosti-3", "Sennar Review", "2025-03-12",
     "The Sudanese army said on Wednesday that its forces had withdrawn from Kosti and that an inquiry would follow."),
]
GOLD = {"kosti": {
    "K1": {"type": "CONTROL", "agent_side": "opposition", "place": "Kosti", "geonames_id": 371760,
           "valid": "2025-03-10",
           "status": {"2025-03-10T20:00:00+00:00": "contested", "2025-03-12T20:00:00+00:00": "confirmed"},
           "why": "invented: a claim, a denial, then the harmed side's admission"},
    "K2": {"type": "CONTROL", "agent_side": "opposition", "place": "Kosti", "geonames_id": 371760,
           "valid": "2025-03-10", "status": {"2025-03-10T20:00:00+00:00": "confirmed"},
           "why": "invented, deliberately wrong: scoring must call the system's answer a miss"},
    "K3": {"type": "CONTROL", "agent_side": "government", "place": "Rabak", "geonames_id": 368277,
           "valid": "2025-03-10", "status": {"2025-03-10T20:00:00+00:00": "unverified"},
           "why": "invented: nothing in the reports, so it is not found"},
}}


def _episode(tmp_path: Path) -> tuple[Path, Path, Path]:
    texts = tmp_path / "texts"
    texts.mkdir()
    with (tmp_path / "kosti.jsonl").open("w", encoding="utf-8") as f:
        for url, outlet, day, text in REPORTS:
            f.write(json.dumps({"url": url, "outlet": outlet, "date": day, "language": "en"}) + "\n")
            (texts / realnews.text_name(url)).write_text(text, encoding="utf-8")
    (tmp_path / "gold.json").write_text(json.dumps(GOLD), encoding="utf-8")
    return tmp_path / "kosti.jsonl", tmp_path / "gold.json", texts


def test_realnews_scores_an_invented_episode(tmp_path: Path) -> None:
    manifest, gold, texts = _episode(tmp_path)
    result = realnews.run([manifest], gold, texts)
    assert result.articles == 3 and not result.missing_texts
    assert result.found == {"kosti/K1": True, "kosti/K2": True, "kosti/K3": False}
    got = {(c.gold.id, c.as_of.day): c.got for c in result.checks}
    assert got[("K1", 10)] == "contested"
    assert got[("K1", 12)] == "confirmed"
    assert got[("K3", 10)] == "absent"
    assert result.right == 2 and len(result.checks) == 4
    assert result.false_confirmations == 0  # K2 wants "confirmed" and gets "contested": a miss, not a false one
    assert sum(n for _band, n, _right in result.calibration()) == 3  # every found status has a band


def test_realnews_missing_texts_are_counted_and_bad_input_is_named(tmp_path: Path) -> None:
    manifest, gold, texts = _episode(tmp_path)
    (texts / realnews.text_name(REPORTS[2][0])).unlink()
    result = realnews.run([manifest], gold, texts)
    assert result.articles == 2 and result.missing_texts == [REPORTS[2][0]]
    broken = tmp_path / "broken.jsonl"
    broken.write_text('{"url": "https://a.example/x"}\nnot json\n', encoding="utf-8")
    with pytest.raises(InputError, match="broken.jsonl:2"):
        realnews.load_manifests([broken])


def test_realnews_development_corpus_meets_the_baseline() -> None:
    """The gate: figures on the real-news development corpus never fall below the pinned
    baseline. Its texts are never committed (REALNEWS-FORMAT.md); where they have not been
    re-retrieved (devsets/realnews/README.md) there is nothing to score."""
    manifests = sorted(DEVSET.glob("*.jsonl"))
    articles = realnews.load_manifests(manifests)
    texts = DEVSET / "texts"
    missing = [a.url for a in articles if not (texts / realnews.text_name(a.url)).is_file()]
    if missing:
        pytest.skip(f"{len(missing)} of {len(articles)} development texts are not retrieved into {texts}")
    floor = BASELINE["realnews"]
    result = realnews.run(manifests, DEVSET / "gold", texts)
    assert sum(result.found.values()) >= floor["found"]
    assert result.right >= floor["right"], [(c.gold.set, c.gold.id, c.as_of, c.want, c.got) for c in result.checks]
    assert result.false_confirmations <= floor["false_confirmations_max"]
    high = [c for c in result.checks if c.confidence is not None and c.confidence >= 0.9]
    assert not high or sum(c.right for c in high) / len(high) >= floor["high_confidence_share"]
