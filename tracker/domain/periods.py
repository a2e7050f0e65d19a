"""The span a reported value covers (`period`), and what it takes to compare two values.

A year's trade and the trade of January to October are not the same quantity: growth is
read from like with like, and a partial-year value is only ever an estimate, said as such.
"""

from __future__ import annotations

import calendar
import datetime as dt

from tracker.errors import InvalidValue

PERIOD_WORDS = {
    "year": "year",
    "ytd": "year to date",
    "quarter": "quarter",
    "month": "month",
    "point": "as of",
}
# Values that stand for a whole span of their kind, comparable with each other.
FULL_PERIODS = (None, "year", "point")


def _is_month_end(day: dt.date) -> bool:
    return day.day == calendar.monthrange(day.year, day.month)[1]


def _months(lower: dt.date, upper: dt.date) -> int:
    return (upper.year - lower.year) * 12 + upper.month - lower.month + 1


def check_period(
    period: str | None, lower: dt.date | None, upper: dt.date | None, text: str | None
) -> None:
    """A period must be one its date can be: a year is "2024", a quarter three months
    from January, April, July or October, a year to date starts in January."""
    if period is None or lower is None or upper is None or period == "point":
        return
    whole_months = lower.day == 1 and _is_month_end(upper)
    spans = {
        "year": whole_months and lower.year == upper.year and _months(lower, upper) == 12,
        "ytd": whole_months and lower.year == upper.year and lower.month == 1,
        "quarter": whole_months
        and lower.year == upper.year
        and lower.month in (1, 4, 7, 10)
        and _months(lower, upper) == 3,
        "month": whole_months and _months(lower, upper) == 1,
    }
    if not spans[period]:
        examples = {
            "year": "2024",
            "ytd": "2025-01/2025-10, or 2025 when the month is not given",
            "quarter": "2025-01/2025-03",
            "month": "2025-03",
        }
        raise InvalidValue("period", f"{period} needs a date like {examples[period]}, not {text!r}")


def months_covered(
    period: str | None, text: str | None, lower: dt.date | None, upper: dt.date | None
) -> int | None:
    """How many months a year-to-date value covers; None when the source does not say
    (a bare year: "с начала года" in an undated text)."""
    if period != "ytd" or text is None or lower is None or upper is None or "/" not in text:
        return None
    return _months(lower, upper)


def period_label(period: str | None, text: str | None) -> str:
    """The date as the source gives it, and what span it is when that is not a plain year
    or day: "2025-01/2025-11? (year to date)"."""
    if text is None:
        return "undated" if period is None else f"undated ({PERIOD_WORDS[period]})"
    if period in (None, "year", "point"):
        return text
    return f"{text} ({PERIOD_WORDS[period]})"
