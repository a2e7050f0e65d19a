"""Failures of the machine rather than of tracker: a full disk, a read-only file, a lock held
past the timeout, a database file replaced or damaged, a lost server. Each is told in one line
that names the cause; only what no user can cause remains an internal error."""

from __future__ import annotations

import errno
import sqlite3

from sqlalchemy.exc import DBAPIError

# SQLite's messages (sqlite3.OperationalError and DatabaseError carry no code in Python 3.11).
_SQLITE_CAUSES = (
    ("database or disk is full", "the disk is full"),
    ("attempt to write a readonly database", "the database file (or its folder) is read-only"),
    ("readonly database", "the database file (or its folder) is read-only"),
    ("unable to open database file", "the database file cannot be opened (check its folder)"),
    ("database is locked", "another program held the database locked past the timeout"),
    ("database is busy", "another program held the database locked past the timeout"),
    ("disk i/o error", "the disk reported an I/O error"),
    ("file is not a database", "the database file is not a SQLite database (was it replaced?)"),
    ("database disk image is malformed", "the database file is damaged; restore a backup"),
    ("no such table", "the database file is not a tracker database (was it replaced?)"),
)
# PostgreSQL SQLSTATE classes and codes.
_POSTGRES_CAUSES = {
    "53100": "the database server's disk is full",
    "53200": "the database server is out of memory",
    "53300": "the database server has too many connections",
    "25006": "the database is read-only (a standby, or a read-only transaction)",
    "57P01": "the database server shut down",
    "57P02": "the database server crashed and is restarting",
    "57P03": "the database server is not accepting connections yet",
    "57014": "the statement took too long and was cancelled",
    "42501": "the database user may not do this (permission denied)",
    "42P01": "the database is not a tracker database (a table is missing)",
}
_OS_CAUSES = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is used up",
    errno.EROFS: "the file system is read-only",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.EIO: "the disk reported an I/O error",
}


def describe_failure(error: BaseException) -> str | None:
    """One line naming what went wrong outside tracker, or None for a bug."""
    original = error.orig if isinstance(error, DBAPIError) else error
    if isinstance(original, sqlite3.Error):
        message = str(original).lower()
        for fragment, cause in _SQLITE_CAUSES:
            if fragment in message:
                return cause
        return None
    code = getattr(original, "sqlstate", None)
    if isinstance(code, str):
        if code in _POSTGRES_CAUSES:
            return _POSTGRES_CAUSES[code]
        if code.startswith("08"):
            return "the connection to the database server was lost"
        return None
    if isinstance(error, DBAPIError) and error.connection_invalidated:
        return "the connection to the database server was lost"
    if isinstance(original, OSError) and original.errno in _OS_CAUSES:
        where = f" ({original.filename})" if original.filename else ""
        return f"{_OS_CAUSES[original.errno]}{where}"
    return None
