"""What the machine does wrong (a full disk, a read-only database, a file replaced) is one line
naming the cause, exit 1, nothing written; "internal error" is kept for tracker's own bugs."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, event
from sqlalchemy.exc import OperationalError

from tests.conftest import Invoke
from tests.helpers import database_state
from tracker.services.store.failures import describe_failure
from tracker.services.store.revision import SCHEMA_HEAD


@pytest.fixture
def db(run: Invoke, tmp_path: Path) -> str:
    path = str(tmp_path / "t.db")
    assert run("--db", path, "init").exit_code == 0
    return path


@pytest.fixture
def every_connection() -> Iterator[list[str]]:
    """PRAGMAs run on each new SQLite connection, as a full disk or a read-only mount would
    constrain it."""
    pragmas: list[str] = []

    def apply(connection: Any, _record: Any) -> None:
        if isinstance(connection, sqlite3.Connection):
            for pragma in pragmas:
                connection.execute(pragma)

    event.listen(Engine, "connect", apply)
    yield pragmas
    event.remove(Engine, "connect", apply)


def _pages(db: str) -> int:
    with sqlite3.connect(db) as connection:
        count: int = connection.execute("PRAGMA page_count").fetchone()[0]
    connection.close()
    return count


def test_a_full_disk_is_one_line_and_nothing_is_written(
    run: Invoke, db: str, every_connection: list[str]
) -> None:
    before = database_state(db)
    every_connection.append(f"PRAGMA max_page_count = {_pages(db) + 1}")
    result = run("--db", db, "add", "figure", "--title", "Big", "--value", "1", "--unit",
                 "count", "--note", "x" * 19000, "--slug", "big")  # fmt: skip
    assert result.exit_code == 1
    assert result.stderr == "tracker: error: the disk is full; nothing was written\n"
    every_connection.clear()
    assert database_state(db) == before


def test_a_read_only_database_is_one_line(
    run: Invoke, db: str, every_connection: list[str]
) -> None:
    before = database_state(db)
    every_connection.append("PRAGMA query_only = ON")
    result = run("--db", db, "edit", "figure", "kz-ru-border-length", "--note", "n")
    assert result.exit_code == 1
    assert result.stderr == (
        "tracker: error: the database file (or its folder) is read-only; nothing was written\n"
    )
    every_connection.clear()
    assert database_state(db) == before


def test_a_database_file_replaced_by_another_is_one_line(run: Invoke, db: str) -> None:
    Path(db).unlink()
    with sqlite3.connect(db) as connection:  # another program's file, at tracker's revision
        connection.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)")
        connection.execute("INSERT INTO alembic_version VALUES (?)", (SCHEMA_HEAD,))
    connection.close()
    result = run("--db", db, "list", "figures")
    assert result.exit_code == 1
    assert result.stderr == (
        "tracker: error: the database file is not a tracker database (was it replaced?); "
        "nothing was written\n"
    )


def _wrapped(original: BaseException) -> OperationalError:
    return OperationalError("SELECT 1", {}, original)


class _PostgresError(Exception):
    def __init__(self, sqlstate: str) -> None:
        super().__init__(sqlstate)
        self.sqlstate = sqlstate


@pytest.mark.parametrize(
    ("original", "cause"),
    [
        (sqlite3.OperationalError("database or disk is full"), "the disk is full"),
        (sqlite3.OperationalError("database is locked"),
         "another program held the database locked past the timeout"),
        (sqlite3.OperationalError("disk I/O error"), "the disk reported an I/O error"),
        (sqlite3.DatabaseError("database disk image is malformed"),
         "the database file is damaged; restore a backup"),
        (sqlite3.OperationalError("attempt to write a readonly database"),
         "the database file (or its folder) is read-only"),
        (_PostgresError("53100"), "the database server's disk is full"),
        (_PostgresError("08006"), "the connection to the database server was lost"),
        (_PostgresError("25006"),
         "the database is read-only (a standby, or a read-only transaction)"),
    ],
)  # fmt: skip
def test_engine_failures_are_named(original: BaseException, cause: str) -> None:
    assert describe_failure(_wrapped(original)) == cause


def test_a_full_disk_writing_a_file_is_named() -> None:
    error = OSError(28, "No space left on device", "/tmp/out.json")
    assert describe_failure(error) == "the disk is full (/tmp/out.json)"


@pytest.mark.parametrize(
    "error",
    [
        ZeroDivisionError("boom"),
        _wrapped(sqlite3.OperationalError("near 'SELEC': syntax error")),
        _wrapped(_PostgresError("42601")),
        OSError(2, "No such file or directory"),
    ],
)
def test_a_bug_is_not_dressed_up_as_a_machine_failure(error: BaseException) -> None:
    assert describe_failure(error) is None


def test_a_bug_is_still_an_internal_error(
    run: Invoke, db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tracker.services.store import opening

    def broken(_location: object, _load: object) -> None:
        raise _wrapped(sqlite3.OperationalError("near 'SELEC': syntax error"))

    monkeypatch.setattr(opening, "open_database", broken)
    result = run("--db", db, "list", "figures")
    assert result.exit_code == 1
    assert result.stderr.startswith("tracker: internal error: OperationalError: ")
