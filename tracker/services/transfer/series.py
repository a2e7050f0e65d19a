"""A series of values from a statistics table, as a CSV file (`date,value,period`, and a
`locator` column or one row label for them all): each row a value of a target's measure,
cited by its place in the dataset source."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from tracker.domain.locators import Locator
from tracker.errors import InvalidValue
from tracker.services.transfer.files import MAX_RECORDS_FILE, read_text_file

COLUMNS = ("date", "value", "period")


def read_series(path: Path, source: str, row: str | None) -> list[dict[str, Any]]:
    """The rows as observation fields; a row's citation is its `locator`, or `row ROW,
    column DATE` (the table's column named as the value's date)."""
    text = read_text_file(path, "--series", MAX_RECORDS_FILE)
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = reader.fieldnames or []
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise InvalidValue(
            f"{path.name}: header", f"needs {', '.join(COLUMNS)} (and locator, or --row)"
        )
    if "locator" not in header and row is None:
        raise InvalidValue("--row", "give the table's row label, or a locator column")
    found = []
    for number, cells in enumerate(reader, start=2):
        if None in cells or any(v is None for v in cells.values()):
            raise InvalidValue(f"{path.name}: row {number}", "wrong number of cells")
        locator = cells.get("locator") or str(Locator(str(row), cells["date"]))
        found.append(
            {
                "value": cells["value"],
                "date": cells["date"] or None,
                "period": cells["period"] or None,
                "citations": [{"source": source, "locator": locator}],
            }
        )
    if not found:
        raise InvalidValue(f"{path.name}", "no rows")
    return found
