"""Replacing a SQLite database with a backup, after checking it through and saving the current
one."""

from __future__ import annotations

import sqlite3
import tempfile
from collections.abc import Callable
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.orm import Session

from tracker.errors import DatabaseError, TrackerError
from tracker.models import Base
from tracker.services.store.backup import backup_sqlite, copy_sqlite, sqlite_revision
from tracker.services.store.database import DatabaseLocation, create_sqlite_file, make_engine
from tracker.services.store.migrations import head, is_known_revision, upgrade

# What `db restore` is given to read the audit log with (the store knows no records): the
# first change that does not read back, described, or None.
AuditLogReader = Callable[[Session], str | None]


def restore_sqlite(database: Path, source: Path, unreadable_change: AuditLogReader) -> Path | None:
    """Replace `database` with `source` once a copy of it has proven whole: a known revision,
    SQLite's integrity check, an upgrade to the current schema, every table and column the
    models expect, and an audit log that reads back. Returns where the current one was saved."""
    if not source.is_file():
        raise DatabaseError(f"SRC: {source} is not a file")
    revision = sqlite_revision(source)
    if revision is None:
        raise DatabaseError(f"SRC: {source} is not a tracker database")
    if not is_known_revision(revision):
        raise DatabaseError(f"SRC: {source} is at schema {revision}, unknown to this tracker")
    # Checked and restored from one private copy, so the file cannot change in between; beside
    # the database, whose directory must hold it anyway.
    with tempfile.TemporaryDirectory(
        dir=database.parent, prefix=f".{database.name}.restore-"
    ) as scratch:
        copy = Path(scratch) / "restoring.db"
        create_sqlite_file(copy)
        try:
            copy_sqlite(source, copy)
        except sqlite3.Error as error:
            raise DatabaseError(
                f"SRC: {source} cannot be read ({error}); nothing was restored"
            ) from None
        problem = _problem(copy, unreadable_change)
        if problem is not None:
            raise DatabaseError(f"SRC: {source} {problem}; nothing was restored")
        saved = None
        if database.exists():
            stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
            saved = database.with_name(f"{database.name}.before-restore.{stamp}.bak")
            backup_sqlite(database, saved)
        else:
            create_sqlite_file(database)
        try:
            copy_sqlite(copy, database)
        except sqlite3.Error as error:
            raise DatabaseError(
                f"restore failed ({error}); the previous database is at {saved}"
            ) from None
    return saved


def _problem(copy: Path, unreadable_change: AuditLogReader) -> str | None:
    """What keeps the copy from being used, or None. The revision stamp alone proves nothing:
    a truncated file or one holding only the stamp carries it too."""
    try:
        with closing(sqlite3.connect(copy)) as connection:
            report = [row[0] for row in connection.execute("PRAGMA integrity_check")]
    except sqlite3.Error as error:
        return f"is damaged ({error})"
    if report != ["ok"]:
        # The first problem, not the "*** in database main ***" heading SQLite puts above it.
        lines = [line for row in report for line in str(row).splitlines()]
        first = next((line for line in lines if not line.startswith("***")), lines[0])
        return f"is damaged (integrity check: {first})"
    location = DatabaseLocation(f"sqlite:///{copy}", copy)
    # An older file is brought to the current schema, as its first use would, so the models
    # and the log reader see what they will see after the restore.
    try:
        upgrade(location, "head")
    except TrackerError as error:
        return f"cannot be upgraded to schema {head()} ({error})"
    missing = _missing_schema(copy)
    if missing is not None:
        return f"lacks {missing} of schema {head()}"
    engine = make_engine(location)
    try:
        with Session(engine) as session:
            change = unreadable_change(session)
    finally:
        engine.dispose()
    return None if change is None else f"has an audit log that does not read back ({change})"


def _missing_schema(copy: Path) -> str | None:
    """The tables, or else the columns, the models expect that the file lacks (more it may hold)."""
    with closing(sqlite3.connect(copy)) as connection:
        held = set(
            connection.execute(
                "SELECT m.name, c.name FROM sqlite_master AS m, pragma_table_info(m.name) AS c "
                "WHERE m.type = 'table'"
            ).fetchall()
        )
    tables = {table for table, _ in held}
    lacking = sorted(set(Base.metadata.tables) - tables)
    if lacking:
        return f"table{'s' if len(lacking) > 1 else ''} {', '.join(lacking)}"
    columns = sorted(
        f"{table.name}.{column.name}"
        for table in Base.metadata.tables.values()
        for column in table.columns
        if (table.name, column.name) not in held
    )
    if columns:
        return f"column{'s' if len(columns) > 1 else ''} {', '.join(columns)}"
    return None
