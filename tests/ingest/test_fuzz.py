"""Property tests: every reader, fed hostile input, gives documents or named errors only.

The targets live in ``tests/fuzz_targets.py`` (shared with ``bench/fuzz.py``, which runs
many more examples and counts them). Examples stay few here so CI stays quick.
"""

from __future__ import annotations

import pytest
from fuzz_targets import READER_TARGETS, Target
from hypothesis import HealthCheck, given, settings

FUZZ = settings(
    max_examples=30,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)


@pytest.mark.parametrize("target", READER_TARGETS, ids=lambda t: t.name)
def test_reader_fuzz_gives_only_named_errors(target: Target) -> None:
    @FUZZ
    @given(target.strategy)
    def check(data: object) -> None:
        target.check(data)

    check()
