"""`report figures`: figures grouped by what they measure; conflicting values side by side,
and measures whose values fall over time called out."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, replace

from sqlalchemy.orm import Session

from tracker.domain.periods import FULL_PERIODS
from tracker.models import Figure
from tracker.services.curation.kinds import KINDS
from tracker.services.query.known import known_and_dated
from tracker.services.query.listing import ListFilters, list_records


@dataclass(frozen=True)
class Measure:
    name: str
    figures: list[Figure]

    @property
    def values(self) -> set[tuple[object, str, str]]:
        return {(f.value, f.unit, f.qualifier) for f in self.figures}

    @property
    def conflicting(self) -> bool:
        """Different values for the same measure, date and span (or with no date)."""
        by_span: dict[tuple[str | None, str | None], set[tuple[object, str, str]]] = defaultdict(
            set
        )
        for figure in self.figures:
            # "2025-11-15" and "2025-11-15?" name one day, one read, one inferred; a value of
            # no stated period is a full one, as the targets report reads it.
            day = figure.date.rstrip("?~%") if figure.date else None
            by_span[day, _span_kind(figure)].add((figure.value, figure.unit, figure.qualifier))
        return any(len(values) > 1 for values in by_span.values())

    @property
    def declining(self) -> bool:
        """The latest value is below the earliest of the same span and unit (year against
        year, a year to date against a year to date), which is a fall, not a partial year."""
        by_span: dict[tuple[str | None, str], list[Figure]] = defaultdict(list)
        for figure in self.figures:
            if figure.date_upper is not None:
                by_span[_span_kind(figure), figure.unit].append(figure)
        for figures in by_span.values():
            ordered = sorted(figures, key=lambda f: (f.date_upper, f.date_lower, f.id))
            if len(ordered) > 1 and ordered[-1].value < ordered[0].value:
                return True
        return False


def _span_kind(figure: Figure) -> str | None:
    """Values not said to be of a span count as full periods, as the targets report reads
    them."""
    return None if figure.period in FULL_PERIODS else figure.period


def measures(
    session: Session, filters: ListFilters, as_of: dt.date, *, conflicts_only: bool
) -> list[Measure]:
    """The figures known and dated by `as_of` (known.py), by measure."""
    grouped: dict[str, list[Figure]] = defaultdict(list)
    for figure in list_records(session, KINDS["figure"], replace(filters, known_by=as_of)):
        assert isinstance(figure, Figure)
        if known_and_dated(figure, as_of):
            grouped[figure.measure or figure.slug].append(figure)
    found = [Measure(name, figures) for name, figures in sorted(grouped.items())]
    return [m for m in found if m.conflicting] if conflicts_only else found
