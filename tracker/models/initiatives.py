"""Initiatives: commitments, understandings, proposals, invitations and bodies to be set up,
with the dated, cited history of where each stands."""

from __future__ import annotations

from sqlalchemy import CheckConstraint, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.domain.vocab import INITIATIVE_KINDS, INITIATIVE_STATUSES
from tracker.models.base import Base, DatedMixin, InferenceMixin, RecordMixin, StepMixin
from tracker.models.checks import date_checks, one_of
from tracker.models.links import (
    Party,
    Tag,
    initiative_addressees,
    initiative_parties,
    initiative_tags,
)
from tracker.models.records import Event
from tracker.models.sources import Citation


class Initiative(RecordMixin, DatedMixin, InferenceMixin, Base):
    """`date` is when it was made (proposed, agreed); its progress is in `statuses`."""

    __tablename__ = "initiatives"
    __table_args__ = (
        CheckConstraint(one_of("kind", INITIATIVE_KINDS), name="kind"),
        *date_checks("date"),
    )

    kind: Mapped[str] = mapped_column(String(40), index=True)
    sector: Mapped[str | None] = mapped_column(String(120))
    made_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("parties.id", ondelete="RESTRICT"), index=True
    )
    event_id: Mapped[int | None] = mapped_column(
        ForeignKey("events.id", ondelete="RESTRICT"), index=True
    )

    made_by: Mapped[Party | None] = relationship()
    event: Mapped[Event | None] = relationship()
    parties: Mapped[list[Party]] = relationship(secondary=initiative_parties, order_by=Party.code)
    addressed_to: Mapped[list[Party]] = relationship(
        secondary=initiative_addressees, order_by=Party.code
    )
    tags: Mapped[list[Tag]] = relationship(secondary=initiative_tags, order_by=Tag.name)
    statuses: Mapped[list[InitiativeStatus]] = relationship(
        back_populates="initiative",
        cascade="all, delete-orphan",
        order_by="[InitiativeStatus.date_lower.is_(None), InitiativeStatus.date_lower, "
        "InitiativeStatus.id]",
    )
    citations: Mapped[list[Citation]] = relationship(
        back_populates="initiative", cascade="all, delete-orphan", order_by=Citation.id
    )


class InitiativeStatus(StepMixin, Base):
    """One step of an initiative's progress; where it stands is the latest step."""

    __tablename__ = "initiative_statuses"
    __table_args__ = (
        CheckConstraint(one_of("status", INITIATIVE_STATUSES), name="status"),
        *date_checks("date"),
        Index("ix_initiative_statuses_initiative_id_date_lower", "initiative_id", "date_lower"),
    )

    initiative_id: Mapped[int] = mapped_column(ForeignKey("initiatives.id", ondelete="CASCADE"))

    initiative: Mapped[Initiative] = relationship(back_populates="statuses")
    citations: Mapped[list[Citation]] = relationship(
        back_populates="initiative_status", cascade="all, delete-orphan", order_by=Citation.id
    )
