"""Sources (the texts) and citations (a record's verbatim sentence in a source)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.models.base import Base, RecordMixin
from tracker.models.checks import date_checks

if TYPE_CHECKING:
    from tracker.models.initiatives import Initiative, InitiativeStatus
    from tracker.models.records import Agreement, AgreementStatus, Event, EventStatus
    from tracker.models.targets import Figure, Target


class Source(RecordMixin, Base):
    """A text (an article, a page) or a dataset (a statistics table, its text the table as
    CSV). A citation of a text quotes it verbatim; one of a dataset gives a locator."""

    __tablename__ = "sources"
    __table_args__ = (
        *date_checks("published"),
        *date_checks("retrieved"),
        CheckConstraint("length(sha256) = 64", name="sha256_length"),
        CheckConstraint("kind IN ('text', 'dataset')", name="kind"),
    )

    kind: Mapped[str] = mapped_column(String(10), default="text", server_default="text")
    # A dataset's publisher and table ("Bureau of National Statistics", "Foreign trade by
    # country"), and when it was retrieved: a table changes as figures are revised.
    publisher: Mapped[str | None] = mapped_column(String(300))
    table_name: Mapped[str | None] = mapped_column(String(300))
    retrieved: Mapped[str | None] = mapped_column(String(64))
    retrieved_lower: Mapped[date | None] = mapped_column(Date)
    retrieved_upper: Mapped[date | None] = mapped_column(Date)

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
    "figure_id",
    "initiative_id",
    "initiative_status_id",
    "event_status_id",
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
    figure_id: Mapped[int | None] = mapped_column(
        ForeignKey("figures.id", ondelete="CASCADE"), index=True
    )
    initiative_id: Mapped[int | None] = mapped_column(
        ForeignKey("initiatives.id", ondelete="CASCADE"), index=True
    )
    initiative_status_id: Mapped[int | None] = mapped_column(
        ForeignKey("initiative_statuses.id", ondelete="CASCADE"), index=True
    )
    event_status_id: Mapped[int | None] = mapped_column(
        ForeignKey("event_statuses.id", ondelete="CASCADE"), index=True
    )

    source: Mapped[Source] = relationship()
    event: Mapped[Event | None] = relationship(back_populates="citations")
    agreement: Mapped[Agreement | None] = relationship(back_populates="citations")
    status: Mapped[AgreementStatus | None] = relationship(back_populates="citations")
    target: Mapped[Target | None] = relationship(back_populates="citations")
    figure: Mapped[Figure | None] = relationship(back_populates="citations")
    initiative: Mapped[Initiative | None] = relationship(back_populates="citations")
    initiative_status: Mapped[InitiativeStatus | None] = relationship(back_populates="citations")
    event_status: Mapped[EventStatus | None] = relationship(back_populates="citations")
