"""The seed harness's own arithmetic (the seed's figures are gated in test_gate.py)."""

import pytest

from claimgraph.eval import seed

pytestmark = pytest.mark.slow


def test_overlap_is_shared_characters_over_the_shorter_span() -> None:
    assert seed.overlap((0, 10), (5, 30)) == 0.5
    assert seed.overlap((0, 10), (10, 20)) == 0.0
    assert seed.overlap((2, 4), (0, 100)) == 1.0
