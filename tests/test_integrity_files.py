"""What tracker reads back and writes out stays whole and private: a restore checks the file
through and through, a CSV export re-imports whatever its text holds, and every file it writes
is its owner's alone."""

from __future__ import annotations

import json
import os
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import Result

from tests.conftest import Invoke
from tests.helpers import database_state, forget_imports
from tracker.models import Base
from tracker.services.store.revision import SCHEMA_HEAD

TEXT = (
    "Президент подписал договор. Товарооборот вырос до $4 млрд в 2024 году. "
    "В 2023 году он составлял $3 млрд."
)
# No quote names the countries: the parties are the curator's, and say so.
INFERRED = {"parties": ["KZ", "UZ"], "parties_inferred": True, "note": "Parties: the article's."}
RECORDS = {
    "format": "tracker/1",
    "sources": [{"slug": "s", "title": "S", "text": TEXT}],
    "targets": [
        {
            "slug": "trade",
            "title": "Trade of $10bn",
            "measure": "trade",
            **INFERRED,
            "unit": "USD",
            "target_value": 10000000000,
            "deadline": "2030",
            "citations": [{"source": "s", "quote": "подписал договор"}],
        }
    ],
    # The target's two values: figures of its measure.
    "figures": [
        {
            "slug": "trade-2023",
            "title": "Trade in 2023",
            "measure": "trade",
            **INFERRED,
            "value": 3000000000,
            "unit": "USD",
            "date": "2023",
            "period": "year",
            "citations": [{"source": "s", "quote": "В 2023 году он составлял $3 млрд."}],
        },
        {
            "slug": "trade-2024",
            "title": "Trade in 2024",
            "measure": "trade",
            **INFERRED,
            "value": 4000000000,
            "unit": "USD",
            "date": "2024",
            "period": "year",
            "citations": [{"source": "s", "quote": "вырос до $4 млрд в 2024 году"}],
        },
    ],
}


def owner_only(path: Path) -> bool:
    return stat.S_IMODE(path.stat().st_mode) == (0o700 if path.is_dir() else 0o600)


@pytest.fixture
def filled(cli: Invoke, tmp_path: Path) -> Invoke:
    """A database with a source, a target and two cited figures of its measure."""
    assert cli("init", "--empty").exit_code == 0
    path = tmp_path / "records.json"
    path.write_text(json.dumps(RECORDS, ensure_ascii=False), encoding="utf-8")
    result = cli("import", str(path))
    assert result.exit_code == 0, result.output
    return cli


def on(run: Invoke, database: Path) -> Invoke:
    def invoke(*args: str, input: str | None = None) -> Result:
        return run("--db", str(database), *args, input=input)

    return invoke


@pytest.fixture
def sqlite_db(run: Invoke, tmp_path: Path) -> tuple[Path, Invoke]:
    """A filled SQLite database (restore replaces files: PostgreSQL has pg_restore)."""
    database = tmp_path / "tracker.db"
    cli = on(run, database)
    assert cli("init", "--empty").exit_code == 0
    path = tmp_path / "records.json"
    path.write_text(json.dumps(RECORDS, ensure_ascii=False), encoding="utf-8")
    assert cli("import", str(path)).exit_code == 0
    return database, cli


def backup_of(cli: Invoke, path: Path) -> Path:
    result = cli("db", "backup", str(path))
    assert result.exit_code == 0, result.output
    return path


def edit_file(path: Path, *statements: str) -> None:
    """Change a SQLite file behind tracker's back, leaving one file (no WAL beside it)."""
    connection = sqlite3.connect(path)
    for statement in statements:
        connection.execute(statement)
    connection.commit()
    connection.execute("PRAGMA journal_mode = DELETE")
    connection.close()


def assert_refused(
    cli: Invoke, database: Path, source: Path, problem: str
) -> None:  # a refused restore changes nothing and leaves nothing behind
    before = database_state(str(database))
    siblings = files_beside(database)
    result = cli("db", "restore", str(source))
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == f"tracker: error: SRC: {source} {problem}; nothing was restored\n"
    assert database_state(str(database)) == before
    assert files_beside(database) == siblings


