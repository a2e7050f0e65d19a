"""`report figures`: figures grouped by what they measure; conflicting values side by side."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy.orm import Session

from tracker.models import Figure
from tracker.services.curation.kinds import KINDS
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
        """Different values for the same measure at the same date (or with no date)."""
        by_date: dict[str | None, set[tuple[object, str, str]]] = defaultdict(set)
        for figure in self.figures:
            by_date[figure.date].add((figure.value, figure.unit, figure.qualifier))
        return any(len(values) > 1 for values in by_date.values())


def measures(session: Session, filters: ListFilters, *, conflicts_only: bool) -> list[Measure]:
    grouped: dict[str, list[Figure]] = defaultdict(list)
    for figure in list_records(session, KINDS["figure"], filters):
        assert isinstance(figure, Figure)
        grouped[figure.measure or figure.slug].append(figure)
    found = [Measure(name, figures) for name, figures in sorted(grouped.items())]
    return [m for m in found if m.conflicting] if conflicts_only else found
