"""`tracker db ...`: where the database is, its schema revision, upgrades and backups."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from tracker.cli.state import state

app = typer.Typer(
    help="The database: its location, schema revision and backups.", no_args_is_help=True
)


@app.command()
def path(ctx: typer.Context) -> None:
    """Print where the database is (a file path, or the server URL without password).

    Example: tracker db path
    """
    typer.echo(state(ctx).location().display())


@app.command()
def current(ctx: typer.Context) -> None:
    """Print the database's schema revision (creating the database if it does not exist).

    Example: tracker db current
    """
    from tracker.services.store.database import read_revision

    typer.echo(read_revision(state(ctx).engine()) or "none")


@app.command()
def upgrade(
    ctx: typer.Context,
    revision: Annotated[str, typer.Argument(help="Target revision.")] = "head",
) -> None:
    """Migrate the schema up to REVISION (default: the newest), in one transaction.

    Example: tracker db upgrade
    """
    from tracker.services.store import migrations

    location = state(ctx).location()
    migrations.upgrade(location, revision)
    typer.echo(f"{location.display()}: schema at {migrations.current(location) or 'base'}")


@app.command()
def downgrade(
    ctx: typer.Context,
    revision: Annotated[
        str, typer.Argument(help="Target revision, or 'base' for an empty schema.")
    ],
) -> None:
    """Migrate the schema down to REVISION, in one transaction. Dropped tables lose their data;
    a revision refuses when the older schema cannot hold what the database has (export first).

    Example: tracker --db scratch.db db downgrade base
    """
    from tracker.services.store import migrations

    location = state(ctx).location()
    migrations.downgrade(location, revision)
    typer.echo(f"{location.display()}: schema at {migrations.current(location) or 'base'}")


@app.command()
def backup(
    ctx: typer.Context,
    dest: Annotated[Path, typer.Argument(help="New file to write the copy to.")],
) -> None:
    """Copy the SQLite database to DEST, consistently even while it is in use.

    Example: tracker db backup ~/tracker-2026-11-21.db
    """
    from tracker.errors import DatabaseError
    from tracker.services.store.backup import backup_sqlite

    location = state(ctx).location()
    if location.path is None:
        raise DatabaseError("db backup copies SQLite files; for PostgreSQL use pg_dump")
    if not location.path.exists():
        raise DatabaseError(f"no database at {location.path} to back up")
    backup_sqlite(location.path, dest.expanduser().absolute())
    typer.echo(f"backed up {location.path} to {dest}")


@app.command()
def restore(
    ctx: typer.Context,
    src: Annotated[Path, typer.Argument(help="A tracker SQLite database (e.g. from db backup).")],
) -> None:
    """Replace the database with SRC, after checking a copy of SRC through: a known schema
    revision (an older one is upgraded), SQLite's integrity check, every table and column, and
    an audit log that reads back. The current database is backed up first.

    Example: tracker db restore ~/tracker-2026-11-21.db
    """
    from tracker.errors import DatabaseError
    from tracker.services.curation.log_check import unreadable_change
    from tracker.services.store.restore import restore_sqlite

    location = state(ctx).location()
    if location.path is None:
        raise DatabaseError("db restore replaces SQLite files; for PostgreSQL use pg_restore")
    saved = restore_sqlite(location.path, src.expanduser().absolute(), unreadable_change)
    typer.echo(
        f"restored {location.path} from {src}"
        + (f"; the previous database is saved at {saved}" if saved else "")
    )
