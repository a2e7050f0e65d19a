"""Records as plain dicts in the records-file format (`format: tracker/1`).

The one picture of a record: `show`, `list --format json`, the audit log and export all use it.
Keys come in a fixed order; dates are EDTF text or None; quantities are Decimals in base units.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

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
from tracker.models.base import RecordMixin

Record = dict[str, Any]


def citations(items: list[Citation]) -> list[Record]:
    """A dataset is cited by a locator, kept where a text's quote is."""
    return [
        {"source": c.source.slug, "locator" if c.source.kind == "dataset" else "quote": c.quote}
        for c in items
    ]


def parties(items: list[Party]) -> list[str]:
    return [p.code for p in items]


def current_status(
    record: Agreement | Initiative | Event,
) -> AgreementStatus | InitiativeStatus | EventStatus | None:
    """The latest step: dated steps in date order, then undated ones in the order added."""
    return record.statuses[-1] if record.statuses else None


def inference(record: Event | Agreement | Initiative | Target | Figure) -> Record:
    """What the curator inferred rather than read."""
    return {
        "parties_inferred": record.parties_inferred,
        "identity_inferred": record.identity_inferred,
    }


def source_dict(source: Source) -> Record:
    return {
        "slug": source.slug,
        "title": source.title,
        "kind": source.kind,
        "outlet": source.outlet,
        "author": source.author,
        "via": source.via,
        "published": source.published,
        "language": source.language,
        "file": source.file,
        "url": source.url,
        "publisher": source.publisher,
        "table_name": source.table_name,
        "retrieved": source.retrieved,
        "sha256": source.sha256,
        "note": source.note,
        "text": source.text,
    }


def event_dict(event: Event) -> Record:
    current = current_status(event)
    return {
        "slug": event.slug,
        "title": event.title,
        "title_original": event.title_original,
        "kind": event.kind,
        "status": current.status if current else None,
        "date": event.date,
        "place": event.place,
        "host": event.host.code if event.host else None,
        "parties": parties(event.parties),
        **inference(event),
        "people": list(event.people or []),
        "tags": [t.name for t in event.tags],
        "note": event.note,
        "status_history": [status_dict(s) for s in event.statuses],
        "citations": citations(event.citations),
    }


def status_dict(step: AgreementStatus | InitiativeStatus | EventStatus) -> Record:
    return {
        "status": step.status,
        "date": step.date,
        "note": step.note,
        "citations": citations(step.citations),
    }


def agreement_dict(agreement: Agreement) -> Record:
    current = current_status(agreement)
    return {
        "slug": agreement.slug,
        "title": agreement.title,
        "title_original": agreement.title_original,
        "kind": agreement.kind,
        "status": current.status if current else None,
        "parties": parties(agreement.parties),
        **inference(agreement),
        "event": agreement.event.slug if agreement.event else None,
        "sectors": [t.name for t in agreement.tags],
        "note": agreement.note,
        "status_history": [status_dict(s) for s in agreement.statuses],
        "citations": citations(agreement.citations),
    }


def initiative_dict(initiative: Initiative) -> Record:
    current = current_status(initiative)
    return {
        "slug": initiative.slug,
        "title": initiative.title,
        "title_original": initiative.title_original,
        "kind": initiative.kind,
        "status": current.status if current else None,
        "made_by": initiative.made_by.code if initiative.made_by else None,
        "addressed_to": parties(initiative.addressed_to),
        "parties": parties(initiative.parties),
        **inference(initiative),
        "sector": initiative.sector,
        "event": initiative.event.slug if initiative.event else None,
        "date": initiative.date,
        "tags": [t.name for t in initiative.tags],
        "note": initiative.note,
        "status_history": [status_dict(s) for s in initiative.statuses],
        "citations": citations(initiative.citations),
    }


def target_dict(target: Target) -> Record:
    baseline = (
        {"value": target.baseline_value, "date": target.baseline_date}
        if target.baseline_value is not None
        else None
    )
    return {
        "slug": target.slug,
        "title": target.title,
        "title_original": target.title_original,
        "measure": target.measure,
        "parties": parties(target.parties),
        **inference(target),
        "unit": target.unit,
        "direction": target.direction,
        "target_value": target.target_value,
        "deadline": target.deadline,
        "agreement": target.agreement.slug if target.agreement else None,
        "baseline": baseline,
        "tags": [t.name for t in target.tags],
        "note": target.note,
        "citations": citations(target.citations),
    }


def figure_dict(figure: Figure) -> Record:
    return {
        "slug": figure.slug,
        "title": figure.title,
        "title_original": figure.title_original,
        "measure": figure.measure,
        "parties": parties(figure.parties),
        **inference(figure),
        "value": figure.value,
        "unit": figure.unit,
        "qualifier": figure.qualifier,
        "date": figure.date,
        "period": figure.period,
        "growth_pct": figure.growth_pct,
        "event": figure.event.slug if figure.event else None,
        "tags": [t.name for t in figure.tags],
        "note": figure.note,
        "citations": citations(figure.citations),
    }


PICTURES: dict[type[Any], Callable[[Any], Record]] = {
    Source: source_dict,
    Event: event_dict,
    Agreement: agreement_dict,
    Initiative: initiative_dict,
    Target: target_dict,
    Figure: figure_dict,
}


def to_dict(record: RecordMixin) -> Record:
    # By class (a draft's is its model's): the audit log pictures every record an import writes.
    picture = PICTURES.get(record.__class__)
    if picture is None:
        raise TypeError(f"not a record: {record!r}")
    return picture(record)
