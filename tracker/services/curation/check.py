"""`tracker check`: everything the data promises, verified across the whole database."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from tracker.domain.locators import missing_part, parse_locator
from tracker.errors import InvalidValue
from tracker.models import (
    Agreement,
    AgreementStatus,
    Citation,
    Event,
    EventStatus,
    Figure,
    Initiative,
    InitiativeStatus,
    Source,
    Target,
)
from tracker.services.curation.fields import Step, Tracked, check_status_order
from tracker.services.curation.inference import (
    disagreements,
    unmarked_inferred_date,
    unnamed_countries,
)
from tracker.services.curation.kinds import kind_of
from tracker.services.curation.quotes import quote_in_text
from tracker.services.curation.records import owning_record


@dataclass(frozen=True)
class Problem:
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


def _label(record: Any) -> str:
    return f"{kind_of(record).name} {record.slug}"


def _citations(session: Session, source: Source | None = None) -> Iterator[Problem]:
    statement = select(Citation).options(
        selectinload(Citation.source),
        selectinload(Citation.status).selectinload(AgreementStatus.agreement),
        selectinload(Citation.initiative_status).selectinload(InitiativeStatus.initiative),
        selectinload(Citation.event_status).selectinload(EventStatus.event),
    )
    if source is not None:
        statement = statement.where(Citation.source_id == source.id)
    for citation in session.scalars(statement.order_by(Citation.id)):
        if citation.source.kind == "dataset":
            problem = _locator_problem(citation)
            if problem:
                yield Problem(_label(owning_record(citation)), problem)
            continue
        if not quote_in_text(citation.quote, citation.source.text):
            yield Problem(
                _label(owning_record(citation)),
                f"quote not found in source {citation.source.slug}: {citation.quote[:60]!r}",
            )


def _locator_problem(citation: Citation) -> str | None:
    try:
        locator = parse_locator(citation.quote, "locator")
    except InvalidValue as error:
        return f"citation of dataset {citation.source.slug}: {error.problem}"
    missing = missing_part(citation.source.text, locator)
    if missing:
        return f"locator not in dataset {citation.source.slug}: no {missing} ({locator})"
    return None


def _sources(session: Session) -> Iterator[Problem]:
    for source in session.scalars(select(Source)):
        if hashlib.sha256(source.text.encode("utf-8")).hexdigest() != source.sha256:
            yield Problem(_label(source), "text no longer matches its SHA-256")


def _all_citations(record: Any) -> list[Citation]:
    found = list(record.citations)
    for step in getattr(record, "statuses", []):
        found += step.citations
    return found


def _dated(citations: list[Citation]) -> bool:
    return any(c.source.published for c in citations)


def _records(session: Session) -> Iterator[Problem]:
    for model in (Event, Agreement, Initiative, Target, Figure):
        for record in session.scalars(select(model)):
            citations = _all_citations(record)
            if not citations:
                yield Problem(_label(record), "has no citation")
            if isinstance(record, Agreement | Initiative | Event):
                yield from _history(record)
            if isinstance(record, Target):
                yield from _target(record)
            if isinstance(record, Figure) and not record.date and _dated(record.citations):
                yield Problem(_label(record), "has no date, but its source is dated")
            yield from _inferred(record, citations)


def _history(record: Tracked) -> Iterator[Problem]:
    try:
        check_status_order(record.statuses)
    except InvalidValue as error:
        yield Problem(_label(record), f"status history out of order: {error.problem}")
    steps: list[Step] = list(record.statuses)
    for number, step in enumerate(steps, 1):
        if not step.citations:
            yield Problem(_label(record), f"status step {number} ({step.status}) has no citation")
        quotes = [c.quote for c in step.citations]
        reason = unmarked_inferred_date(step.date, quotes)
        if reason and step.citations:
            yield Problem(_label(record), f"status step {number}: {reason}")


def _target(target: Target) -> Iterator[Problem]:
    series = target.series
    base_dates = [target.baseline_date_lower] + [f.date_lower for f in series]
    known = [d for d in base_dates if d is not None]
    if target.deadline_upper and known and target.deadline_upper < min(known):
        yield Problem(_label(target), f"deadline {target.deadline} is before its base date")
    if target.measure is None:
        yield Problem(_label(target), "has no measure, so no figure can report its progress")


def _inferred(record: Any, citations: list[Citation]) -> Iterator[Problem]:
    """An inferred value without its mark, and a merged record whose sources disagree."""
    own = [c.quote for c in record.citations]
    if own and hasattr(record, "date"):
        reason = unmarked_inferred_date(record.date, own)
        if reason:
            yield Problem(_label(record), reason)
    if citations and not record.parties_inferred:
        codes = [p.code for p in record.parties if p.kind == "country"]
        unnamed = unnamed_countries(codes, [_context(c) for c in citations])
        if unnamed:
            yield Problem(
                _label(record),
                f"no quote names {', '.join(unnamed)}; set parties_inferred (and say why in "
                "the note), or cite the sentence that names it",
            )
    by_source: dict[str, list[str]] = {}
    for citation in citations:
        by_source.setdefault(citation.source.slug, []).append(citation.quote)
    if len(by_source) > 1:
        for disagreement in disagreements(by_source):
            yield Problem(_label(record), disagreement)


def _context(citation: Citation) -> str:
    """What a citation says: its quote; a dataset's locator is read with the table's names
    ("Foreign trade of Kazakhstan by country": row Uzbekistan)."""
    source = citation.source
    if source.kind != "dataset":
        return citation.quote
    return " ".join(filter(None, [source.title, source.table_name, citation.quote]))


def citations_not_holding(session: Session, source: Source) -> list[Problem]:
    """The citations of `source` whose quote (or locator) its text no longer has: what an
    edit of its text left for the curator to mend."""
    session.flush()
    return list(_citations(session, source))


def check_database(session: Session) -> list[Problem]:
    return [*_sources(session), *_citations(session), *_records(session)]
