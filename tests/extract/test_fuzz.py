"""Property test: the extract stage takes hostile text (bidirectional overrides, zero-width
joiners, combining marks, stray quotes) without raising, and keeps every span in the text.

One spaCy model serves every example (``nlp.pipeline.load`` caches it); examples stay few.
"""

from __future__ import annotations

import pytest
from fuzz_targets import EXTRACT_TARGET
from hypothesis import HealthCheck, given, settings


@pytest.mark.slow
@settings(max_examples=40, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(EXTRACT_TARGET.strategy)
def test_extract_fuzz_never_raises_and_spans_stay_inside(text: str) -> None:
    EXTRACT_TARGET.check(text)


@pytest.mark.parametrize("text", ["\\ said  claimed ", "The ministry said ¹ people were killed in the attack."])
def test_extract_found_by_the_fuzzer_stays_fixed(text: str) -> None:
    """A speaker of punctuation only; a superscript digit that str.isdigit() takes for a count."""
    EXTRACT_TARGET.check(text)
