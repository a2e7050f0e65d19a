"""The audit log read back: what changed, when, by whom; and undoing one change."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from tracker.errors import Conflict, InvalidValue, NotFound, TrackerError
from tracker.models import AuditEntry
from tracker.services.curation.kinds import KINDS, Kind
from tracker.services.curation.records import Curator


def changed_fields(entry: AuditEntry) -> list[str]:
    before, after = entry.before or {}, entry.after or {}
    if entry.action != "update":
        return []
    return [k for k in dict.fromkeys([*before, *after]) if before.get(k) != after.get(k)]


def list_changes(
    session: Session,
    kind: Kind | None = None,
    ref: str | None = None,
    since: dt.date | None = None,
    limit: int | None = None,
) -> list[AuditEntry]:
    statement = select(AuditEntry).order_by(AuditEntry.id.desc())
    if kind is not None:
        statement = statement.where(AuditEntry.kind == kind.name)
    if ref is not None:
        assert kind is not None
        matches = [AuditEntry.slug == ref]
        record_id = session.scalar(select(kind.model.id).where(kind.model.slug == ref))
        if record_id is None and ref.isdigit():
            record_id = int(ref)
        if record_id is not None:
            matches.append(AuditEntry.record_id == record_id)
        statement = statement.where(or_(*matches))
    if since is not None:
        statement = statement.where(
            AuditEntry.at >= dt.datetime.combine(since, dt.time(), tzinfo=dt.UTC)
        )
    if limit is not None:
        if limit < 1:
            raise InvalidValue("--limit", "must be 1 or more")
        statement = statement.limit(limit)
    found = list(session.scalars(statement))
    if ref is not None and kind is not None and not found and since is None:
        raise NotFound(f"no {kind.name} {ref!r} now or in the history", "REF")
    return found


def _later_on_same_record(session: Session, entry: AuditEntry) -> AuditEntry | None:
    slugs = {entry.slug, (entry.before or {}).get("slug"), (entry.after or {}).get("slug")} - {None}
    return session.scalars(
        select(AuditEntry)
        .where(
            AuditEntry.id > entry.id,
            AuditEntry.kind == entry.kind,
            or_(AuditEntry.record_id == entry.record_id, AuditEntry.slug.in_(slugs)),
        )
        .order_by(AuditEntry.id)
        .limit(1)
    ).first()


def undo(curator: Curator, change_id: int) -> str:
    """Revert one change (itself logged, so it can be undone in turn). Refuses when a later
    change touched the same record: undo that one first."""
    session = curator.session
    entry = session.get(AuditEntry, change_id)
    if entry is None:
        raise NotFound(f"no change {change_id}; see 'tracker history'", "CHANGE_ID")
    later = _later_on_same_record(session, entry)
    if later is not None:
        raise Conflict(
            f"change {change_id} cannot be undone: change {later.id} ({later.action} "
            f"{later.kind} {later.slug}) came after it on the same record; undo that first"
        )
    kind = KINDS[entry.kind]
    try:
        if entry.action == "create":
            curator.delete(kind, str(entry.record_id))
            return f"undid change {change_id}: deleted {kind.name} {entry.slug}"
        fields: dict[str, Any] = dict(entry.before or {})
        if entry.action == "update":
            curator.update(kind, str(entry.record_id), fields)
            return f"undid change {change_id}: {kind.name} {fields['slug']} restored"
        record = curator.create(kind, fields)
        return f"undid change {change_id}: {kind.name} {record.slug} restored with its citations"
    except TrackerError as error:
        raise Conflict(f"change {change_id} cannot be undone: {error}") from None
