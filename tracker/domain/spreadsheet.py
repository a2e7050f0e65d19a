"""Spreadsheet safety for CSV cells, reversible so that exports round-trip."""

# Spreadsheets run cells starting with these as formulas.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
ESCAPE = "'"


def csv_safe(text: str) -> str:
    """A leading ' keeps a formula-like cell as text. Cells that already start with ' get one
    more, so reading back (`csv_unescape`) is exact."""
    return ESCAPE + text if text.startswith((*FORMULA_STARTS, ESCAPE)) else text


def csv_unescape(text: str) -> str:
    return text[1:] if text.startswith(ESCAPE) else text
