"""`report targets`: every target assessed by the Open SDG method as of a date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import lru_cache
from typing import Any, Generic, NamedTuple, TypeVar

from sqlalchemy import String, and_, bindparam, or_, select, type_coerce
from sqlalchemy.orm import Session, aliased

from tracker.domain.periods import FULL_PERIODS, months_covered
from tracker.domain.progress import Assessment, Partial, Point, assess
from tracker.models import Figure, Target
from tracker.models.base import ExactDecimal
from tracker.services.curation.kinds import KINDS
from tracker.services.query.known import known_condition
from tracker.services.query.listing import ListFilters, id_chunks, list_records, list_statement


class TargetRow(NamedTuple):
    """A target's own columns that its assessment and table read, as a plain row: making
    10^4 targets ORM objects was a tenth of `report targets`' time."""

    id: int
    slug: str
    title: str
    unit: str
    direction: str
    target_value: Decimal
    deadline: str | None
    deadline_upper: dt.date | None
    baseline_value: Decimal | None
    baseline_date: str | None
    baseline_date_upper: dt.date | None


# A report reads the same columns from either; the briefing's charts and notes need the
# loaded Target's series and citations.
TargetT = TypeVar("TargetT", bound="Target | TargetRow")


@dataclass(frozen=True)
class TargetReport(Generic[TargetT]):
    target: TargetT
    assessment: Assessment
    latest_qualifier: str | None = None  # of the latest value known by the as-of date

    @property
    def base_value(self) -> Decimal | None:
        """The base as reported, or as derived (to whole units: see _rounded)."""
        base = self.assessment.base
        if base is None:
            return None
        derived = self.assessment.base_derived
        return _rounded(base.value, self.target.unit) if derived else base.value

    def as_dict(self) -> dict[str, Any]:
        """The stable keys of `report targets --format json`."""
        a, t = self.assessment, self.target
        shown = a.partial or a.latest
        return {
            "slug": t.slug,
            "title": t.title,
            "unit": t.unit,
            "base_value": self.base_value,
            "base_date": a.base.label if a.base else None,
            "latest_value": shown.value if shown else None,
            "latest_date": shown.label if shown else None,
            "latest_period": shown.period if shown else None,
            "annualised_value": _rounded(a.latest.value, t.unit)
            if a.partial_estimate and a.latest
            else None,
            "target_value": t.target_value,
            "deadline": t.deadline,
            "observed_growth_pct": a.observed_growth_pct,
            "required_growth_pct": a.required_growth_pct,
            "ratio": a.ratio,
            "progress_pct": a.progress_pct,
            "needed_growth_pct": a.needed_growth_pct,
            "projected_value": a.projected_value,
            "status": a.status,
            "partial_estimate": a.partial_estimate,
            "basis": a.basis,
            "declining": a.declining,
            "reason": a.reason,
        }


def _rounded(value: Decimal, unit: str) -> Decimal:
    """A derived value (a base of value / 1.15, an annualised one) to whole units, a percentage
    to hundredths: more digits would be false precision. A reported value keeps its own."""
    places = Decimal("0.01") if unit == "percent" else Decimal(1)
    rounded = value.quantize(places)
    return value if value == rounded else rounded


def assess_target(
    target: Target | TargetRow,
    observed: list[Point],
    as_of: dt.date,
    partial: Partial | None = None,
) -> Assessment:
    """`observed`: the full-period values of the target's measure dated on or before `as_of`,
    in date order; `partial`: a later year-to-date value."""
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
            partial=partial,
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
    session: Session, filters: ListFilters, as_of: dt.date
) -> list[TargetReport[TargetRow]]:
    """The targets as plain rows, and their values too, only those known by `as_of`."""
    columns = [Target.__table__.c[name] for name in TargetRow._fields]
    known_then = replace(filters, known_by=as_of)
    statement = list_statement(session, KINDS["target"], known_then, columns)
    rows = session.execute(statement).all()
    return _assessed(session, [TargetRow(*row) for row in rows], as_of)


def cited_target_reports(
    session: Session, filters: ListFilters, as_of: dt.date
) -> list[TargetReport[Target]]:
    """The targets loaded whole, with their citations and series, for the briefing that
    cites and draws them."""
    known_then = replace(filters, known_by=as_of)
    targets: list[Any] = list_records(session, KINDS["target"], known_then)
    return _assessed(session, targets, as_of)


def _assessed(
    session: Session, targets: list[TargetT], as_of: dt.date
) -> list[TargetReport[TargetT]]:
    """The values are read as plain rows: loading each as an object with its citations took
    most of the report's time at 10^4 targets."""
    observed = _observed(session, [t.id for t in targets], as_of)
    reports = []
    for target in targets:
        points, partial, latest_qualifier = observed.get(target.id, ([], None, None))
        reports.append(
            TargetReport(
                target,
                assess_target(target, points, as_of, partial),
                latest_qualifier=latest_qualifier,
            )
        )
    return reports


