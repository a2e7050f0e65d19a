"""Schema changes through Alembic. The only module that imports it, so other commands start fast."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError
from sqlalchemy import Connection

from tracker.errors import DatabaseError, InvalidValue, TrackerError
from tracker.services.store.backup import backup_sqlite
from tracker.services.store.bundled import bundled_dir
from tracker.services.store.database import (
    DatabaseLocation,
    create_sqlite_file,
    make_engine,
    read_revision,
)


def script_location() -> Path:
    return bundled_dir("migrations")


def alembic_config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(script_location()))
    config.attributes["connection"] = connection
    return config


def scripts() -> ScriptDirectory:
    return ScriptDirectory.from_config(alembic_config())


def head() -> str:
    revision = scripts().get_current_head()
    assert revision is not None, "the migrations have no head"
    return revision


def is_known_revision(revision: str) -> bool:
    try:
        return scripts().get_revision(revision) is not None
    except CommandError:
        return False


@contextmanager
def migration_connection(location: DatabaseLocation) -> Iterator[Connection]:
    """One transaction for a whole migration run: it lands completely or not at all.

    On SQLite, foreign keys are off while tables are rebuilt (a batch migration drops and
    recreates them, and a DROP with foreign keys on would cascade-delete child rows); they are
    checked before commit instead.
    """
    created = False
    if location.path is not None and not location.path.exists():
        create_sqlite_file(location.path)
        created = True
    engine = make_engine(location, foreign_keys=False)
    try:
        with engine.begin() as connection:
            yield connection
            if location.is_sqlite:
                broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if broken:
                    raise DatabaseError(
                        f"migration left {len(broken)} broken references (first in table "
                        f"{broken[0][0]}); nothing was changed"
                    )
    except BaseException:
        if created and location.path is not None:
            engine.dispose()
            location.path.unlink(missing_ok=True)
        raise
    finally:
        engine.dispose()


def _run(location: DatabaseLocation, action: Callable[[Config], None], revision: str) -> None:
    before = read_revision(make_engine(location)) if _exists(location) else None
    try:
        with migration_connection(location) as connection:
            action(alembic_config(connection))
    except CommandError as error:
        raise InvalidValue("REVISION", str(error)) from None
    except TrackerError:
        raise
    except Exception as error:
        # The whole run was one transaction: it is rolled back, the revision unchanged.
        target = head() if revision == "head" else revision
        raise DatabaseError(
            f"the migration to {target} failed ({type(error).__name__}: {error}); "
            f"the database is still at {before or 'base'}"
        ) from None


def _exists(location: DatabaseLocation) -> bool:
    return location.path is None or location.path.exists()


def upgrade(location: DatabaseLocation, revision: str = "head") -> None:
    _run(location, lambda config: command.upgrade(config, revision), revision)


def downgrade(location: DatabaseLocation, revision: str) -> None:
    _run(location, lambda config: command.downgrade(config, revision), revision)


def create_database(location: DatabaseLocation) -> None:
    upgrade(location, "head")


def current(location: DatabaseLocation) -> str | None:
    return read_revision(make_engine(location))


def backup_before_upgrade(location: DatabaseLocation, revision: str) -> Path:
    assert location.path is not None
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    destination = location.path.with_name(f"{location.path.name}.{revision}.{stamp}.bak")
    backup_sqlite(location.path, destination)
    return destination
