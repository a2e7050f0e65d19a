"""The audit log read back: what changed, when, by whom; and undoing one change."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from tracker.domain.ids import record_id as parse_id
from tracker.errors import Conflict, InvalidValue, NotFound, TrackerError
from tracker.models import AuditEntry, Source
from tracker.models.base import RecordMixin
from tracker.services.curation.audit import snapshot
from tracker.services.curation.kinds import KINDS, Kind
from tracker.services.curation.records import Curator
from tracker.services.curation.references import check_ref


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
        check_ref(ref, "REF")
        matches = [AuditEntry.slug == ref]
        record_id = session.scalar(select(kind.model.id).where(kind.model.slug == ref))
        if record_id is None:
            record_id = parse_id(ref, "REF")
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


def _latest_on_same_record(session: Session, entry: AuditEntry) -> AuditEntry | None:
    slugs = {entry.slug, (entry.before or {}).get("slug"), (entry.after or {}).get("slug")} - {None}
    return session.scalars(
        select(AuditEntry)
        .where(
            AuditEntry.id > entry.id,
            AuditEntry.kind == entry.kind,
            or_(AuditEntry.record_id == entry.record_id, AuditEntry.slug.in_(slugs)),
        )
        .order_by(AuditEntry.id.desc())
        .limit(1)
    ).first()


def _current(session: Session, kind: Kind, entry: AuditEntry) -> RecordMixin | None:
    """The record as it is now: by id, or by slug once an undo has given it a new id."""
    slug = (entry.after or entry.before or {}).get("slug", entry.slug)
    record = session.get(kind.model, entry.record_id) if entry.record_id is not None else None
    if record is None or record.slug != slug:
        record = session.scalar(select(kind.model).where(kind.model.slug == slug))
    return record


class NotUndoable(Conflict):
    """A record changed after the change to undo; the message says which change to undo first."""


def _check_undoable(
    session: Session, entry: AuditEntry, asked: AuditEntry | None = None
) -> RecordMixin | None:
    """The record the change left is still as it left it (a later change that was itself
    undone does not count); the record, or None for a deletion. `asked`: the change the user
    asked to undo, when `entry` is one it made to another record."""
    asked = asked or entry
    kind = KINDS[entry.kind]
    current = _current(session, kind, entry)
    unchanged = (
        current is None
        if entry.action == "delete"
        else (current is not None and snapshot(current) == entry.after)
    )
    if unchanged:
        return current
    later = _latest_on_same_record(session, entry)
    if later is not None:
        on = "the same record" if asked is entry else f"{entry.kind} {entry.slug}, which it changed"
        raise NotUndoable(
            f"change {asked.id} cannot be undone: change {later.id} ({later.action} "
            f"{later.kind} {later.slug}) came after it on {on}; undo that first"
        )
    if (
        current is not None
        and entry.after is not None
        and set(entry.after) != set(snapshot(current))
    ):
        raise NotUndoable(
            f"change {asked.id} cannot be undone: it was logged before a schema revision "
            f"changed what a {kind.name} holds; edit the record instead"
        )
    raise NotUndoable(f"change {asked.id} cannot be undone: {kind.name} {entry.slug} has changed")


def _released_with(session: Session, entry: AuditEntry) -> list[AuditEntry]:
    """What a forced deletion changed on other records in the same command (the citations of
    a deleted source, say), which undoing the deletion puts back."""
    if entry.action != "delete":
        return []
    return list(
        session.scalars(
            select(AuditEntry)
            .where(
                AuditEntry.batch == entry.batch,
                AuditEntry.id < entry.id,
                AuditEntry.action == "update",
            )
            .order_by(AuditEntry.id)
        )
    )


def undo(curator: Curator, change_id: int) -> str:
    """Revert one change (itself logged, so it can be undone in turn). Undoing a deletion also
    restores what the deletion took from other records. Refuses when a record has changed
    since: undo that change first."""
    session = curator.session
    entry = session.get(AuditEntry, change_id)
    if entry is None:
        raise NotFound(f"no change {change_id}; see 'tracker history'", "CHANGE_ID")
    current = _check_undoable(session, entry)
    kind = KINDS[entry.kind]
    try:
        if entry.action == "create":
            assert current is not None
            curator.delete(kind, str(current.id))
            return f"undid change {change_id}: deleted {kind.name} {entry.slug}"
        fields: dict[str, Any] = dict(entry.before or {})
        if entry.action == "update":
            assert current is not None
            curator.update(kind, str(current.id), fields)
            return f"undid change {change_id}: {kind.name} {fields['slug']} restored"
        record = curator.create(kind, fields)
        # Newest first: a record that lost several citations is stepped back one change at a
        # time, each checked against the state it left. All in the caller's one transaction.
        for change in reversed(_released_with(session, entry)):
            owner = _check_undoable(session, change, entry)
            assert owner is not None
            curator.update(KINDS[change.kind], str(owner.id), dict(change.before or {}))
        session.flush()
        if isinstance(record, Source):
            session.refresh(record)
            return (
                f"undid change {change_id}: source {record.slug} restored with its "
                f"{len(record.citations)} citation(s)"
            )
        return f"undid change {change_id}: {kind.name} {record.slug} restored with its citations"
    except NotUndoable:
        raise
    except TrackerError as error:
        raise Conflict(f"change {change_id} cannot be undone: {error}") from None
