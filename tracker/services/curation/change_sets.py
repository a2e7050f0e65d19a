"""An import recorded as one change set: the file, who and when, over the audit entries its
records got (one a record, under the import's batch id). Listed with what it created and
updated, and undone whole."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tracker.errors import InvalidValue, NotFound
from tracker.models import AuditEntry, ChangeSet
from tracker.services.curation.history import undo
from tracker.services.curation.records import Curator

IMPORT = "import"


def record_change_set(curator: Curator, command: str, file: str) -> ChangeSet | None:
    """After the command's writes, in its transaction: the change set of what it changed
    (None when it changed nothing)."""
    session = curator.session
    session.flush()
    batch = curator.audit.batch
    if session.scalar(select(AuditEntry.id).where(AuditEntry.batch == batch).limit(1)) is None:
        return None
    change_set = ChangeSet(batch=batch, actor=curator.audit.actor, command=command, file=file)
    session.add(change_set)
    session.flush()
    return change_set


@dataclass
class Summary:
    change_set: ChangeSet
    # action ("create", "update", "delete") -> kind -> how many
    counts: dict[str, dict[str, int]] = field(default_factory=lambda: defaultdict(dict))

    def describe(self, action: str) -> str:
        return ", ".join(f"{n} {kind}" for kind, n in sorted(self.counts[action].items()))


def list_change_sets(session: Session, limit: int | None = None) -> list[Summary]:
    """Newest first, each with its changes counted (one grouped query over their batches)."""
    if limit is not None and limit < 1:
        raise InvalidValue("--limit", "must be 1 or more")
    statement = select(ChangeSet).order_by(ChangeSet.id.desc())
    if limit is not None:
        statement = statement.limit(limit)
    summaries = {c.batch: Summary(c) for c in session.scalars(statement)}
    if summaries:
        counted = session.execute(
            select(AuditEntry.batch, AuditEntry.action, AuditEntry.kind, func.count())
            .where(AuditEntry.batch.in_(list(summaries)))
            .group_by(AuditEntry.batch, AuditEntry.action, AuditEntry.kind)
        )
        for batch, action, kind, n in counted:
            if batch is not None:  # always, by the WHERE; the column may hold NULL elsewhere
                summaries[batch].counts[action][kind] = n
    return list(summaries.values())


def change_sets_of(session: Session, batches: set[str]) -> dict[str, ChangeSet]:
    """The change sets some audit entries belong to, by their batch."""
    if not batches:
        return {}
    found = session.scalars(select(ChangeSet).where(ChangeSet.batch.in_(list(batches))))
    return {c.batch: c for c in found}


def undo_change_set(curator: Curator, change_set_id: int) -> str:
    """Undo each change of the set, newest first (a record the file named twice is put back
    before it is removed), in the caller's one transaction: a record changed since the import
    refuses the whole undo, naming the change to undo first."""
    session = curator.session
    change_set = session.get(ChangeSet, change_set_id)
    if change_set is None:
        raise NotFound(
            f"no change set {change_set_id}; see 'tracker history --imports'", "CHANGE_ID"
        )
    changes = list(
        session.execute(
            select(AuditEntry.id, AuditEntry.action)
            .where(AuditEntry.batch == change_set.batch)
            .order_by(AuditEntry.id.desc())
        )
    )
    for change_id, _ in changes:
        undo(curator, change_id)
    removed = sum(1 for _, action in changes if action == "create")
    restored = len(changes) - removed
    return (
        f"undid change set {change_set.id} ({change_set.command} {change_set.file}): "
        f"{removed} record(s) removed, {restored} restored"
    )
