"""Values for people: "over $1.7bn", "15,000 jobs", "7,591 km", "15 Nov 2025", "c. 2025"."""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache

from tracker.domain.decimals import canonical
from tracker.domain.edtf import parse_edtf

_QUALIFIER_WORDS = {"over": "over ", "about": "about ", "under": "under ", "up_to": "up to "}
_CURRENCY_SIGNS = {"USD": "$", "EUR": "€", "GBP": "£", "RUB": "₽", "KZT": "₸"}
_SCALES = ((Decimal(10) ** 12, "tn"), (Decimal(10) ** 9, "bn"), (Decimal(10) ** 6, "m"))
_UNIT_SUFFIX = {"count": "", "percent": "%", "km": " km"}
_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def _number(value: Decimal) -> str:
    """Scaled to tn/bn/m with at most two decimals, else grouped in thousands."""
    size = abs(value)
    for scale, suffix in _SCALES:
        if size >= scale:
            return canonical(round(value / scale, 2)) + suffix
    whole, _, fraction = canonical(value).partition(".")
    grouped = f"{int(whole):,}" if whole not in ("-0", "") else whole
    return f"{grouped}.{fraction}" if fraction else grouped


def quantity(value: Decimal | None, unit: str | None, qualifier: str | None = None) -> str:
    if value is None:
        return ""
    prefix = _QUALIFIER_WORDS.get(qualifier or "exact", "")
    if unit == "percent":
        return f"{prefix}{canonical(value)}%"
    number = _number(value)
    if unit in _CURRENCY_SIGNS:
        sign = "-" if number.startswith("-") else ""
        return f"{prefix}{sign}{_CURRENCY_SIGNS[unit]}{number.lstrip('-')}"
    if unit is None or unit == "count":
        return f"{prefix}{number}"
    if unit in _UNIT_SUFFIX:
        return f"{prefix}{number}{_UNIT_SUFFIX[unit]}"
    return f"{prefix}{number} {unit}"


def _one_date(text: str) -> str:
    parsed = parse_edtf(text)
    day = parsed.lower
    if parsed.precision == "year":
        shown = f"{day.year}"
    elif parsed.precision == "month":
        shown = f"{_MONTHS[day.month - 1]} {day.year}"
    else:
        shown = f"{day.day} {_MONTHS[day.month - 1]} {day.year}"
    if parsed.approximate:
        shown = f"c. {shown}"
    if parsed.uncertain:
        shown = f"{shown}?"
    return shown


@lru_cache(maxsize=4096)  # a report repeats a few dates (deadlines, year ends) thousands of times
def dated(text: str | None, period: str | None) -> str:
    """A value's date with the span it covers when that is not a plain year or a day:
    "Jan 2025 – Oct 2025 (year to date)", "undated (quarter)"."""
    from tracker.domain.periods import PERIOD_WORDS

    shown = date(text)
    if period in (None, "year", "point"):
        return shown
    return f"{shown or 'undated'} ({PERIOD_WORDS[period]})"


def date(text: str | None) -> str:
    """An EDTF date at its own precision: "2030", "Mar 2025", "15 Nov 2025", "c. 2025"."""
    if not text:
        return ""
    if "/" in text:
        start, _, end = text.partition("/")
        return f"{_one_date(start)} – {_one_date(end)}"
    return _one_date(text)
