"""Copies of a SQLite database taken with SQLite's online backup API (consistent while in use)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tracker.errors import Conflict, DatabaseError
from tracker.services.store.database import create_sqlite_file


def backup_sqlite(source: Path, destination: Path) -> None:
    if destination.exists():
        raise Conflict(f"{destination} already exists; choose a new file name", "DEST")
    if not destination.parent.is_dir():
        raise DatabaseError(f"DEST: directory {destination.parent} does not exist")
    # Copied beside it under a temporary name and renamed when whole: a backup cut short by
    # a kill or a full disk never stands where the user expects a whole one.
    partial = destination.with_name(f".{destination.name}.partial")
    partial.unlink(missing_ok=True)
    create_sqlite_file(partial)
    try:
        copy_sqlite(source, partial)
        partial.replace(destination)
    except (sqlite3.Error, OSError) as error:
        raise DatabaseError(f"backup failed: {error}") from None
    finally:
        partial.unlink(missing_ok=True)


def copy_sqlite(source: Path, destination: Path) -> None:
    """Copy with SQLite's online backup API: consistent even while another process writes."""
    with (
        sqlite3.connect(f"file:{source}?mode=ro", uri=True) as src,
        sqlite3.connect(destination) as dst,
    ):
        src.backup(dst)
    src.close()
    dst.close()


def sqlite_revision(path: Path) -> str | None:
    """The tracker schema revision of a SQLite file, read without changing it."""
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as connection:
            row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        connection.close()
    except sqlite3.Error:
        return None
    return row[0] if row else None
