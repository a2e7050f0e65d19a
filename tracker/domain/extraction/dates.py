"""Dates in a sentence, resolved against the text's publication date at their precision.

"15 ноября" in a text of 2025-11-15 is 2025-11-15; "к 2030 году" is a deadline of 2030;
"2026-2027 годы" is the range 2026/2027. A date that needs a year the text does not give
(no publication date) is reported unresolved, for the analyst.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

_RU_MONTHS = (
    "январ", "феврал", "март", "апрел", "ма", "июн", "июл", "август", "сентябр", "октябр",
    "ноябр", "декабр",
)  # fmt: skip
_RU_ENDINGS = {False: ("", "ь", "я", "е", "а"), True: ("й", "я", "е")}
_EN_MONTHS = (
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december",
)  # fmt: skip
_RU_MONTH = r"((?:январ|феврал|март|апрел|ма|июн|июл|август|сентябр|октябр|ноябр|декабр)[а-я]*)"
_EN_MONTH = r"(" + "|".join(_EN_MONTHS) + r")"
_EN_MONTH_SHORT = (
    r"(" + "|".join(_EN_MONTHS) + r"|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)"
)
_YEAR = r"((?:19|20)\d\d)"
_RU_YEAR_WORD = r"\s*(?:годах|годов|годы|года|году|год|гг?\.)"
_RELATIVE_YEAR = r"(этого|текущего|нынешнего|прошлого|следующего)\s+года"
# "в ближайшие 5 лет", "within five years": a count of years in digits or words.
_COUNT_WORDS = {
    "два": 2, "двух": 2, "три": 3, "трех": 3, "трёх": 3, "четыре": 4, "четырех": 4, "пять": 5,
    "пяти": 5, "шесть": 6, "шести": 6, "семь": 7, "семи": 7, "десять": 10, "десяти": 10,
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "ten": 10,
}  # fmt: skip
_COUNT = r"\d{1,2}|" + "|".join(_COUNT_WORDS)
_RELATIVE_OFFSET = {"этого": 0, "текущего": 0, "нынешнего": 0, "прошлого": -1, "следующего": 1}

# Most specific first: a span claimed by one pattern is not matched again by a later one.
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(pattern, re.IGNORECASE))
    for name, pattern in (
        ("iso", r"\b(\d{4})-(\d{2})-(\d{2})\b"),
        ("dotted", r"\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b"),
        ("ru_day_range", rf"\b(\d{{1,2}})\s*[-–—]\s*(\d{{1,2}})\s+{_RU_MONTH}(?:\s+{_YEAR}(?:{_RU_YEAR_WORD})?)?"),  # noqa: E501
        ("en_day_range", rf"\b{_EN_MONTH}\s+(\d{{1,2}})\s*[-–—]\s*(\d{{1,2}})(?:,?\s+{_YEAR})?"),
        ("ru_day", rf"\b(\d{{1,2}})\s+{_RU_MONTH}(?:\s+{_YEAR}(?:{_RU_YEAR_WORD})?|\s+{_RELATIVE_YEAR})?"),  # noqa: E501
        ("en_day", rf"\b(\d{{1,2}})\s+{_EN_MONTH}(?:,?\s+{_YEAR})?"),
        ("en_month_day", rf"\b{_EN_MONTH}\s+(\d{{1,2}}),?\s+{_YEAR}"),
        ("en_month_day_open", rf"\b{_EN_MONTH_SHORT}\.?\s+(\d{{1,2}})\b(?!\s*[-–—,]?\s*\d)"),
        ("ru_month", rf"\b{_RU_MONTH}\s+{_YEAR}(?:{_RU_YEAR_WORD})?"),
        ("en_month", rf"\b{_EN_MONTH}\s+{_YEAR}"),
        ("range", rf"\b{_YEAR}\s*[-–—]\s*{_YEAR}(?:{_RU_YEAR_WORD}|\s+years)?"),
        ("deadline", rf"\b(?:к|до)\s+{_YEAR}{_RU_YEAR_WORD}|\bby\s+{_YEAR}\b"),
        ("within", rf"\b(?:в\s+ближайшие|в\s+течение(?:\s+ближайших)?|в\s+следующие|на\s+ближайшие|"
                   rf"within(?:\s+the\s+next)?|(?:over|in|for)\s+the\s+(?:next|coming))\s+"
                   rf"({_COUNT})\s+(?:лет|года|годы|years?)\b"),
        ("vague", r"\b(?:в\s+ближайшие\s+годы|в\s+ближайшей\s+перспективе|в\s+перспективе|"
                  r"в\s+среднесрочной\s+перспективе|in\s+the\s+near\s+future|"
                  r"in\s+the\s+coming\s+years|in\s+the\s+medium\s+term)\b"),
        ("past_span", rf"\b(?:за\s+последние|over\s+the\s+(?:past|last))\s+({_COUNT})\s+"
                      r"(?:лет|года|years?)\b"),
        ("year", rf"\b{_YEAR}{_RU_YEAR_WORD}|\bin\s+{_YEAR}\b"),
        ("month_only", rf"\b(?:в|in)\s+{_RU_MONTH}(?![\s-]*\d)|\bin\s+{_EN_MONTH}\b(?!\s*\d)"),
        ("relative", rf"\b{_RELATIVE_YEAR}|\b(?:в\s+)?(этом|прошлом|следующем)\s+году"
                     r"|\b(this|last|next)\s+year\b"),
        ("today", r"\b(сегодня\w*|today)\b"),
    )
)  # fmt: skip


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    phrase: str
    edtf: str | None  # None: the text does not give enough to resolve it
    deadline: bool = False
    note: str | None = None


def find_dates(sentence: str, published: date | None) -> list[DateMention]:
    taken: list[tuple[int, int]] = []
    found: list[DateMention] = []
    for name, pattern in _PATTERNS:
        for match in pattern.finditer(sentence):
            if any(match.start() < end and start < match.end() for start, end in taken):
                continue
            mention = _resolve(name, match, published)
            if mention is not None:
                taken.append((match.start(), match.end()))
                found.append(mention)
    return sorted(found, key=lambda m: m.start)


def _resolve(name: str, match: re.Match[str], published: date | None) -> DateMention | None:
    groups = [g for g in match.groups() if g is not None]
    phrase = match.group().strip()

    def mention(edtf: str | None, note: str | None = None, deadline: bool = False) -> DateMention:
        return DateMention(match.start(), match.end(), phrase, edtf, deadline, note)

    def needs_year(month: int, day: int | None, offset: int = 0) -> DateMention:
        if published is None:
            return mention(None, f"{phrase!r} gives no year and the source has no date")
        year = published.year + offset
        note = f"{phrase!r} resolved against the text's date ({published.isoformat()})"
        return mention(_edtf(year, month, day), note)

    def exact(year: int, month: int, day: int) -> DateMention | None:
        try:
            date(year, month, day)
        except ValueError:
            return None  # "31.02.2025" is not a date but digits
        return mention(_edtf(year, month, day))

    if name == "iso":
        return exact(int(groups[0]), int(groups[1]), int(groups[2]))
    if name == "dotted":
        return exact(int(groups[2]), int(groups[1]), int(groups[0]))
    if name in ("ru_day", "en_day", "en_month_day"):
        day_text, month_text = (groups[1], groups[0]) if name == "en_month_day" else groups[:2]
        month, day = _month(month_text), int(day_text)
        if month is None:
            return None
        rest = groups[2:]
        if rest and rest[0].isdigit():
            return exact(int(rest[0]), month, day)
        offset = _RELATIVE_OFFSET.get(rest[0].lower(), 0) if rest else 0
        return needs_year(month, day, offset) if 1 <= day <= 31 else None
    if name in ("ru_day_range", "en_day_range"):
        first, last = (groups[0], groups[1]) if name == "ru_day_range" else (groups[1], groups[2])
        month = _month(groups[2] if name == "ru_day_range" else groups[0])
        year_text = groups[3] if len(groups) > 3 else None
        if month is None or not int(first) < int(last) <= 31:
            return None
        if year_text is None and published is None:
            return mention(None, f"{phrase!r} gives no year and the source has no date")
        year = int(year_text) if year_text else published.year  # type: ignore[union-attr]
        try:
            date(year, month, int(last))
        except ValueError:
            return None
        return mention(f"{_edtf(year, month, int(first))}/{_edtf(year, month, int(last))}")
    if name == "en_month_day_open":
        month = _month(groups[0])
        return needs_year(month, int(groups[1])) if month and 1 <= int(groups[1]) <= 31 else None
    if name in ("ru_month", "en_month"):
        month = _month(groups[0])
        return mention(_edtf(int(groups[1]), month, None)) if month else None
    if name == "range":
        first, last = int(groups[0]), int(groups[1])
        return mention(f"{first}/{last}") if first < last else None
    if name == "deadline":
        return mention(groups[0], deadline=True)
    if name in ("within", "vague", "past_span"):
        edtf, note, deadline = _span(name, groups, phrase, published)
        return mention(edtf, note, deadline)
    if name == "month_only":
        month = _month(groups[0])
        return needs_year(month, None) if month else None
    if name == "year":
        return mention(groups[0])
    if name == "relative":
        word = groups[0].lower()
        offset = {"этом": 0, "прошлом": -1, "следующем": 1, "this": 0, "last": -1, "next": 1,
                  **_RELATIVE_OFFSET}.get(word, 0)  # fmt: skip
        if published is None:
            return mention(None, f"{phrase!r}: the source has no date to count from")
        note = f"{phrase!r} resolved against the text's date ({published.isoformat()})"
        return mention(str(published.year + offset), note)
    # "today" / "сегодняшняя встреча": the day the text was published.
    if published is None:
        return mention(None, f"{phrase!r}: the source has no date")
    return mention(published.isoformat(), f"{phrase!r}: the text's own date")


def _span(
    name: str, groups: list[str], phrase: str, published: date | None
) -> tuple[str | None, str, bool]:
    """'в ближайшие 5 лет' (a deadline counted from the text's date), 'в ближайшие годы' (a
    deadline without a year), 'за последние пять лет' (a span before it, no date)."""
    if name == "vague":
        return None, f"{phrase!r} gives no year", True
    if name == "past_span":
        return None, f"{phrase!r}: a span before the text's date", False
    years = int(groups[0]) if groups[0].isdigit() else _COUNT_WORDS[groups[0].lower()]
    if published is None:
        return None, f"{phrase!r}: the source has no date to count from", True
    note = f"{phrase!r}: {years} years from the text's date ({published.isoformat()})"
    return str(published.year + years), note, True


def _month(text: str) -> int | None:
    lowered = text.lower()
    if lowered in _EN_MONTHS:
        return _EN_MONTHS.index(lowered) + 1
    short = [m[:3] for m in _EN_MONTHS]
    if lowered[:3] in short and len(lowered) <= 4 and re.fullmatch("[a-z]+", lowered):
        return short.index(lowered[:3]) + 1
    for number, prefix in enumerate(_RU_MONTHS, start=1):
        # Only the month's own case forms: "марта", "марте", not "мартовский".
        if lowered.startswith(prefix) and lowered[len(prefix) :] in _RU_ENDINGS[prefix == "ма"]:
            return number
    return None


def _edtf(year: int, month: int | None, day: int | None) -> str:
    if month is None:
        return f"{year:04d}"
    return f"{year:04d}-{month:02d}" + (f"-{day:02d}" if day is not None else "")
