"""Loading a records file into the database, a batch of records at a time: each record
created or updated by slug, every problem of the file found in one run."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from sqlalchemy import Select, bindparam, select

from tracker.errors import Conflict, InvalidValue, NotFound, TrackerError
from tracker.models.base import RecordMixin
from tracker.services.curation.fields import KEYS
from tracker.services.curation.kinds import KINDS, Kind, kind_named
from tracker.services.curation.records import Curator
from tracker.services.curation.references import find_by_ref
from tracker.services.transfer.files import read_text_file
from tracker.services.transfer.problems import Found, RecordProblems, every_problem
from tracker.services.transfer.records_file import (
    CITATION_KIND,
    CITATIONS,
    SECTIONS,
    RecordsFile,
)

CONFLICT_MODES = ("fail", "skip", "update")
# Which slugs of a batch are taken, one statement a kind given the slugs when it runs: a
# statement made with them, a batch, held them until a collection of its reference cycles.
_TAKEN: dict[str, Select[str]] = {}
WRITE_BATCH = 1000  # new records checked, then written together
LIST_KEYS = {
    "parties",
    "addressed_to",
    "people",
    "tags",
    "sectors",
    "status_history",
    "citations",
}


@dataclass
class LoadCounts:
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    unchanged: dict[str, int] = field(default_factory=dict)
    skipped: dict[str, int] = field(default_factory=dict)
    # Citations a revised source no longer bears out (`check.citations_not_holding`): the
    # import lands, as an edit does, and says so.
    unfounded: list[str] = field(default_factory=list)

    def add(self, outcome: str, kind: str) -> None:
        tally: dict[str, int] = getattr(self, outcome)
        tally[kind] = tally.get(kind, 0) + 1

    def merge(self, other: LoadCounts) -> None:
        for outcome in ("created", "updated", "unchanged", "skipped"):
            tally: dict[str, int] = getattr(self, outcome)
            for kind, n in getattr(other, outcome).items():
                tally[kind] = tally.get(kind, 0) + n
        self.unfounded += other.unfounded

    def total(self, outcome: str) -> int:
        return sum(getattr(self, outcome).values())


def _complete(kind: Kind, raw: Mapping[str, Any]) -> dict[str, Any]:
    """A file record describes the whole record: a key it leaves out is empty, not kept."""
    fields: dict[str, Any] = {key: ([] if key in LIST_KEYS else None) for key in KEYS[kind.name]}
    fields.pop("sha256", None)  # derived from the text; checked only when a file gives it
    fields.update(raw)
    return fields


def _source_text(records_file: RecordsFile, raw: dict[str, Any]) -> None:
    """Read a source's `file` (a name beside the records file) into its `text`, unless the
    record carries its text itself (as an export does; `file` is then only its name)."""
    name = raw.get("file")
    if name is None or raw.get("text") is not None:
        return
    if not isinstance(name, str) or Path(name).name != name or name in ("", ".", ".."):
        raise InvalidValue("file", f"{name!r}: give a file name in the same directory, no path")
    # Not through a link: a records file from someone else must not read /etc/shadow by one.
    raw["text"] = read_text_file(records_file.path.parent / name, "file", follow_links=False)


# What a field that names another record names: a record further on in a streamed file is
# not known yet when this one is checked.
REFERRED = {"source": "sources", "event": "events", "agreement": "agreements"}


class Loader:
    """Reads a records file into the database, a batch of records at a time. The checking
    process of a piped import (`piped.Checker`) is one too, which hands over its rows and
    what it leaves to the writing process instead of writing them."""

    def __init__(
        self,
        curator: Curator,
        records_file: RecordsFile,
        on_conflict: str,
        progress: Callable[[int], None] | None,
    ) -> None:
        self.curator, self.records_file, self.on_conflict = curator, records_file, on_conflict
        self.progress = progress
        self.counts, self.found = LoadCounts(), Found()
        self.seen: set[str] = set()  # sections begun; a reference to one not begun waits
        self.deferred: dict[str, list[tuple[int, Any]]] = {}
        self.revised_sources: list[str] = []  # slugs of sources whose text an update changed

    def load_file(self) -> None:
        for section, records in self.records_file.sections():
            self.begin(section)
            self.load(section, enumerate(records))

    def begin(self, section: str) -> None:
        self.seen.add(section)

    def load(self, section: str, records: Iterable[tuple[int, Any]]) -> None:
        """Records are read WRITE_BATCH at a time: which of them exist is one query, and
        the new ones are checked one by one, then written together."""
        chunk: list[tuple[int, Any]] = []
        for item in records:
            chunk.append(item)
            if len(chunk) >= WRITE_BATCH:
                self._chunk(section, chunk)
                chunk = []
        if chunk:
            self._chunk(section, chunk)

    def load_deferred(self) -> None:
        """Records that named one further on in the file, now that all of it has been read."""
        self.seen.update((*SECTIONS, CITATIONS))
        for section in (*SECTIONS, CITATIONS):
            self.load(section, self.deferred.pop(section, []))

    def _tick(self) -> None:
        if self.progress is not None:
            self.progress(self.records_file.done())

    def _problem(self, section: str, index: int, raw: Any, where: str, errors: list[Any]) -> None:
        """Note the record's problems, or keep it for the end of the file if it names a record
        that may come further on."""
        ahead = [
            e
            for e in errors
            if isinstance(e, NotFound) and self._referred(section, raw, e.field) not in self.seen
        ]
        if ahead:
            self.deferred.setdefault(section, []).append((index, raw))
            return
        for error in errors:
            self.found.add(error.renamed(f"{where}: {error.field}" if error.field else where))

    @staticmethod
    def _referred(section: str, raw: Any, field: str | None) -> str:
        if section == CITATIONS and field == "ref":  # the cited record itself
            kind_text = str(raw.get("record", "")).partition(":")[0]
            return kind_named(kind_text).plural
        return REFERRED.get((field or "").rsplit(".", 1)[-1], section)

    def _chunk(self, section: str, chunk: list[tuple[int, Any]]) -> None:
        if section == CITATIONS:
            for index, raw in chunk:
                self._citation(index, raw)
            return
        kind = next(k for k in KINDS.values() if k.plural == section)
        slugs = [r["slug"] for _, r in chunk if isinstance(r, Mapping) and _is_text(r.get("slug"))]
        existing = self.existing(kind, slugs)
        new: list[RecordMixin] = []
        new_slugs: set[str] = set()

        def write_new() -> None:
            self.write_new(kind, new)
            existing.update(new_slugs)
            new.clear()
            new_slugs.clear()

        for index, raw in chunk:
            where = self.records_file.where(section, index)
            try:
                if not isinstance(raw, Mapping):
                    raise InvalidValue("record", "expected a mapping of fields")
                slug = raw.get("slug")
                if not isinstance(slug, str) or not slug:
                    raise InvalidValue("slug", "required in a records file")
                where = f"{where} {slug}"
                fields = _complete(kind, raw)
                if section == "sources":
                    _source_text(self.records_file, fields)
                if slug in new_slugs:
                    write_new()  # the file names this record twice: the second time updates it
                if slug not in existing:
                    new.append(
                        every_problem(
                            lambda given: self.curator.build(kind, given, slug_is_new=True),
                            fields,
                            kind.name,
                        )
                    )
                    new_slugs.add(slug)
                    self.counts.add("created", kind.name)
                elif self.on_conflict == "fail":
                    raise InvalidValue("slug", f"{kind.name} {slug!r} already exists")
                elif self.on_conflict == "skip":
                    self.counts.add("skipped", kind.name)
                else:
                    self.update(kind, index, raw, fields)
            except RecordProblems as record:
                self._problem(section, index, raw, where, record.errors)
            except TrackerError as error:
                self._problem(section, index, raw, where, [error])
            self._tick()
        write_new()

    def existing(self, kind: Kind, slugs: list[str]) -> set[str]:
        """Which of `slugs` name a record of `kind` already (and the rest new ones)."""
        statement = _TAKEN.get(kind.name)
        if statement is None:
            model = kind.model
            statement = select(model.slug).where(model.slug.in_(bindparam("slugs", expanding=True)))
            _TAKEN[kind.name] = statement
        return set(self.curator.session.scalars(statement, {"slugs": slugs}))

    def write_new(self, kind: Kind, records: list[RecordMixin]) -> None:
        self.curator.write_new(records)

    def update(
        self, kind: Kind, index: int, raw: Mapping[str, Any], fields: dict[str, Any]
    ) -> None:
        """Update the record `raw` names with `fields` (`raw` completed)."""
        slug = fields["slug"]
        outcome = every_problem(
            partial(_update_if_changed, self.curator, kind, slug), fields, kind.name
        )
        self.counts.add(outcome, kind.name)
        if outcome == "updated" and kind.plural == "sources":
            self.revised_sources.append(slug)

    def _citation(self, index: int, raw: Any) -> None:
        """`{record: KIND:SLUG, source: SLUG, quote: TEXT}`: cite a source on a record. A quote
        the record already cites is unchanged, so a file loads twice to the same state."""
        where = self.records_file.where(CITATIONS, index)
        try:
            if not isinstance(raw, Mapping) or set(raw) != {"record", "source", "quote"}:
                raise InvalidValue("citation", "expected {record: KIND:SLUG, source:, quote:}")
            kind_text, _, slug = str(raw["record"]).partition(":")
            kind = kind_named(kind_text, "record")
            if kind.name == "source" or not slug:
                raise InvalidValue("record", f"{raw['record']!r}: write KIND:SLUG, e.g. figure:x")
            self.cite(kind, slug, index, raw)
        except TrackerError as error:
            self._problem(CITATIONS, index, raw, where, [error])
        self._tick()

    def cite(self, kind: Kind, slug: str, index: int, raw: Mapping[str, Any]) -> None:
        try:
            self.curator.cite(kind, slug, str(raw["source"]), str(raw["quote"]))
            self.counts.add("created", CITATION_KIND)
        except Conflict:  # the record already cites that quote
            self.counts.add("unchanged", CITATION_KIND)


def _is_text(value: Any) -> bool:
    return isinstance(value, str) and bool(value)


def _update_if_changed(curator: Curator, kind: Kind, slug: str, fields: dict[str, Any]) -> str:
    """Apply in a savepoint; if the record reads the same afterwards, undo even the row churn."""
    from tracker.services.curation.audit import snapshot

    session = curator.session
    record = find_by_ref(session, kind.model, slug, "slug")
    before = snapshot(record)
    savepoint = session.begin_nested()
    try:
        curator.update(kind, slug, fields)
    except TrackerError:
        savepoint.rollback()  # the load goes on to the next record: leave no half-change
        raise
    if snapshot(record) == before:
        savepoint.rollback()
        return "unchanged"
    savepoint.commit()
    return "updated"
