"""How a candidate's facts compare with a held record's: the terms of its names, its dates
and its place, each compared the way news copy states them (a place as the text writes it,
"Ташкенте", against the curated "Tashkent"; a year "last year" a year off)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from tracker.domain.edtf import parse_edtf
from tracker.domain.extraction.lemmas import key_terms
from tracker.domain.inputs import transliterate


@dataclass(frozen=True)
class Names:
    """The key terms of a held record's English title and of its original name, each apart:
    a short Russian name is not diluted by a long English one."""

    title: frozenset[str]
    original: frozenset[str]

    @property
    def all(self) -> set[str]:
        return set(self.title | self.original)

    def cover(self, terms: set[str]) -> float:
        """The largest share of one of the names that `terms` has."""
        return max(
            (len(terms & name) / len(name) for name in (self.title, self.original) if name),
            default=0.0,
        )


def dates_clash(mine: str | None, theirs: str | None, slack_years: int = 1) -> bool:
    """Dates that cannot be the same: days that differ, or years further apart than a loose
    "last year" allows."""
    if not mine or not theirs:
        return False
    try:
        a, b = parse_edtf(mine), parse_edtf(theirs)
    except ValueError:
        return False
    if a.precision == b.precision == "day" and not (a.lower <= b.upper and b.lower <= a.upper):
        return True
    return abs(a.lower.year - b.lower.year) > slack_years


def same_day(mine: str | None, theirs: str | None) -> bool:
    if not mine or not theirs:
        return False
    return mine.rstrip("?~") == theirs.rstrip("?~")


def near(published: date | None, held_date: str | None) -> bool:
    """A text published within days of the held event, about an event it does not date."""
    if published is None or not held_date:
        return False
    return not far_from(published, held_date, days=3)


def far_from(published: date | None, held_date: str | None, days: int = 45) -> bool:
    """An undated event of a text published well away from the held event's date."""
    if published is None or not held_date:
        return False
    try:
        held = parse_edtf(held_date)
    except ValueError:
        return False
    return (held.lower - published).days > days or (published - held.upper).days > days


def place_fits(text_place: str | None, held_place: str | None) -> bool | None:
    """True: the same place; False: different places; None: one is not known."""
    if not text_place or not held_place:
        return None
    base = transliterate(text_place.strip('«»"')).lower()[:5]
    held = transliterate(held_place).lower()
    if len(base) < 4:
        return None
    return any(word.startswith(base[:4]) for word in held.replace("-", " ").split())


def names_of(record: Any) -> Names:
    return Names(
        frozenset(key_terms(record.title or "")),
        frozenset(key_terms(getattr(record, "title_original", None) or "")),
    )
