"""A CSV directory read back as records. Each record's steps and citations are in other files;
when those files keep the order an export writes (a record's rows together, owners in the
order of their own file) and no file names a slug twice, the directory is streamed: the
files are read side by side, a record at a time, so memory does not grow with them. Any
other directory (rows moved about by hand) is read whole, as one document, to the same
records."""

from __future__ import annotations

import csv
import re
from array import array
from collections.abc import Callable, Generator, Iterator
from itertools import pairwise
from pathlib import Path
from typing import Any

from tracker.domain.spreadsheet import csv_unescape
from tracker.errors import InvalidValue
from tracker.services.curation.kinds import KINDS
from tracker.services.transfer.csv_records import (
    COLUMNS,
    LEGACY_COLUMNS,
    LEGACY_NESTED,
    LEGACY_PARTS,
    LISTS,
    NESTED,
    PARTS,
    RECORD_SECTIONS,
    ROW_NUMBER,
)
from tracker.services.transfer.files import MAX_RECORDS_FILE, TextStream
from tracker.services.transfer.legacy import LEGACY_OBSERVATIONS, observations_to_figures
from tracker.services.transfer.parsing import check_limits
from tracker.services.transfer.records_file import FORMAT, RecordsFile

CHUNK = 1 << 20  # characters read at a time
# Where io.StringIO(newline="") ends a line, which is where the csv module expects them: at
# LF, CR or CRLF, and nowhere else (not at U+2028, as str.splitlines would).
LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)")
NESTING = {**NESTED, **LEGACY_NESTED}  # a file of nested items: (owners' section, owner column)
SECTION_DEPTH = 2  # a record's depth in the document it stands for


def _kind(section: str) -> str:
    return next(k.name for k in KINDS.values() if k.plural == section)


def _nested_of(section: str) -> list[str]:
    return [name for name, (owners, _) in NESTING.items() if owners == section]


class _Bytes:
    """Bytes read from every file so far: what an import's progress is counted in."""

    def __init__(self) -> None:
        self.read = self.reported = 0


def _lines(stream: TextStream, counted: _Bytes) -> Iterator[str]:
    held = ""
    while True:
        before = stream.bytes_read
        chunk = stream.read(CHUNK)
        counted.read += stream.bytes_read - before
        if not chunk:
            if held:
                yield held
            return
        held += chunk
        # A CR at the very end may be the first half of a CRLF: it waits for the next chunk.
        cut = len(held) - 1 if held.endswith("\r") else len(held)
        end = max(held.rfind("\n", 0, cut), held.rfind("\r", 0, cut)) + 1
        yield from LINE.findall(held, 0, end)
        held = held[end:]


Rows = Generator[tuple[int, dict[str, str]], None, None]


def _rows(directory: Path, name: str, counted: _Bytes) -> Rows:
    """A file's rows by number (the header is row 1); none if the file is not there."""
    path = directory / f"{name}.csv"
    if not path.exists():
        return
    stream = TextStream(path, str(path), MAX_RECORDS_FILE)
    try:
        # csv's limit is process-wide, with no per-reader setting; no field is longer than its
        # file.
        csv.field_size_limit(max(csv.field_size_limit(), stream.size))
        reader = csv.DictReader(_lines(stream, counted))
        expected = {**COLUMNS, **LEGACY_COLUMNS}[name]
        if reader.fieldnames != expected:
            raise InvalidValue(f"{path.name}: header", f"expected {','.join(expected)}")
        for number, row in enumerate(reader, start=2):
            if None in row or any(v is None for v in row.values()):
                raise InvalidValue(f"{path.name}: row {number}", "wrong number of cells")
            yield number, {k: csv_unescape(v) for k, v in row.items()}
    except csv.Error as error:
        raise InvalidValue(str(path), f"not valid CSV: {error}") from None
    finally:
        stream.close()


class _Cursor:
    """A nested file's rows, looked at one ahead, by the owner each names."""

    def __init__(self, rows: Iterator[tuple[int, dict[str, str]]], owner: Callable[..., Any]):
        self._rows, self._owner = rows, owner
        self._next()

    def _next(self) -> None:
        self.row = next(self._rows, None)
        self.owner = None if self.row is None else self._owner(self.row[1])

    def take(self, owner: Any) -> Iterator[tuple[int, dict[str, str]]]:
        """The rows of `owner` that come next."""
        while self.row is not None and self.owner == owner:
            row = self.row
            self._next()
            yield row


def _owner_column(name: str) -> Callable[[dict[str, str]], str]:
    column = NESTING[name][1]
    return lambda row: row[column]


def _cited(row: dict[str, str]) -> tuple[str, str]:
    return row["kind"], row["slug"]


def _streamable(directory: Path) -> bool:
    """Whether the rows of the nested files and of citations.csv each come where their owner
    does, and no file names a slug twice. Nothing is held but a cursor in each file and a
    hash of each slug of the file being read."""
    counted = _Bytes()
    citations = _Cursor(_rows(directory, "citations", counted), _cited)
    for section in RECORD_SECTIONS:
        kind = _kind(section)
        nested = [
            _Cursor(_rows(directory, n, counted), _owner_column(n)) for n in _nested_of(section)
        ]
        # Hashes, 8 bytes a record, sorted: two the same may be one slug given twice.
        seen = array("q")
        for _, row in _rows(directory, section, counted):
            slug = row["slug"]
            seen.append(hash(slug))
            for cursor in nested:
                for _ in cursor.take(slug):
                    pass
            for _ in citations.take((kind, slug)):
                pass
        if any(cursor.row is not None for cursor in nested):
            return False
        if any(a == b for a, b in pairwise(sorted(seen))):
            return False
    return citations.row is None


