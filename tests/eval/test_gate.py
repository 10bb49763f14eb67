"""The quality gate, as trafilatura's ``eval_gate.py``: the evaluation figures pinned in
``baseline.json`` never fall. Seed, PolNeAR dev (what extract and ingest store) and
GeoWebNews here; the real-news development set in ``test_realnews.py``, where its texts
have been re-retrieved. Raising a floor is part of the change that earns it.
"""

import json
from pathlib import Path

import pytest

from claimgraph.eval import seed

pytestmark = pytest.mark.slow

BASELINE = json.loads((Path(__file__).parent / "baseline.json").read_text(encoding="utf-8"))


def test_seed_article_meets_the_baseline(shared_dir: Path) -> None:
    floor = BASELINE["seed"]
    scores, claims = seed.run(shared_dir / "seed")
    assert scores.matched_gold >= floor["claims"], scores.misses
    assert sum(scores.stance) >= floor["stance"]
    assert sum(scores.canonical) >= floor["canonical"]
    assert sum(scores.event_ok) >= floor["events"], scores.event_misses
    assert sum(scores.places_ok) >= floor["places"], scores.place_misses
    gold_chain, chain = scores.chain_c3
    assert chain == gold_chain == floor["c3_chain"]
    text_claims = [c for c in claims if c.attributed]
    assert all(c.extractor.startswith(("claimgraph.attribution@", "claimgraph.attribution_spans@"))
               for c in text_claims)


def test_polnear_dev_extractor_meets_the_baseline(shared_dir: Path) -> None:
    """What extract and ingest store, scored on PolNeAR dev at the pinned overlap."""
    from claimgraph.eval.attribution import evaluate, extractor_spans
    from claimgraph.eval.polnear import load_split
    from claimgraph.nlp.pipeline import load

    floor = BASELINE["polnear_dev"]
    articles = load_split("dev", shared_dir / "data" / "polnear")
    scores = evaluate(articles, load(), {"extractor": extractor_spans}, thresholds=(floor["overlap"],))
    got = {label: round(scores.counts["extractor"][(label, floor["overlap"])].f1, 3) for label in floor["extractor_f1"]}
    assert all(got[label] >= f1 for label, f1 in floor["extractor_f1"].items()), (got, floor["extractor_f1"])


def test_geowebnews_meets_the_baseline(shared_dir: Path) -> None:
    from claimgraph.eval.geoparsing import evaluate, load_gwn
    from claimgraph.nlp.pipeline import load

    floor = BASELINE["geowebnews"]
    scores = evaluate(load_gwn(shared_dir / "data" / "geoparsing" / "GWN.xml"), load())
    got = {
        "end_to_end_acc161": scores.end_to_end.row()["acc@161"],
        "resolution_acc161": scores.resolution.row()["acc@161"],
        "resolution_in_gazetteer_acc161": scores.resolution_in_gazetteer.row()["acc@161"],
    }
    assert all(got[key] >= value for key, value in floor.items()), (got, floor)
