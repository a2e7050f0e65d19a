"""What the root command passes to every subcommand through `ctx.obj`."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypeVar

import typer

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlalchemy.orm import Session

    from tracker.services.curation.records import Curator
    from tracker.services.store.database import DatabaseLocation


T = TypeVar("T")


@dataclass
class AppState:
    db_option: str | None
    actor: str | None = None
    _engine: Engine | None = field(default=None, repr=False)

    def location(self) -> DatabaseLocation:
        from tracker.services.store.database import resolve_location

        return resolve_location(self.db_option)

    def engine(self) -> Engine:
        """The database at the current schema, created or upgraded on first use."""
        if self._engine is None:
            from tracker.services.store.opening import open_database

            self._engine = open_database(self.location(), _load_curated)
        return self._engine

    def close(self) -> None:
        """Close the database's connections now, not whenever a collection finds them: the
        last one to close folds SQLite's write-ahead log back into the file."""
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None


def _load_curated(engine: Engine) -> int:
    # Imported only when a new default database is created: every other call starts faster.
    from tracker.services.transfer.seeds import load_curated_seeds

    return load_curated_seeds(engine)


def state(ctx: typer.Context) -> AppState:
    obj = ctx.find_root().obj
    assert isinstance(obj, AppState), "the root callback sets the state"
    return obj


@contextmanager
def reading(ctx: typer.Context) -> Iterator[Session]:
    """A session for reading; whatever happens, nothing is written."""
    from sqlalchemy.orm import Session

    with Session(state(ctx).engine()) as session:
        yield session


def writing(ctx: typer.Context, work: Callable[[Curator], T], *, commit: bool = True) -> T:
    """One write transaction for the whole command: it all lands, or nothing does (retried
    if another writer is in the way)."""
    from tracker.services.curation.records import Curator
    from tracker.services.store.database import write_transaction

    app_state = state(ctx)
    return write_transaction(
        app_state.engine(), lambda session: work(Curator(session, app_state.actor)), commit=commit
    )


WARNINGS_SHOWN = 5


def warn(problems: list[str]) -> None:
    """What a command that succeeded left for the curator to look at, on stderr: the first
    few, then how many more."""
    for problem in problems[:WARNINGS_SHOWN]:
        typer.echo(f"tracker: warning: {problem}", err=True)
    if len(problems) > WARNINGS_SHOWN:
        more = len(problems) - WARNINGS_SHOWN
        typer.echo(f"tracker: warning: {more} more; 'tracker check' lists them all", err=True)
