"""`report targets`: every target assessed by the Open SDG method as of a date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from itertools import groupby
from operator import itemgetter
from typing import Any

from sqlalchemy import String, select, type_coerce
from sqlalchemy.orm import Session

from tracker.domain.progress import Assessment, Point, assess
from tracker.models import Observation, Target
from tracker.models.base import ExactDecimal
from tracker.services.kinds import KINDS
from tracker.services.listing import ListFilters, list_records

IDS_AT_A_TIME = 500  # ids in one IN (...) list
WHEN = itemgetter(2)  # of an observation row: its date's upper bound


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
    return assess(
        target_value=target.target_value,
        direction=target.direction,
        deadline=target.deadline_upper,
        baseline=baseline,
        baseline_value_without_date=target.baseline_value is not None and baseline is None,
        observations=observed,
        as_of=as_of,
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
    only those become Points (10^4 targets with 20 observations each made 200,000 otherwise).
    First and latest are those a stable sort by date would put first and last: rows come in
    (date_lower, id) order, so on a tie the earlier row stays first and the later row becomes
    latest. Rows are read through Core with values and dates raw (SQLite: canonical decimal
    text, ISO dates, which compare as the dates do) and converted for the two rows kept: the
    ORM's and the column types' processing of every row took most of the time."""
    connection = session.connection()
    exact, dialect = ExactDecimal(), connection.dialect

    def point(row: Sequence[Any]) -> Point:
        _, value, upper, label, growth, _ = row
        assert upper is not None  # dated: date_lower <= as_of
        assert label is not None
        exact_value = exact.process_result_value(value, dialect)
        assert exact_value is not None
        when = upper if isinstance(upper, dt.date) else dt.date.fromisoformat(upper)
        return Point(exact_value, when, label, exact.process_result_value(growth, dialect))

    found: dict[int, tuple[list[Point], str]] = {}
    for start in range(0, len(target_ids), IDS_AT_A_TIME):
        rows = connection.execute(
            select(
                Observation.target_id,
                type_coerce(Observation.value, String),
                type_coerce(Observation.date_upper, String),
                Observation.date,
                type_coerce(Observation.growth_pct, String),
                Observation.qualifier,
            )
            .where(
                Observation.target_id.in_(target_ids[start : start + IDS_AT_A_TIME]),
                Observation.date_lower <= as_of,
            )
            .order_by(Observation.target_id, Observation.date_lower, Observation.id)
        ).all()
        for target_id, group in groupby(rows, key=itemgetter(0)):
            known = list(group)
            first = min(known, key=WHEN)  # of a tie, the first
            latest = max(reversed(known), key=WHEN)  # of a tie, the last
            found[target_id] = (
                [point(first)] if len(known) == 1 else [point(first), point(latest)],
                latest[5],
            )
    return found
