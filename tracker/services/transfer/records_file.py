"""Records files (`format: tracker/1`, YAML or JSON): read, validate, and load into the
database in one transaction. `seed load` and `import` both come through here."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy import select

from tracker.errors import Conflict, InvalidValue, NotFound, TrackerError
from tracker.models import Source
from tracker.models.base import RecordMixin
from tracker.services.curation.check import citations_not_holding
from tracker.services.curation.fields import KEYS
from tracker.services.curation.kinds import KINDS, Kind, kind_named
from tracker.services.curation.records import Curator
from tracker.services.curation.references import find_by_ref, reference_cache
from tracker.services.transfer.files import MAX_RECORDS_FILE, read_text_file
from tracker.services.transfer.json_stream import JsonRecords
from tracker.services.transfer.legacy import figures_of_observations
from tracker.services.transfer.parsing import NotAMapping, YamlRecords
from tracker.services.transfer.problems import Found, RecordProblems, every_problem

FORMAT = "tracker/1"
# In dependency order: an initiative names its event, a target its agreement.
SECTIONS = ("sources", "events", "agreements", "initiatives", "targets", "figures")
# New citations on records that already exist (what `tracker extract` proposes), loaded last.
CITATIONS = "citations"
CITATION_KIND = "citation"  # how LoadCounts tallies them
# `tracker extract` marks its output: a draft is read, never loaded, until an analyst has
# reviewed it and deleted the key.
DRAFT = "draft"
TOP_KEYS = ("format", *SECTIONS, CITATIONS)
CONFLICT_MODES = ("fail", "skip", "update")
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

    def total(self, outcome: str) -> int:
        return sum(getattr(self, outcome).values())


class RecordStream(Protocol):
    """A records file read a record at a time (`JsonRecords`, `YamlRecords`)."""

    @property
    def size(self) -> int: ...
    def members(self) -> Iterator[tuple[Any, Any]]: ...
    def advance(self) -> int: ...
    def close(self) -> None: ...


STREAMS: dict[str, Callable[[Path, str, int], RecordStream]] = {
    ".json": JsonRecords,
    ".yaml": YamlRecords,
    ".yml": YamlRecords,
}


@dataclass(frozen=True)
class RecordsFile:
    """A records file: its parsed `document`, or a stream read a record at a time."""

    path: Path
    document: Mapping[str, Any] | None
    # Where record `index` of `section` is, for errors ("events[2]", "events.csv: row 4").
    locate: Callable[[str, int], str] | None = None
    # A streamed file's size in bytes; it is opened anew by each `sections()`, as a write
    # that is retried (another writer was in the way) reads the file again.
    streamed: int | None = None
    opener: Callable[[], RecordStream] | None = None  # a streamed file's reader, opened anew
    _reading: list[RecordStream] = field(default_factory=list)

    @property
    def label(self) -> str:
        return self.path.name

    def count(self) -> int:
        """What progress is counted in: records, or a streamed file's bytes."""
        if self.streamed is not None:
            return self.streamed
        assert self.document is not None
        return sum(len(self.document.get(section) or []) for section in (*SECTIONS, CITATIONS))

    def done(self) -> int:
        """The units of `count` done since last asked: a record, or the bytes read."""
        return self._reading[-1].advance() if self._reading else 1

    def where(self, section: str, index: int) -> str:
        if self.locate is not None:
            return self.locate(section, index)
        return f"{self.label}: {section}[{index}]"

    def sections(self) -> Iterator[tuple[str, Iterable[Any]]]:
        """Each section and its records: a document's in dependency order, a stream's in the
        order of the file (the loader then defers a record that names one further on)."""
        if self.document is not None:
            for section in (*SECTIONS, CITATIONS):
                yield section, self.document.get(section) or []
            return
        assert self.opener is not None
        label = str(self.path)
        stream = self.opener()
        self._reading[:] = [stream]
        formatted = False
        converted: list[dict[str, Any]] = []
        try:
            for key, value in stream.members():
                _check_member(label, key, value)
                formatted = formatted or key == "format"
                if key == "targets" and isinstance(value, Iterator):
                    yield key, _converting(value, converted)
                elif key != "format" and value is not None:
                    yield key, value
        except NotAMapping:
            raise _not_a_mapping(label) from None
        finally:
            stream.close()
        if not formatted:
            _check_member(label, "format", None)
        if converted:  # after the file's figures, as `observations_to_figures` puts them
            yield "figures", converted


