"""Times: expressions found in a parsed document and resolved against its publication
time (:mod:`claimgraph.time.resolver`). Imports nothing above ``nlp``."""
