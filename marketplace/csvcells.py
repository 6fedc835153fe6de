"""Cells of the CSV files the site writes, neutralised against spreadsheet
formula injection (OWASP's "CSV injection"): a cell a spreadsheet would read
as a formula (starting with = + - @, a tab or a carriage return) is written
with a leading apostrophe, which spreadsheets show as text.

Files the site also reads back (the catalogue file) undo it on import with
`cell_restore`: a value that already starts with apostrophes before such a
character gets one more on export and loses exactly one on import, so every
value makes the round trip unchanged.
"""

import re

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_ESCAPED = re.compile(r"'+[=+\-@\t\r]")
_TO_ESCAPE = re.compile(r"'*[=+\-@\t\r]")


def cell_neutralise(value) -> str:
    """The cell as written to a CSV file (any value, as text)."""
    text = "" if value is None else str(value)
    return "'" + text if _TO_ESCAPE.match(text) else text


def cell_restore(text: str) -> str:
    """A cell read from a file the site wrote: its neutralising apostrophe
    removed."""
    return text[1:] if _ESCAPED.match(text) else text


def row_neutralise(values) -> list[str]:
    return [cell_neutralise(value) for value in values]
