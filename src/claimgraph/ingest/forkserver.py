"""Imported by the fork server that local extraction workers fork from (see
:func:`claimgraph.ingest.parallel.process_context`).

Importing this module imports the pipeline code and loads the spaCy model, once: every
worker forked afterwards starts with both in memory (shared copy-on-write) instead of
spending seconds importing and loading them again, as a spawned process would.
"""

from __future__ import annotations

import logging

from claimgraph.nlp.pipeline import load

try:
    load()
except Exception:  # the fork server must start anyway; each worker then loads (and reports) it
    logging.getLogger(__name__).warning("preloading the spaCy pipeline failed", exc_info=True)
