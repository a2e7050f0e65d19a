"""What the root command passes to every subcommand through `ctx.obj`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from tracker.services.database import DatabaseLocation


@dataclass
class AppState:
    db_option: str | None
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
