"""The records file as a directory of CSV files: one per record type, one each for the status
steps of agreements and of initiatives (nested in JSON and YAML), and one for citations.
UTF-8 with a header; formula-like cells neutralised (and restored on import, which
`csv_reading.py` does)."""

from __future__ import annotations

import csv
import io
import re
from contextlib import ExitStack
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from sqlalchemy.orm import Session

from tracker.domain.decimals import canonical
from tracker.domain.spreadsheet import csv_safe
from tracker.errors import Conflict, InvalidValue
from tracker.services.query.listing import ListFilters
from tracker.services.transfer.files import (
    atomic_directory,
    check_new_file,
    open_new_text,
)
from tracker.services.transfer.legacy import LEGACY_OBSERVATIONS

LIST_SEPARATOR = "; "
FLAGS = ("parties_inferred", "identity_inferred")
COLUMNS = {
    "sources": ["slug", "title", "kind", "outlet", "author", "via", "published", "language",
                "file", "url", "publisher", "table_name", "retrieved", "sha256", "note", "text"],
    "events": ["slug", "title", "title_original", "kind", "status", "date", "place", "host",
               "parties", *FLAGS, "people", "tags", "note"],
    "agreements": ["slug", "title", "title_original", "kind", "status", "parties", *FLAGS,
                   "event", "sectors", "note"],
    "initiatives": ["slug", "title", "title_original", "kind", "status", "made_by",
                    "addressed_to", "parties", *FLAGS, "sector", "event", "date", "tags", "note"],
    "targets": ["slug", "title", "title_original", "measure", "parties", *FLAGS, "unit",
                "direction", "target_value", "deadline", "agreement", "baseline_value",
                "baseline_date", "tags", "note"],
    "figures": ["slug", "title", "title_original", "measure", "parties", *FLAGS, "value",
                "unit", "qualifier", "date", "period", "growth_pct", "event", "tags", "note"],
    "status_history": ["agreement", "step", "status", "date", "note"],
    "initiative_status_history": ["initiative", "step", "status", "date", "note"],
    "event_status_history": ["event", "step", "status", "date", "note"],
    "citations": ["kind", "slug", "part", "number", "source", "quote"],
}  # fmt: skip
LISTS = {"parties", "addressed_to", "people", "tags", "sectors"}
# A file of nested items: the section of their owners, and the column naming the owner.
NESTED = {
    "status_history": ("agreements", "agreement"),
    "initiative_status_history": ("initiatives", "initiative"),
    "event_status_history": ("events", "event"),
}
PARTS = {"status": "status_history"}  # citations.csv's `part`: the owner's key it numbers
# An export made before targets' values became figures: read, and converted on the way in.
LEGACY_NESTED = {"observations": ("targets", "target")}
LEGACY_COLUMNS = {
    "observations": ["target", "number", "value", "date", "qualifier", "growth_pct", "note"]
}
LEGACY_PARTS = {"observation": LEGACY_OBSERVATIONS}
RECORD_SECTIONS = ("sources", "events", "agreements", "initiatives", "targets", "figures")
ROW_NUMBER = re.compile(r"[1-9][0-9]*")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return canonical(value)
    if isinstance(value, list):
        return LIST_SEPARATOR.join(str(v) for v in value)
    return csv_safe(str(value))


class RowWriter:
    """CSV rows that end in LF, with every cell that holds a CR or LF quoted. Python 3.11's
    writer quotes only the characters of its line terminator, and a bare CR left unquoted ends
    the row for any reader; so each row is written ending CRLF, which is then made LF."""

    def __init__(self, handle: IO[str]) -> None:
        self._handle = handle
        self._row = io.StringIO()
        self._writer = csv.writer(self._row, lineterminator="\r\n")

    def writerow(self, cells: list[Any]) -> None:
        self._row.seek(0)
        self._row.truncate()
        self._writer.writerow(cells)
        self._handle.write(self._row.getvalue().removesuffix("\r\n") + "\n")


def check_csv_directory(directory: Path, force: bool) -> None:
    """Before any work: a CSV export goes to a new or empty directory or, with --force, over an
    earlier export. That is replaced whole, so it may hold nothing an export does not write."""
    if directory.is_symlink():
        raise InvalidValue("--output", f"{directory} is a symbolic link; name a directory")
    if directory.exists() and not directory.is_dir():
        raise InvalidValue("--output", f"{directory} is a file; a CSV export writes a directory")
    held = sorted(p.name for p in directory.iterdir()) if directory.exists() else []
    check_new_file(directory, force or (directory.exists() and not held))
    written = {f"{name}.csv" for name in COLUMNS}
    foreign = [name for name in held if name not in written]
    if foreign:
        raise Conflict(
            f"{directory} holds {foreign[0]}, which a CSV export does not write; "
            "give a new or empty directory",
            "--output",
        )


def write_csv_dir(session: Session, directory: Path, filters: ListFilters) -> int:
    """Write every file, into place all together or not at all; returns the number of records."""
    from tracker.services.transfer.export import iter_records, plan

    sections = plan(session, filters, None)
    count = 0
    with atomic_directory(directory) as partial, ExitStack() as stack:
        writers: dict[str, RowWriter] = {}
        for name, header in COLUMNS.items():
            handle = stack.enter_context(open_new_text(partial / f"{name}.csv", newline=""))
            writers[name] = RowWriter(handle)
            writers[name].writerow(header)
        for section, kind, conditions in sections:
            for record in iter_records(session, kind, conditions, exact=True):
                count += 1
                _write_record(writers, section, kind.name, record)
    return count


def _write_record(
    writers: dict[str, RowWriter], section: str, kind: str, record: dict[str, Any]
) -> None:
    flat = dict(record)
    baseline = flat.pop("baseline", None) if section == "targets" else None
    if section == "targets":
        flat["baseline_value"] = baseline["value"] if baseline else None
        flat["baseline_date"] = baseline["date"] if baseline else None
    writers[section].writerow([_cell(flat.get(column)) for column in COLUMNS[section]])
    for citation in record.get("citations", []):
        writers["citations"].writerow(
            [kind, record["slug"], "", "", citation["source"], _cell(cited(citation))]
        )
    nested = next((name for name, (owners, _) in NESTED.items() if owners == section), None)
    if nested is not None:
        for number, item in enumerate(record.get("status_history", []), 1):
            row = {**item, NESTED[nested][1]: record["slug"], "step": number}
            writers[nested].writerow([_cell(row.get(column)) for column in COLUMNS[nested]])
            for citation in item.get("citations", []):
                writers["citations"].writerow(
                    [
                        kind,
                        record["slug"],
                        "status",
                        number,
                        citation["source"],
                        _cell(cited(citation)),
                    ]
                )


def cited(citation: dict[str, Any]) -> Any:
    """A text's quote or a dataset's locator: one column holds either, as the database does."""
    return citation["quote"] if "quote" in citation else citation["locator"]
