"""Events, agreements and the dated, cited history of each agreement's status."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.domain.vocab import EVENT_STATUSES
from tracker.models.base import Base, DatedMixin, InferenceMixin, RecordMixin, StepMixin
from tracker.models.checks import date_checks, one_of
from tracker.models.links import (
    Party,
    Tag,
    agreement_parties,
    agreement_tags,
    event_parties,
    event_tags,
)
from tracker.models.sources import Citation

if TYPE_CHECKING:
    from tracker.models.targets import Target

EVENT_KIND_CHECK = (
    "kind IN ('meeting', 'informal_meeting', 'summit', 'state_visit', 'official_visit', "
    "'council_meeting', 'opening', 'ceremony', 'forum', 'cultural', 'other')"
)
AGREEMENT_KIND_CHECK = (
    "kind IN ('treaty', 'agreement', 'framework_agreement', 'programme', 'plan', 'memorandum', "
    "'joint_statement', 'declaration', 'protocol', 'contract', 'decision', 'other')"
)
STATUS_CHECK = (
    "status IN ('unknown', 'proposed', 'under_negotiation', 'signed', 'adopted', 'approved', "
    "'ratified', 'in_force', 'suspended', 'terminated', 'expired')"
)


class Event(RecordMixin, DatedMixin, InferenceMixin, Base):
    __tablename__ = "events"
    __table_args__ = (CheckConstraint(EVENT_KIND_CHECK, name="kind"), *date_checks("date"))

    kind: Mapped[str] = mapped_column(String(40), index=True)
    place: Mapped[str | None] = mapped_column(String(300))
    host_id: Mapped[int | None] = mapped_column(ForeignKey("parties.id", ondelete="RESTRICT"))
    # Named participants as the texts give them ("Kassym-Jomart Tokayev").
    people: Mapped[list[str]] = mapped_column(JSON, default=list)

    host: Mapped[Party | None] = relationship()
    parties: Mapped[list[Party]] = relationship(secondary=event_parties, order_by=Party.code)
    tags: Mapped[list[Tag]] = relationship(secondary=event_tags, order_by=Tag.name)
    statuses: Mapped[list[EventStatus]] = relationship(
        back_populates="event",
        cascade="all, delete-orphan",
        order_by="[EventStatus.date_lower.is_(None), EventStatus.date_lower, EventStatus.id]",
    )
    # Read-only, like Source.citations: an agreement names its event, not the other way round.
    agreements: Mapped[list[Agreement]] = relationship(viewonly=True)
    citations: Mapped[list[Citation]] = relationship(
        back_populates="event", cascade="all, delete-orphan", order_by=Citation.id
    )


class EventStatus(StepMixin, Base):
    """One step of whether an event took place (planned, held, postponed, cancelled); where
    it stands is the latest step."""

    __tablename__ = "event_statuses"
    __table_args__ = (
        CheckConstraint(one_of("status", EVENT_STATUSES), name="status"),
        *date_checks("date"),
        Index("ix_event_statuses_event_id_date_lower", "event_id", "date_lower"),
    )

    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))

    event: Mapped[Event] = relationship(back_populates="statuses")
    citations: Mapped[list[Citation]] = relationship(
        back_populates="event_status", cascade="all, delete-orphan", order_by=Citation.id
    )


class Agreement(RecordMixin, InferenceMixin, Base):
    __tablename__ = "agreements"
    __table_args__ = (CheckConstraint(AGREEMENT_KIND_CHECK, name="kind"),)

    kind: Mapped[str] = mapped_column(String(40), index=True)
    event_id: Mapped[int | None] = mapped_column(
        ForeignKey("events.id", ondelete="RESTRICT"), index=True
    )

    event: Mapped[Event | None] = relationship()
    parties: Mapped[list[Party]] = relationship(secondary=agreement_parties, order_by=Party.code)
    tags: Mapped[list[Tag]] = relationship(secondary=agreement_tags, order_by=Tag.name)
    statuses: Mapped[list[AgreementStatus]] = relationship(
        back_populates="agreement",
        cascade="all, delete-orphan",
        order_by="[AgreementStatus.date_lower.is_(None), AgreementStatus.date_lower, "
        "AgreementStatus.id]",
    )
    targets: Mapped[list[Target]] = relationship(viewonly=True)
    citations: Mapped[list[Citation]] = relationship(
        back_populates="agreement", cascade="all, delete-orphan", order_by=Citation.id
    )


class AgreementStatus(StepMixin, Base):
    """One step of an agreement's lifecycle; the current status is the latest step."""

    __tablename__ = "agreement_statuses"
    __table_args__ = (
        CheckConstraint(STATUS_CHECK, name="status"),
        *date_checks("date"),
        Index("ix_agreement_statuses_agreement_id_date_lower", "agreement_id", "date_lower"),
    )

    agreement_id: Mapped[int] = mapped_column(ForeignKey("agreements.id", ondelete="CASCADE"))

    agreement: Mapped[Agreement] = relationship(back_populates="statuses")
    citations: Mapped[list[Citation]] = relationship(
        back_populates="status", cascade="all, delete-orphan", order_by=Citation.id
    )
