"""`report timeline`: events, status changes (of agreements and initiatives) and target
deadlines in date order."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from tracker.models import Agreement, Event, Initiative, Target
from tracker.services.curation.kinds import KINDS
from tracker.services.query.listing import ListFilters, list_records


@dataclass(frozen=True)
class Moment:
    date: str  # EDTF, shown at its precision
    lower: dt.date
    what: str  # event kind, "signed", "deadline", ...
    title: str
    slug: str
    kind: str  # the record kind


@dataclass(frozen=True)
class Timeline:
    moments: list[Moment]
    undated: int  # records with no date: they cannot be placed


def timeline(
    session: Session, filters: ListFilters, start: dt.date | None, end: dt.date | None
) -> Timeline:
    moments: list[Moment] = []
    undated = 0
    unbounded = ListFilters(countries=filters.countries, pairs=filters.pairs, search=filters.search)
    for event in list_records(session, KINDS["event"], unbounded):
        assert isinstance(event, Event)
        if event.date and event.date_lower:
            moments.append(
                Moment(event.date, event.date_lower, event.kind, event.title, event.slug, "event")
            )
        else:
            undated += 1
    for kind in (KINDS["agreement"], KINDS["initiative"]):
        for record in list_records(session, kind, unbounded):
            assert isinstance(record, Agreement | Initiative)
            for step in record.statuses:
                if step.date and step.date_lower:
                    moments.append(
                        Moment(
                            step.date,
                            step.date_lower,
                            step.status,
                            record.title,
                            record.slug,
                            kind.name,
                        )
                    )
                else:
                    undated += 1
    for target in list_records(session, KINDS["target"], unbounded):
        assert isinstance(target, Target)
        if target.deadline and target.deadline_lower:
            moments.append(
                Moment(
                    target.deadline,
                    target.deadline_lower,
                    "deadline",
                    target.title,
                    target.slug,
                    "target",
                )
            )
    chosen = [
        m
        for m in moments
        if (start is None or m.lower >= start) and (end is None or m.lower <= end)
    ]
    chosen.sort(key=lambda m: (m.lower, m.kind, m.slug))
    return Timeline(chosen, undated)
