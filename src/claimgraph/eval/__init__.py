"""Evaluation against gold corpora: PolNeAR attribution spans, scored the GGT way."""

from claimgraph.eval.overlap import Counts, coverage, match
from claimgraph.eval.polnear import GoldSpan, PolnearDoc, load_split, parse_ann

__all__ = ["Counts", "GoldSpan", "PolnearDoc", "coverage", "load_split", "match", "parse_ann"]
