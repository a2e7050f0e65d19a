"""Creating, changing and deleting records, with their citations and status histories.
Every change goes through `Curator`, which writes the audit log alongside it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tracker.domain.inputs import parse_amount, slugify
from tracker.errors import Conflict, InvalidValue, NotFound, TrackerError
from tracker.models import Agreement, Citation, Event, Figure, Initiative, Source, Target
from tracker.models.base import RecordMixin
from tracker.services.curation import fields as field_rules
from tracker.services.curation.audit import AuditLog, snapshot
from tracker.services.curation.bulk import building, insert_new, new
from tracker.services.curation.fields import Tracked
from tracker.services.curation.kinds import KINDS, Kind, kind_of
from tracker.services.curation.references import citation_list, find_by_ref

R = TypeVar("R", bound=RecordMixin)


@dataclass(frozen=True)
class Dependents:
    """What else a delete would touch, said before anything is touched."""

    citations: int = 0
    agreements: int = 0  # agreements signed at a deleted event
    initiatives: int = 0  # initiatives made at a deleted event
    targets: int = 0  # targets set by a deleted agreement

    def describe(self, *, done: bool = False) -> str:
        verb = "" if done else "would "
        parts = [
            f"{n} {what}"
            for n, what in (
                (self.citations, f"citation(s) of it {verb}{'were' if done else 'be'} deleted"),
                (self.agreements, f"agreement(s) {verb}{'lost' if done else 'lose'} their event"),
                (
                    self.initiatives,
                    f"initiative(s) {verb}{'lost' if done else 'lose'} their event",
                ),
                (self.targets, f"target(s) {verb}{'lost' if done else 'lose'} their agreement"),
            )
            if n
        ]
        return "; ".join(parts)


class Curator:
    def __init__(self, session: Session, actor: str | None = None) -> None:
        self.session = session
        self.audit = AuditLog(session, actor)

    # ---- records -------------------------------------------------------------------------------

    def get(self, kind: Kind, ref: str, field: str = "ref") -> RecordMixin:
        """The record, locked for this transaction: what a command checks stays true until
        it commits."""
        return self._locked(kind.model, ref, field)

    def _locked(self, model: type[R], ref: Any, field: str, *, shared: bool = False) -> R:
        """On PostgreSQL, the record's row held until commit (FOR UPDATE; FOR SHARE when it is
        only read, as a cited source is) and read again after the lock: another command's
        change to it either committed before, and is seen, or waits for this one. SQLite lets
        one writer in at a time, so there is nothing to hold."""
        record = find_by_ref(self.session, model, ref, field)
        if self.session.get_bind().dialect.name != "postgresql":
            return record
        held = self.session.execute(
            select(model.id).where(model.id == record.id).with_for_update(read=shared)
        ).first()
        if held is None:
            raise NotFound(f"no {kind_of(record).name} {record.slug!r} (deleted meanwhile)", field)
        self.session.expire(record)
        return record

    def create(self, kind: Kind, fields: Mapping[str, Any]) -> RecordMixin:
        record = self.build(kind, fields)
        self.write_new([record])
        return find_by_ref(self.session, kind.model, record.id, "ref")

    def build(
        self, kind: Kind, fields: Mapping[str, Any], *, slug_is_new: bool = False
    ) -> RecordMixin:
        """A new record, checked but not written: `write_new` writes many in one go."""
        with building():
            record = new(kind.model)
            field_rules.apply_fields(
                self.session, record, fields, creating=True, slug_is_new=slug_is_new
            )
        return record

    def write_new(self, records: list[RecordMixin]) -> None:
        """Write records from `build` (all of one kind) and log their creation."""
        insert_new(self.session, records)
        self.audit.write_created(records)

    def update(self, kind: Kind, ref: str, fields: Mapping[str, Any]) -> RecordMixin:
        record = self.get(kind, ref)
        before = snapshot(record)
        field_rules.apply_fields(self.session, record, fields, creating=False)
        self.session.flush()
        self.audit.write("update", record, before, snapshot(record))
        return record

    def dependents(self, record: RecordMixin) -> Dependents:
        def count(statement: Any) -> int:
            return int(self.session.scalar(statement) or 0)

        if isinstance(record, Source):
            return Dependents(
                citations=count(
                    select(func.count(Citation.id)).where(Citation.source_id == record.id)
                )
            )
        if isinstance(record, Event):
            return Dependents(
                agreements=count(
                    select(func.count(Agreement.id)).where(Agreement.event_id == record.id)
                ),
                initiatives=count(
                    select(func.count(Initiative.id)).where(Initiative.event_id == record.id)
                ),
            )
        if isinstance(record, Agreement):
            return Dependents(
                targets=count(select(func.count(Target.id)).where(Target.agreement_id == record.id))
            )
        return Dependents()

    def delete(self, kind: Kind, ref: str, *, force: bool = False) -> Dependents:
        """Delete a record (and, with force, detach what depends on it): what was released."""
        record = self.get(kind, ref)
        dependents = self.dependents(record)
        if dependents.describe() and not force:
            raise Conflict(
                f"{kind.name} {record.slug!r} is in use: {dependents.describe()}; "
                "pass --force to delete it anyway"
            )
        self._release_dependents(record)
        before = snapshot(record)
        self.audit.write("delete", record, before, None)
        self.session.delete(record)
        self.session.flush()
        return dependents

    def _release_dependents(self, record: RecordMixin) -> None:
        """Detach what refers to the record, logging each change to those records."""
        if isinstance(record, Source):
            for citation in list(record.citations):
                owner = owning_record(citation)
                owner_before = snapshot(owner)
                self.session.delete(citation)
                self.session.flush()
                self.session.expire(owner)
                self.audit.write("update", owner, owner_before, snapshot(owner))
        elif isinstance(record, Event):
            for agreement in list(record.agreements):
                self._detach(agreement, "event")
            made_there = select(Initiative).where(Initiative.event_id == record.id)
            for initiative in self.session.scalars(made_there).all():
                self._detach(initiative, "event")
        elif isinstance(record, Agreement):
            for target in list(record.targets):
                self._detach(target, "agreement")

    def _detach(self, record: RecordMixin, attribute: str) -> None:
        before = snapshot(record)
        setattr(record, attribute, None)
        self.session.flush()
        self.audit.write("update", record, before, snapshot(record))

    # ---- citations -----------------------------------------------------------------------------

    def cite(self, kind: Kind, ref: str, source: str, quote: str) -> Citation:
        record = self.get(kind, ref)
        before = snapshot(record)
        self._locked(Source, source, "citation.source", shared=True)  # not deleted meanwhile
        [citation] = citation_list(self.session, [{"source": source, "quote": quote}], "citation")
        existing = {(c.source.slug, c.quote) for c in record_citations(record)}
        if (citation.source.slug, citation.quote) in existing:
            raise Conflict(f"{kind.name} {record.slug!r} already cites that quote")
        record_citations(record).append(citation)
        self.session.flush()
        self.audit.write("update", record, before, snapshot(record))
        return citation

    def uncite(self, kind: Kind, ref: str, source: str, quote: str | None = None) -> int:
        record = self.get(kind, ref)
        before = snapshot(record)
        cited = find_by_ref(self.session, Source, source, "SOURCE")
        citations = record_citations(record)
        doomed = [
            c for c in citations if c.source_id == cited.id and (quote is None or c.quote == quote)
        ]
        if not doomed:
            raise NotFound(f"{kind.name} {record.slug!r} has no such citation of {cited.slug!r}")
        for citation in doomed:
            citations.remove(citation)
        self.session.flush()
        self.audit.write("update", record, before, snapshot(record))
        return len(doomed)

    # ---- status histories (events, agreements, initiatives) and target observations ----------

    def _with_history(self, kind: Kind, ref: str) -> Tracked:
        if kind.model not in (Agreement, Initiative, Event):
            raise InvalidValue(
                "KIND", "only events, agreements and initiatives have a status history"
            )
        record = self._locked(kind.model, ref, "ref")
        assert isinstance(record, Agreement | Initiative | Event)
        return record

    def add_status(self, kind: Kind, ref: str, step: Mapping[str, Any]) -> Tracked:
        record = self._with_history(kind, ref)
        before = snapshot(record)
        new_step = field_rules.status_step(self.session, record, step, "status")
        field_rules.check_status_order([*record.statuses, new_step], "--on")
        record.statuses.append(new_step)  # type: ignore[arg-type]
        self._sort_and_log(record, before)
        return record

    def remove_status(self, kind: Kind, ref: str, number: int) -> Tracked:
        record = self._with_history(kind, ref)
        before = snapshot(record)
        record.statuses.remove(_nth(record.statuses, number, "STEP"))
        self._sort_and_log(record, before)
        return record

    def edit_status(
        self,
        kind: Kind,
        ref: str,
        number: int,
        changes: Mapping[str, Any],
        *,
        replace_citations: bool = False,
    ) -> Tracked:
        """Correct step `number` in place: its status, date, note, citations (added to, or
        with `replace_citations` instead of, what it cites). The history must stay in order."""
        record = self._with_history(kind, ref)
        before = snapshot(record)
        old = _nth(record.statuses, number, "STEP")
        kept = (
            []
            if replace_citations
            else [{"source": c.source.slug, "quote": c.quote} for c in old.citations]
        )
        added = list(changes.get("citations") or [])
        raw = {
            "status": changes.get("status") or old.status,
            "date": changes["date"] if changes.get("date") is not None else old.date,
            "note": changes["note"] if changes.get("note") is not None else old.note,
            "citations": kept + [c for c in added if c not in kept],
        }
        new_step = field_rules.status_step(self.session, record, raw, "status")
        steps = [new_step if s is old else s for s in record.statuses]
        field_rules.check_status_order(steps, "--on")
        record.statuses.remove(old)
        record.statuses.append(new_step)  # type: ignore[arg-type]
        self._sort_and_log(record, before)
        return record

    def add_observation(self, ref: str, raw: Mapping[str, Any]) -> Figure:
        """A value of the target's measure: a figure like any other, which the target (and
        every target of that measure) reads."""
        target = self._locked(Target, ref, "ref")
        if target.measure is None:
            raise InvalidValue(
                "ref",
                f"target {target.slug!r} has no measure; give it one first "
                f"(tracker edit target {target.slug} --measure NAME)",
            )
        fields = {
            "title": f"{target.title}: reported value",
            "measure": target.measure,
            "unit": target.unit,
            "parties": [p.code for p in target.parties],
            "tags": [t.name for t in target.tags],
            **raw,
        }
        amount = raw.get("value")
        if isinstance(amount, str):
            unit = parse_amount(amount, "observation.value").unit
            if unit is not None and unit != target.unit:
                raise InvalidValue(
                    "observation.value", f"in {unit}, but the target is in {target.unit}"
                )
        try:
            figure = field_rules.figure_of(self.session, fields)
        except TrackerError as error:
            raise _as_observation(error) from None
        held = self.session.scalars(
            select(Figure).where(
                Figure.measure == figure.measure,
                Figure.unit == figure.unit,
                Figure.value == figure.value,
                Figure.date == figure.date,
                Figure.period.is_(None)
                if figure.period is None
                else Figure.period == figure.period,
            )
        ).first()
        if held is not None:
            raise Conflict(
                f"already held as figure {held.slug} (same measure, value, date and period); "
                f"cite that one instead: tracker cite figure {held.slug} SOURCE QUOTE",
                "VALUE",
            )
        if "slug" not in raw or not raw["slug"]:
            when = str(raw.get("date") or "undated")
            fields["slug"] = field_rules.unique_slug(
                self.session, Figure, slugify(f"{target.measure} {when} {raw.get('period') or ''}")
            )
        try:
            made = self.create(KINDS["figure"], fields)
        except TrackerError as error:
            raise _as_observation(error) from None
        assert isinstance(made, Figure)
        return made

    def series(self, ref: str) -> tuple[Target, list[Figure]]:
        target = find_by_ref(self.session, Target, ref, "ref")
        return target, list(target.series)

    def _sort_and_log(self, record: RecordMixin, before: dict[str, Any]) -> None:
        self.session.flush()
        self.session.expire(record)  # reload the collections in their defined order
        self.audit.write("update", record, before, snapshot(record))


OBSERVED_FIELDS = ("value", "date", "period", "growth_pct", "qualifier", "citations", "slug")


def _as_observation(error: TrackerError) -> TrackerError:
    """A figure's field, named as `target observe` takes it (VALUE, --on, ...)."""
    if error.field and error.field.split(".")[0].split("[")[0] in OBSERVED_FIELDS:
        return error.renamed(f"observation.{error.field}")
    return error


def _nth(items: list[Any], number: int, field: str) -> Any:
    if not 1 <= number <= len(items):
        raise InvalidValue(
            field, f"{number} is not between 1 and {len(items)}" if items else "none"
        )
    return items[number - 1]


def record_citations(record: RecordMixin) -> list[Citation]:
    citations = getattr(record, "citations", None)
    if citations is None or isinstance(record, Source):
        raise InvalidValue("KIND", "sources are cited, they do not cite")
    assert isinstance(citations, list)
    return citations


def owning_record(citation: Citation) -> RecordMixin:
    """The top-level record a citation belongs to (a status step's agreement, say)."""
    if citation.status is not None:
        return citation.status.agreement
    if citation.initiative_status is not None:
        return citation.initiative_status.initiative
    if citation.event_status is not None:
        return citation.event_status.event
    owners = (
        citation.event,
        citation.agreement,
        citation.initiative,
        citation.target,
        citation.figure,
    )
    for owner in owners:
        if owner is not None:
            return owner
    raise AssertionError("a citation always has a record")
