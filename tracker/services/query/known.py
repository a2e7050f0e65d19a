"""What was known on a day: the rule every report's `--as-of` applies.

A record, a status step or a value was known on day D when one of its sources was
published by D (a source of no stated date counts as known, since nothing says otherwise;
a record cited by no source at all is the curator's own and counts as known). A step or a
value is shown only when it is also dated by D (an undated one when known). Sources and
their quotes are shown only when published by D (or undated).

In SQL for listings (so that 10^4 targets are filtered by the database, not in Python), and
on loaded objects for the steps and citations a report has already read.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any, Protocol, TypeVar

from sqlalchemy import ColumnElement, Table, exists, or_, select

from tracker.models import Citation, Source

_CITATIONS: Table = Citation.__table__  # type: ignore[assignment]
_SOURCES: Table = Source.__table__  # type: ignore[assignment]


def published_by(published_lower: Any, day: dt.date) -> ColumnElement[bool]:
    return or_(published_lower.is_(None), published_lower <= day)


def known_condition(kind_name: str, record_id: Any, day: dt.date) -> ColumnElement[bool]:
    """The record of `kind_name` whose id is the column `record_id` (of its table, or of an
    aliased class in a report's query) was known on `day`."""
    own = _CITATIONS.c[f"{kind_name}_id"] == record_id
    cited_by_then = exists().where(
        own, _CITATIONS.c.source_id == _SOURCES.c.id, published_by(_SOURCES.c.published_lower, day)
    )
    return or_(~exists(select(_CITATIONS.c.id).where(own)), cited_by_then)


class _Cited(Protocol):
    citations: Any


class _Dated(_Cited, Protocol):
    date_lower: dt.date | None


StepT = TypeVar("StepT", bound=_Dated)


def source_known(source: Source, day: dt.date) -> bool:
    return source.published_lower is None or source.published_lower <= day


def citations_known(citations: Sequence[Citation], day: dt.date) -> list[Citation]:
    return [c for c in citations if source_known(c.source, day)]


def known(record: _Cited, day: dt.date) -> bool:
    citations = list(record.citations)
    return not citations or bool(citations_known(citations, day))


def known_and_dated(item: _Dated, day: dt.date) -> bool:
    """A status step or a value: dated by `day` (or undated) and known by then."""
    return (item.date_lower is None or item.date_lower <= day) and known(item, day)


def latest_known_step(steps: Sequence[StepT], day: dt.date) -> StepT | None:
    """Where a record stood on `day`: its latest status step known and dated by then (steps
    come in the model's order: dated by date, then undated)."""
    known_steps = [s for s in steps if known_and_dated(s, day)]
    return known_steps[-1] if known_steps else None
