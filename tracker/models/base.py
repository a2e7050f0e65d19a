"""Declarative base, naming convention and the column types every record shares."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Dialect,
    MetaData,
    Numeric,
    String,
    Text,
    false,
    func,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator, TypeEngine

from tracker.domain.decimals import canonical

# Every constraint gets a predictable name, so batch migrations on SQLite can drop and alter them.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class ExactDecimal(TypeDecorator[Decimal]):
    """A decimal that is never a float: NUMERIC on PostgreSQL, canonical text on SQLite.

    SQLite has no decimal type: its NUMERIC affinity silently turns "1700000000.5" into a REAL.
    """

    impl = String(48)
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "postgresql":
            return dialect.type_descriptor(Numeric(38, 10))
        return dialect.type_descriptor(String(48))

    def process_bind_param(self, value: Any, dialect: Dialect) -> Any:
        if value is None:
            return None
        exact = Decimal(value)
        return exact if dialect.name == "postgresql" else canonical(exact)

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        if value is None:
            return None
        if isinstance(value, str):  # SQLite: the canonical text process_bind_param wrote
            return Decimal(value)
        return Decimal(canonical(value))  # PostgreSQL's NUMERIC(38, 10) pads with zeros


class RecordMixin:
    """What every curated record has: a stable id, a human slug, bilingual titles and a note."""

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    title: Mapped[str] = mapped_column(String(500))
    title_original: Mapped[str | None] = mapped_column(String(1000))
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.current_timestamp()
    )
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True),
        server_default=func.current_timestamp(),
        onupdate=func.current_timestamp(),
    )


class DatedMixin:
    """An EDTF date ("2025", "2025-03~", "2025-11-14/2025-11-15") with its calendar bounds."""

    date: Mapped[str | None] = mapped_column(String(64))
    date_lower: Mapped[dt.date | None] = mapped_column(Date, index=True)
    date_upper: Mapped[dt.date | None] = mapped_column(Date)


class InferenceMixin:
    """What the curator inferred rather than read: the parties (a party no quote names), or
    that several sources report one fact. Reports show both; `tracker check` asks for them."""

    parties_inferred: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    identity_inferred: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class StepMixin(DatedMixin):
    """One dated step of a record's status history (an agreement's, an initiative's, an
    event's); where the record stands is its latest step."""

    id: Mapped[int] = mapped_column(primary_key=True)
    status: Mapped[str] = mapped_column(String(40), index=True)
    note: Mapped[str | None] = mapped_column(Text)
