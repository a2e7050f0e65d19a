"""`report targets`: every target assessed by the Open SDG method as of a date."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.domain.progress import Assessment, Point, assess
from tracker.models import Observation, Target
from tracker.services.kinds import KINDS
from tracker.services.listing import ListFilters, list_records

IDS_AT_A_TIME = 500  # ids in one IN (...) list


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
        # One order for the assessment and the qualifier, so both name the same latest value.
        points = sorted(observed.get(target.id, []), key=lambda p: p[0].when)
        report = TargetReport(
            target,
            assess_target(target, [p for p, _ in points], as_of),
            latest_qualifier=points[-1][1] if points else None,
        )
        reports.append(report)
    return reports


def _observed(
    session: Session, target_ids: list[int], as_of: dt.date
) -> dict[int, list[tuple[Point, str]]]:
    """Each target's observations dated by `as_of`, with their qualifiers."""
    found: dict[int, list[tuple[Point, str]]] = defaultdict(list)
    for start in range(0, len(target_ids), IDS_AT_A_TIME):
        rows = session.execute(
            select(
                Observation.target_id,
                Observation.value,
                Observation.date_upper,
                Observation.date,
                Observation.growth_pct,
                Observation.qualifier,
            )
            .where(
                Observation.target_id.in_(target_ids[start : start + IDS_AT_A_TIME]),
                Observation.date_lower <= as_of,
            )
            .order_by(Observation.target_id, Observation.date_lower, Observation.id)
        )
        for target_id, value, upper, label, growth, qualifier in rows:
            assert upper is not None  # dated: date_lower <= as_of
            assert label is not None
            found[target_id].append((Point(value, upper, label, growth), qualifier))
    return found
