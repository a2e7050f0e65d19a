"""`report timeline`: events, status changes (of agreements and initiatives) and target
deadlines in date order, as known on the as-of date."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from tracker.models import Agreement, Event, Initiative, Target
from tracker.services.curation.kinds import KINDS
from tracker.services.query.known import known_and_dated, latest_known_step
from tracker.services.query.listing import ListFilters, list_records

NOT_YET_HELD = "not yet held"


@dataclass(frozen=True)
class Moment:
    date: str  # EDTF, shown at its precision
    lower: dt.date
    what: str  # event kind, "signed", "deadline", ...
    title: str
    slug: str
    kind: str  # the record kind
    # An event's standing on the as-of date: planned, held, postponed, cancelled, unknown,
    # "not yet held" (dated after it, no step recorded), or None (no step recorded).
    status: str | None = None

    @property
    def label(self) -> str:
        """What happened, with an event's standing when it may not have happened."""
        shown = self.status not in (None, "held", "unknown")
        return f"{self.what} ({self.status})" if shown else self.what


@dataclass(frozen=True)
class Timeline:
    moments: list[Moment]
    undated: int  # records with no date: they cannot be placed


def event_standing(event: Event, as_of: dt.date) -> str | None:
    step = latest_known_step(event.statuses, as_of)
    if step is not None:
        return step.status
    if event.date_lower is not None and event.date_lower > as_of:
        return NOT_YET_HELD
    return None


def timeline(
    session: Session,
    filters: ListFilters,
    start: dt.date | None,
    end: dt.date | None,
    as_of: dt.date,
) -> Timeline:
    """Only what was known on `as_of` (known.py): records cited by then, steps dated by
    then; an event dated later is shown with its standing then (planned, not yet held)."""
    moments: list[Moment] = []
    undated = 0
    unbounded = ListFilters(
        countries=filters.countries, pairs=filters.pairs, search=filters.search, known_by=as_of
    )
    for event in list_records(session, KINDS["event"], unbounded):
        assert isinstance(event, Event)
        if event.date and event.date_lower:
            moments.append(
                Moment(
                    event.date,
                    event.date_lower,
                    event.kind,
                    event.title,
                    event.slug,
                    "event",
                    event_standing(event, as_of),
                )
            )
        else:
            undated += 1
    for kind in (KINDS["agreement"], KINDS["initiative"]):
        for record in list_records(session, kind, unbounded):
            assert isinstance(record, Agreement | Initiative)
            for step in record.statuses:
                if not known_and_dated(step, as_of):
                    continue
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
