"""Quantified goals, and figures: every value a source reports. A target is measured by the
figures of its `measure`; there is no second store of observed values."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, String, and_
from sqlalchemy.orm import Mapped, foreign, mapped_column, relationship

from tracker.domain.vocab import PERIODS
from tracker.models.base import Base, DatedMixin, ExactDecimal, InferenceMixin, RecordMixin
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
    from tracker.models.records import Agreement, Event


class Target(RecordMixin, InferenceMixin, Base):
    __tablename__ = "targets"
    __table_args__ = (
        CheckConstraint("direction IN ('up', 'down')", name="direction"),
        *quantity_checks("target_value"),
        *quantity_checks("baseline_value"),
        *date_checks("deadline"),
        *date_checks("baseline_date"),
    )

    # The figures that report this target's value share this measure ("kz-uz-trade-turnover").
    measure: Mapped[str | None] = mapped_column(String(120), index=True)
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
    # Read-only: a figure names its measure, and belongs to no one target.
    series: Mapped[list[Figure]] = relationship(
        primaryjoin=lambda: and_(
            foreign(Figure.measure) == Target.measure, Figure.unit == Target.unit
        ),
        viewonly=True,
        order_by=lambda: [Figure.date_lower.is_(None), Figure.date_lower, Figure.id],
    )
    citations: Mapped[list[Citation]] = relationship(
        back_populates="target", cascade="all, delete-orphan", order_by=Citation.id
    )


PERIOD_CHECK = f"period IS NULL OR period IN ({', '.join(repr(p) for p in PERIODS)})"


class Figure(RecordMixin, DatedMixin, InferenceMixin, Base):
    __tablename__ = "figures"
    __table_args__ = (
        CheckConstraint(QUALIFIER_CHECK, name="qualifier"),
        CheckConstraint(PERIOD_CHECK, name="period"),
        *quantity_checks("value"),
        *date_checks("date"),
        # `report targets` seeks each measure's first and latest value in this order.
        Index("ix_figures_measure_date_upper", "measure", "date_upper", "date_lower"),
    )

    # What is measured, shared by figures that should agree ("kz-uz-joint-projects-value"),
    # so reports can group them and show conflicting values side by side.
    measure: Mapped[str | None] = mapped_column(String(120))
    value: Mapped[Decimal] = mapped_column(ExactDecimal())
    unit: Mapped[str] = mapped_column(String(20))
    qualifier: Mapped[str] = mapped_column(String(10), default="exact")
    # The span the value covers, `date` giving which: "2024" a year, "2025-01/2025-10" a
    # year to date, "2025-11-15" a point in time. None: the source does not say.
    period: Mapped[str | None] = mapped_column(String(10))
    # Growth the source reports with the value ("+15%"), in percent, over the same span a
    # year earlier.
    growth_pct: Mapped[Decimal | None] = mapped_column(ExactDecimal())
    # The meeting at which the value was announced: "5.4% in the first quarter" says which
    # year, and to whom, only through the event that reported it.
    event_id: Mapped[int | None] = mapped_column(
        ForeignKey("events.id", ondelete="RESTRICT"), index=True
    )

    event: Mapped[Event | None] = relationship()
    parties: Mapped[list[Party]] = relationship(secondary=figure_parties, order_by=Party.code)
    tags: Mapped[list[Tag]] = relationship(secondary=figure_tags, order_by=Tag.name)
    citations: Mapped[list[Citation]] = relationship(
        back_populates="figure", cascade="all, delete-orphan", order_by=Citation.id
    )
