"""Quantified goals with their dated observations, and figures (quantities that are not goals)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.models.base import Base, DatedMixin, ExactDecimal, RecordMixin
from tracker.models.checks import QUALIFIER_CHECK, date_checks, quantity_checks
from tracker.models.links import (
    Party,
    Tag,
    figure_parties,
    figure_tags,
    target_parties,
    target_tags,
)
from tracker.models.sources import Citation

if TYPE_CHECKING:
    from tracker.models.records import Agreement


class Target(RecordMixin, Base):
    __tablename__ = "targets"
    __table_args__ = (
        CheckConstraint("direction IN ('up', 'down')", name="direction"),
        *quantity_checks("target_value"),
        *quantity_checks("baseline_value"),
        *date_checks("deadline"),
        *date_checks("baseline_date"),
    )

    unit: Mapped[str] = mapped_column(String(20))
    direction: Mapped[str] = mapped_column(String(4), default="up")
    target_value: Mapped[Decimal] = mapped_column(ExactDecimal())
    deadline: Mapped[str | None] = mapped_column(String(64))
    deadline_lower: Mapped[date | None] = mapped_column(Date, index=True)
    deadline_upper: Mapped[date | None] = mapped_column(Date)
    baseline_value: Mapped[Decimal | None] = mapped_column(ExactDecimal())
    baseline_date: Mapped[str | None] = mapped_column(String(64))
    baseline_date_lower: Mapped[date | None] = mapped_column(Date)
    baseline_date_upper: Mapped[date | None] = mapped_column(Date)
    agreement_id: Mapped[int | None] = mapped_column(
        ForeignKey("agreements.id", ondelete="RESTRICT"), index=True
    )

    agreement: Mapped[Agreement | None] = relationship()
    parties: Mapped[list[Party]] = relationship(secondary=target_parties, order_by=Party.code)
    tags: Mapped[list[Tag]] = relationship(secondary=target_tags, order_by=Tag.name)
    observations: Mapped[list[Observation]] = relationship(
        back_populates="target",
        cascade="all, delete-orphan",
        order_by="[Observation.date_lower.is_(None), Observation.date_lower, Observation.id]",
    )
    citations: Mapped[list[Citation]] = relationship(
        back_populates="target", cascade="all, delete-orphan", order_by=Citation.id
    )


class Observation(DatedMixin, Base):
    """A dated value of a target's measure, as a source reports it."""

    __tablename__ = "observations"
    __table_args__ = (
        CheckConstraint(QUALIFIER_CHECK, name="qualifier"),
        CheckConstraint("CAST(value AS NUMERIC) >= 0", name="value_not_negative"),
        *date_checks("date"),
        # `report targets` seeks each target's first and latest observation in this order.
        Index("ix_observations_target_id_date_upper", "target_id", "date_upper", "date_lower"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    target_id: Mapped[int] = mapped_column(ForeignKey("targets.id", ondelete="CASCADE"))
    value: Mapped[Decimal] = mapped_column(ExactDecimal())
    qualifier: Mapped[str] = mapped_column(String(10), default="exact")
    # Annual growth the source reports with the value ("+15%"), in percent.
    growth_pct: Mapped[Decimal | None] = mapped_column(ExactDecimal())
    note: Mapped[str | None] = mapped_column(Text)

    target: Mapped[Target] = relationship(back_populates="observations")
    citations: Mapped[list[Citation]] = relationship(
        back_populates="observation", cascade="all, delete-orphan", order_by=Citation.id
    )


class Figure(RecordMixin, DatedMixin, Base):
    __tablename__ = "figures"
    __table_args__ = (
        CheckConstraint(QUALIFIER_CHECK, name="qualifier"),
        *quantity_checks("value"),
        *date_checks("date"),
    )

    # What is measured, shared by figures that should agree ("kz-uz-joint-projects-value"),
    # so reports can group them and show conflicting values side by side.
    measure: Mapped[str | None] = mapped_column(String(120), index=True)
    value: Mapped[Decimal] = mapped_column(ExactDecimal())
    unit: Mapped[str] = mapped_column(String(20))
    qualifier: Mapped[str] = mapped_column(String(10), default="exact")

    parties: Mapped[list[Party]] = relationship(secondary=figure_parties, order_by=Party.code)
    tags: Mapped[list[Tag]] = relationship(secondary=figure_tags, order_by=Tag.name)
    citations: Mapped[list[Citation]] = relationship(
        back_populates="figure", cascade="all, delete-orphan", order_by=Citation.id
    )
