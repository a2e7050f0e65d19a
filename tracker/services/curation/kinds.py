"""The record kinds users name on the command line and in files."""

from __future__ import annotations

from dataclasses import dataclass

from tracker.errors import InvalidValue
from tracker.models import Agreement, Event, Figure, Initiative, Source, Target
from tracker.models.base import RecordMixin


@dataclass(frozen=True)
class Kind:
    name: str
    plural: str
    model: type[RecordMixin]


KINDS = {
    k.name: k
    for k in (
        Kind("source", "sources", Source),
        Kind("event", "events", Event),
        Kind("agreement", "agreements", Agreement),
        Kind("initiative", "initiatives", Initiative),
        Kind("target", "targets", Target),
        Kind("figure", "figures", Figure),
    )
}
KIND_NAMES = tuple(KINDS)


def kind_named(text: str, field: str = "KIND") -> Kind:
    """'agreement' or 'agreements' (any case)."""
    wanted = text.strip().lower()
    for kind in KINDS.values():
        if wanted in (kind.name, kind.plural):
            return kind
    raise InvalidValue(field, f"unknown kind {text!r}; accepted: {', '.join(KIND_NAMES)}")


_OF_MODEL: dict[type[object], Kind] = {kind.model: kind for kind in KINDS.values()}


def kind_of(record: object) -> Kind:
    found = _OF_MODEL.get(record.__class__)  # a record's own class, or a draft's model
    if found is not None:
        return found
    for kind in KINDS.values():
        if isinstance(record, kind.model):
            return kind
    raise TypeError(f"not a record: {record!r}")
