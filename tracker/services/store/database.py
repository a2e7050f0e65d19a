"""Where the database is, how to connect to it, and running work in one write transaction.

Opening a database at the expected schema is `opening.py`; Alembic lives in `migrations.py`.
"""

from __future__ import annotations

import os
import random
import sqlite3
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.exc import DatabaseError as SADatabaseError
from sqlalchemy.orm import Session

from tracker.errors import DatabaseError, InvalidValue

T = TypeVar("T")

ENV_VAR = "TRACKER_DB"
WRITE_OPTION = "tracker_write"
ATTEMPTS = 6
BACKOFF_SECONDS = 0.05
ACCEPTED = "a file path, sqlite:///PATH or postgresql+psycopg://USER@HOST/DBNAME"
SQLITE_BUSY_TIMEOUT_MS = 10_000


def default_path() -> Path:
    from platformdirs import user_data_path

    return user_data_path("tracker", appauthor=False) / "tracker.db"


@dataclass(frozen=True)
class DatabaseLocation:
    url: str
    path: Path | None  # the SQLite file, or None for a server
    is_default: bool = False

    @property
    def is_sqlite(self) -> bool:
        return self.path is not None

    def display(self) -> str:
        if self.path is not None:
            return str(self.path)
        return make_url(self.url).render_as_string(hide_password=True)


def resolve_location(option: str | None) -> DatabaseLocation:
    """--db, else $TRACKER_DB, else the per-user default file; errors name where it came from."""
    if option is not None:  # `--db ''` is a mistake, not a request for the default
        return _parse_location(option, "--db")
    from_env = os.environ.get(ENV_VAR)
    if from_env:
        return _parse_location(from_env, ENV_VAR)
    path = default_path()
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    return DatabaseLocation(f"sqlite:///{path}", path, is_default=True)


def _parse_location(value: str, field: str) -> DatabaseLocation:
    if not value.strip():
        raise InvalidValue(field, f"empty; accepted: {ACCEPTED}")
    if "\x00" in value:
        raise InvalidValue(field, "contains a NUL character")
    if "://" not in value:
        return _sqlite_location(Path(value).expanduser(), field)
    try:
        url = make_url(value)
    except ArgumentError:
        raise InvalidValue(
            field, f"{value!r} is not a database URL; accepted: {ACCEPTED}"
        ) from None
    if url.get_backend_name() == "sqlite" and url.get_driver_name() in ("pysqlite", ""):
        if not url.database or url.database == ":memory:":
            raise InvalidValue(field, "an in-memory SQLite database keeps nothing; give a file")
        return _sqlite_location(Path(url.database).expanduser(), field)
    if url.get_backend_name() == "postgresql":
        if url.get_driver_name() not in ("psycopg", "psycopg2", ""):
            raise InvalidValue(field, f"driver {url.drivername!r}: use postgresql+psycopg://")
        url = url.set(drivername="postgresql+psycopg")
        return DatabaseLocation(url.render_as_string(hide_password=False), None)
    raise InvalidValue(
        field, f"unknown database URL scheme {url.drivername!r}; accepted: {ACCEPTED}"
    )


def _sqlite_location(path: Path, field: str) -> DatabaseLocation:
    path = path.absolute()
    if path.is_dir():
        raise InvalidValue(field, f"{path} is a directory; give a database file path")
    if path.exists():
        if not os.access(path, os.R_OK | os.W_OK):
            raise InvalidValue(field, f"{path} is not readable and writable by you")
    elif not path.parent.is_dir():
        raise InvalidValue(field, f"directory {path.parent} does not exist")
    elif not os.access(path.parent, os.W_OK | os.X_OK):
        raise InvalidValue(field, f"cannot create a file in {path.parent} (permission denied)")
    return DatabaseLocation(f"sqlite:///{path}", path)


