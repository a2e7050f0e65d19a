"""`report targets`: every target assessed by the Open SDG method as of a date."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from tracker.domain.progress import Assessment, Point, assess
from tracker.models import Observation, Target
from tracker.services.kinds import KINDS
from tracker.services.listing import ListFilters, list_records


@dataclass(frozen=True)
class TargetReport:
    target: Target
    assessment: Assessment

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


def _point(observation: Observation) -> Point:
    assert observation.date is not None
    assert observation.date_upper is not None
    return Point(
        observation.value, observation.date_upper, observation.date, observation.growth_pct
    )


def assess_target(target: Target, as_of: dt.date) -> Assessment:
    observations = [
        _point(o)
        for o in target.observations
        if o.date_lower is not None and o.date_lower <= as_of  # known by then
    ]
    observations.sort(key=lambda p: p.when)
    baseline = None
    if target.baseline_value is not None and target.baseline_date_upper and target.baseline_date:
        baseline = Point(target.baseline_value, target.baseline_date_upper, target.baseline_date)
    return assess(
        target_value=target.target_value,
        direction=target.direction,
        deadline=target.deadline_upper,
        baseline=baseline,
        baseline_value_without_date=target.baseline_value is not None and baseline is None,
        observations=observations,
        as_of=as_of,
    )


def target_reports(session: Session, filters: ListFilters, as_of: dt.date) -> list[TargetReport]:
    targets = list_records(session, KINDS["target"], filters)
    return [TargetReport(t, assess_target(t, as_of)) for t in targets]  # type: ignore[arg-type]
