"""`report briefing`: one document gathering every report, with numbered source notes."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tracker.models import Citation, Event, Source
from tracker.services.query.listing import ListFilters
from tracker.services.reports.agreements import AgreementState, agreements_by
from tracker.services.reports.figures import Measure, measures
from tracker.services.reports.initiatives import InitiativeState, initiatives_by_status
from tracker.services.reports.targets import TargetReport, target_reports
from tracker.services.reports.timeline import Moment, timeline

RECENT_MOMENTS = 12


@dataclass(frozen=True)
class Note:
    number: int
    source: Source
    quote: str


@dataclass
class Notes:
    """Source notes numbered in order of first use, each (source, quote) once."""

    items: list[Note] = field(default_factory=list)
    _numbers: dict[tuple[int, str], int] = field(default_factory=dict)

    def refer(self, citations: list[Citation]) -> list[int]:
        numbers = []
        for citation in citations:
            key = (citation.source_id, citation.quote)
            if key not in self._numbers:
                self._numbers[key] = len(self.items) + 1
                self.items.append(Note(self._numbers[key], citation.source, citation.quote))
            numbers.append(self._numbers[key])
        return sorted(set(numbers))


@dataclass
class Briefing:
    as_of: dt.date
    countries: tuple[str, ...]
    headline: list[tuple[str, str]]
    targets: list[TargetReport]
    agreements: dict[str, list[AgreementState]]
    initiatives: dict[str, list[InitiativeState]]
    recent: list[Moment]
    figures: list[Measure]
    notes: Notes
    refs: dict[tuple[str, str], list[int]]  # (kind, slug) -> note numbers


def build_briefing(session: Session, filters: ListFilters, as_of: dt.date) -> Briefing:
    targets = target_reports(session, filters, as_of, with_citations=True)
    groups = agreements_by(session, filters, "status", as_of, stale_years=2)
    past = timeline(session, filters, None, as_of)
    figure_measures = measures(session, filters, conflicts_only=False)
    initiatives = initiatives_by_status(session, filters, as_of)
    notes = Notes()
    refs: dict[tuple[str, str], list[int]] = {}
    for report in targets:
        target = report.target
        # The values shown come from the figures of its measure known by then: cite them too.
        values = [f for f in target.series if f.date_lower is None or f.date_lower <= as_of]
        refs["target", target.slug] = notes.refer(
            target.citations + [c for f in values for c in f.citations]
        )
    for states in groups.values():
        for state in states:
            agreement = state.agreement
            cited = agreement.citations + (state.step.citations if state.step else [])
            refs["agreement", agreement.slug] = notes.refer(cited)
    for initiative_states in initiatives.values():
        for known in initiative_states:
            initiative = known.initiative
            cited = initiative.citations + (known.step.citations if known.step else [])
            refs["initiative", initiative.slug] = notes.refer(cited)
    recent = past.moments[-RECENT_MOMENTS:]
    events = {
        e.slug: e
        for e in session.scalars(select(Event).where(Event.slug.in_([m.slug for m in recent])))
    }
    for moment in recent:
        if moment.kind == "event" and moment.slug in events:
            refs["event", moment.slug] = notes.refer(events[moment.slug].citations)
    for measure in figure_measures:
        for figure in measure.figures:
            refs["figure", figure.slug] = notes.refer(figure.citations)
    statuses = Counter({g: len(s) for g, s in groups.items()})
    total = sum(len({s.agreement.slug for s in states}) for states in groups.values())
    by_status = ", ".join(f"{n} {g}" for g, n in statuses.items())
    initiative_count = sum(len(states) for states in initiatives.values())
    headline = [
        ("Agreements", f"{total} ({by_status})" if total else "none"),
        (
            "Initiatives",
            f"{initiative_count} ("
            + ", ".join(f"{len(s)} {g.replace('_', ' ')}" for g, s in initiatives.items())
            + ")"
            if initiative_count
            else "none",
        ),
        (
            "Targets",
            "; ".join(f"{r.target.title}: {r.assessment.status.replace('_', ' ')}" for r in targets)
            or "none",
        ),
        ("Dated events and steps up to the as-of date", str(len(past.moments))),
        ("Sources cited", str(len({n.source.slug for n in notes.items}))),
        ("Citations in the database", str(session.scalar(select(func.count(Citation.id))))),
    ]
    return Briefing(
        as_of,
        filters.countries,
        headline,
        targets,
        groups,
        initiatives,
        recent,
        figure_measures,
        notes,
        refs,
    )