def make_engine(location: DatabaseLocation, *, foreign_keys: bool = True) -> Engine:
    if not location.is_sqlite:
        try:
            # No server-side prepared statements: after five runs of one statement psycopg
            # prepares it, and PostgreSQL may keep a generic plan made while a table was
            # nearly empty. An import's "which of these slugs exist" then stayed a sequential
            # scan as the table filled in the same transaction (10 s a batch at 10^6 figures,
            # hours in all); planned for each execution it is an index lookup.
            return create_engine(
                location.url, pool_pre_ping=False, connect_args={"prepare_threshold": None}
            )
        except ModuleNotFoundError:
            raise DatabaseError(
                "PostgreSQL support is not installed: pip install 'bilateral-tracker[postgres]'"
            ) from None
    engine = create_engine(location.url)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        # pysqlite's legacy mode opens transactions late and commits before DDL, which breaks
        # savepoints and atomic migrations; take transactions over ourselves (SQLAlchemy docs).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute(f"PRAGMA foreign_keys = {'ON' if foreign_keys else 'OFF'}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()
        # Unicode-aware case folding for search: SQLite's lower() and LIKE fold ASCII only.
        dbapi_connection.create_function(
            "casefold", 1, lambda s: s.casefold() if isinstance(s, str) else s, deterministic=True
        )

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        # A writer takes the write lock up front: two deferred transactions that both read and
        # then write would deadlock, and SQLite answers that with "database is locked" at once
        # instead of waiting out the busy timeout.
        write = connection.get_execution_options().get(WRITE_OPTION)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


def create_sqlite_file(path: Path) -> None:
    """An empty file only its owner can read: the database may hold unpublished notes."""
    descriptor = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    os.close(descriptor)


def read_revision(engine: Engine) -> str | None:
    """The revision stamped in the database, or None when it has no tracker schema yet."""
    try:
        with engine.connect() as connection:
            if engine.dialect.name == "sqlite":
                exists = connection.exec_driver_sql(
                    "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
                ).first()
            else:
                exists = connection.execute(
                    text("SELECT to_regclass('alembic_version')")
                ).scalar_one()
            if not exists:
                return None
            return connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
    except SADatabaseError as error:
        raise DatabaseError(_describe_connect_error(error)) from None


def has_tables(engine: Engine) -> bool:
    """Whether the database holds any table but Alembic's own (empty after `downgrade base`)."""
    with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            query = "SELECT count(*) FROM sqlite_master WHERE type = 'table'"
        else:
            query = "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()"
        query += " AND {} <> 'alembic_version'".format(
            "name" if engine.dialect.name == "sqlite" else "tablename"
        )
        return bool(connection.exec_driver_sql(query).scalar())


def _describe_connect_error(error: SADatabaseError) -> str:
    message = str(error.orig).strip().splitlines()[0] if error.orig else str(error)
    if "not a database" in message:
        return "not a SQLite database (file is not a database)"
    return f"cannot open the database ({message})"


def notice(message: str) -> None:
    print(f"tracker: {message}", file=sys.stderr)


def _transient(error: BaseException) -> bool:
    """A conflict with another writer that the same work, tried again, can get past: SQLite's
    lock, PostgreSQL's serialization failure or deadlock, a unique-key race (two writers
    creating the same party or slug at once; on the retry one of them sees the other's row),
    or a foreign key to a row another writer deleted meanwhile (tracker checks every reference
    before writing, so on the retry the check sees the deletion and says so in one line)."""
    if not isinstance(error, SADatabaseError):
        return False
    original = error.orig
    code = getattr(original, "sqlstate", None)
    if code in ("40001", "40P01", "23505", "23503"):
        return True
    message = str(original).lower()
    return (
        "database is locked" in message
        or "database is busy" in message
        or ("unique constraint failed" in message)
    )


def write_transaction(engine: Engine, work: Callable[[Session], T], *, commit: bool = True) -> T:
    """Run `work` in one write transaction: committed when it returns (rolled back instead
    for a dry run), rolled back entirely if it raises. Conflicts with other writers are
    retried with exponential backoff; nothing partial is ever left."""
    for attempt in range(1, ATTEMPTS + 1):
        try:
            with Session(engine, expire_on_commit=False) as session:
                session.connection(execution_options={WRITE_OPTION: True})
                try:
                    result = work(session)
                except BaseException:
                    session.rollback()
                    raise
                if commit:
                    session.commit()
                else:
                    session.rollback()
                return result
        except SADatabaseError as error:
            if not _transient(error):
                raise
            if attempt == ATTEMPTS:
                raise DatabaseError(
                    f"the database stayed busy with other writers ({attempt} attempts); "
                    "nothing was changed, try again"
                ) from None
            time.sleep(BACKOFF_SECONDS * 2 ** (attempt - 1) * (1 + random.random()))
    raise AssertionError("unreachable")
