"""The install the README runs: the two hashed locks agree on the installer."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _pin(lock: Path, name: str) -> str | None:
    found = re.search(rf"^{name}==(\S+)", lock.read_text(encoding="utf-8"), re.MULTILINE)
    return found.group(1) if found else None


def test_the_locked_install_never_replaces_its_own_installer() -> None:
    # requirements-pip.lock installs pip first; if requirements.lock pins another pip (a
    # dependency of datasette, a test dependency), pip would replace itself mid-install.
    first = _pin(ROOT / "requirements-pip.lock", "pip")
    assert first is not None
    assert _pin(ROOT / "requirements.lock", "pip") in (None, first)
