"""`tracker merge KIND KEEP OTHER`: two records of one fact made one.

Everything OTHER holds moves onto KEEP: its citations, status steps, parties, tags, people
and addressees, and every record that names it (an agreement's event, a target's
agreement). Where both give a different value for one field, KEEP's stays unless the
curator takes OTHER's (`take`); an empty field of KEEP takes OTHER's value. Then OTHER is
deleted. It is all one command's change set: `tracker undo` of the deletion brings OTHER
back with its citations and steps, and puts KEEP and the records that named OTHER back as
they were.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select

from tracker.errors import InvalidValue
from tracker.models import Agreement, AuditEntry, Figure, Initiative, Target
from tracker.models.base import RecordMixin
from tracker.services.curation.fields import KEYS
from tracker.services.curation.kinds import KINDS, Kind
from tracker.services.curation.records import Curator
from tracker.services.curation.serialize import to_dict

# Lists that are joined (KEEP's first, then what OTHER adds), never a conflict.
JOINED = ("parties", "addressed_to", "people", "tags", "sectors", "citations", "status_history")
# Not compared: who the record is, and what follows from the rest.
OWN = ("slug", "status")
# A flag is true on the merged record if either record said so.
FLAGS = ("parties_inferred", "identity_inferred")
# Who names a record of each kind, and by which field.
REFERRERS: dict[str, tuple[tuple[type[RecordMixin], str], ...]] = {
    "event": ((Agreement, "event"), (Initiative, "event"), (Figure, "event")),
    "agreement": ((Target, "agreement"),),
}


@dataclass
class Merge:
    kind: Kind
    keep: str
    other: str
    moved: dict[str, int] = field(default_factory=dict)
    conflicts: list[tuple[str, Any, Any]] = field(default_factory=list)  # field, kept, other's
    taken: list[str] = field(default_factory=list)
    filled: list[str] = field(default_factory=list)
    repointed: list[str] = field(default_factory=list)  # "agreement x" now naming KEEP
    undo_change: int | None = None


def _empty(value: Any) -> bool:
    return value in (None, "", [])


def _joined(kept: list[Any], added: Iterable[Any]) -> list[Any]:
    result = list(kept)
    result += [item for item in added if item not in result]
    return result


def merge(
    curator: Curator,
    kind: Kind,
    keep_ref: str,
    other_ref: str,
    *,
    take: Iterable[str] = (),
    identity_inferred: bool = False,
) -> Merge:
    if kind.name == "source":
        raise InvalidValue(
            "KIND", "sources are texts and cannot be merged; merge the records that cite them"
        )
    keep, other = curator.get(kind, keep_ref, "KEEP"), curator.get(kind, other_ref, "OTHER")
    if keep.id == other.id:
        raise InvalidValue("OTHER", f"is {kind.name} {keep.slug} itself; name two records")
    fields = KEYS[kind.name]
    taken = list(dict.fromkeys(take))
    for name in taken:
        if name not in fields or name in OWN or name in JOINED:
            choosable = [k for k in fields if k not in OWN and k not in JOINED]
            raise InvalidValue("--take", f"{name!r}; accepted: {', '.join(choosable)}")
    kept_data, other_data = to_dict(keep), to_dict(other)
    plan = Merge(kind, keep.slug, other.slug, taken=taken)
    merged: dict[str, Any] = {}
    for name in fields:
        if name in OWN or name not in kept_data:
            continue
        mine, theirs = kept_data[name], other_data[name]
        if name in JOINED:
            merged[name] = _joined(mine, theirs)
            added = len(merged[name]) - len(mine)
            if added:
                plan.moved[name] = added
        elif name in FLAGS:
            merged[name] = bool(
                mine or theirs or (name == "identity_inferred" and identity_inferred)
            )
        elif name in taken:
            merged[name] = theirs
        elif _empty(mine) and not _empty(theirs):
            merged[name] = theirs
            plan.filled.append(name)
        elif not _empty(theirs) and theirs != mine:
            plan.conflicts.append((name, mine, theirs))
    for model, attribute in REFERRERS.get(kind.name, ()):
        column = getattr(model, f"{attribute}_id")
        for named in curator.session.scalars(select(model).where(column == other.id)).all():
            curator.update(KINDS[_kind_name(model)], str(named.id), {attribute: keep.slug})
            plan.repointed.append(f"{_kind_name(model)} {named.slug}")
    curator.update(kind, str(keep.id), merged)
    curator.delete(kind, str(other.id))
    curator.session.flush()
    plan.undo_change = curator.session.scalar(select(func.max(AuditEntry.id)))
    return plan


def _kind_name(model: type[RecordMixin]) -> str:
    return next(k.name for k in KINDS.values() if k.model is model)
