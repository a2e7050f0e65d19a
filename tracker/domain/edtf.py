"""Dates at the precision the source gives them, after EDTF level 0/1.

A stored date is its EDTF text plus the first and last calendar day it can mean, so that
filters and sorting work on any precision: "2030" spans 2030-01-01..2030-12-31.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

ACCEPTED_FORMS = (
    "YYYY, YYYY-MM, YYYY-MM-DD, optionally followed by ~ (approximate) or ? (uncertain), "
    "or a range A/B of those"
)
# Matched with fullmatch: `$` would also match before a final newline, letting "2025\n" through.
_PART = re.compile(r"(?P<y>\d{4})(?:-(?P<m>\d{2})(?:-(?P<d>\d{2}))?)?(?P<q>[~?%])?")


@dataclass(frozen=True)
class EdtfDate:
    text: str
    lower: date
    upper: date
    precision: str  # "year", "month" or "day": of the start, for display
    approximate: bool = False
    uncertain: bool = False
    is_range: bool = False


def _bounds(part: str) -> tuple[date, date, str, str]:
    match = _PART.fullmatch(part)
    if not match:
        raise ValueError(f"{part!r} is not a date; accepted: {ACCEPTED_FORMS}")
    year = int(match["y"])
    if year < 1:
        raise ValueError(f"{part!r}: year 0000 does not exist")
    qualifier = match["q"] or ""
    if match["m"] is None:
        return date(year, 1, 1), date(year, 12, 31), "year", qualifier
    month = int(match["m"])
    if not 1 <= month <= 12:
        raise ValueError(f"{part!r}: month must be 01-12")
    last = calendar.monthrange(year, month)[1]
    if match["d"] is None:
        return date(year, month, 1), date(year, month, last), "month", qualifier
    day = int(match["d"])
    if not 1 <= day <= last:
        raise ValueError(f"{part!r}: day must be 01-{last:02d} in {year}-{month:02d}")
    exact = date(year, month, day)
    return exact, exact, "day", qualifier


def parse_edtf(text: str) -> EdtfDate:
    """Parse strict EDTF text; raises ValueError naming what is accepted."""
    text = text.strip()
    if "/" in text:
        start_text, _, end_text = text.partition("/")
        lower, _, precision, q1 = _bounds(start_text)
        _, upper, _, q2 = _bounds(end_text)
        if upper < lower:
            raise ValueError(f"{text!r}: the range ends before it starts")
        return EdtfDate(
            text,
            lower,
            upper,
            precision,
            "~" in q1 + q2 or "%" in q1 + q2,
            "?" in q1 + q2 or "%" in q1 + q2,
            True,
        )
    lower, upper, precision, qualifier = _bounds(text)
    return EdtfDate(
        text,
        lower,
        upper,
        precision,
        qualifier in "~%" and bool(qualifier),
        qualifier in "?%" and bool(qualifier),
    )
