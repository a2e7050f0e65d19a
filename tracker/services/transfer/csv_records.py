"""The records file as a directory of CSV files: one per record type, one each for status
steps and observations (nested in JSON and YAML), and one for citations. UTF-8 with a header;
formula-like cells neutralised (and restored on import)."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from contextlib import ExitStack
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from tracker.domain.decimals import canonical
from tracker.domain.spreadsheet import csv_safe, csv_unescape
from tracker.errors import InvalidValue
from tracker.services.curation.kinds import KINDS
from tracker.services.query.listing import ListFilters
from tracker.services.transfer.files import MAX_RECORDS_FILE, read_text_file
from tracker.services.transfer.records_file import FORMAT, RecordsFile

LIST_SEPARATOR = "; "
COLUMNS = {
    "sources": ["slug", "title", "outlet", "author", "via", "published", "language", "file",
                "url", "sha256", "note", "text"],
    "events": ["slug", "title", "title_original", "kind", "date", "place", "host", "parties",
               "people", "tags", "note"],
    "agreements": ["slug", "title", "title_original", "kind", "status", "parties", "event",
                   "sectors", "note"],
    "targets": ["slug", "title", "title_original", "parties", "unit", "direction",
                "target_value", "deadline", "agreement", "baseline_value", "baseline_date",
                "tags", "note"],
    "figures": ["slug", "title", "title_original", "measure", "parties", "value", "unit",
                "qualifier", "date", "tags", "note"],
    "status_history": ["agreement", "step", "status", "date", "note"],
    "observations": ["target", "number", "value", "date", "qualifier", "growth_pct", "note"],
    "citations": ["kind", "slug", "part", "number", "source", "quote"],
}  # fmt: skip
LISTS = {"parties", "people", "tags", "sectors"}
NESTED = {"status_history": ("agreements", "agreement"), "observations": ("targets", "target")}


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return canonical(value)
    if isinstance(value, list):
        return LIST_SEPARATOR.join(str(v) for v in value)
    return csv_safe(str(value))


def write_csv_dir(session: Session, directory: Path, filters: ListFilters) -> int:
    """Write every file; returns the number of records."""
    from tracker.services.transfer.export import iter_records, plan

    sections = plan(session, filters, None)
    directory.mkdir(parents=True, exist_ok=True)
    count = 0
    with ExitStack() as stack:
        writers = {}
        for name, header in COLUMNS.items():
            handle = stack.enter_context(
                (directory / f"{name}.csv").open("w", encoding="utf-8", newline="")
            )
            writers[name] = csv.writer(handle, lineterminator="\n")
            writers[name].writerow(header)
        for section, kind, conditions in sections:
            for record in iter_records(session, kind, conditions, exact=True):
                count += 1
                _write_record(writers, section, kind.name, record)
    return count


def _write_record(writers: dict[str, Any], section: str, kind: str, record: dict[str, Any]) -> None:
    flat = dict(record)
    baseline = flat.pop("baseline", None) if section == "targets" else None
    if section == "targets":
        flat["baseline_value"] = baseline["value"] if baseline else None
        flat["baseline_date"] = baseline["date"] if baseline else None
    writers[section].writerow([_cell(flat.get(column)) for column in COLUMNS[section]])
    for citation in record.get("citations", []):
        writers["citations"].writerow(
            [kind, record["slug"], "", "", citation["source"], _cell(citation["quote"])]
        )
    for nested, part, number_key in (
        ("status_history", "status", "step"),
        ("observations", "observation", "number"),
    ):
        for number, item in enumerate(record.get(nested, []), 1):
            row = {**item, NESTED[nested][1]: record["slug"], number_key: number}
            writers[nested].writerow([_cell(row.get(column)) for column in COLUMNS[nested]])
            for citation in item.get("citations", []):
                writers["citations"].writerow(
                    [
                        kind,
                        record["slug"],
                        part,
                        number,
                        citation["source"],
                        _cell(citation["quote"]),
                    ]
                )


def _rows(directory: Path, name: str) -> Iterator[tuple[int, dict[str, str]]]:
    path = directory / f"{name}.csv"
    if not path.exists():
        return
    text = read_text_file(path, str(path), MAX_RECORDS_FILE)
    reader = csv.DictReader(text.splitlines(keepends=True))
    expected = COLUMNS[name]
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
    document: dict[str, Any] = {"format": FORMAT}
    index: dict[tuple[str, str], dict[str, Any]] = {}
    rows_of: dict[str, dict[int, int]] = {}
    for section in ("sources", "events", "agreements", "targets", "figures"):
        records: list[dict[str, Any]] = []
        kind = next(k for k in KINDS.values() if k.plural == section)
        for number, row in _rows(directory, section):
            record = {c: _value(c, v) for c, v in row.items()}
            if section == "targets":
                value, date = record.pop("baseline_value"), record.pop("baseline_date")
                record["baseline"] = {"value": value, "date": date} if value is not None else None
            if section in ("events", "agreements", "targets", "figures"):
                record["citations"] = []
            if section == "agreements":
                record["status_history"] = []
            if section == "targets":
                record["observations"] = []
            rows_of.setdefault(section, {})[len(records)] = number
            records.append(record)
            index[kind.name, record["slug"] or ""] = record
        document[section] = records
    for nested, (section, owner_key) in NESTED.items():
        owner_kind = section.removesuffix("s")
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
            owner[nested].append(item)
    for number, row in _rows(directory, "citations"):
        owner = index.get((row["kind"], row["slug"]))
        if owner is None:
            raise InvalidValue(
                f"citations.csv: row {number}: slug", f"no {row['kind']} {row['slug']!r}"
            )
        target = owner
        if row["part"]:
            nested = "status_history" if row["part"] == "status" else "observations"
            try:
                target = owner[nested][int(row["number"]) - 1]
            except (KeyError, ValueError, IndexError):
                raise InvalidValue(
                    f"citations.csv: row {number}: number",
                    f"no {row['part']} {row['number']!r} on {row['slug']}",
                ) from None
        target["citations"].append({"source": row["source"], "quote": row["quote"]})
    return RecordsFile(
        directory,
        document,
        locate=lambda section, i: f"{section}.csv: row {rows_of.get(section, {}).get(i, i + 2)}",
    )