def files_beside(database: Path) -> list[str]:
    """Files in the database's directory, but SQLite's own WAL files, which come and go."""
    return sorted(
        p.name for p in database.parent.iterdir() if not p.name.endswith(("-wal", "-shm"))
    )


# 6. db restore checks the whole file, not only its revision stamp


def test_restore_refuses_a_truncated_file_whose_audit_log_does_not_read(
    sqlite_db: tuple[Path, Invoke], tmp_path: Path
) -> None:
    database, cli = sqlite_db
    # A long text makes the last change in the log the last pages of the file.
    long_text = tmp_path / "long.txt"
    long_text.write_text("Длинный текст. " * 3000, encoding="utf-8")
    assert cli("add", "source", "--title", "Long", "--file", str(long_text)).exit_code == 0
    snapshot = backup_of(cli, tmp_path / "snapshot.db")
    edit_file(snapshot)
    last = sqlite3.connect(snapshot).execute("SELECT max(id) FROM audit_log").fetchone()[0]
    with snapshot.open("r+b") as handle:
        handle.truncate(snapshot.stat().st_size - 1000)
    check = sqlite3.connect(snapshot).execute("PRAGMA integrity_check").fetchall()
    assert check == [("ok",)]  # SQLite reads the missing bytes as zeros
    assert_refused(
        cli,
        database,
        snapshot,
        f"has an audit log that does not read back (change {last}: its stored values do not "
        "decode: JSONDecodeError)",
    )


def test_restore_refuses_a_file_holding_only_the_revision_stamp(
    sqlite_db: tuple[Path, Invoke], tmp_path: Path
) -> None:
    database, cli = sqlite_db
    stamp_only = tmp_path / "stamp.db"
    edit_file(
        stamp_only,
        "CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY)",
        f"INSERT INTO alembic_version VALUES ('{SCHEMA_HEAD}')",
    )
    assert_refused(
        cli,
        database,
        stamp_only,
        f"lacks tables {', '.join(sorted(Base.metadata.tables))} of schema {SCHEMA_HEAD}",
    )


def test_restore_refuses_a_file_missing_a_column(
    sqlite_db: tuple[Path, Invoke], tmp_path: Path
) -> None:
    database, cli = sqlite_db
    snapshot = backup_of(cli, tmp_path / "snapshot.db")
    edit_file(snapshot, "ALTER TABLE figures DROP COLUMN note")
    assert_refused(cli, database, snapshot, f"lacks column figures.note of schema {SCHEMA_HEAD}")


def test_restore_refuses_a_file_that_fails_the_integrity_check(
    sqlite_db: tuple[Path, Invoke], tmp_path: Path
) -> None:
    database, cli = sqlite_db
    snapshot = backup_of(cli, tmp_path / "snapshot.db")
    edit_file(  # the index's pages are left over, belonging to nothing
        snapshot,
        "PRAGMA writable_schema = ON",
        "DELETE FROM sqlite_master WHERE name = 'ix_audit_log_at'",
    )
    connection = sqlite3.connect(snapshot)
    report = connection.execute("PRAGMA integrity_check").fetchall()
    connection.close()
    first = report[0][0].splitlines()[1]
    assert first.endswith(" is never used")
    assert_refused(cli, database, snapshot, f"is damaged (integrity check: {first})")


def test_restore_refuses_a_change_the_log_reader_cannot_use(
    sqlite_db: tuple[Path, Invoke], tmp_path: Path
) -> None:
    database, cli = sqlite_db
    snapshot = backup_of(cli, tmp_path / "snapshot.db")
    edit_file(snapshot, "UPDATE audit_log SET before = '[1, 2]' WHERE id = 2")
    assert_refused(
        cli,
        database,
        snapshot,
        "has an audit log that does not read back (change 2: before is not a mapping of fields)",
    )
    edit_file(snapshot, "UPDATE audit_log SET before = NULL, kind = 'planet' WHERE id = 2")
    assert_refused(
        cli,
        database,
        snapshot,
        "has an audit log that does not read back (change 2: kind 'planet' is not a record kind)",
    )


