"""The span a reported value covers: "с начала года", "по итогам 2024 года", "за январь-октябрь",
"first nine months of 2021", "в первом полугодии".

A year-to-date value is not a year's: $4bn "с начала года" in November is on course for more
than $4bn in the year, so the period travels with the value (`period: ytd`,
`date: 2025-01/2025-10`). Without a year of its own a period is the publication's year, or
the year before when it ends after the publication month ("за январь-октябрь" in February).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

_RU_MONTHS = ("январ", "феврал", "март", "апрел", "ма", "июн", "июл", "август", "сентябр",
              "октябр", "ноябр", "декабр")  # fmt: skip
_EN_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_RU_MONTH = r"(?:январ|феврал|март|апрел|ма|июн|июл|август|сентябр|октябр|ноябр|декабр)[а-я]*"
_EN_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
_YEAR = r"((?:19|20)\d\d)"
_YEAR_AFTER = (
    rf"(?:\s+(?:{_YEAR}\s*(?:года|г\.)?|(прошлого|этого|текущего)\s+года)|,?\s+(?:of\s+)?{_YEAR})?"
)
_COUNTS = {
    "два": 2, "двух": 2, "три": 3, "трех": 3, "четыре": 4, "четырех": 4, "пять": 5, "пяти": 5,
    "шесть": 6, "шести": 6, "семь": 7, "семи": 7, "восемь": 8, "восьми": 8, "девять": 9,
    "девяти": 9, "десять": 10, "десяти": 10, "одиннадцать": 11, "одиннадцати": 11,
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11,
}  # fmt: skip
_COUNT = r"(\d{1,2}|" + "|".join(_COUNTS) + r")"
_ORDINAL_QUARTER = {"перв": 1, "втор": 2, "трет": 3, "четверт": 4, "first": 1, "second": 2,
                    "third": 3, "fourth": 4}  # fmt: skip

_PATTERNS = tuple(
    (name, re.compile(pattern, re.IGNORECASE))
    for name, pattern in (
        ("months_range", rf"\b(?:за|в|from)?\s*({_RU_MONTH}|{_EN_MONTH})\s*(?:[-–—]|through|to|по)\s*({_RU_MONTH}|{_EN_MONTH}){_YEAR_AFTER}"),  # noqa: E501
        ("months_count", rf"\b(?:за|по\s+итогам|в\s+течение|(?:over\s+|in\s+|during\s+)?the\s+first|in|over)\s+(?:первых\s+)?{_COUNT}\s+(?:месяц[а-я]*|months?){_YEAR_AFTER}"),  # noqa: E501
        ("half", rf"\b(?:в\s+первом\s+полугодии|за\s+первое\s+полугодие|за\s+полгода|(?:in\s+)?the\s+first\s+half(?:\s+of)?){_YEAR_AFTER}"),  # noqa: E501
        ("quarter", rf"\b(?:в|за)?\s*(перв|втор|трет|четверт|first|second|third|fourth)\w*\s+(?:квартал\w*|quarter)(?:\s+of)?{_YEAR_AFTER}"),  # noqa: E501
        ("ytd", r"\b(?:с\s+начала\s+(?:этого\s+|текущего\s+)?года|since\s+the\s+(?:beginning|start)\s+of\s+the\s+year|year[-\s]to[-\s]date|since\s+early\s+((?:19|20)\d\d))"),  # noqa: E501
        ("year", rf"\b(?:по\s+итогам|за|в|in|for)\s+{_YEAR}\s*(?:года|год|году|г\.)?"),
        ("year", r"\b(?:по\s+итогам|за|в)\s+(прошл|минувш|текущ|этом|эт)\w*\s+год\w*"),
        ("year", r"\b(last|this)\s+year\b"),
    )
)  # fmt: skip


@dataclass(frozen=True)
class Period:
    start: int
    end: int
    period: str  # year, ytd, quarter, month
    edtf: str | None  # None: the text has no date to count from


def find_periods(sentence: str, published: date | None) -> list[Period]:
    found: list[Period] = []
    for name, pattern in _PATTERNS:
        for match in pattern.finditer(sentence):
            if any(match.start() < p.end and p.start < match.end() for p in found):
                continue
            period = _read(name, match, published)
            if period is not None:
                found.append(period)
    return sorted(found, key=lambda p: p.start)


def _read(name: str, match: re.Match[str], published: date | None) -> Period | None:
    groups = match.groups()
    text = match.group().lower()

    def year_of(end_month: int, explicit: str | None, relative: str | None = None) -> int | None:
        if explicit:
            return int(explicit)
        if published is None:
            return None
        if relative and relative.lower().startswith("прошл"):
            return published.year - 1
        return published.year - 1 if end_month > published.month else published.year

    def made(period: str, year: int | None, first: int, last: int) -> Period:
        if year is None:
            return Period(match.start(), match.end(), period, None)
        edtf = f"{year}-{first:02d}/{year}-{last:02d}" if (first, last) != (1, 12) else str(year)
        return Period(match.start(), match.end(), period, edtf)

    if name == "months_range":
        first, last = _month(groups[0]), _month(groups[1])
        if first is None or last is None or first >= last:
            return None
        year = year_of(last, groups[2] or groups[4], groups[3])
        return made("ytd" if first == 1 else "month", year, first, last)
    if name == "months_count":
        count = int(groups[0]) if groups[0].isdigit() else _COUNTS.get(groups[0].lower(), 0)
        if not 1 < count < 12:
            return None
        return made("ytd", year_of(count, groups[1] or groups[3], groups[2]), 1, count)
    if name == "half":
        return made("ytd", year_of(6, groups[0] or groups[2], groups[1]), 1, 6)
    if name == "quarter":
        number = next(n for k, n in _ORDINAL_QUARTER.items() if groups[0].lower().startswith(k))
        year = year_of(number * 3, groups[1] or groups[3], groups[2])
        return made("quarter", year, number * 3 - 2, number * 3)
    if name == "ytd":
        if groups[0]:
            return Period(match.start(), match.end(), "ytd", None)
        if published is None:
            return Period(match.start(), match.end(), "ytd", None)
        return made("ytd", published.year, 1, max(published.month, 2))
    # A year: explicit, or the one before the publication ("в прошлом году", "last year"), or
    # the current one so far.
    if groups and groups[0] and groups[0].isdigit():
        return Period(match.start(), match.end(), "year", groups[0])
    if published is None:
        return Period(match.start(), match.end(), "year", None)
    if any(w in text for w in ("прошл", "минувш", "last")):
        return Period(match.start(), match.end(), "year", str(published.year - 1))
    # "в этом году уже наторговали", "this year": the year so far, not a year's value.
    return made("ytd", published.year, 1, max(published.month, 2))


def _month(text: str) -> int | None:
    lowered = text.lower().rstrip(".")
    for number, prefix in enumerate(_EN_MONTHS, start=1):
        if lowered.startswith(prefix) and re.fullmatch("[a-z]+", lowered):
            return number
    for number, prefix in enumerate(_RU_MONTHS, start=1):
        if lowered.startswith(prefix) and (prefix != "ма" or lowered[2:] in ("й", "я", "е", "ю")):
            return number
    return None
