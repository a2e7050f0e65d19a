"""`report targets`: every target assessed by the Open SDG method as of a date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import String, bindparam, select, type_coerce
from sqlalchemy.orm import Session, aliased

from tracker.domain.progress import Assessment, Point, assess
from tracker.models import Observation, Target
from tracker.models.base import ExactDecimal
from tracker.services.curation.kinds import KINDS
from tracker.services.query.listing import ListFilters, id_chunks, list_records


@dataclass(frozen=True)
class TargetReport:
    target: Target
    assessment: Assessment
    latest_qualifier: str | None = None  # of the latest observation known by the as-of date

    def as_dict(self) -> dict[str, Any]:
        """The stable keys of `report targets --format json`."""
        a, t = self.assessment, self.target
        return {
            "slug": t.slug,
            "title": t.title,
            "unit": t.unit,
            "base_value": _rounded(a.base.value) if a.base else None,
            "base_date": a.base.label if a.base else None,
            "latest_value": a.latest.value if a.latest else None,
            "latest_date": a.latest.label if a.latest else None,
            "target_value": t.target_value,
            "deadline": t.deadline,
            "observed_growth_pct": a.observed_growth_pct,
            "required_growth_pct": a.required_growth_pct,
            "ratio": a.ratio,
            "progress_pct": a.progress_pct,
            "needed_growth_pct": a.needed_growth_pct,
            "projected_value": a.projected_value,
            "status": a.status,
        }


def _rounded(value: Decimal) -> Decimal:
    """A derived base (value / 1.15) to whole units: more digits would be false precision."""
    return value if value == value.to_integral_value() else value.quantize(Decimal(1))


def assess_target(target: Target, observed: list[Point], as_of: dt.date) -> Assessment:
    """`observed`: the target's observations dated on or before `as_of`, in date order."""
    baseline = None
    if target.baseline_value is not None and target.baseline_date_upper and target.baseline_date:
        baseline = Point(target.baseline_value, target.baseline_date_upper, target.baseline_date)
    try:
        return assess(
            target_value=target.target_value,
            direction=target.direction,
            deadline=target.deadline_upper,
            baseline=baseline,
            baseline_value_without_date=target.baseline_value is not None and baseline is None,
            observations=observed,
            as_of=as_of,
        )
    except ArithmeticError as error:
        # One target's values must never take the whole report (or the briefing) down with it.
        latest = observed[-1] if observed else None
        return Assessment(
            "insufficient_data",
            latest=latest,
            reason=f"its values cannot be computed with ({type(error).__name__})",
        )


def target_reports(
    session: Session, filters: ListFilters, as_of: dt.date, *, with_citations: bool = False
) -> list[TargetReport]:
    """The observations are read as plain rows, only those known by `as_of`: loading each
    as an object with its citations took most of the report's time at 10^4 targets. The
    briefing, which cites them, asks for the citations."""
    targets: list[Any] = list_records(
        session, KINDS["target"], filters, None if with_citations else []
    )
    observed = _observed(session, [t.id for t in targets], as_of)
    reports = []
    for target in targets:
        points, latest_qualifier = observed.get(target.id, ([], None))
        reports.append(
            TargetReport(
                target,
                assess_target(target, points, as_of),
                latest_qualifier=latest_qualifier,
            )
        )
    return reports


def _observed(
    session: Session, target_ids: list[int], as_of: dt.date
) -> dict[int, tuple[list[Point], str]]:
    """For each target with observations dated by `as_of`: the points `assess` reads, in date
    order, and the latest one's qualifier.

    `assess` reads a target's first and latest observation and whether it has only one, so
    only those two are read, each with one seek of ix_observations_target_id_date_upper:
    reading all 200,000 observations of 10^4 targets took most of the report's time. First
    and latest are those a stable sort of the observations in (date_lower, id) order by their
    date's upper bound would put first and last: the least and the greatest (date_upper,
    date_lower, id). Values and dates are read raw through Core (SQLite: canonical decimal
    text and ISO dates) and converted here: the ORM's processing cost more than the query."""
    connection = session.connection()
    exact, dialect = ExactDecimal(), connection.dialect

    def point(raw: Sequence[Any]) -> Point:
        _, value, upper, label, growth = raw
        assert upper is not None  # dated: date_lower <= as_of
        assert label is not None
        exact_value = exact.process_result_value(value, dialect)
        assert exact_value is not None
        when = upper if isinstance(upper, dt.date) else dt.date.fromisoformat(upper)
        return Point(exact_value, when, label, exact.process_result_value(growth, dialect))

    first, latest = aliased(Observation), aliased(Observation)
    ends = (
        select(
            Target.id.label("target_id"),
            _end_of(as_of, last=False).label("first_id"),
            _end_of(as_of, last=True).label("latest_id"),
        )
        .where(Target.id.in_(bindparam("ids", expanding=True)))
        .subquery()
    )
    statement = (
        select(ends.c.target_id, *_raw(first), *_raw(latest), latest.qualifier)
        .join(first, first.id == ends.c.first_id)
        .join(latest, latest.id == ends.c.latest_id)
    )
    found: dict[int, tuple[list[Point], str]] = {}
    for chunk in id_chunks(target_ids):
        for row in connection.execute(statement, {"ids": chunk}).all():
            target_id, first_raw, latest_raw, qualifier = row[0], row[1:6], row[6:11], row[11]
            one_only = first_raw[0] == latest_raw[0]
            found[target_id] = (
                [point(first_raw)] if one_only else [point(first_raw), point(latest_raw)],
                qualifier,
            )
    return found


def _raw(observation: Any) -> tuple[Any, ...]:
    """Five columns: id, value, date_upper, date, growth_pct; the exact ones as stored text."""
    return (
        observation.id,
        type_coerce(observation.value, String),
        type_coerce(observation.date_upper, String),
        observation.date,
        type_coerce(observation.growth_pct, String),
    )


def _end_of(as_of: dt.date, *, last: bool) -> Any:
    """The id of a target's first (or latest) observation dated on or before `as_of`."""
    known = aliased(Observation)
    order = (known.date_upper, known.date_lower, known.id)
    return (
        select(known.id)
        .where(known.target_id == Target.id, known.date_lower <= as_of)
        .order_by(*(column.desc() for column in order) if last else order)
        .limit(1)
        .correlate(Target)
        .scalar_subquery()
    )
