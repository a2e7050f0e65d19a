"""Listing records with the filters analysts use; every relation loaded up front (no N+1)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    SQLColumnExpression,
    and_,
    exists,
    func,
    or_,
    select,
    true,
)
from sqlalchemy.orm import Session, raiseload, selectinload

from tracker.errors import InvalidValue
from tracker.models import (
    Agreement,
    AgreementStatus,
    Citation,
    Event,
    Observation,
    Party,
    Source,
    Tag,
    Target,
)
from tracker.models.base import RecordMixin
from tracker.services.kinds import Kind

SORTS = ("newest", "oldest", "title", "slug")
SEARCH_LIMIT = 500


@dataclass(frozen=True)
class ListFilters:
    countries: tuple[str, ...] = ()  # ISO alpha-2 codes; a record must involve all of them
    status: str | None = None
    kind: str | None = None
    tag: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    search: str | None = None
    sort: str = "newest"
    limit: int | None = None


def _citations_of(parent: Any, attribute: Any) -> Any:
    """Load `attribute` (a citations list) under `parent`, with each citation's source."""
    if parent is None:
        return selectinload(attribute).selectinload(Citation.source)
    return parent.selectinload(attribute).selectinload(Citation.source)


def relation_loaders(kind: Kind) -> list[Any]:
    model: Any = kind.model
    if kind.name == "source":
        return []
    loaders = [
        selectinload(model.parties),
        selectinload(model.tags),
        _citations_of(None, model.citations),
    ]
    if kind.name == "event":
        loaders.append(selectinload(Event.host))
    elif kind.name == "agreement":
        loaders += [
            selectinload(Agreement.event),
            _citations_of(selectinload(Agreement.statuses), AgreementStatus.citations),
        ]
    elif kind.name == "target":
        loaders += [
            selectinload(Target.agreement),
            _citations_of(selectinload(Target.observations), Observation.citations),
        ]
    return loaders


def table_relations(kind: Kind) -> list[Any]:
    """Only the relations a listing's table shows (parties, an agreement's current status, a
    target's latest observation); any other relation raises instead of loading one record at
    a time. Loading citations and their sources for a table that shows none cost a quarter
    of a `list` call on the curated data."""
    model: Any = kind.model
    loaders: list[Any] = [] if kind.name == "source" else [selectinload(model.parties)]
    if kind.name == "agreement":
        loaders.append(selectinload(Agreement.statuses))
    elif kind.name == "target":
        loaders.append(selectinload(Target.observations))
    return [*loaders, raiseload("*")]


def latest_status_step() -> Select[Any]:
    """A correlated query for an agreement's current status step (see serialize.current_status)."""
    return (
        select(AgreementStatus.id)
        .where(AgreementStatus.agreement_id == Agreement.id)
        .order_by(
            AgreementStatus.date_lower.is_(None).desc(),
            AgreementStatus.date_lower.desc(),
            AgreementStatus.id.desc(),
        )
        .limit(1)
        .correlate(Agreement)
    )


def date_bounds(kind: Kind) -> tuple[SQLColumnExpression[Any], SQLColumnExpression[Any]]:
    """The lower and upper date a record is listed and filtered by."""
    if kind.name == "source":
        return Source.published_lower, Source.published_upper
    if kind.name == "target":
        return Target.deadline_lower, Target.deadline_upper
    if kind.name == "agreement":
        # When the agreement reached its current status.
        step = latest_status_step().scalar_subquery()
        lower = select(AgreementStatus.date_lower).where(AgreementStatus.id == step)
        upper = select(AgreementStatus.date_upper).where(AgreementStatus.id == step)
        return lower.scalar_subquery(), upper.scalar_subquery()
    model: Any = kind.model
    return model.date_lower, model.date_upper


def fold(session: Session, expression: Any) -> ColumnElement[Any]:
    """Unicode case folding in SQL (SQLite's own lower() folds ASCII only)."""
    if session.get_bind().dialect.name == "sqlite":
        return func.casefold(expression)
    return func.lower(expression)


def like_pattern(text: str) -> str:
    escaped = text.casefold().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def filter_conditions(
    session: Session, kind: Kind, filters: ListFilters
) -> list[ColumnElement[bool]]:
    model: Any = kind.model
    conditions: list[ColumnElement[bool]] = []
    if filters.countries:
        if kind.name == "source":
            raise InvalidValue("--country", "sources have no parties; filter their records instead")
        for code in filters.countries:
            conditions.append(model.parties.any(Party.code == code))
    if filters.kind:
        if not hasattr(model, "kind"):
            raise InvalidValue("--kind", f"{kind.plural} have no kind")
        conditions.append(model.kind == filters.kind)
    if filters.status:
        if kind.name != "agreement":
            raise InvalidValue("--status", "only agreements have a status")
        step = latest_status_step().scalar_subquery()
        conditions.append(
            exists().where(AgreementStatus.id == step, AgreementStatus.status == filters.status)
        )
    if filters.tag:
        if kind.name == "source":
            raise InvalidValue("--tag", "sources have no tags")
        conditions.append(model.tags.any(Tag.name == filters.tag))
    lower, upper = date_bounds(kind)
    if filters.since:
        conditions.append(upper >= filters.since)
    if filters.until:
        conditions.append(lower <= filters.until)
    if filters.search:
        pattern = like_pattern(filters.search)
        searched = [model.title, model.slug]
        searched.append(Source.text if kind.name == "source" else model.title_original)
        conditions.append(
            or_(*(fold(session, column).like(pattern, escape="\\") for column in searched))
        )
    return conditions


def list_records(
    session: Session, kind: Kind, filters: ListFilters, loaders: list[Any] | None = None
) -> list[RecordMixin]:
    """The records, with every relation loaded (or only `loaders`, when a report needs less)."""
    statement = list_statement(session, kind, filters)
    chosen = relation_loaders(kind) if loaders is None else loaders
    return list(session.scalars(statement.options(*chosen)))


def list_statement(session: Session, kind: Kind, filters: ListFilters) -> Select[Any]:
    """The query behind a listing (without its eager loads): filters, order, limit."""
    model: Any = kind.model
    if filters.sort not in SORTS:
        raise InvalidValue("--sort", f"unknown sort {filters.sort!r}; accepted: {', '.join(SORTS)}")
    if filters.limit is not None and filters.limit < 1:
        raise InvalidValue("--limit", "must be 1 or more")
    if filters.search is not None and len(filters.search) > SEARCH_LIMIT:
        raise InvalidValue("--search", f"at most {SEARCH_LIMIT} characters")
    statement = select(model).where(and_(true(), *filter_conditions(session, kind, filters)))
    lower, _upper = date_bounds(kind)
    if filters.sort == "newest":
        statement = statement.order_by(lower.is_(None), lower.desc(), model.id.desc())
    elif filters.sort == "oldest":
        statement = statement.order_by(lower.is_(None), lower, model.id)
    else:
        statement = statement.order_by(getattr(model, filters.sort), model.id)
    if filters.limit:
        statement = statement.limit(filters.limit)
    return statement
