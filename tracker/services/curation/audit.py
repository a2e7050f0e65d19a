"""Writing the audit log, in the same transaction as the change it records."""

from __future__ import annotations

import getpass
import uuid
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from tracker.models import AuditEntry
from tracker.models.base import RecordMixin
from tracker.services.curation.bulk import write_rows
from tracker.services.curation.kinds import kind_of
from tracker.services.curation.serialize import to_dict


def default_actor() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


# Where a record's picture holds a Decimal (quantities; `serialize` writes them in base
# units): every other value is text, a number, a boolean, None, or a list or mapping of them.
DECIMAL_KEYS = ("value", "target_value", "growth_pct")


def snapshot(record: RecordMixin) -> dict[str, Any]:
    """The record's picture as the log stores it: what a JSON round trip of `to_dict` gives,
    with Decimals as exact strings (the log must give back exactly what was there). Only the
    quantity keys are converted: a walk of every value took a sixth of an import."""
    picture = to_dict(record)
    for key in DECIMAL_KEYS:
        value = picture.get(key)
        if isinstance(value, Decimal):
            picture[key] = str(value)
    baseline = picture.get("baseline")
    if baseline is not None and isinstance(baseline["value"], Decimal):
        picture["baseline"] = {**baseline, "value": str(baseline["value"])}
    return picture


class AuditLog:
    """Every change one command makes, under one batch id."""

    def __init__(self, session: Session, actor: str | None = None) -> None:
        self.session = session
        self.actor = actor or default_actor()
        self.batch = uuid.uuid4().hex

    def write(
        self,
        action: str,
        record: RecordMixin,
        before: dict[str, Any] | None,
        after: dict[str, Any] | None,
    ) -> None:
        if action == "update" and before == after:
            return
        self.session.flush()
        self.session.add(AuditEntry(**self._entry(action, record, before, after)))

    def write_created(self, records: list[RecordMixin]) -> None:
        """Log new records written by `bulk.insert_new`, with one INSERT for them all."""
        if records:
            entries = [self._entry("create", r, None, snapshot(r)) for r in records]
            write_rows(self.session, AuditEntry.__table__, entries)  # type: ignore[arg-type]

    def _entry(
        self,
        action: str,
        record: RecordMixin,
        before: dict[str, Any] | None,
        after: dict[str, Any] | None,
    ) -> dict[str, Any]:
        return {
            "actor": self.actor,
            "action": action,
            "kind": kind_of(record).name,
            "record_id": record.id,
            "slug": record.slug,
            "batch": self.batch,
            "before": before,
            "after": after,
        }
