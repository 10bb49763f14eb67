"""claimgraph: a sourced map of claims from a stream of conflict news."""

from claimgraph.errors import ClaimgraphError, InputError
from claimgraph.model import Document, RawDocument, ReadFailure
from claimgraph.settings import Settings

__version__ = "0.1.0"

__all__ = [
    "ClaimgraphError",
    "Document",
    "InputError",
    "RawDocument",
    "ReadFailure",
    "Settings",
    "__version__",
]
