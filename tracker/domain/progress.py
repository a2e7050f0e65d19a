"""Is a target on track? The Open SDG progress method (Statistics Canada), as DOMAIN.md writes
it out:

    observed growth  CAGR_o = (y_t / y_0) ** (1 / (t - t_0)) - 1   base (t_0, y_0) to latest
    required growth  CAGR_r = (y_T / y_0) ** (1 / (T - t_0)) - 1   base to target y_T at T
    R = CAGR_o / CAGR_r: on_track >= 0.95 > acceleration_needed >= 0.6 > limited_progress >= 0
    > deterioration; achieved once the target is passed; missed once the deadline has passed.

Dates given as a year or a month stand for the end of that period. Like is compared with
like: growth is read between full-period values (a year's, or a point in time's); a value for
part of a year (January to October) is not a year's. When it is the latest value there is,
it is annualised (x 12 / months covered) and the assessment is flagged a partial-year
estimate; one whose months are not given is shown but not used. The base is the target's
baseline, else the earliest full-period value, else (a single value with the growth its
source reports) the value a year before it. Pure: no database.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Any

from dateutil.relativedelta import relativedelta

ON_TRACK = 0.95
ACCELERATION_NEEDED = 0.6


@dataclass(frozen=True)
class Point:
    value: Decimal
    when: dt.date  # the end of the period the source gives
    label: str  # the date as the source gives it (EDTF)
    growth_pct: Decimal | None = None
    period: str | None = None  # domain.periods: None (not stated), year, ytd, quarter, ...
    months: int | None = None  # of a year-to-date value, when the source says
    qualifier: str | None = None  # "about", "over"...: the source's words, kept when shown


@dataclass(frozen=True)
class Partial:
    """A year-to-date value later than every full-period one."""

    point: Point

    def annualised(self) -> Point | None:
        months = self.point.months
        if not months:
            return None
        # The estimate stands for the whole year, and is labelled so.
        year = self.point.when.year
        return Point(
            self.point.value * 12 / months,
            dt.date(year, 12, 31),
            f"{year}{'?' if '?' in self.point.label else ''}",
            self.point.growth_pct,
            period="ytd",
            months=months,
            qualifier=self.point.qualifier,
        )


@dataclass(frozen=True)
class Assessment:
    status: str
    base: Point | None = None
    base_derived: bool = False  # from one observation and its reported growth
    latest: Point | None = None
    observed_growth_pct: float | None = None
    required_growth_pct: float | None = None
    ratio: float | None = None
    progress_pct: float | None = None
    needed_growth_pct: float | None = None
    projected_value: Decimal | None = None
    reason: str | None = None  # why data is insufficient
    # A year-to-date value later than every full-period one, as its source gives it.
    partial: Point | None = None
    # ...annualised and taken as the latest value: the status is an estimate. When False
    # with a `partial`, its months are not given and it is shown but not used.
    partial_estimate: bool = False
    declining: bool = False  # the latest value is below the base

    @property
    def basis(self) -> str | None:
        """What an estimate rests on, in words a table can show."""
        if self.partial is not None and self.partial_estimate:
            return f"partial-year estimate: {self.partial.months} months annualised"
        if self.partial is not None:
            return "a year-to-date value (months not given) is not used"
        return None


# Targets share deadlines and their values share dates (year ends): a report of 10^4 targets
# asks for a few hundred distinct spans, three times a target.
@lru_cache(maxsize=8192)
def years_between(start: dt.date, end: dt.date) -> float:
    """Calendar years: whole years, plus months / 12, plus days / 365.25, as dateutil's
    relativedelta(end, start) counts them (tests compare the two), without building one: the
    report computes this three times a target."""
    months = (end.year - start.year) * 12 + end.month - start.month
    # Step back (or forward, if end is earlier) until `start` shifted by whole months does
    # not pass `end`; a shift to a shorter month lands on its last day.
    step = -1 if end >= start else 1
    shifted = _add_months(start, months)
    while (shifted > end) if step < 0 else (shifted < end):
        months += step
        shifted = _add_months(start, months)
    days = (end - shifted).days
    whole_years = int(months / 12)  # toward zero, as relativedelta splits them
    return whole_years + (months - whole_years * 12) / 12 + days / 365.25


def _add_months(day: dt.date, months: int) -> dt.date:
    year, month = divmod(day.month - 1 + months, 12)
    year, month = day.year + year, month + 1
    return dt.date(year, month, min(day.day, _days_in(year, month)))


_DAYS_IN_MONTH = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _days_in(year: int, month: int) -> int:
    """calendar.monthrange also works out the month's first weekday: most of its cost, for
    targets dated at year ends."""
    return 29 if month == 2 and calendar.isleap(year) else _DAYS_IN_MONTH[month - 1]


def _cagr(start: Decimal, end: Decimal, years: float) -> float:
    """Infinite when the values are too far apart, or too close in time, for a float."""
    try:
        growth: float = float(end / start) ** (1 / years) - 1
    except OverflowError:
        return math.inf
    return growth


def _projection(latest: Decimal, growth: float, years: float) -> Decimal | None:
    """The latest value carried forward at `growth`; None beyond what a float can hold."""
    try:
        projected = float(latest) * (1 + growth) ** years
    except OverflowError:
        return None
    return Decimal(str(round(projected))) if math.isfinite(projected) else None


def _year_before(label: str) -> str:
    """ "2025" -> "2024"; "2025-01/2025-11?" -> "2024-01/2024-11?": each year one less."""
    return re.sub(r"\d{4}", lambda m: str(int(m[0]) - 1), label)


def _passed(value: Decimal, target: Decimal, direction: str) -> bool:
    return value >= target if direction == "up" else value <= target


def assess(
    *,
    target_value: Decimal,
    direction: str,
    deadline: dt.date | None,
    baseline: Point | None,
    baseline_value_without_date: bool = False,
    observations: list[Point],
    as_of: dt.date,
    partial: Partial | None = None,
) -> Assessment:
    """`observations`: the full-period values dated on or before `as_of`, in date order (the
    first and the latest suffice); `partial`: a later year-to-date value, if any."""
    estimate = partial.annualised() if partial else None
    if estimate is not None:
        observations = [*observations, estimate]
    return _assess(
        target_value=target_value,
        direction=direction,
        deadline=deadline,
        baseline=baseline,
        baseline_value_without_date=baseline_value_without_date,
        observations=observations,
        as_of=as_of,
        partial=partial.point if partial else None,
        partial_estimate=estimate is not None,
    )


def _assess(
    *,
    target_value: Decimal,
    direction: str,
    deadline: dt.date | None,
    baseline: Point | None,
    baseline_value_without_date: bool,
    observations: list[Point],
    as_of: dt.date,
    partial: Point | None,
    partial_estimate: bool,
) -> Assessment:
    latest = observations[-1] if observations else None
    base, derived = baseline, False
    if base is None and observations:
        base = observations[0]
        if (
            len(observations) == 1
            and latest is not None
            and latest.growth_pct is not None
            and latest.growth_pct > -100  # refused at input; older data may still hold it
        ):
            # One value with its reported annual growth: the value a year earlier is the base.
            previous = latest.value / (1 + latest.growth_pct / 100)
            label = _year_before(latest.label)
            base = Point(
                previous,
                latest.when - relativedelta(years=1),
                label,
                period=latest.period,
                months=latest.months,
                qualifier=latest.qualifier,
            )
            derived = True
    declining = base is not None and latest is not None and latest.value < base.value

    def made(status: str, **numbers: Any) -> Assessment:
        return Assessment(
            status,
            base,
            derived,
            latest,
            partial=partial,
            partial_estimate=partial_estimate,
            declining=declining,
            **numbers,
        )

    if latest is not None and _passed(latest.value, target_value, direction):
        return made("achieved")
    if deadline is not None and as_of > deadline:
        return made("missed")

    def insufficient(reason: str) -> Assessment:
        return made("insufficient_data", reason=reason)

    if latest is None:
        return insufficient("no observation dated on or before the as-of date")
    if baseline_value_without_date:
        return insufficient("the baseline has no date")
    if base is None or base.when >= latest.when:
        return insufficient("only one dated value, with no reported growth")
    if deadline is None:
        return insufficient("the target has no deadline")
    if base.value <= 0 or latest.value <= 0 or target_value <= 0:
        return insufficient("growth rates need positive values")
    if deadline <= base.when:
        return insufficient("the deadline is not after the base date")
    observed = _cagr(base.value, latest.value, years_between(base.when, latest.when))
    required = _cagr(base.value, target_value, years_between(base.when, deadline))
    if not (math.isfinite(observed) and math.isfinite(required)) or required == 0:
        return insufficient("the values are too far apart to compute a growth rate")
    progress = float((latest.value - base.value) / (target_value - base.value)) * 100
    remaining = years_between(latest.when, deadline)
    needed = _cagr(latest.value, target_value, remaining) if remaining > 0 else None
    projected = _projection(latest.value, observed, remaining)
    ratio = observed / required
    if ratio >= ON_TRACK:
        status = "on_track"
    elif ratio >= ACCELERATION_NEEDED:
        status = "acceleration_needed"
    elif ratio >= 0:
        status = "limited_progress"
    else:
        status = "deterioration"
    return made(
        status,
        observed_growth_pct=round(observed * 100, 2),
        required_growth_pct=round(required * 100, 2),
        ratio=round(ratio, 2),
        progress_pct=round(progress, 2),
        needed_growth_pct=round(needed * 100, 2) if needed is not None else None,
        projected_value=projected,
    )
