import numpy as np
import pytest
from datasketch import MinHash

from claimgraph.ingest.syndication import _SEED, fingerprint, is_copy, shingles, similarity, wire_origin
from claimgraph.settings import Settings

WIRE = (
    "Armed groups advancing from the south entered the market town before dawn on Friday, "
    "according to two local officials who asked not to be named. The officials said "
    "government units had pulled back toward the bridge after an exchange of artillery "
    "fire that lasted several hours. A spokesman for the interior ministry rejected the "
    "account, saying security forces remained in full control of every district. "
    "Residents reached by telephone described long queues at the only working bakery "
    "and said electricity had been cut since Thursday evening. Aid agencies warned that "
    "thousands of displaced families were sheltering in schools without clean water."
)
OTHER_REPORT = (
    "Our correspondent in the region says the situation around the market town remains "
    "unclear. Government television broadcast footage of soldiers patrolling a square it "
    "said was in the town centre, while opposition channels showed fighters raising a flag "
    "over a police station. Neither video could be verified, and humanitarian workers said "
    "they had no access to the area on Friday."
)
SETTINGS = Settings()


def test_edited_wire_copy_is_a_copy() -> None:
    copy = "Editor's note: this story was updated.\n" + WIRE.rsplit(" Aid agencies", 1)[0]
    a, b = fingerprint(WIRE, SETTINGS), fingerprint(copy, SETTINGS)
    jaccard, containment = similarity(a, b.signature, b.shingles)
    assert is_copy(jaccard, containment, SETTINGS)
    assert set(a.bands) & set(b.bands), "copies must share an LSH band to be found"


def test_independent_report_of_same_event_is_not_a_copy() -> None:
    a, b = fingerprint(WIRE, SETTINGS), fingerprint(OTHER_REPORT, SETTINGS)
    jaccard, containment = similarity(a, b.signature, b.shingles)
    assert jaccard < 0.1
    assert not is_copy(jaccard, containment, SETTINGS)


def test_fingerprint_is_deterministic() -> None:
    assert fingerprint(WIRE, SETTINGS) == fingerprint(WIRE, SETTINGS)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("KHARTOUM, March 3 (Reuters) - Fighting resumed on Monday.", "Reuters"),
        ("GAZA, Jan 2 (AP) — Strikes hit the north.", "Associated Press"),
        ("Strikes hit the north overnight, officials said.\n— AFP", "Agence France-Presse"),
        ("Shelling continued.\n\n(With inputs from agencies)", "agencies"),
        ("Shelling continued near the port, GWS reported.", "Global Wire Service"),
        ("The minister said the talks would resume next week.", None),
    ],
)
def test_wire_origin_from_credit_lines(text: str, expected: str | None) -> None:
    assert wire_origin(text) == expected


def test_assign_groups_joins_stored_and_same_batch_copies() -> None:
    from claimgraph.ingest.syndication import Known, assign_groups

    wire, copy, other = (fingerprint(t, SETTINGS) for t in (WIRE, WIRE + " Updated at noon.", OTHER_REPORT))
    stored = [Known("w", "group-w", wire.signature, wire.shingles)]
    groups = assign_groups([("c", copy), ("o", other), ("c2", copy)], stored, SETTINGS)
    assert groups == {"c": "group-w", "o": "o", "c2": "group-w"}
    assert assign_groups([("o", other), ("o2", other)], [], SETTINGS) == {"o": "o", "o2": "o"}


def test_fingerprint_with_permutations_drawn_once_equals_a_fresh_minhash() -> None:
    """The permutations are drawn once per process; every signature must still be the one a
    freshly seeded MinHash gives (stores written before keep matching new documents)."""
    settings = Settings()
    for text in ("Ferry service halted at Kerewa after shelling, port workers said on Friday.",
                 "Lagoon Army denies losing the port town; the Coast Rebels say they hold it."):
        fresh = MinHash(num_perm=settings.minhash_perm, seed=_SEED)
        fresh.update_batch(list(shingles(text, settings.shingle_size, settings.max_shingle_words)))
        assert fingerprint(text, settings).signature == fresh.hashvalues.astype(np.uint64).tobytes()


def test_copy_test_keeps_copies_of_the_batch_only() -> None:
    from claimgraph.ingest.syndication import copy_test

    wire, copy, other = (fingerprint(t, SETTINGS) for t in (WIRE, WIRE + " Updated at noon.", OTHER_REPORT))
    is_copy_of_batch = copy_test([("c", copy)], SETTINGS)
    assert is_copy_of_batch(wire.signature, wire.shingles)
    assert not is_copy_of_batch(other.signature, other.shingles)
    assert not copy_test([], SETTINGS)(wire.signature, wire.shingles)
