"""Locators: where in a statistics table a cited value stands ("row Uzbekistan, column 2024").

A dataset source keeps its table as CSV text; its first row names the columns, its first
column the rows. A locator names one row and one column, each by its label as the table
writes it (compared without regard to case or surrounding space), optionally in quotes when
a label holds a comma: `row "Korea, Republic of", column 2024`.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

from tracker.errors import InvalidValue

FORM = 'row LABEL, column LABEL (labels in "quotes" when they hold a comma)'
_LABEL = r'(?:"(?P<{0}q>[^"]+)"|(?P<{0}>[^,"]+?))'
_LOCATOR = re.compile(
    rf"\s*row\s+{_LABEL.format('row')}\s*,\s*column\s+{_LABEL.format('column')}\s*",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Locator:
    row: str
    column: str

    def __str__(self) -> str:
        def label(text: str) -> str:
            return f'"{text}"' if "," in text else text

        return f"row {label(self.row)}, column {label(self.column)}"


def parse_locator(text: str, field: str) -> Locator:
    match = _LOCATOR.fullmatch(text)
    if match is None:
        raise InvalidValue(field, f"{text!r} is not a locator; accepted: {FORM}")
    return Locator(match["rowq"] or match["row"], match["columnq"] or match["column"])


def _key(label: str) -> str:
    return " ".join(label.split()).casefold()


def missing_part(table_text: str, locator: Locator) -> str | None:
    """What of the locator the table lacks ("row 'Uzbekistan'"), or None if it has both."""
    rows = list(csv.reader(io.StringIO(table_text)))
    header = [_key(h) for h in rows[0][1:]] if rows else []
    if _key(locator.column) not in header:
        return f"column {locator.column!r}"
    if not any(row and _key(row[0]) == _key(locator.row) for row in rows[1:]):
        return f"row {locator.row!r}"
    return None
