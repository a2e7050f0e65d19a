"""What a record says it read, against what its quotes say: a date part, a party or a place
that no quote gives was inferred, and must be marked so (EDTF `?`/`~`, `parties_inferred`).

The rules read the record's own quotes only. They are deliberately plain: a year is read
when its four digits are quoted, a month when its name (or a numeric date) is, a day when
its number stands beside that month; a country when its name, adjective, capital or leader
is. A curator who resolved "сегодня" or "15 марта этого года" against the text's date has
inferred a part of the date, and the check asks for the mark.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from datetime import date

from tracker.domain.edtf import parse_edtf
from tracker.domain.extraction.countries import countries_in

_MONTH_STEMS = (
    ("январ", "january", "jan"), ("феврал", "february", "feb"), ("март", "march", "mar"),
    ("апрел", "april", "apr"), ("ма[йяе]", "may", "may"), ("июн", "june", "jun"),
    ("июл", "july", "jul"), ("август", "august", "aug"), ("сентябр", "september", "sep"),
    ("октябр", "october", "oct"), ("ноябр", "november", "nov"), ("декабр", "december", "dec"),
)  # fmt: skip
# Places a merged record's sources may disagree on: the cities news copy names.
_CITIES = (
    "ташкент", "астан", "алмат", "самарканд", "бухар", "хив", "туркестан", "шымкент",
    "душанбе", "бишкек", "москв", "ашхабад", "нур-султан", "tashkent", "astana", "almaty",
    "samarkand", "bukhara", "dushanbe", "bishkek", "moscow", "ashgabat",
)  # fmt: skip


def _month_pattern(month: int) -> str:
    ru, en, short = _MONTH_STEMS[month - 1]
    return rf"(?:{ru}[а-я]*|{en}|{short}\.?)"


def unread_parts(day: date, precision: str, quotes: str) -> list[str]:
    """The parts of a date (year, month, day, to its precision) that `quotes` do not give."""
    lowered = quotes.lower()
    numeric = re.search(rf"\b0?{day.day}\.0?{day.month}(?:\.|\b)", lowered) is not None
    read = {
        "year": re.search(rf"(?<!\d){day.year}(?!\d)", lowered) is not None,
        "month": numeric or re.search(rf"\b{_month_pattern(day.month)}\b", lowered) is not None,
        "day": numeric
        or re.search(rf"\b0?{day.day}\s+{_month_pattern(day.month)}", lowered) is not None
        or re.search(rf"{_month_pattern(day.month)}\s+0?{day.day}\b", lowered) is not None,
    }
    wanted = {"year": ["year"], "month": ["year", "month"], "day": ["year", "month", "day"]}
    return [part for part in wanted[precision] if not read[part]]


def unmarked_inferred_date(text: str | None, quotes: Iterable[str]) -> str | None:
    """Why `text` (an EDTF date) reads as inferred without saying so; None when every part of
    it is in the quotes, or it carries `?` or `~`."""
    if not text or "?" in text or "~" in text or "%" in text:
        return None
    quoted = " ".join(quotes)
    missing: list[str] = []
    for end in text.split("/"):
        if end in ("", ".."):
            continue
        parsed = parse_edtf(end)
        missing += [
            p for p in unread_parts(parsed.lower, parsed.precision, quoted) if p not in missing
        ]
    if not missing:
        return None
    parts = " and ".join(missing) if len(missing) < 3 else "year, month and day"
    verb = "is" if len(missing) == 1 else "are"
    return (
        f"date {text}: the {parts} {verb} in none of its quotes; mark the date as inferred "
        f"({text}?) and say how in the note, or cite the sentence that gives it"
    )


def unnamed_countries(codes: Iterable[str], quotes: Iterable[str]) -> list[str]:
    """Country codes among `codes` that no quote names."""
    named: set[str] = set()
    for quote in quotes:
        named.update(countries_in(quote))
    return [code for code in codes if len(code) == 2 and code not in named]


def places_named(quotes: Iterable[str]) -> set[str]:
    found: set[str] = set()
    for quote in quotes:
        for word in re.findall(r"[\w-]+", quote.lower()):
            found.update(city for city in _CITIES if word.startswith(city))
    return found


def disagreements(by_source: dict[str, list[str]]) -> Iterator[str]:
    """Where the sources a record merges give different dates or places for it."""
    dates: dict[str, set[tuple[int, int]]] = {}
    places: dict[str, set[str]] = {}
    for source, quotes in by_source.items():
        quoted = " ".join(quotes).lower()
        found: set[tuple[int, int]] = set()
        for month in range(1, 13):
            for match in re.finditer(rf"\b(\d{{1,2}})\s+{_month_pattern(month)}\b", quoted):
                found.add((month, int(match[1])))
        dates[source] = found
        places[source] = places_named(quotes)
    sources = sorted(by_source)
    for i, first in enumerate(sources):
        for second in sources[i + 1 :]:
            if dates[first] and dates[second] and not dates[first] & dates[second]:
                yield (
                    f"its sources give different dates: {first} {_days(dates[first])}, "
                    f"{second} {_days(dates[second])}"
                )
            if places[first] and places[second] and not places[first] & places[second]:
                yield (
                    f"its sources give different places: {first} {sorted(places[first])}, "
                    f"{second} {sorted(places[second])}"
                )


def _days(found: set[tuple[int, int]]) -> str:
    return ", ".join(f"{day:02d}.{month:02d}" for month, day in sorted(found))
