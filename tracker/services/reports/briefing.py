"""`report briefing`: one document gathering every report as known on one day, with source
notes numbered once a source and each quote listed under its source."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field, replace

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from tracker.models import Citation, Event, Source, Target
from tracker.services.curation.fields import Step
from tracker.services.query.known import citations_known, known_and_dated, latest_known_step
from tracker.services.query.listing import ListFilters
from tracker.services.reports.agreements import AgreementState, agreements_by
from tracker.services.reports.figures import Measure, measures
from tracker.services.reports.initiatives import InitiativeState, initiatives_by_status
from tracker.services.reports.targets import TargetReport, cited_target_reports
from tracker.services.reports.timeline import Moment, event_standing, timeline

RECENT_MOMENTS = 12


@dataclass
class SourceNote:
    number: int
    source: Source
    quotes: list[str] = field(default_factory=list)


@dataclass
class Notes:
    """Sources numbered in order of first use; under each, its quotes in order of first use.
    A reference is "2.3": source 2, its third quote."""

    sources: list[SourceNote] = field(default_factory=list)
    _by_source: dict[int, SourceNote] = field(default_factory=dict)
    _refs: dict[tuple[int, str], tuple[int, int]] = field(default_factory=dict)

    def refer(self, citations: list[Citation]) -> list[str]:
        found = []
        for citation in citations:
            key = (citation.source_id, citation.quote)
            if key not in self._refs:
                note = self._by_source.get(citation.source_id)
                if note is None:
                    note = SourceNote(len(self.sources) + 1, citation.source)
                    self.sources.append(note)
                    self._by_source[citation.source_id] = note
                note.quotes.append(citation.quote)
                self._refs[key] = (note.number, len(note.quotes))
            found.append(self._refs[key])
        return [f"{s}.{q}" for s, q in sorted(set(found))]

    @property
    def quote_count(self) -> int:
        return sum(len(note.quotes) for note in self.sources)


@dataclass(frozen=True)
class Finding:
    """A measure whose sources disagree, or whose values fall: said beside the figures."""

    measure: str
    finding: str  # "conflicting values", "decline"
    figures: list[str]  # figure slugs involved


@dataclass
class Briefing:
    as_of: dt.date
    countries: tuple[str, ...]
    headline: list[tuple[str, str]]
    targets: list[TargetReport[Target]]
    agreements: dict[str, list[AgreementState]]
    initiatives: dict[str, list[InitiativeState]]
    recent: list[Moment]  # the latest dated moments up to the as-of date
    ahead: list[Moment]  # known then, dated after it: planned events, deadlines
    figures: list[Measure]
    findings: list[Finding]
    events: dict[str, Event]  # of the moments and figures shown, by slug
    notes: Notes
    refs: dict[tuple[str, str], list[str]]  # (kind, slug) -> note references


def build_briefing(session: Session, filters: ListFilters, as_of: dt.date) -> Briefing:
    """Every section as known on `as_of` (query/known.py): a briefing built again with the
    same database and date is the same document."""
    filters = replace(filters, known_by=as_of)
    targets = cited_target_reports(session, filters, as_of)
    groups = agreements_by(session, filters, "status", as_of, stale_years=2)
    moments = timeline(session, filters, None, None, as_of).moments
    figure_measures = measures(session, filters, as_of, conflicts_only=False)
    initiatives = initiatives_by_status(session, filters, as_of)
    notes = Notes()
    refs: dict[tuple[str, str], list[str]] = {}

    def cite(kind: str, slug: str, citations: list[Citation]) -> None:
        refs[kind, slug] = notes.refer(citations_known(citations, as_of))

    for report in targets:
        target = report.target
        # The values shown come from the figures of its measure known by then: cite them too.
        values = [f for f in target.series if known_and_dated(f, as_of)]
        cite("target", target.slug, target.citations + [c for f in values for c in f.citations])
    for states in groups.values():
        for state in states:
            agreement = state.agreement
            cite("agreement", agreement.slug, agreement.citations + _step_citations(state.step))
    for initiative_states in initiatives.values():
        for known in initiative_states:
            initiative = known.initiative
            cite("initiative", initiative.slug, initiative.citations + _step_citations(known.step))
    past = [m for m in moments if m.lower <= as_of]
    recent, ahead = past[-RECENT_MOMENTS:], [m for m in moments if m.lower > as_of]
    event_slugs = {m.slug for m in moments if m.kind == "event"}
    event_slugs |= {f.event.slug for m in figure_measures for f in m.figures if f.event}
    events = {
        e.slug: e
        for e in session.scalars(
            select(Event)
            .where(Event.slug.in_(sorted(event_slugs)))
            .options(selectinload(Event.citations), selectinload(Event.statuses))
        )
    }
    for moment in recent + ahead:
        if moment.kind == "event" and moment.slug in events:
            event = events[moment.slug]
            step = latest_known_step(event.statuses, as_of)
            cite("event", moment.slug, event.citations + _step_citations(step))
    for measure in figure_measures:
        for figure in measure.figures:
            cite("figure", figure.slug, figure.citations)
    return Briefing(
        as_of,
        filters.countries,
        _headline(groups, initiatives, targets, past, ahead, events, as_of, notes),
        targets,
        groups,
        initiatives,
        recent,
        ahead,
        figure_measures,
        _findings(figure_measures, targets),
        events,
        notes,
        refs,
    )


def _step_citations(step: Step | None) -> list[Citation]:
    return list(step.citations) if step else []


def _counted(counts: Counter[str]) -> str:
    return ", ".join(f"{n} {what.replace('_', ' ')}" for what, n in counts.items())


def _headline(
    groups: dict[str, list[AgreementState]],
    initiatives: dict[str, list[InitiativeState]],
    targets: list[TargetReport[Target]],
    past: list[Moment],
    ahead: list[Moment],
    events: dict[str, Event],
    as_of: dt.date,
    notes: Notes,
) -> list[tuple[str, str]]:
    """Counts of what this briefing shows: its pair, as known on its day."""
    agreements = Counter({g: len(s) for g, s in groups.items()})
    total = sum(len({s.agreement.slug for s in states}) for states in groups.values())
    stale = sum(1 for states in groups.values() for s in states if s.stale)
    initiative_count = Counter({g: len(s) for g, s in initiatives.items()})
    standing = Counter(
        event_standing(events[m.slug], as_of) or "status not recorded"
        for m in past + ahead
        if m.kind == "event" and m.slug in events
    )
    upcoming = [m for m in ahead if m.kind == "event"]
    return [
        (
            "Agreements",
            f"{total} ({_counted(agreements)}"
            + (f"; {stale} stale, awaiting a next step" if stale else "")
            + ")"
            if total
            else "none",
        ),
        (
            "Initiatives",
            f"{sum(initiative_count.values())} ({_counted(initiative_count)})"
            if initiative_count
            else "none",
        ),
        (
            "Targets",
            "; ".join(f"{r.target.title}: {r.assessment.status.replace('_', ' ')}" for r in targets)
            or "none",
        ),
        (
            "Dated events",
            f"{sum(standing.values())} ({_counted(standing)})" if standing else "none",
        ),
        ("Events ahead", str(len(upcoming)) if upcoming else "none known"),
        ("Dated events and steps up to the as-of date", str(len(past))),
        (
            "Sources cited",
            f"{len(notes.sources)} ({notes.quote_count} quotes)" if notes.sources else "none",
        ),
    ]


def _findings(found: list[Measure], targets: list[TargetReport[Target]]) -> list[Finding]:
    findings = []
    for measure in found:
        slugs = [f.slug for f in measure.figures]
        if measure.conflicting:
            findings.append(Finding(measure.name, "sources give different values", slugs))
        if measure.declining:
            findings.append(Finding(measure.name, "the latest value is below the earliest", slugs))
    for report in targets:
        if report.assessment.declining and not any(
            f.measure == report.target.measure for f in findings
        ):
            findings.append(
                Finding(
                    report.target.measure or report.target.slug,
                    f"{report.target.title}: the latest value is below the base",
                    [],
                )
            )
    return findings
