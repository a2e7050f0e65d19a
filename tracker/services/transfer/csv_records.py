"""The records file as a directory of CSV files: one per record type, one each for the status
steps of agreements and of initiatives (nested in JSON and YAML), and one for citations.
UTF-8 with a header; formula-like cells neutralised (and restored on import)."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from contextlib import ExitStack
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from sqlalchemy.orm import Session

from tracker.domain.decimals import canonical
from tracker.domain.spreadsheet import csv_safe, csv_unescape
from tracker.errors import Conflict, InvalidValue
from tracker.services.curation.kinds import KINDS
from tracker.services.query.listing import ListFilters
from tracker.services.transfer.files import (
    MAX_RECORDS_FILE,
    atomic_directory,
    check_new_file,
    open_new_text,
    read_text_file,
)
from tracker.services.transfer.legacy import LEGACY_OBSERVATIONS, observations_to_figures
from tracker.services.transfer.parsing import check_limits
from tracker.services.transfer.records_file import FORMAT, RecordsFile

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


def _rows(directory: Path, name: str) -> Iterator[tuple[int, dict[str, str]]]:
    path = directory / f"{name}.csv"
    if not path.exists():
        return
    text = read_text_file(path, str(path), MAX_RECORDS_FILE)
    # csv's limit is process-wide, with no per-reader setting; no field is longer than its file.
    csv.field_size_limit(max(csv.field_size_limit(), len(text)))
    # Rows are the csv module's to split: str.splitlines would also break a value at CR,
    # U+0085, U+2028 or U+2029.
    reader = csv.DictReader(io.StringIO(text, newline=""))
    expected = {**COLUMNS, **LEGACY_COLUMNS}[name]
    if reader.fieldnames != expected:
        raise InvalidValue(f"{path.name}: header", f"expected {','.join(expected)}")
    for number, row in enumerate(reader, start=2):
        if None in row or any(v is None for v in row.values()):
            raise InvalidValue(f"{path.name}: row {number}", "wrong number of cells")
        yield number, {k: csv_unescape(v) for k, v in row.items()}


def _value(column: str, text: str) -> Any:
    if column in LISTS:
        return [part.strip() for part in text.split(";") if part.strip()]
    return text if text != "" else None


def read_csv_dir(directory: Path) -> RecordsFile:
    """The CSV files as one records-file document (so one loader validates everything)."""
    if not directory.is_dir():
        raise InvalidValue(str(directory), "not a directory of CSV files")
    expected = [f"{name}.csv" for name in COLUMNS]
    if not any((directory / name).is_file() for name in expected):
        # A folder of something else, named by mistake: importing "nothing" would say ok.
        raise InvalidValue(
            str(directory), f"no records CSV file in it; accepted: {', '.join(expected)}"
        )
    document: dict[str, Any] = {"format": FORMAT}
    index: dict[tuple[str, str], dict[str, Any]] = {}
    rows_of: dict[str, dict[int, int]] = {}
    for section in RECORD_SECTIONS:
        records: list[dict[str, Any]] = []
        kind = next(k for k in KINDS.values() if k.plural == section)
        for number, row in _rows(directory, section):
            record = {c: _value(c, v) for c, v in row.items()}
            if section == "targets":
                value, date = record.pop("baseline_value"), record.pop("baseline_date")
                record["baseline"] = {"value": value, "date": date} if value is not None else None
            if section != "sources":
                record["citations"] = []
            if section in ("events", "agreements", "initiatives"):
                record["status_history"] = []
            if section == "targets":
                record[LEGACY_OBSERVATIONS] = []
            rows_of.setdefault(section, {})[len(records)] = number
            records.append(record)
            index[kind.name, record["slug"] or ""] = record
        document[section] = records
    for nested, (section, owner_key) in {**NESTED, **LEGACY_NESTED}.items():
        owner_kind = section.removesuffix("s")
        owner_list = LEGACY_OBSERVATIONS if nested in LEGACY_NESTED else "status_history"
        for number, row in _rows(directory, nested):
            owner = index.get((owner_kind, row[owner_key]))
            if owner is None:
                raise InvalidValue(
                    f"{nested}.csv: row {number}: {owner_key}",
                    f"no {owner_kind} {row[owner_key]!r} in {section}.csv",
                )
            item = {
                c: _value(c, v) for c, v in row.items() if c not in (owner_key, "step", "number")
            }
            item["citations"] = []
            owner[owner_list].append(item)
    _attach_citations(directory, index)
    for target in document.get("targets", []):
        if not target[LEGACY_OBSERVATIONS]:
            del target[LEGACY_OBSERVATIONS]
    observations_to_figures(document)
    check_limits(document, str(directory))
    return RecordsFile(
        directory,
        document,
        locate=lambda section, i: f"{section}.csv: row {rows_of.get(section, {}).get(i, i + 2)}",
    )


def _attach_citations(directory: Path, index: dict[tuple[str, str], dict[str, Any]]) -> None:
    """citations.csv's rows onto the records (or their numbered steps) they cite."""
    for number, row in _rows(directory, "citations"):
        owner = index.get((row["kind"], row["slug"]))
        if owner is None:
            raise InvalidValue(
                f"citations.csv: row {number}: slug", f"no {row['kind']} {row['slug']!r}"
            )
        target = owner
        if row["part"]:
            parts = {**PARTS, **LEGACY_PARTS}.get(row["part"])
            if parts is None:
                raise InvalidValue(
                    f"citations.csv: row {number}: part",
                    f"{row['part']!r}; accepted: {', '.join(PARTS)} or empty",
                )
            if ROW_NUMBER.fullmatch(row["number"]) is None:  # 0 or -1 would index from the end
                raise InvalidValue(
                    f"citations.csv: row {number}: number",
                    f"{row['number']!r}; accepted: a whole number from 1 (its number in "
                    f"{parts}.csv)",
                )
            try:
                target = owner[parts][int(row["number"]) - 1]
            except (KeyError, IndexError):
                raise InvalidValue(
                    f"citations.csv: row {number}: number",
                    f"no {row['part']} {row['number']!r} on {row['slug']}",
                ) from None
        target["citations"].append({"source": row["source"], "quote": row["quote"]})
