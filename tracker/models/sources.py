"""Sources (the texts) and citations (a record's verbatim sentence in a source)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.models.base import Base, RecordMixin
from tracker.models.checks import date_checks

if TYPE_CHECKING:
    from tracker.models.records import Agreement, AgreementStatus, Event
    from tracker.models.targets import Figure, Observation, Target


class Source(RecordMixin, Base):
    __tablename__ = "sources"
    __table_args__ = (
        *date_checks("published"),
        CheckConstraint("length(sha256) = 64", name="sha256_length"),
    )

    outlet: Mapped[str | None] = mapped_column(String(200))
    author: Mapped[str | None] = mapped_column(String(300))
    # A text that only relays another ("со ссылкой на Акорду") names the original here.
    via: Mapped[str | None] = mapped_column(String(300))
    published: Mapped[str | None] = mapped_column(String(64))
    published_lower: Mapped[date | None] = mapped_column(Date, index=True)
    published_upper: Mapped[date | None] = mapped_column(Date)
    language: Mapped[str | None] = mapped_column(String(16))
    file: Mapped[str | None] = mapped_column(String(300))
    url: Mapped[str | None] = mapped_column(String(2000))
    text: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))

    # Read-only: citations are made and removed through the records they support.
    citations: Mapped[list[Citation]] = relationship(viewonly=True)


# The record a citation supports: exactly one of these columns is set.
CITED_COLUMNS = (
    "event_id",
    "agreement_id",
    "status_id",
    "target_id",
    "observation_id",
    "figure_id",
)


class Citation(Base):
    __tablename__ = "citations"
    __table_args__ = (
        CheckConstraint(
            " + ".join(f"(CASE WHEN {c} IS NULL THEN 0 ELSE 1 END)" for c in CITED_COLUMNS)
            + " = 1",
            name="one_record",
        ),
        CheckConstraint("length(quote) > 0", name="quote_not_empty"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int] = mapped_column(
        ForeignKey("sources.id", ondelete="RESTRICT"), index=True
    )
    quote: Mapped[str] = mapped_column(Text)
    event_id: Mapped[int | None] = mapped_column(
        ForeignKey("events.id", ondelete="CASCADE"), index=True
    )
    agreement_id: Mapped[int | None] = mapped_column(
        ForeignKey("agreements.id", ondelete="CASCADE"), index=True
    )
    status_id: Mapped[int | None] = mapped_column(
        ForeignKey("agreement_statuses.id", ondelete="CASCADE"), index=True
    )
    target_id: Mapped[int | None] = mapped_column(
        ForeignKey("targets.id", ondelete="CASCADE"), index=True
    )
    observation_id: Mapped[int | None] = mapped_column(
        ForeignKey("observations.id", ondelete="CASCADE"), index=True
    )
    figure_id: Mapped[int | None] = mapped_column(
        ForeignKey("figures.id", ondelete="CASCADE"), index=True
    )

    source: Mapped[Source] = relationship()
    event: Mapped[Event | None] = relationship(back_populates="citations")
    agreement: Mapped[Agreement | None] = relationship(back_populates="citations")
    status: Mapped[AgreementStatus | None] = relationship(back_populates="citations")
    target: Mapped[Target | None] = relationship(back_populates="citations")
    observation: Mapped[Observation | None] = relationship(back_populates="citations")
    figure: Mapped[Figure | None] = relationship(back_populates="citations")