def _converting(targets: Iterator[Any], converted: list[dict[str, Any]]) -> Iterator[Any]:
    for target in targets:
        converted.extend(figures_of_observations(target))
        yield target


def _not_a_mapping(label: str) -> InvalidValue:
    return InvalidValue(label, f"expected a mapping with 'format: {FORMAT}' at the top")


def _check_member(label: str, key: Any, value: Any) -> None:
    """One member of the file's top-level mapping (a list arrives as an iterator)."""
    if key == "format":
        if isinstance(value, Iterator):
            for _ in value:  # read, with the limits: a bomb is refused as one
                pass
            raise InvalidValue(f"{label}: format", f"expected {FORMAT!r}, got a list")
        if value != FORMAT:
            raise InvalidValue(f"{label}: format", f"expected {FORMAT!r}, got {value!r}")
    elif key == DRAFT:
        raise InvalidValue(
            f"{label}: {DRAFT}",
            "an unreviewed draft from `tracker extract`; check every record (its `# review:` "
            "notes say what is left to decide), then delete the `draft:` key and import it",
        )
    elif key not in TOP_KEYS:
        raise InvalidValue(f"{label}: {key}", f"unknown key; accepted: {', '.join(TOP_KEYS)}")
    elif not isinstance(value, list | Iterator | None):
        raise InvalidValue(f"{label}: {key}", "expected a list of records")


def read_records_file(path: Path) -> RecordsFile:
    """A records file that can be read, or one line why. It is streamed: its shape is checked
    as it is read, inside the load."""
    label = str(path)
    opening = STREAMS.get(path.suffix.lower())
    if opening is None:
        raise InvalidValue(label, "unknown file type; accepted: .yaml, .yml, .json")
    opener = partial(opening, path, label, MAX_RECORDS_FILE)
    opened = opener()
    opened.close()
    return RecordsFile(path, None, streamed=opened.size, opener=opener)


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


def load_records(
    curator: Curator,
    records_file: RecordsFile,
    on_conflict: str = "update",
    progress: Callable[[int], None] | None = None,
) -> LoadCounts:
    """Create or update every record by slug. Every problem of the file is found in one run
    (up to MAX_PROBLEMS shown, all counted), each naming the file, the record and the field;
    then it raises, and the caller's transaction writes nothing."""
    if on_conflict not in CONFLICT_MODES:
        raise InvalidValue("--on-conflict", f"accepted: {', '.join(CONFLICT_MODES)}")
    loader = _Loader(curator, records_file, on_conflict, progress)
    with reference_cache(curator.session):
        for section, records in records_file.sections():
            loader.seen.add(section)
            loader.load(section, enumerate(records))
        loader.load_deferred()
    loader.found.raise_any(records_file.label)
    for slug in loader.revised_sources:  # once the whole file is in: it may mend them itself
        source = find_by_ref(curator.session, Source, slug, "slug")
        loader.counts.unfounded += map(str, citations_not_holding(curator.session, source))
    return loader.counts


# What a field that names another record names: a record further on in a streamed file is
# not known yet when this one is checked.
REFERRED = {"source": "sources", "event": "events", "agreement": "agreements"}


class _Loader:
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
        session = self.curator.session
        existing = set(session.scalars(select(kind.model.slug).where(kind.model.slug.in_(slugs))))
        new: list[RecordMixin] = []
        new_slugs: set[str] = set()

        def write_new() -> None:
            self.curator.write_new(new)
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
                    outcome = every_problem(
                        partial(_update_if_changed, self.curator, kind, slug), fields, kind.name
                    )
                    self.counts.add(outcome, kind.name)
                    if outcome == "updated" and section == "sources":
                        self.revised_sources.append(slug)
            except RecordProblems as record:
                self._problem(section, index, raw, where, record.errors)
            except TrackerError as error:
                self._problem(section, index, raw, where, [error])
            self._tick()
        write_new()

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
            try:
                self.curator.cite(kind, slug, str(raw["source"]), str(raw["quote"]))
                self.counts.add("created", CITATION_KIND)
            except Conflict:  # the record already cites that quote
                self.counts.add("unchanged", CITATION_KIND)
        except TrackerError as error:
            self._problem(CITATIONS, index, raw, where, [error])
        self._tick()


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
