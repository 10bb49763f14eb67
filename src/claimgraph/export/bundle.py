"""``--format json``: everything in one JSON document, in the shapes the API serves.

``{"as_of", "documents", "claims", "propositions", "reviews"}``: documents as ``docs``,
claims as ``claims --json`` and propositions as ``propositions --json`` give them, so a
bundle can be read by anything written against the web contract; reviews ride along
because no other JSON output carries them.
"""

from __future__ import annotations

import json
from typing import Any, TextIO

from claimgraph.export.records import Records


def bundle(records: Records) -> dict[str, Any]:
    """The bundle as one JSON-ready dict."""
    return {
        "as_of": records.as_of.isoformat() if records.as_of else None,
        "documents": list(records.documents),
        "claims": list(records.claims),
        "propositions": list(records.proposition_dicts.values()),
        "reviews": list(records.reviews.values()),
    }


def write(records: Records, out: TextIO) -> int:
    """Write the bundle (``json.dump``, UTF-8 text kept as is); returns the proposition count."""
    json.dump(bundle(records), out, ensure_ascii=False, indent=2)
    out.write("\n")
    return len(records.propositions)
