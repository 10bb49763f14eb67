"""Truth-discovery benchmarks: author normalisation, the votes, FA-KES plumbing, the scenario.

Fixtures are invented (stores, books, outlets and figures); the shared AbeBooks data are
read only where the ``shared_dir`` fixture finds them.
"""

from datetime import date

import pytest

from claimgraph.eval.truth import (
    Article,
    StoreVote,
    accuracy,
    agree,
    auc_interval,
    events,
    evaluate_books,
    figure_rows,
    fit_method,
    incomplete,
    lists_from,
    majority_vote,
    membership_rows,
    normalise_authors,
    plausible_toll,
    regex_figure,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Stroustrup, Bjarne", ("stroustrup",)),
        ("Bjarne Stroustrup", ("stroustrup",)),
        ("STROUSTRUP, BJARNE", ("stroustrup",)),
        ("Kumar, C. Bala; Kline, Paul J.; Thompson, Timothy J.", ("kline", "kumar", "thompson")),
        ("C Bala Kumar, Paul Kline, Tim Thompson", ("kline", "kumar", "thompson")),
        ("Thompson, Tim (Author) Kumar, C. Bala (Author) Kline, Paul (Author)", ("kline", "kumar", "thompson")),
        ("By (author) Kumar, C Bala By (author) Kline, Paul", ("kline", "kumar")),
        ("Kumar, C Bala, and Kline, Paula J", ("kline", "kumar")),
        ("Bernstein, Philip A./ Newcomer, Eric", ("bernstein", "newcomer")),
        ("Aho &amp; Lam", ("aho", "lam")),
        ("Nick Rozanski, E&oacute;in Woods", ("rozanski", "woods")),
        ("Johnson, Michael K., Troan, Erik W.", ("johnson", "troan")),
        ("Jan De Clercq", ("declercq",)),
        ("De Clercq, Jan", ("declercq",)),
        ("o'leary, timothy j.;  o'leary, linda i.;", ("oleary",)),
        ("Ben-Ari, M.", ("benari",)),
        ("Date, C. J. (Author)", ("date",)),
        ("Kvamsdal, T. (EDT)/ Andersson, H. I. (EDT)", ("andersson", "kvamsdal")),
        ("Knuth, Donald E., Jr.", ("knuth",)),
        ("Not Available", None),
        ("", None),
    ],
)
def test_normalise_authors(text: str, expected: tuple[str, ...] | None) -> None:
    assert normalise_authors(text) == expected


def test_normalise_authors_ignores_order_case_and_punctuation() -> None:
    assert normalise_authors("Kline, Paul; KUMAR, C.") == normalise_authors("c. kumar and paul kline")


def test_incomplete_lists() -> None:
    assert incomplete("C Bala Kumar, et al") and incomplete("Kumar et. al.")
    assert not incomplete("Kumar, C. Bala; Kline, Paul")


def vote(store: str, isbn: str, *authors: str, complete: bool = True) -> StoreVote:
    return StoreVote(store, isbn, tuple(sorted(authors)), complete)


SLOPPY = ("Shelfwise", "Bookbarn", "Pageturn")  # list the first author only
CAREFUL = ("Quire", "Folio", "Codex", "Scriptorium")  # list every author
# Book 1: three sloppy stores outvote two careful ones. Books 2-4: four careful stores
# outvote the sloppy ones, which shows who omits. Book 5: an "et al." list.
BOOKS = (
    [vote(s, "1", "abara") for s in SLOPPY] + [vote(s, "1", "abara", "bello") for s in CAREFUL[:2]]
    + [vote(s, isbn, first) for isbn, first, _ in (("2", "cole", "dunn"), ("3", "eze", "fofana"),
                                                   ("4", "gomez", "hale")) for s in SLOPPY]
    + [vote(s, isbn, first, second) for isbn, first, second in (("2", "cole", "dunn"), ("3", "eze", "fofana"),
                                                                ("4", "gomez", "hale")) for s in CAREFUL]
    + [vote("Quire", "5", "ibe", "jones"), vote("Shelfwise", "5", "ibe", "jones", complete=False)]
)
GOLD = {"1": ("abara", "bello"), "2": ("cole", "dunn"), "3": ("eze", "fofana"), "4": ("gomez", "hale")}


def test_majority_vote_counts_complete_lists_once_per_store() -> None:
    mv = majority_vote(BOOKS + [vote("Quire", "1", "abara", "bello")])  # a store listing twice votes once...
    assert mv["1"] == ("abara",)  # ...in read_books; here three sloppy stores outvote the careful
    assert mv["2"] == ("cole", "dunn") and mv["4"] == ("gomez", "hale")
    assert mv["5"] == ("ibe", "jones")  # the "et al." list does not vote


def test_majority_vote_ties_are_deterministic() -> None:
    tie = [vote("Quire", "9", "zola"), vote("Folio", "9", "adams")]
    assert majority_vote(tie)["9"] == ("adams",) == majority_vote(list(reversed(tie)))["9"]


def test_membership_rows_incomplete_lists_never_deny() -> None:
    rows = membership_rows(BOOKS)
    assert ("1\tbello", "Shelfwise", 0) in rows and ("1\tbello", "Quire", 1) in rows
    assert ("5\tjones", "Shelfwise", 1) in rows
    assert not [r for r in rows if r[0].startswith("5\t") and r[1] == "Shelfwise" and r[2] == 0]


