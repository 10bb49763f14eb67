"""The bundled outlet registry: who publishes a document, of what kind, for which state.

Lookups go by web domain first (the most reliable signal), then by name or alias, so a
JSONL export that says ``"outlet": "AP"`` and a page from ``apnews.com`` land on the
same outlet.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources
from urllib.parse import urlsplit

from claimgraph.bidi import strip_invisible
from claimgraph.model import Outlet

_SPACES = re.compile(r"\s+")


def _key(name: str) -> str:
    """Normalise an outlet name for lookup: case, spacing, bidi/zero-width controls and a leading 'the' ignored."""
    name = _SPACES.sub(" ", strip_invisible(name).strip().casefold())
    return name[4:] if name.startswith("the ") else name


class OutletRegistry:
    """Index of outlets by domain and by normalised name/alias."""

    def __init__(self, outlets: list[Outlet]) -> None:
        self.outlets = outlets
        self._by_domain = {d: o for o in outlets for d in o.domains}
        self._by_name = {_key(n): o for o in outlets for n in (o.name, *o.aliases)}

    def by_url(self, url: str | None) -> Outlet | None:
        """The outlet whose domain (or a parent domain) serves ``url``."""
        if not url:
            return None
        host = (urlsplit(url).hostname or "").lower()
        parts = host.split(".")
        for i in range(len(parts) - 1):
            outlet = self._by_domain.get(".".join(parts[i:]))
            if outlet:
                return outlet
        return None

    def by_name(self, name: str | None) -> Outlet | None:
        """The outlet called ``name`` or known under that alias."""
        return self._by_name.get(_key(name)) if name else None

    def resolve(self, name: str | None, url: str | None) -> Outlet | None:
        """Best match for a document: its stated name, else its URL's domain."""
        return self.by_name(name) or self.by_url(url)

    def wires(self) -> list[Outlet]:
        """Wire agencies, whose names appear in credit lines of syndicated copies."""
        return [o for o in self.outlets if o.wire]


def _outlet(entry: dict[str, object]) -> Outlet:
    return Outlet(
        name=str(entry["name"]),
        kind=str(entry["kind"]),
        country=entry.get("country"),  # type: ignore[arg-type]
        state_affiliation=entry.get("state_affiliation"),  # type: ignore[arg-type]
        domains=tuple(entry.get("domains", ())),  # type: ignore[arg-type]
        aliases=tuple(entry.get("aliases", ())),  # type: ignore[arg-type]
        wire=bool(entry.get("wire", False)),
    )


@lru_cache(maxsize=1)
def registry() -> OutletRegistry:
    """The registry shipped with the package (loaded once per process)."""
    raw = resources.files("claimgraph.ingest").joinpath("outlets.json").read_text("utf-8")
    return OutletRegistry([_outlet(e) for e in json.loads(raw)])
