"""Alembic environment: tracker's own database configuration, or a connection handed in."""

from logging.config import fileConfig
from typing import Any

from alembic import context
from alembic.autogenerate.api import AutogenContext
from sqlalchemy import Connection, Engine

from tracker.models import Base, ExactDecimal
from tracker.services.store.database import resolve_location
from tracker.services.store.migrations import migration_connection

config = context.config
if config.config_file_name is not None and config.attributes.get("connection") is None:
    fileConfig(config.config_file_name)


def _render_item(type_: str, obj: Any, autogen_context: AutogenContext) -> str | bool:
    """Autogenerate writes tracker's own column type with a proper import."""
    if type_ == "type" and isinstance(obj, ExactDecimal):
        autogen_context.imports.add("from tracker.models.base import ExactDecimal")
        return "ExactDecimal()"
    return False


def _configure_and_run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=True,
        compare_type=True,
        render_item=_render_item,
    )
    with context.begin_transaction():
        context.run_migrations()


def _location_option() -> str | None:
    return context.get_x_argument(as_dictionary=True).get("db")


if context.is_offline_mode():
    context.configure(
        url=resolve_location(_location_option()).url,
        target_metadata=Base.metadata,
        render_as_batch=True,
        literal_binds=True,
    )
    with context.begin_transaction():
        context.run_migrations()
else:
    shared = config.attributes.get("connection")
    if isinstance(shared, Engine):  # pytest-alembic hands over an engine
        with shared.begin() as connection:
            _configure_and_run(connection)
    elif shared is not None:
        _configure_and_run(shared)
    else:
        with migration_connection(resolve_location(_location_option())) as connection:
            _configure_and_run(connection)
