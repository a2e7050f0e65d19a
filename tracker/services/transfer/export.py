"""Export in the records-file format, streamed: records are read in batches, written as they
come, and dropped, so memory stays flat however large the database."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import IO, Any

from sqlalchemy import select, union
from sqlalchemy.orm import Session

from tracker.domain.decimals import json_ready
from tracker.models import (
    Agreement,
    AgreementStatus,
    Citation,
    Event,
    EventStatus,
    Figure,
    Initiative,
    InitiativeStatus,
    Party,
    Source,
    Target,
)
from tracker.services.curation.kinds import KINDS, Kind
from tracker.services.curation.serialize import to_dict
from tracker.services.query.listing import ListFilters, filter_conditions, relation_loaders
from tracker.services.transfer.records_file import FORMAT, SECTIONS

BATCH = 500


def exported(record: Any, *, exact: bool = False) -> dict[str, Any]:
    """A record as an export writes it: text inline for sources; JSON numbers, or the exact
    Decimals when `exact` (for CSV, which writes them as text)."""
    picture = to_dict(record)
    if exact:
        return picture
    plain: dict[str, Any] = json_ready(picture)
    return plain


def export_conditions(session: Session, kind: Kind, filters: ListFilters) -> list[Any]:
    """What a record must meet to be exported; raised on bad filters before anything is written.
    Sources have no parties: with a country filter, a source goes if an exported record cites it."""
    if kind.name == "source" and filters.countries:
        return [Source.id.in_(cited_sources(filters.countries))]
    return filter_conditions(session, kind, filters)


def cited_sources(countries: tuple[str, ...]) -> Any:
    """Ids of sources cited by records (or their status steps) that involve all the given
    countries."""

    def involving(model: Any) -> list[Any]:
        return [model.parties.any(Party.code == code) for code in countries]

    owners = (
        (Event, Citation.event_id),
        (Agreement, Citation.agreement_id),
        (Initiative, Citation.initiative_id),
        (Target, Citation.target_id),
        (Figure, Citation.figure_id),
    )
    parts = [
        select(Citation.source_id).join(model, column == model.id).where(*involving(model))
        for model, column in owners
    ]
    parts.append(
        select(Citation.source_id)
        .join(AgreementStatus, Citation.status_id == AgreementStatus.id)
        .join(Agreement, AgreementStatus.agreement_id == Agreement.id)
        .where(*involving(Agreement))
    )
    parts.append(
        select(Citation.source_id)
        .join(InitiativeStatus, Citation.initiative_status_id == InitiativeStatus.id)
        .join(Initiative, InitiativeStatus.initiative_id == Initiative.id)
        .where(*involving(Initiative))
    )
    parts.append(
        select(Citation.source_id)
        .join(EventStatus, Citation.event_status_id == EventStatus.id)
        .join(Event, EventStatus.event_id == Event.id)
        .where(*involving(Event))
    )
    return union(*parts)


def iter_records(
    session: Session, kind: Kind, conditions: list[Any], *, exact: bool = False
) -> Iterator[dict[str, Any]]:
    """Every matching record in slug order, BATCH at a time (keyset pagination on slug)."""
    model: Any = kind.model
    last: str | None = None
    while True:
        statement = select(model).where(*conditions).order_by(model.slug).limit(BATCH)
        if last is not None:
            statement = statement.where(model.slug > last)
        batch = list(session.scalars(statement.options(*relation_loaders(kind))))
        if not batch:
            return
        for record in batch:
            yield exported(record, exact=exact)
        last = batch[-1].slug
        session.expunge_all()  # let the batch go


def plan(
    session: Session, filters: ListFilters, kinds: tuple[str, ...] | None
) -> list[tuple[str, Kind, list[Any]]]:
    """Each section to write with its conditions, all checked before the first byte is out."""
    wanted = [k for k in KINDS.values() if kinds is None or k.name in kinds]
    return [
        (section, k, export_conditions(session, k, filters))
        for section in SECTIONS
        for k in wanted
        if k.plural == section
    ]


def write_json(
    session: Session, out: IO[str], filters: ListFilters, kinds: tuple[str, ...] | None
) -> int:
    count = 0
    sections = plan(session, filters, kinds)
    out.write('{\n  "format": ' + json.dumps(FORMAT))
    for section, kind, conditions in sections:
        out.write(f',\n  "{section}": [')
        first = True
        for record in iter_records(session, kind, conditions):
            text = json.dumps(record, ensure_ascii=False, indent=2)
            out.write(
                ("\n" if first else ",\n") + "\n".join("    " + line for line in text.splitlines())
            )
            first = False
            count += 1
        out.write("]" if first else "\n  ]")
    out.write("\n}\n")
    return count


def write_yaml(
    session: Session, out: IO[str], filters: ListFilters, kinds: tuple[str, ...] | None
) -> int:
    import yaml

    count = 0
    sections = plan(session, filters, kinds)
    out.write(f"format: {FORMAT}\n")
    for section, kind, conditions in sections:
        records = iter_records(session, kind, conditions)
        first = next(records, None)
        if first is None:
            out.write(f"{section}: []\n")
            continue
        out.write(f"{section}:\n")
        for record in _chain(first, records):
            out.write(
                yaml.safe_dump([record], allow_unicode=True, sort_keys=False, width=100, indent=2)
            )
            count += 1
    return count


def _chain(first: dict[str, Any], rest: Iterator[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    yield first
    yield from rest