def _value(column: str, text: str) -> Any:
    if column in LISTS:
        return [part.strip() for part in text.split(";") if part.strip()]
    return text if text != "" else None


def _record(section: str, row: dict[str, str]) -> dict[str, Any]:
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
    return record


def _nest(name: str, owner: dict[str, Any], row: dict[str, str]) -> None:
    """A row of a nested file onto its owner."""
    owner_key = NESTING[name][1]
    item = {c: _value(c, v) for c, v in row.items() if c not in (owner_key, "step", "number")}
    item["citations"] = []
    owner[LEGACY_OBSERVATIONS if name in LEGACY_NESTED else "status_history"].append(item)


def _cite(owner: dict[str, Any], number: int, row: dict[str, str]) -> None:
    """A row of citations.csv onto the record (or its numbered step) it cites."""
    if "citations" not in owner:  # a source: it is what the others cite
        citing = [kind for kind in KINDS if kind != "source"]
        raise InvalidValue(
            f"citations.csv: row {number}: kind", f"{row['kind']!r}; accepted: {', '.join(citing)}"
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
                f"{row['number']!r}; accepted: a whole number from 1 (its number in {parts}.csv)",
            )
        try:
            target = owner[parts][int(row["number"]) - 1]
        except (KeyError, IndexError):
            raise InvalidValue(
                f"citations.csv: row {number}: number",
                f"no {row['part']} {row['number']!r} on {row['slug']}",
            ) from None
    target["citations"].append({"source": row["source"], "quote": row["quote"]})


def _finished(section: str, record: dict[str, Any]) -> dict[str, Any]:
    if section == "targets" and not record[LEGACY_OBSERVATIONS]:
        del record[LEGACY_OBSERVATIONS]
    return record


class CsvRecords:
    """The directory as a stream of records (`RecordStream`): its sections in order, each
    record with its steps and citations read from beside it."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.size = sum(
            (directory / f"{name}.csv").stat().st_size
            for name in COLUMNS
            if (directory / f"{name}.csv").is_file()
        )
        self._bytes = _Bytes()
        self._open: list[Generator[Any, None, None]] = []

    def advance(self) -> int:
        done, self._bytes.reported = self._bytes.read - self._bytes.reported, self._bytes.read
        return done

    def close(self) -> None:
        for rows in self._open:
            rows.close()
        self._open.clear()

    def _opened(self, name: str) -> Rows:
        rows = _rows(self.directory, name, self._bytes)
        self._open.append(rows)
        return rows

    def members(self) -> Iterator[tuple[str, Any]]:
        yield "format", FORMAT
        citations = _Cursor(self._opened("citations"), _cited)
        for section in RECORD_SECTIONS:
            if (self.directory / f"{section}.csv").exists():
                yield section, self._records(section, citations)

    def _records(self, section: str, citations: _Cursor) -> Iterator[dict[str, Any]]:
        kind = _kind(section)
        nested = {n: _Cursor(self._opened(n), _owner_column(n)) for n in _nested_of(section)}
        label = str(self.directory)
        for _, row in self._opened(section):
            record = _record(section, row)
            slug = record["slug"] or ""
            for name, cursor in nested.items():
                for _, item in cursor.take(slug):
                    _nest(name, record, item)
            for number, cited in citations.take((kind, slug)):
                _cite(record, number, cited)
            record = _finished(section, record)
            check_limits(record, label, SECTION_DEPTH + 1)
            yield record


def read_csv_dir(directory: Path) -> RecordsFile:
    """The CSV files as records for the one loader that validates every records file."""
    if not directory.is_dir():
        raise InvalidValue(str(directory), "not a directory of CSV files")
    expected = [f"{name}.csv" for name in COLUMNS]
    if not any((directory / name).is_file() for name in expected):
        # A folder of something else, named by mistake: importing "nothing" would say ok.
        raise InvalidValue(
            str(directory), f"no records CSV file in it; accepted: {', '.join(expected)}"
        )

    def locate(section: str, index: int) -> str:
        return f"{section}.csv: row {index + 2}"  # a record a row, after the header

    if _streamable(directory):
        size = CsvRecords(directory).size
        return RecordsFile(
            directory, None, locate=locate, streamed=size, opener=lambda: CsvRecords(directory)
        )
    return RecordsFile(directory, _document(directory), locate=locate)


def _document(directory: Path) -> dict[str, Any]:
    """A directory whose rows are not in an export's order, read whole."""
    counted = _Bytes()
    document: dict[str, Any] = {"format": FORMAT}
    index: dict[tuple[str, str], dict[str, Any]] = {}
    for section in RECORD_SECTIONS:
        kind = _kind(section)
        records = [_record(section, row) for _, row in _rows(directory, section, counted)]
        for record in records:
            index[kind, record["slug"] or ""] = record
        document[section] = records
    for name, (section, owner_key) in NESTING.items():
        owner_kind = _kind(section)
        for number, row in _rows(directory, name, counted):
            owner = index.get((owner_kind, row[owner_key]))
            if owner is None:
                raise InvalidValue(
                    f"{name}.csv: row {number}: {owner_key}",
                    f"no {owner_kind} {row[owner_key]!r} in {section}.csv",
                )
            _nest(name, owner, row)
    for number, row in _rows(directory, "citations", counted):
        owner = index.get(_cited(row))
        if owner is None:
            raise InvalidValue(
                f"citations.csv: row {number}: slug", f"no {row['kind']} {row['slug']!r}"
            )
        _cite(owner, number, row)
    for section in RECORD_SECTIONS:
        document[section] = [_finished(section, r) for r in document[section]]
    observations_to_figures(document)
    check_limits(document, str(directory))
    return document
