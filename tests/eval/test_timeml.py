"""The TimeML evaluation: reading files safely, scoring at gold granularity, the floor."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from claimgraph.errors import InputError
from claimgraph.eval.timeml import Result, load, score, timex_value
from claimgraph.time.resolver import TimeRef

ROOT = Path(__file__).resolve().parents[2]
BASELINE = json.loads((ROOT / "tests" / "eval" / "baseline.json").read_text(encoding="utf-8"))

TML = """<?xml version="1.0"?>
<TimeML><DOCID>x</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="2024-03-13" functionInDocument="CREATION_TIME">2024-03-13</TIMEX3></DCT>
<TEXT>Rebels <TIMEX3 tid="t1" type="DATE" value="PRESENT_REF">now</TIMEX3> hold the bridge they took in
<TIMEX3 tid="t2" type="DATE" value="2024-02">February</TIMEX3> after <EVENT eid="e1">fighting</EVENT> for
<TIMEX3 tid="t3" type="DURATION" value="P3D">three days</TIMEX3> on <TIMEX3 tid="t4" type="DATE" value="XXXX-XX-XX">a Sunday</TIMEX3>.</TEXT>
</TimeML>"""


def _ref(start: datetime, end: datetime, granularity: str, span: tuple[int, int]) -> TimeRef:
    return TimeRef(start, end, None, span, granularity)


def test_load_gives_plain_text_spans_and_creation_time(tmp_path: Path) -> None:
    path = tmp_path / "x.tml"
    path.write_text(TML, encoding="utf-8")
    doc = load(path)
    assert doc.created == datetime(2024, 3, 13, tzinfo=UTC)
    assert [doc.text[s:e] for s, e in (g.span for g in doc.gold)] == ["now", "February", "three days", "a Sunday"]
    assert "<" not in doc.text and "fighting" in doc.text


def test_scoring_is_exact_at_gold_granularity_and_skips_durations_and_unknowns(tmp_path: Path) -> None:
    path = tmp_path / "x.tml"
    path.write_text(TML, encoding="utf-8")
    doc = load(path)
    now, feb = doc.gold[0].span, doc.gold[1].span
    result = Result()
    score(doc, [_ref(datetime(2024, 3, 13, tzinfo=UTC), datetime(2024, 3, 14, tzinfo=UTC), "present", now),
                # a day inside the gold month is right at the month's granularity
                _ref(datetime(2024, 2, 11, tzinfo=UTC), datetime(2024, 2, 12, tzinfo=UTC), "day", feb)], result)
    assert (len(result.outcomes), result.skipped, result.found, result.right) == (2, 2, 2, 2)
    coarse = Result()  # a year is too coarse for a gold month
    score(doc, [_ref(datetime(2024, 1, 1, tzinfo=UTC), datetime(2025, 1, 1, tzinfo=UTC), "year", feb)], coarse)
    assert (coarse.found, coarse.right) == (1, 0)


def test_timex_values_of_our_granularities() -> None:
    day = _ref(datetime(2024, 3, 12, tzinfo=UTC), datetime(2024, 3, 13, tzinfo=UTC), "day", (0, 1))
    assert timex_value(day, "2024-W11") == "2024-W11" and timex_value(day, "2024") == "2024"
    night = _ref(datetime(2024, 3, 12, 18, tzinfo=UTC), datetime(2024, 3, 13, 6, tzinfo=UTC), "part-of-day", (0, 1))
    assert timex_value(night, "2024-03-12TNI") == "2024-03-12TNI"
    winter = _ref(datetime(2023, 12, 1, tzinfo=UTC), datetime(2024, 3, 1, tzinfo=UTC), "season", (0, 1))
    assert timex_value(winter, "2023-WI") == "2023-WI"


@pytest.mark.parametrize("body", ["<TimeML><TEXT>no creation time</TEXT></TimeML>", "<TimeML><TEXT>broken",
                                  '<!DOCTYPE x [<!ENTITY a "aaaa">]><TimeML><TEXT>&a;</TEXT></TimeML>'])
def test_bad_files_name_the_file(tmp_path: Path, body: str) -> None:
    path = tmp_path / "bad.tml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(InputError, match="bad.tml"):
        load(path)


@pytest.mark.slow
def test_the_news_relative_timeml_set_holds_its_floor() -> None:
    from claimgraph.eval.timeml import run

    result = run([ROOT / "devsets" / "timeml"])
    floor = BASELINE["timeml"]
    assert len(result.outcomes) == floor["scored"]
    assert result.right >= floor["right"], result.as_dict()["misses"]



@pytest.mark.slow
def test_a_bad_file_is_named_and_the_others_are_scored(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from claimgraph.eval.__main__ import main

    (tmp_path / "good.tml").write_text(TML, encoding="utf-8")
    (tmp_path / "bad.tml").write_text("<TimeML><TEXT>broken", encoding="utf-8")
    assert main(["timeml", str(tmp_path), "--json"]) == 1
    out, err = capsys.readouterr()
    report = json.loads(out)
    assert report["files"] == 1 and report["scored"] == 2
    assert len(report["errors"]) == 1 and "bad.tml" in report["errors"][0] and "bad.tml" in err