def test_restore_of_an_older_whole_file_still_works(run: Invoke, tmp_path: Path) -> None:
    # Records the older schema can hold: no inference flags, no periods (a downgrade refuses
    # to drop them), so no parties that would need one.
    plain = json.loads(json.dumps(RECORDS))
    for record in (*plain["targets"], *plain["figures"]):
        for key in ("parties", "parties_inferred", "note", "period"):
            record.pop(key, None)
    path = tmp_path / "plain.json"
    path.write_text(json.dumps(plain, ensure_ascii=False), encoding="utf-8")
    cli = on(run, tmp_path / "tracker.db")
    assert cli("init", "--empty").exit_code == 0
    assert cli("import", str(path)).exit_code == 0
    snapshot = backup_of(cli, tmp_path / "snapshot.db")
    forget_imports(snapshot)
    assert on(run, snapshot)("db", "downgrade", "20261121_0001").exit_code == 0
    assert cli("delete", "target", "trade", "--yes").exit_code == 0
    restored = cli("db", "restore", str(snapshot))
    assert restored.exit_code == 0, restored.output
    assert cli("show", "target", "trade").exit_code == 0
    assert cli("check").stdout == "ok: 3 citations verified, no problems\n"
    assert len(json.loads(cli("history", "--format", "json").stdout)) == 4
    assert not [p for p in tmp_path.iterdir() if ".restore-" in p.name]


# 7. CSV round trip of any text


@pytest.mark.parametrize("breaker", ["\r", "\u2028", "\u2029", "\x85", "\r\n", "\n"])
def test_csv_keeps_every_line_break_in_a_value(
    filled: Invoke, tmp_path: Path, breaker: str
) -> None:
    note = f"first{breaker}second"
    assert filled("edit", "target", "trade", "--note", note).exit_code == 0
    first = tmp_path / "first"
    assert filled("export", "--format", "csv", "-o", str(first)).exit_code == 0
    assert filled("delete", "target", "trade", "--yes").exit_code == 0
    imported = filled("import", str(first), "--on-conflict", "skip")
    assert imported.exit_code == 0, imported.output
    shown = json.loads(filled("show", "target", "trade", "--format", "json").stdout)
    assert shown["note"] == note
    second = tmp_path / "second"
    assert filled("export", "--format", "csv", "-o", str(second)).exit_code == 0
    for name in sorted(p.name for p in first.iterdir()):
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


def test_csv_reimports_a_source_text_longer_than_the_csv_modules_default(
    filled: Invoke, tmp_path: Path
) -> None:
    long_text = tmp_path / "long.txt"
    long_text.write_text("Очень длинный текст. " * 7000, encoding="utf-8")  # 147,000 characters
    assert len(long_text.read_text("utf-8")) > 131_072  # the csv module's default limit
    assert (
        filled("add", "source", "--title", "L", "--slug", "l", "--file", str(long_text)).exit_code
        == 0
    )
    out = tmp_path / "csv"
    assert filled("export", "--format", "csv", "-o", str(out)).exit_code == 0
    assert filled("delete", "source", "l", "--yes").exit_code == 0
    imported = filled("import", str(out), "--on-conflict", "skip")
    assert imported.exit_code == 0, imported.output
    shown = json.loads(filled("show", "source", "l", "--format", "json").stdout)
    assert shown["text"] == long_text.read_text("utf-8")


FROM_ONE = "accepted: a whole number from 1 (its number in status_history.csv)"


