"""A CSV directory in an export's order is read a record at a time (`transfer/csv_reading.py`):
each record's steps and citations are taken from beside it in their own files. Rows moved
about by hand, or a slug given twice, are read whole instead; either way the records are the
same."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Invoke
from tracker.services.transfer import csv_reading, parsing
from tracker.services.transfer.csv_reading import read_csv_dir
from tracker.services.transfer.records_file import RecordsFile

pytestmark = pytest.mark.usefixtures("load_both_ways")


@pytest.fixture
def exported(run: Invoke, tmp_path: Path) -> Path:
    """The curated records as an export writes them."""
    db = str(tmp_path / "seeded.db")
    assert run("--db", db, "init").exit_code == 0
    directory = tmp_path / "csv"
    assert run("--db", db, "export", "--format", "csv", "-o", str(directory)).exit_code == 0
    return directory


def records_of(records_file: RecordsFile) -> dict[str, list[Any]]:
    """Each section's records (a section with none left out)."""
    read: dict[str, list[Any]] = {}
    for section, records in records_file.sections():
        read.setdefault(section, []).extend(records)
    return {section: records for section, records in read.items() if records}


def reverse_owners(path: Path, owner_columns: int) -> None:
    """The same rows, each owner's in their order, owners last to first (a header first)."""
    with path.open(newline="", encoding="utf-8") as handle:
        header, *rows = list(csv.reader(handle))
    rows.sort(key=lambda row: row[:owner_columns], reverse=True)  # stable: steps keep order
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, lineterminator="\n").writerows([header, *rows])


def test_an_export_is_streamed_to_the_records_read_whole(
    exported: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(csv_reading, "CHUNK", 5)  # rows and quoted cells cross chunks
    streamed = read_csv_dir(exported)
    assert streamed.document is None
    whole = csv_reading._document(exported)
    read = records_of(streamed)
    assert read == {k: v for k, v in whole.items() if k != "format" and v}
    assert sum(map(len, read.values())) == 61


@pytest.mark.parametrize(
    ("moved", "owner_columns"),
    [("citations", 2), ("status_history", 1), ("event_status_history", 1)],
)
def test_rows_moved_about_are_read_whole_to_the_same_records(
    exported: Path, moved: str, owner_columns: int
) -> None:
    before = records_of(read_csv_dir(exported))
    reverse_owners(exported / f"{moved}.csv", owner_columns)
    moved_about = read_csv_dir(exported)
    assert moved_about.document is not None
    assert records_of(moved_about) == before


def test_a_slug_given_twice_is_read_whole(exported: Path) -> None:
    """The second time a file names a record it updates it, with the steps and citations that
    are given for that slug: a stream would give them to the first."""
    events = exported / "events.csv"
    lines = events.read_text(encoding="utf-8").splitlines(keepends=True)
    events.write_text("".join([*lines, lines[1]]), encoding="utf-8")
    assert read_csv_dir(exported).document is not None


def test_a_streamed_import_loads_what_the_export_held(
    exported: Path, run: Invoke, tmp_path: Path
) -> None:
    db = str(tmp_path / "copy.db")
    assert run("--db", db, "init", "--empty").exit_code == 0
    result = run("--db", db, "import", str(exported))
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1].split() == ["total", "61", "0", "0"]
    shown = json.loads(run("--db", db, "show", "agreement", "kz-uz-trade-10bn-programme",
                           "--format", "json").stdout)  # fmt: skip
    assert shown["status_history"]
    assert all(step["citations"] for step in shown["status_history"])


def test_line_endings_are_the_csv_modules(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """CRLF, a lone CR and a quoted cell holding both read as `csv` reads them, however the
    chunks fall."""
    header = ",".join(csv_reading.COLUMNS["sources"])
    empty = "," * (len(csv_reading.COLUMNS["sources"]) - 2)
    text = f'{header}\r\na,Title A{empty}\rb,"Title\r\nB"{empty}\nc,Title C{empty}'
    (tmp_path / "sources.csv").write_text(text, encoding="utf-8", newline="")
    for chunk in (1, 2, 3, 1 << 20):
        monkeypatch.setattr(csv_reading, "CHUNK", chunk)
        read = records_of(read_csv_dir(tmp_path))["sources"]
        assert [(r["slug"], r["title"]) for r in read] == [
            ("a", "Title A"), ("b", "Title\r\nB"), ("c", "Title C"),
        ]  # fmt: skip


def test_values_are_counted_a_record_at_a_time(
    exported: Path, run: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every record of the export is under the limit, though all of them together are far
    over it; one record over it is refused, naming the directory."""
    monkeypatch.setattr(parsing, "MAX_ITEMS", 200)
    db = str(tmp_path / "copy.db")
    assert run("--db", db, "init", "--empty").exit_code == 0
    assert run("--db", db, "import", "--dry-run", str(exported)).exit_code == 0
    monkeypatch.setattr(parsing, "MAX_ITEMS", 20)
    result = run("--db", db, "import", str(exported))
    assert result.exit_code == 2
    assert result.stderr == f"tracker: error: {exported}: more than 20 values\n"


@pytest.mark.parametrize("moved", [False, True])
def test_a_citation_row_on_a_source_is_one_line(
    exported: Path, run: Invoke, tmp_path: Path, moved: bool
) -> None:
    """A source is what records cite: a row of citations.csv citing one is refused, streamed
    or read whole."""
    with (exported / "sources.csv").open(newline="", encoding="utf-8") as handle:
        source = next(csv.DictReader(handle))["slug"]
    citations = exported / "citations.csv"
    header, *rows = citations.read_text(encoding="utf-8").splitlines(keepends=True)
    citations.write_text(
        "".join([header, f"source,{source},,,{source},a quote\n", *rows]), encoding="utf-8"
    )
    if moved:
        reverse_owners(citations, 2)  # read whole: the error comes before any record loads
    else:
        assert read_csv_dir(exported).document is None
    lines = citations.read_text(encoding="utf-8").splitlines()
    row = lines.index(f"source,{source},,,{source},a quote") + 1  # the header is row 1
    db = str(tmp_path / "copy.db")
    assert run("--db", db, "init", "--empty").exit_code == 0
    result = run("--db", db, "import", str(exported))
    assert result.exit_code == 2
    assert result.stderr == (
        f"tracker: error: citations.csv: row {row}: kind: 'source'; accepted: event, agreement, "
        "initiative, target, figure\n"
    )