def test_aggregators_trust_stores_that_list_every_author() -> None:
    """Plain two-coin DawidSkene may explain this fixture the mirror way (careful stores
    invent co-authors; nothing here shows an invented name): the invention prior decides."""
    assert accuracy(majority_vote(BOOKS), GOLD) == 0.75  # book 1 goes to the sloppy majority
    for method in ("DawidSkene + invention prior", "OneCoinDawidSkene"):
        predicted = lists_from(fit_method(membership_rows(BOOKS), method))
        assert accuracy(predicted, GOLD) == 1.0, method


def test_books_on_shared_data_beat_majority_vote(shared_dir) -> None:
    result = evaluate_books(shared_dir / "data" / "truth-books", ("DawidSkene", "DawidSkene + invention prior"))
    scores = {s.method: s.score for s in result.scores}
    assert result.gold == 100
    majority = scores["strict majority (lists)"]
    assert 0.75 <= majority <= 0.85  # about 0.81 by the benchmark's own account
    assert scores["DawidSkene"] >= majority
    assert scores["DawidSkene + invention prior"] > majority


# --- FA-KES plumbing (invented articles) -----------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("An air strike hit the market, killing at least 12 people, medics said.", 12),
        ("Rescuers said 1,250 people were killed in the quake zone.", 1250),
        ("The death toll rose to 31 on Sunday.", 31),
        ("The shelling killed 7 civilians, the monitor said.", 7),
        ("In 2016 the town was besieged; 4 children were killed.", 4),
        ("Since 2011 more than 300,000 people have been killed.", None),
        ("Talks resumed on 14 May.", None),
    ],
)
def test_regex_figure(text: str, expected: int | None) -> None:
    assert regex_figure(text) == expected


def test_plausible_toll_drops_years_and_war_totals() -> None:
    assert plausible_toll(43) and plausible_toll(1429)
    assert not plausible_toll(2015) and not plausible_toll(280_000) and not plausible_toll(None)


def article(key: str, source: str, day: date, place: str = "kerewa", label: int = 1) -> Article:
    return Article(key=key, unit_id=key, title="", text="", source=source, day=day, location=place, label=label)


def test_events_are_date_islands_per_place() -> None:
    arts = [article("a", "x", date(2016, 7, 1)), article("b", "y", date(2016, 7, 2)),
            article("c", "z", date(2016, 7, 5)), article("d", "x", date(2016, 7, 1), place="olumo")]
    ev = events(arts, window_days=1)
    assert ev["a"] == ev["b"] != ev["c"]
    assert ev["d"] != ev["a"]


def test_figure_rows_one_vote_per_outlet_and_event() -> None:
    event_of = {"a": "e1", "b": "e1", "c": "e1", "d": "e2"}
    source_of = {"a": "x", "b": "x", "c": "y", "d": "z"}
    rows = figure_rows({"a": 20, "b": 21, "c": 40, "d": 5}, event_of, source_of)
    assert sorted(rows) == [("e1\t20", "x", 1), ("e1\t20", "y", 0), ("e1\t21", "x", 1),
                            ("e1\t21", "y", 0), ("e1\t40", "x", 0), ("e1\t40", "y", 1)]
    assert agree(20, 24) and agree(3, 5) and not agree(20, 40)


def test_auc_interval_shrinks_with_more_articles() -> None:
    assert 0.0 < auc_interval(0.5, 400, 400) < auc_interval(0.5, 40, 40) < 0.5


# --- the sample scenario -----------------------------------------------------------------


def test_scenario_spec_is_well_formed() -> None:
    from claimgraph.eval.scenario import load_spec
    from claimgraph.reconcile.status import STATUSES

    spec = load_spec()
    ids = [p["id"] for p in spec["propositions"]]
    assert len(ids) == len(set(ids)) and "grf-wad-madani" in ids
    for p in spec["propositions"]:
        assert {"type", "place", "on", "label", "expect"} <= set(p)
        for e in p["expect"]:
            assert set(e["status"].split("|")) <= set(STATUSES) | {"absent"}


@pytest.mark.slow
def test_scenario_expectations_hold_on_the_demo_corpus() -> None:
    from claimgraph.eval.scenario import run

    checks = run()
    failed = [(c.proposition, c.as_of, c.expected, c.got) for c in checks if c.outcome == "FAIL"]
    assert not failed
    wad_madani = {c.as_of.isoformat() if c.as_of else None: c.got for c in checks if c.proposition == "grf-wad-madani"}
    assert wad_madani["2025-03-12T12:00:00+00:00"] == "contested"
    assert wad_madani["2025-03-13T12:00:00+00:00"] == "confirmed"
    wire = [c for c in checks if c.proposition == "grf-attack-al-manaqil" and c.got_documents == 4]
    assert wire and wire[0].got_sources == 3  # the army, Meridian Daily, and two wire copies counted once


@pytest.mark.parametrize("command", ["books", "fakes"])
def test_eval_cli_missing_data_is_an_error(command: str, tmp_path, capsys: pytest.CaptureFixture[str]) -> None:
    from claimgraph.eval.__main__ import main

    assert main([command, "--data-dir", str(tmp_path)]) == 1
    assert "[E001]" in capsys.readouterr().err