@pytest.mark.parametrize(
    ("part", "number", "message"),
    [
        ("status", "0", f"number: '0'; {FROM_ONE}"),
        ("status", "-1", f"number: '-1'; {FROM_ONE}"),
        ("status", "+2", f"number: '+2'; {FROM_ONE}"),
        ("status", "3", "number: no status '3' on a"),
        ("planet", "1", "part: 'planet'; accepted: status or empty"),
    ],
)
def test_a_citation_row_must_name_an_existing_step(
    filled: Invoke, db_url: str, tmp_path: Path, part: str, number: str, message: str
) -> None:
    """Targets' values are figures now: the numbered parts of a record are its status steps."""
    assert filled("add", "agreement", "--title", "A", "--kind", "treaty", "--slug", "a",
                  "--status", "signed", "--cite", "s:подписал договор").exit_code == 0  # fmt: skip
    assert filled("agreement", "status", "a", "ratified",
                  "--cite", "s:Президент подписал договор").exit_code == 0  # fmt: skip
    out = tmp_path / "csv"
    assert filled("export", "--format", "csv", "-o", str(out)).exit_code == 0
    citations = out / "citations.csv"
    lines = citations.read_text("utf-8").splitlines()
    assert lines[3] == "agreement,a,status,2,s,Президент подписал договор"
    lines[3] = f"agreement,a,{part},{number},s,Президент подписал договор"
    citations.write_text("\n".join(lines) + "\n", encoding="utf-8")
    before = database_state(db_url)
    result = filled("import", str(out), "--on-conflict", "update")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"tracker: error: citations.csv: row 4: {message}\n"
    assert database_state(db_url) == before


KILLED_EXPORT = """
import sys
from tracker.services.transfer import csv_records

real = csv_records._write_record
written = 0

def write_then_die(*args):
    global written
    real(*args)
    written += 1
    if written == 2:
        import os
        os._exit(9)  # killed mid-export: no cleanup runs

csv_records._write_record = write_then_die
from tracker.cli.app import app
sys.argv = ["tracker", *sys.argv[1:]]
app()
"""


def test_a_killed_csv_export_leaves_no_half_written_directory(
    filled: Invoke, db_url: str, tmp_path: Path
) -> None:
    out = tmp_path / "out" / "csv"
    out.parent.mkdir()
    died = subprocess.run(
        [
            sys.executable,
            "-c",
            KILLED_EXPORT,
            "--db",
            db_url,
            "export",
            "-f",
            "csv",
            "-o",
            str(out),
        ],
        check=False,
        capture_output=True,
        text=True,
        env={**os.environ, "TRACKER_DB": ""},
    )
    assert died.returncode == 9, died.stderr
    assert not out.exists()
    leftovers = [p.name for p in out.parent.iterdir()]
    assert len(leftovers) == 1
    assert leftovers[0].startswith(".csv.")
    assert leftovers[0].endswith(".partial")
    # the next export is not in the way of the leftover, nor the leftover of it
    assert filled("export", "--format", "csv", "-o", str(out)).exit_code == 0
    assert sorted(p.name for p in out.iterdir())[0] == "agreements.csv"