Seen = tuple[list[Point], Partial | None, str | None]


def _observed(session: Session, target_ids: list[int], as_of: dt.date) -> dict[int, Seen]:
    """For each target with values dated by `as_of`: its first and latest full-period value
    (the points `assess` reads), a later year-to-date value, and the qualifier of the value
    the report shows as latest.

    Three seeks of ix_figures_measure_date_upper a target, rather than reading every value:
    reading all 200,000 values of 10^4 targets took most of the report's time. First and
    latest are the least and the greatest (date_upper, date_lower, id) of the target's
    measure and unit. Values and dates are read raw through Core (SQLite: canonical decimal
    text and ISO dates) and converted here: the ORM's processing cost more than the query."""
    connection = session.connection()
    exact, dialect = ExactDecimal(), connection.dialect

    def point(raw: Sequence[Any]) -> Point:
        _, value, upper, label, growth, period, lower, qualifier = raw
        assert upper is not None  # dated: date_lower <= as_of
        assert lower is not None
        assert label is not None
        exact_value = exact.process_result_value(value, dialect)
        assert exact_value is not None
        when = _day(upper)
        return Point(
            exact_value,
            when,
            label,
            exact.process_result_value(growth, dialect),
            period=period,
            months=months_covered(period, label, _day(lower), when),
            qualifier=qualifier,
        )

    first, latest, newest = aliased(Figure), aliased(Figure), aliased(Figure)
    ends = (
        select(
            Target.id.label("target_id"),
            _end_of(as_of, last=False, full=True).label("first_id"),
            _end_of(as_of, last=True, full=True).label("latest_id"),
            _end_of(as_of, last=True, full=False).label("newest_id"),
        )
        .where(Target.id.in_(bindparam("ids", expanding=True)))
        .subquery()
    )
    statement = (
        select(ends.c.target_id, *_raw(first), *_raw(latest), *_raw(newest))
        .outerjoin(first, first.id == ends.c.first_id)
        .outerjoin(latest, latest.id == ends.c.latest_id)
        .outerjoin(newest, newest.id == ends.c.newest_id)
    )
    width = len(_raw(first))
    found: dict[int, Seen] = {}
    for chunk in id_chunks(target_ids):
        for row in connection.execute(statement, {"ids": chunk}).all():
            target_id = row[0]
            if row[1 + 2 * width] is None:  # no value dated by then (filtered here, not in
                continue  # SQL: a WHERE on newest_id would run its subquery a second time)
            first_raw = row[1 : 1 + width]
            latest_raw = row[1 + width : 1 + 2 * width]
            newest_raw = row[1 + 2 * width : 1 + 3 * width]
            qualifier = newest_raw[-1]
            points: list[Point] = []
            if first_raw[0] is not None:
                one_only = first_raw[0] == latest_raw[0]
                points = [point(first_raw)] if one_only else [point(first_raw), point(latest_raw)]
            partial = None
            newest_upper, newest_period = newest_raw[2], newest_raw[5]  # in _raw's order
            if newest_period == "ytd" and (not points or _day(newest_upper) > points[-1].when):
                partial = Partial(point(newest_raw))
            elif points and newest_raw[0] != latest_raw[0]:
                # The newest value is of another span (a quarter, a month): not comparable,
                # so the latest shown is the latest full-period one.
                qualifier = None
            found[target_id] = (points, partial, qualifier)
    return found


def _day(raw: Any) -> dt.date:
    """A date as the driver gives it: a date (PostgreSQL) or its ISO text (SQLite)."""
    return raw if isinstance(raw, dt.date) else _iso_day(raw)


@lru_cache(maxsize=4096)  # values share their dates: a few hundred in 200,000 values
def _iso_day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def _raw(figure: Any) -> tuple[Any, ...]:
    """id, value, date_upper, date, growth_pct, period, date_lower, qualifier; exact ones as
    stored text."""
    return (
        figure.id,
        type_coerce(figure.value, String),
        type_coerce(figure.date_upper, String),
        figure.date,
        type_coerce(figure.growth_pct, String),
        figure.period,
        type_coerce(figure.date_lower, String),
        figure.qualifier,
    )


def _end_of(as_of: dt.date, *, last: bool, full: bool) -> Any:
    """The id of a target's first (or latest) value dated on or before `as_of`: of a full
    period (a year, a point in time, or not stated), or of any."""
    known = aliased(Figure)
    order = (known.date_upper, known.date_lower, known.id)
    conditions = [
        known.measure == Target.measure,
        known.unit == Target.unit,
        known.date_lower <= as_of,
        known_condition("figure", known.id, as_of),
    ]
    if full:
        named = [p for p in FULL_PERIODS if p is not None]
        conditions.append(or_(known.period.is_(None), known.period.in_(named)))
    return (
        select(known.id)
        .where(and_(*conditions))
        .order_by(*(column.desc() for column in order) if last else order)
        .limit(1)
        .correlate(Target)
        .scalar_subquery()
    )
