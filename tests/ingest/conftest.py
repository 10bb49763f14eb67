"""Shared fixtures for the ingest tests."""

from __future__ import annotations

import pytest

from claimgraph.settings import Settings


@pytest.fixture
def settings() -> Settings:
    """Default limits: what a user gets without configuring anything."""
    return Settings()
