"""The Open SDG target method on hand-computed cases."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given
from hypothesis import strategies as st

from tracker.domain.progress import Point, assess, years_between

END_2030 = dt.date(2030, 12, 31)
AS_OF = dt.date(2026, 11, 21)


def point(value: int | str, year: int, growth: int | None = None) -> Point:
    growth_pct = Decimal(growth) if growth is not None else None
    return Point(Decimal(value), dt.date(year, 12, 31), str(year), growth_pct)


def test_years_by_calendar() -> None:
    assert years_between(dt.date(2024, 12, 31), dt.date(2030, 12, 31)) == 6
    assert years_between(dt.date(2025, 1, 31), dt.date(2025, 7, 31)) == 0.5
    assert years_between(dt.date(2025, 1, 1), dt.date(2025, 1, 11)) == pytest.approx(10 / 365.25)


DAYS = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31))
MONTH_ENDS = st.builds(
    lambda year, month, back: (dt.date(year, month % 12 + 1, 1) if month < 12
                               else dt.date(year + 1, 1, 1)) - dt.timedelta(days=1 + back),
    st.integers(1900, 2099), st.integers(1, 12), st.integers(0, 3),
)  # fmt: skip


@given(start=DAYS | MONTH_ENDS, end=DAYS | MONTH_ENDS)
def test_years_are_counted_as_relativedelta_counts_them(start: dt.date, end: dt.date) -> None:
    """Exactly (not approximately) relativedelta's years, months and days, month ends included,
    either way round: the statuses of earlier reports must not move."""
    delta = relativedelta(end, start)
    assert years_between(start, end) == delta.years + delta.months / 12 + delta.days / 365.25


def test_no_observation() -> None:
    result = assess(
        target_value=Decimal(10**10), direction="up", deadline=END_2030, baseline=None,
        observations=[], as_of=AS_OF,
    )  # fmt: skip
    assert result.status == "insufficient_data"
    assert result.reason == "no observation dated on or before the as-of date"
    assert result.ratio is None


def test_one_observation_with_reported_growth() -> None:
    """About $4bn in 2025, up 15%: the base is $4bn / 1.15 at the end of 2024.

    required = (10 / 3.478) ** (1/6) - 1 = 19.24%; R = 15 / 19.24 = 0.78;
    needed from latest = 2.5 ** (1/5) - 1 = 20.11%; projected = 4 * 1.15 ** 5 = 8.045bn.
    """
    result = assess(
        target_value=Decimal(10**10), direction="up", deadline=END_2030, baseline=None,
        observations=[point(4 * 10**9, 2025, growth=15)], as_of=AS_OF,
    )  # fmt: skip
    assert result.status == "acceleration_needed"
    assert result.base_derived
    assert result.base is not None
    assert (result.base.when, result.base.label) == (dt.date(2024, 12, 31), "2024")
    assert round(result.base.value) == 3478260870
    assert result.observed_growth_pct == 15.0
    assert result.required_growth_pct == 19.24
    assert result.ratio == 0.78
    assert result.progress_pct == 8.0
    assert result.needed_growth_pct == 20.11
    assert result.projected_value == Decimal(8045428750)


def test_one_observation_without_growth_is_not_no_progress() -> None:
    result = assess(
        target_value=Decimal(10**10), direction="up", deadline=END_2030, baseline=None,
        observations=[point(4 * 10**9, 2025)], as_of=AS_OF,
    )  # fmt: skip
    assert result.status == "insufficient_data"
    assert result.progress_pct is None


def test_several_observations_on_track() -> None:
    """100 (2020) -> 121 (2022): 10% a year; 200 by 2030 needs 2 ** (1/10) - 1 = 7.18%."""
    result = assess(
        target_value=Decimal(200), direction="up", deadline=END_2030, baseline=None,
        observations=[point(100, 2020), point(110, 2021), point(121, 2022)], as_of=AS_OF,
    )  # fmt: skip
    assert result.status == "on_track"
    assert (result.observed_growth_pct, result.required_growth_pct) == (10.0, 7.18)
    assert result.ratio == 1.39
    assert result.progress_pct == 21.0
    assert result.needed_growth_pct == 6.48  # (200 / 121) ** (1/8) - 1
    assert result.projected_value == Decimal(259)  # 121 * 1.1 ** 8 = 259.37


@pytest.mark.parametrize(
    ("latest", "status", "ratio"),
    [
        (104, "limited_progress", 0.28),  # sqrt(1.04) - 1 = 1.980% / 7.177% = 0.276
        (95, "deterioration", -0.35),  # sqrt(0.95) - 1 = -2.532% / 7.177% = -0.353
    ],
)
def test_slow_and_backward(latest: int, status: str, ratio: float) -> None:
    result = assess(
        target_value=Decimal(200), direction="up", deadline=END_2030, baseline=None,
        observations=[point(100, 2020), point(latest, 2022)], as_of=AS_OF,
    )  # fmt: skip
    assert (result.status, result.ratio) == (status, ratio)


def test_achieved() -> None:
    result = assess(
        target_value=Decimal(120), direction="up", deadline=END_2030, baseline=None,
        observations=[point(100, 2020), point(125, 2022)], as_of=AS_OF,
    )  # fmt: skip
    assert result.status == "achieved"


def test_missed_once_the_deadline_has_passed() -> None:
    result = assess(
        target_value=Decimal(200), direction="up", deadline=dt.date(2025, 12, 31), baseline=None,
        observations=[point(100, 2020), point(150, 2024)], as_of=dt.date(2026, 1, 1),
    )  # fmt: skip
    assert result.status == "missed"


def test_downward_target_is_symmetric() -> None:
    """100 -> 90 over two years (-5.13%); 50 by 2030 needs 0.5 ** (1/10) - 1 = -6.70%."""
    result = assess(
        target_value=Decimal(50), direction="down", deadline=END_2030, baseline=None,
        observations=[point(100, 2020), point(90, 2022)], as_of=AS_OF,
    )  # fmt: skip
    assert result.status == "acceleration_needed"
    assert (result.observed_growth_pct, result.required_growth_pct) == (-5.13, -6.7)
    assert result.ratio == 0.77
    assert result.progress_pct == 20.0
    reached = assess(
        target_value=Decimal(50), direction="down", deadline=END_2030, baseline=None,
        observations=[point(100, 2020), point(45, 2024)], as_of=AS_OF,
    )  # fmt: skip
    assert reached.status == "achieved"


def test_explicit_baseline_is_the_base() -> None:
    result = assess(
        target_value=Decimal(200), direction="up", deadline=END_2030,
        baseline=point(100, 2020), observations=[point(121, 2022)], as_of=AS_OF,
    )  # fmt: skip
    assert result.status == "on_track"
    assert not result.base_derived
    assert result.observed_growth_pct == 10.0


def test_unknown_base_date() -> None:
    result = assess(
        target_value=Decimal(200), direction="up", deadline=END_2030, baseline=None,
        baseline_value_without_date=True, observations=[point(121, 2022)], as_of=AS_OF,
    )  # fmt: skip
    assert result.status == "insufficient_data"
    assert result.reason == "the baseline has no date"


def test_unknown_deadline() -> None:
    result = assess(
        target_value=Decimal(200), direction="up", deadline=None, baseline=None,
        observations=[point(100, 2020), point(121, 2022)], as_of=AS_OF,
    )  # fmt: skip
    assert result.status == "insufficient_data"
    assert result.reason == "the target has no deadline"
