"""The schema. Importing this package registers every table on `Base.metadata`."""

from tracker.models.audit import AuditEntry, ChangeSet
from tracker.models.base import Base, ExactDecimal
from tracker.models.initiatives import Initiative, InitiativeStatus
from tracker.models.links import Party, Tag
from tracker.models.records import Agreement, AgreementStatus, Event, EventStatus
from tracker.models.sources import Citation, Source
from tracker.models.targets import Figure, Target

__all__ = [
    "Agreement",
    "AgreementStatus",
    "AuditEntry",
    "Base",
    "ChangeSet",
    "Citation",
    "Event",
    "EventStatus",
    "ExactDecimal",
    "Figure",
    "Initiative",
    "InitiativeStatus",
    "Party",
    "Source",
    "Tag",
    "Target",
]
