"""Sides of every conflict of the registry (claimgraph.sides)."""

from claimgraph.sides import is_party, opponent, party_sides


def test_interstate_wars_have_parties() -> None:
    for side in ("russia", "ukraine", "israel", "hamas", "hezbollah", "government", "opposition"):
        assert is_party(side), side
    for side in ("monitor", "media", "none", "", None):
        assert not is_party(side)


def test_old_side_numbers_are_kept() -> None:
    """The store's proposition key numbers sides by their place in party_sides()."""
    assert party_sides()[:3] == ("government", "opposition", "third-party")


def test_opponents_by_conflict_and_country() -> None:
    assert opponent("government") == "opposition"
    assert opponent("opposition") == "government"
    assert opponent("russia") == "ukraine" and opponent("ukraine") == "russia"
    assert opponent("hamas") == "israel" and opponent("hezbollah") == "israel"
    # Israel fights Hamas in Gaza and Hezbollah in Lebanon: the place's country decides.
    assert opponent("israel", "PS") == "hamas"
    assert opponent("israel", "LB") == "hezbollah"
    assert opponent("israel") == ""
    assert opponent("islamic-state") == "" and opponent("monitor") == "" and opponent("") == ""


def test_government_and_opposition_face_each_other_without_a_principal_opposition() -> None:
    """Myanmar's registry names no principal opposition actor; the two sides still fight."""
    from claimgraph.sides import opponents_in

    for conflict in ("myanmar", "ethiopia", "sudan"):
        assert dict(opponents_in(conflict)) == {"government": "opposition", "opposition": "government"}
    assert dict(opponents_in("russia-ukraine")) == {"russia": "ukraine", "ukraine": "russia"}
    assert dict(opponents_in("no-such-war")) == {}


def test_the_registry_names_an_opponent_where_government_and_opposition_do_not() -> None:
    # Syria's SDF is neither government nor opposition; it lost Ras al-Ain and its other
    # towns to the Turkish-backed opposition, so its withdrawal is that side's gain (without
    # the registry's word it was no one's, and a withdrawal formed no proposition at all)
    assert opponent("sdf", "SY") == "opposition"
    assert opponent("opposition", "SY") == "government"  # the civil war's own pair is untouched
    assert opponent("islamic-state", "SY") == ""
