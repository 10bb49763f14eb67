"""Exports of the store: JSON, a claims CSV, GeoJSON, schema.org ClaimReview JSON-LD, an
ACLED-style event table and PLOVER records (one module per format, each a pure function
of :class:`~claimgraph.export.records.Records`; :func:`export` reads the store and writes
one of them)."""

from claimgraph.export.run import FORMATS, SUFFIXES, export, load

__all__ = ["FORMATS", "SUFFIXES", "export", "load"]
