"""Replacing a SQLite database with a backup, after checking it and saving the current one."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from tracker.errors import DatabaseError
from tracker.services.store.backup import backup_sqlite, copy_sqlite, sqlite_revision
from tracker.services.store.database import create_sqlite_file
from tracker.services.store.migrations import is_known_revision


def restore_sqlite(database: Path, source: Path) -> Path | None:
    """Replace `database` with a copy of `source`, after checking it is a tracker database at a
    known revision and saving the current one. Returns where the current one was saved."""
    if not source.is_file():
        raise DatabaseError(f"SRC: {source} is not a file")
    revision = sqlite_revision(source)
    if revision is None:
        raise DatabaseError(f"SRC: {source} is not a tracker database")
    if not is_known_revision(revision):
        raise DatabaseError(f"SRC: {source} is at schema {revision}, unknown to this tracker")
    saved = None
    if database.exists():
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
        saved = database.with_name(f"{database.name}.before-restore.{stamp}.bak")
        backup_sqlite(database, saved)
    else:
        create_sqlite_file(database)
    try:
        copy_sqlite(source, database)
    except sqlite3.Error as error:
        raise DatabaseError(
            f"restore failed ({error}); the previous database is at {saved}"
        ) from None
    return saved
