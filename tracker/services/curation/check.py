"""`tracker check`: everything the data promises, verified across the whole database."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from tracker.errors import InvalidValue
from tracker.models import Agreement, AgreementStatus, Citation, Event, Figure, Source, Target
from tracker.services.curation.fields import check_status_order
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


def _citations(session: Session) -> Iterator[Problem]:
    statement = select(Citation).options(
        selectinload(Citation.source),
        selectinload(Citation.status).selectinload(AgreementStatus.agreement),
        selectinload(Citation.observation),
    )
    for citation in session.scalars(statement):
        if not quote_in_text(citation.quote, citation.source.text):
            yield Problem(
                _label(owning_record(citation)),
                f"quote not found in source {citation.source.slug}: {citation.quote[:60]!r}",
            )


def _sources(session: Session) -> Iterator[Problem]:
    for source in session.scalars(select(Source)):
        if hashlib.sha256(source.text.encode("utf-8")).hexdigest() != source.sha256:
            yield Problem(_label(source), "text no longer matches its SHA-256")


def _all_citations(record: Any) -> list[Citation]:
    found = list(record.citations)
    for nested in getattr(record, "statuses", []) + getattr(record, "observations", []):
        found += nested.citations
    return found


def _dated(citations: list[Citation]) -> bool:
    return any(c.source.published for c in citations)


def _records(session: Session) -> Iterator[Problem]:
    for model in (Event, Agreement, Target, Figure):
        for record in session.scalars(select(model)):
            citations = _all_citations(record)
            if not citations:
                yield Problem(_label(record), "has no citation")
            if isinstance(record, Agreement):
                try:
                    check_status_order(record.statuses)
                except InvalidValue as error:
                    yield Problem(_label(record), f"status history out of order: {error.problem}")
            if isinstance(record, Target):
                yield from _target(record)
            if isinstance(record, Figure) and not record.date and _dated(record.citations):
                yield Problem(_label(record), "has no date, but its source is dated")


def _target(target: Target) -> Iterator[Problem]:
    base_dates = [target.baseline_date_lower] + [o.date_lower for o in target.observations]
    known = [d for d in base_dates if d is not None]
    if target.deadline_upper and known and target.deadline_upper < min(known):
        yield Problem(_label(target), f"deadline {target.deadline} is before its base date")
    for number, observation in enumerate(target.observations, 1):
        if not observation.date and _dated(observation.citations):
            yield Problem(
                _label(target), f"observation {number} has no date, but its source is dated"
            )


def check_database(session: Session) -> list[Problem]:
    return [*_sources(session), *_citations(session), *_records(session)]
