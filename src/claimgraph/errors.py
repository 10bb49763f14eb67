"""Errors with stable codes: each says what failed, the likely cause and the fix.

Modelled on spaCy's ``errors.py``: a code in brackets (``[E012]``) that users can search
for, plus an HTTP status so the API can map any error to one JSON shape.
"""

from __future__ import annotations


class ClaimgraphError(Exception):
    """Base class for every error claimgraph raises on purpose."""

    code = "E000"
    status = 500

    def __init__(self, message: str) -> None:
        super().__init__(f"[{self.code}] {message}")
        self.message = message


class InputError(ClaimgraphError):
    """An input file (or one record in it) could not be read as a document."""

    code = "E001"
    status = 400

    def __init__(self, path: str, reason: str, line: int | None = None) -> None:
        self.path = path
        self.line = line
        self.reason = reason
        where = f"{path}:{line}" if line is not None else path
        super().__init__(f"{where}: {reason}")


class UnsafeInputError(InputError):
    """The input tries something dangerous (entity expansion, external entities, a bomb)."""

    code = "E002"


class TooLargeError(InputError):
    """The input is larger than the configured limit."""

    code = "E003"
    status = 413


class EncodingError(InputError):
    """The bytes could not be decoded as text in any plausible encoding."""

    code = "E004"


class UnsupportedFormatError(InputError):
    """The file is not one of the formats claimgraph reads."""

    code = "E005"
    status = 415


class NoTextError(InputError):
    """The input parsed but held no article text."""

    code = "E006"
    status = 422


class ExtractionError(ClaimgraphError):
    """Parsing or extracting one document failed (a library error on an unusual text);
    the document is not stored and the rest of its batch is."""

    code = "E007"
    status = 500


class StoreError(ClaimgraphError):
    """The database could not be opened, migrated or written."""

    code = "E010"
    status = 503


class UsageError(ClaimgraphError):
    """The command was called with arguments that cannot work together."""

    code = "E020"
    status = 400
