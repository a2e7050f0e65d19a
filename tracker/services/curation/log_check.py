"""Whether every change in the audit log reads back the way `history` and `undo` read it:
what `db restore` asks of a file before it trusts it (the store knows no records)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from tracker.models import AuditEntry
from tracker.services.curation.kinds import KINDS

READ_BATCH = 500  # changes read back at a time
ACTIONS = ("create", "update", "delete")


def unreadable_change(session: Session) -> str | None:
    """The first change in the log that `history` or `undo` could not read back, described;
    None when every one reads."""
    last = 0
    while True:
        ids = list(
            session.scalars(
                select(AuditEntry.id)
                .where(AuditEntry.id > last)
                .order_by(AuditEntry.id)
                .limit(READ_BATCH)
            )
        )
        if not ids:
            return None
        problem = _unreadable(session, ids)
        if problem is not None:
            return problem
        last = ids[-1]
        session.expunge_all()


def _unreadable(session: Session, ids: list[int]) -> str | None:
    try:
        entries = session.scalars(
            select(AuditEntry).where(AuditEntry.id.in_(ids)).order_by(AuditEntry.id)
        ).all()
    except (ValueError, SQLAlchemyError) as error:  # JSON, a date or text that does not decode
        if len(ids) > 1:  # read one at a time only to name the change the batch stumbled on
            found = (_unreadable(session, [change_id]) for change_id in ids)
            return next(
                (p for p in found if p is not None), f"changes {ids[0]} to {ids[-1]} do not decode"
            )
        return f"change {ids[0]}: its stored values do not decode: {type(error).__name__}"
    for entry in entries:
        problem = _misshapen(entry)
        if problem is not None:
            return f"change {entry.id}: {problem}"
    return None


def _misshapen(entry: AuditEntry) -> str | None:
    """What `history` and `undo` rely on in a change that the column types do not ensure."""
    if entry.kind not in KINDS:
        return f"kind {entry.kind!r} is not a record kind"
    if entry.action not in ACTIONS:
        return f"action {entry.action!r} is not one of {', '.join(ACTIONS)}"
    if not isinstance(entry.record_id, int):
        return f"record id {entry.record_id!r} is not a number"
    for name, value in (("before", entry.before), ("after", entry.after)):
        if value is not None and not isinstance(value, dict):
            return f"{name} is not a mapping of fields"
    if entry.action != "create" and entry.before is None:
        return f"a {entry.action} without the record as it was before"
    return None
