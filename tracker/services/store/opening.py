"""Opening a database at the schema this code expects: created, or upgraded with a backup first."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Engine

from tracker.errors import DatabaseError
from tracker.services.store.database import (
    DatabaseLocation,
    has_tables,
    make_engine,
    notice,
    read_revision,
)
from tracker.services.store.revision import SCHEMA_HEAD


def open_database(location: DatabaseLocation, load_curated: Callable[[Engine], int]) -> Engine:
    """An engine on a database at SCHEMA_HEAD, creating or upgrading a SQLite file if needed.
    A new file at the default location gets the curated dataset through `load_curated`, which
    returns how many records it created (the caller supplies it: the store knows no records)."""
    if location.path is not None and not location.path.exists():
        from tracker.services.store import migrations

        migrations.create_database(location)
        engine = make_engine(location)
        if not location.is_default:
            notice(f"created a new database at {location.display()} (schema {SCHEMA_HEAD})")
            return engine
        try:
            created = load_curated(engine)
        except BaseException:
            engine.dispose()
            location.path.unlink(missing_ok=True)
            raise
        notice(
            f"created a new database at {location.display()} (schema {SCHEMA_HEAD}) "
            f"with the curated dataset ({created} records)"
        )
        return engine
    engine = make_engine(location)
    try:
        revision = read_revision(engine)
    except DatabaseError as error:
        raise DatabaseError(f"{location.display()}: {error}") from None
    if revision == SCHEMA_HEAD:
        return engine
    from tracker.services.store import migrations

    if revision is None:
        if has_tables(engine):
            raise DatabaseError(
                f"{location.display()} is not a tracker database (no schema revision)"
            )
        migrations.upgrade(location, "head")
        notice(f"created the tracker schema in {location.display()} (schema {SCHEMA_HEAD})")
        return engine
    if not migrations.is_known_revision(revision):
        raise DatabaseError(
            f"the database is at schema {revision}, which this tracker does not know; "
            "install a newer tracker"
        )
    if not location.is_sqlite:
        raise DatabaseError(
            f"the database is at schema {revision}, older than {SCHEMA_HEAD}; "
            "run 'tracker db upgrade' to migrate it"
        )
    backup = migrations.backup_before_upgrade(location, revision)
    migrations.upgrade(location, "head")
    notice(
        f"upgraded {location.display()} from schema {revision} to {SCHEMA_HEAD}; backup at {backup}"
    )
    return engine
