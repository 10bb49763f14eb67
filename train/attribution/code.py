"""Imported by ``spacy train --code``: registers claimgraph's architectures and factories."""

import claimgraph.nlp.models  # noqa: F401
