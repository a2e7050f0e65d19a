"""What the root command passes to every subcommand through `ctx.obj`."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlalchemy.orm import Session

    from tracker.services.database import DatabaseLocation
    from tracker.services.records import Curator


@dataclass
class AppState:
    db_option: str | None
    actor: str | None = None
    _engine: Engine | None = field(default=None, repr=False)

    def location(self) -> DatabaseLocation:
        from tracker.services.database import resolve_location

        return resolve_location(self.db_option)

    def engine(self) -> Engine:
        """The database at the current schema, created or upgraded on first use."""
        if self._engine is None:
            from tracker.services.database import open_database

            self._engine = open_database(self.location())
        return self._engine


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


@contextmanager
def curating(ctx: typer.Context) -> Iterator[Curator]:
    """One transaction for the whole command: it all lands, or nothing does."""
    from tracker.services.database import session_scope
    from tracker.services.records import Curator

    app_state = state(ctx)
    with session_scope(app_state.engine()) as session:
        yield Curator(session, app_state.actor)
