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


def _jsonable(value: Any) -> Any:
    """Decimals as exact strings: the log must give back exactly what was there. A record's
    picture holds only mappings, lists, text, numbers, booleans and None, so this walk gives
    what a JSON round trip would, at a third of its cost."""
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, Decimal):
        return str(value)
    return value


def snapshot(record: RecordMixin) -> dict[str, Any]:
    picture: dict[str, Any] = _jsonable(to_dict(record))
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