def test_a_failed_csv_export_cleans_up_and_keeps_the_old_directory(
    filled: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tracker.services.transfer import csv_records

    out = tmp_path / "csv"
    assert filled("export", "--format", "csv", "-o", str(out)).exit_code == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    assert filled("edit", "target", "trade", "--note", "changed").exit_code == 0

    def out_of_disk(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(csv_records, "_write_record", out_of_disk)
    result = filled("export", "--format", "csv", "-o", str(out), "--force")
    assert result.exit_code == 1
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_a_forced_csv_export_replaces_an_earlier_one_whole(filled: Invoke, tmp_path: Path) -> None:
    out = tmp_path / "csv"
    assert filled("export", "--format", "csv", "-o", str(out)).exit_code == 0
    assert filled("edit", "target", "trade", "--note", "changed").exit_code == 0
    assert filled("export", "--format", "csv", "-o", str(out), "--force").exit_code == 0
    assert ",changed\n" in (out / "targets.csv").read_text("utf-8")
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []
    (out / "notes.txt").write_text("mine")
    refused = filled("export", "--format", "csv", "-o", str(out), "--force")
    assert (refused.exit_code, refused.stdout) == (1, "")
    assert refused.stderr == (
        f"tracker: error: --output: {out} holds notes.txt, which a CSV export does not write; "
        "give a new or empty directory\n"
    )
    assert (out / "notes.txt").read_text() == "mine"
    a_file = tmp_path / "a-file"
    a_file.write_text("x")
    not_dir = filled("export", "--format", "csv", "-o", str(a_file), "--force")
    assert (not_dir.exit_code, not_dir.stderr) == (
        2,
        f"tracker: error: --output: {a_file} is a file; a CSV export writes a directory\n",
    )


# 8. Files are the owner's alone; a records file cannot reach beyond its directory


def test_every_file_tracker_writes_is_owner_only(filled: Invoke, tmp_path: Path) -> None:
    old = os.umask(0o022)  # the usual umask, which leaves new files readable by all
    try:
        written = {
            "export.json": ("export", "-o"),
            "export.yaml": ("export", "-f", "yaml", "-o"),
            "brief.md": ("report", "briefing", "-o"),
            "brief.html": ("report", "briefing", "-f", "html", "-o"),
        }
        for name, args in written.items():
            result = filled(*args, str(tmp_path / name))
            assert result.exit_code == 0, result.output
        article = tmp_path / "article.txt"
        article.write_text(TEXT, encoding="utf-8")
        draft = filled("extract", str(article), "--published", "2025-11-15", "-o",
                       str(tmp_path / "draft.yaml"))  # fmt: skip
        assert draft.exit_code == 0, draft.output
        assert filled("export", "-f", "csv", "-o", str(tmp_path / "csv")).exit_code == 0
        # --force over an existing file: the result is owner-only too
        (tmp_path / "old.json").write_text("{}")
        assert filled("export", "-o", str(tmp_path / "old.json"), "--force").exit_code == 0
    finally:
        os.umask(old)
    paths = [tmp_path / n for n in (*written, "draft.yaml", "csv", "old.json")]
    paths += list((tmp_path / "csv").iterdir())
    assert {p.name: oct(stat.S_IMODE(p.stat().st_mode)) for p in paths if not owner_only(p)} == {}


@pytest.mark.parametrize("target", ["/etc/passwd", "outside.txt", "inside.txt"])
def test_a_source_file_that_is_a_link_is_refused(
    cli: Invoke, db_url: str, tmp_path: Path, target: str
) -> None:
    assert cli("init", "--empty").exit_code == 0
    directory = tmp_path / "records"
    directory.mkdir()
    (tmp_path / "outside.txt").write_text("secret", encoding="utf-8")
    (directory / "inside.txt").write_text("text", encoding="utf-8")
    link = directory / "text.txt"
    link.symlink_to(
        {"outside.txt": tmp_path / target, "inside.txt": directory / target}.get(target, target)
    )
    path = directory / "records.json"
    path.write_text(
        json.dumps({"format": "tracker/1", "sources": [{"slug": "s", "title": "S",
                                                        "file": "text.txt"}]}),
        encoding="utf-8",
    )  # fmt: skip
    before = database_state(db_url)
    result = cli("import", str(path))
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        f"tracker: error: records.json: sources[0] s: file: {link}: a symbolic link; accepted: "
        "a regular file, not a link\n"
    )
    assert database_state(db_url) == before


def test_a_source_file_that_is_not_a_regular_file_is_refused(cli: Invoke, tmp_path: Path) -> None:
    assert cli("init", "--empty").exit_code == 0
    os.mkfifo(tmp_path / "pipe.txt")  # opening it for reading would wait for a writer
    path = tmp_path / "records.json"
    path.write_text(
        json.dumps({"format": "tracker/1", "sources": [{"slug": "s", "title": "S",
                                                        "file": "pipe.txt"}]}),
        encoding="utf-8",
    )  # fmt: skip
    result = cli("import", str(path))
    assert (result.exit_code, result.stderr) == (
        2,
        f"tracker: error: records.json: sources[0] s: file: {tmp_path / 'pipe.txt'}: not a "
        "regular file\n",
    )


def test_importing_a_folder_with_no_records_csv_is_refused(cli: Invoke, tmp_path: Path) -> None:
    """A folder named by mistake would otherwise import nothing and say so as a success."""
    assert cli("init", "--empty").exit_code == 0
    folder = tmp_path / "photos"
    folder.mkdir()
    (folder / "notes.txt").write_text("not records", encoding="utf-8")
    result = cli("import", str(folder))
    assert result.exit_code == 2
    assert result.stderr == (
        f"tracker: error: {folder}: no records CSV file in it; accepted: sources.csv, events.csv, "
        "agreements.csv, initiatives.csv, targets.csv, figures.csv, status_history.csv, "
        "initiative_status_history.csv, event_status_history.csv, citations.csv\n"
    )
