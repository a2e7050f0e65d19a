"""The audit log: every create, update and delete, with before and after values."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, DateTime, Index, String, func
from sqlalchemy.orm import Mapped, mapped_column

from tracker.models.base import Base


class AuditEntry(Base):
    __tablename__ = "audit_log"
    __table_args__ = (
        CheckConstraint("action IN ('create', 'update', 'delete')", name="action"),
        Index("ix_audit_log_kind_record_id", "kind", "record_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.current_timestamp(), index=True
    )
    actor: Mapped[str] = mapped_column(String(120))
    action: Mapped[str] = mapped_column(String(10))
    kind: Mapped[str] = mapped_column(String(20))
    record_id: Mapped[int] = mapped_column()
    slug: Mapped[str | None] = mapped_column(String(120))
    # One id for all the changes one command made, so they can be listed and undone together.
    batch: Mapped[str | None] = mapped_column(String(36), index=True)
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class ChangeSet(Base):
    """What one import did, as one change: the file it read, who ran it and when. Its
    changes are the audit entries of its `batch`, one a record, so a record's own history
    still shows the import that made or changed it."""

    __tablename__ = "change_sets"

    id: Mapped[int] = mapped_column(primary_key=True)
    batch: Mapped[str] = mapped_column(String(36), unique=True)
    at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.current_timestamp()
    )
    actor: Mapped[str] = mapped_column(String(120))
    command: Mapped[str] = mapped_column(String(40))
    file: Mapped[str | None] = mapped_column(String(1000))
