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
_YEAR = r"((?:19|20)\d\d)"
_RU_YEAR_WORD = r"\s*(?:годах|годов|годы|года|году|год|гг?\.)"
_RELATIVE_YEAR = r"(этого|текущего|нынешнего|прошлого|следующего)\s+года"
_RELATIVE_OFFSET = {"этого": 0, "текущего": 0, "нынешнего": 0, "прошлого": -1, "следующего": 1}

# Most specific first: a span claimed by one pattern is not matched again by a later one.
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(pattern, re.IGNORECASE))
    for name, pattern in (
        ("iso", r"\b(\d{4})-(\d{2})-(\d{2})\b"),
        ("dotted", r"\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b"),
        ("ru_day", rf"\b(\d{{1,2}})\s+{_RU_MONTH}(?:\s+{_YEAR}(?:{_RU_YEAR_WORD})?|\s+{_RELATIVE_YEAR})?"),  # noqa: E501
        ("en_day", rf"\b(\d{{1,2}})\s+{_EN_MONTH}(?:,?\s+{_YEAR})?"),
        ("en_month_day", rf"\b{_EN_MONTH}\s+(\d{{1,2}}),?\s+{_YEAR}"),
        ("ru_month", rf"\b{_RU_MONTH}\s+{_YEAR}(?:{_RU_YEAR_WORD})?"),
        ("en_month", rf"\b{_EN_MONTH}\s+{_YEAR}"),
        ("range", rf"\b{_YEAR}\s*[-–—]\s*{_YEAR}(?:{_RU_YEAR_WORD}|\s+years)?"),
        ("deadline", rf"\b(?:к|до)\s+{_YEAR}{_RU_YEAR_WORD}|\bby\s+{_YEAR}\b"),
        ("year", rf"\b{_YEAR}{_RU_YEAR_WORD}|\bin\s+{_YEAR}\b"),
        ("relative", rf"\b{_RELATIVE_YEAR}|\b(?:в\s+)?(этом|прошлом|следующем)\s+году"),
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
    if name in ("ru_month", "en_month"):
        month = _month(groups[0])
        return mention(_edtf(int(groups[1]), month, None)) if month else None
    if name == "range":
        first, last = int(groups[0]), int(groups[1])
        return mention(f"{first}/{last}") if first < last else None
    if name == "deadline":
        return mention(groups[0], deadline=True)
    if name == "year":
        return mention(groups[0])
    if name == "relative":
        word = groups[0].lower()
        offset = {"этом": 0, "прошлом": -1, "следующем": 1, **_RELATIVE_OFFSET}.get(word, 0)
        if published is None:
            return mention(None, f"{phrase!r}: the source has no date to count from")
        note = f"{phrase!r} resolved against the text's date ({published.isoformat()})"
        return mention(str(published.year + offset), note)
    # "today" / "сегодняшняя встреча": the day the text was published.
    if published is None:
        return mention(None, f"{phrase!r}: the source has no date")
    return mention(published.isoformat(), f"{phrase!r}: the text's own date")


def _month(text: str) -> int | None:
    lowered = text.lower()
    if lowered in _EN_MONTHS:
        return _EN_MONTHS.index(lowered) + 1
    for number, prefix in enumerate(_RU_MONTHS, start=1):
        # Only the month's own case forms: "марта", "марте", not "мартовский".
        if lowered.startswith(prefix) and lowered[len(prefix) :] in _RU_ENDINGS[prefix == "ма"]:
            return number
    return None


def _edtf(year: int, month: int | None, day: int | None) -> str:
    if month is None:
        return f"{year:04d}"
    return f"{year:04d}-{month:02d}" + (f"-{day:02d}" if day is not None else "")
