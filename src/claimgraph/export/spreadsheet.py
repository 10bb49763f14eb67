"""CSV that is safe to open in a spreadsheet.

Every text cell here can come from an article, and articles are untrusted. Two defences:

- the csv module writes every row, quoting any cell that holds a comma, a quote or a
  line break (RFC 4180), so nothing inside a sentence can shift or split columns; the
  header stays the bare column names, as tools that check it expect;
- *formula injection* (CSV injection, OWASP): Excel, LibreOffice and Google Sheets run a
  cell that starts with ``=``, ``+``, ``-`` or ``@`` as a formula, even inside quotes, and
  a formula can fetch URLs (``=WEBSERVICE``, ``=HYPERLINK``) or, in old Excel, start
  programs (DDE). So a text cell starting with one of those, or with a tab or carriage
  return (which some spreadsheets skip before looking), gets a leading apostrophe: the
  spreadsheet then shows it as text (the apostrophe is visible to a program reading the
  file, which is the price of safety). Numbers (coordinates, counts) are not text and are
  left alone, so a negative longitude stays a number.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, TextIO

# "|" starts a DDE call in some spreadsheets; the fullwidth forms are read as their ASCII
# twins by several (＝, ＋, －, ＠).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "|", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def safe_cell(value: Any) -> Any:
    """A cell value that no spreadsheet will run as a formula (module doc); None -> ""."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def write_csv(out: TextIO, columns: Sequence[str], rows: Iterable[Mapping[str, Any]]) -> int:
    """Write a header and the rows (every cell through :func:`safe_cell`); returns the row count.

    ``out`` should be opened with ``newline=""`` (the csv module ends rows with CRLF).
    """
    writer = csv.DictWriter(out, fieldnames=list(columns), quoting=csv.QUOTE_MINIMAL, extrasaction="raise")
    writer.writeheader()
    n = 0
    for row in rows:
        writer.writerow({k: safe_cell(row.get(k)) for k in columns})
        n += 1
    return n
