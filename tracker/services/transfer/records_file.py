"""Records files (`format: tracker/1`, YAML or JSON): read, validate, and load into the
database in one transaction. `seed load` and `import` both come through here."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import select

from tracker.errors import Conflict, InvalidValue, Problems, TrackerError
from tracker.models.base import RecordMixin
from tracker.services.curation.fields import KEYS
from tracker.services.curation.kinds import KINDS, Kind, kind_named
from tracker.services.curation.records import Curator
from tracker.services.curation.references import find_by_ref, reference_cache
from tracker.services.transfer.files import MAX_RECORDS_FILE, read_text_file
from tracker.services.transfer.legacy import observations_to_figures
from tracker.services.transfer.parsing import parse_json, parse_yaml

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

    def add(self, outcome: str, kind: str) -> None:
        tally: dict[str, int] = getattr(self, outcome)
        tally[kind] = tally.get(kind, 0) + 1

    def total(self, outcome: str) -> int:
        return sum(getattr(self, outcome).values())


@dataclass(frozen=True)
class RecordsFile:
    path: Path
    document: Mapping[str, Any]
    # Where record `index` of `section` is, for errors ("events[2]", "events.csv: row 4").
    locate: Callable[[str, int], str] | None = None

    @property
    def label(self) -> str:
        return self.path.name

    def count(self) -> int:
        return sum(len(self.document.get(section) or []) for section in (*SECTIONS, CITATIONS))

    def where(self, section: str, index: int) -> str:
        if self.locate is not None:
            return self.locate(section, index)
        return f"{self.label}: {section}[{index}]"


def read_records_file(path: Path) -> RecordsFile:
    """Parse and check the outer shape; the records themselves are checked as they load."""
    label = str(path)
    text = read_text_file(path, label, MAX_RECORDS_FILE)
    if path.suffix.lower() in (".yaml", ".yml"):
        document = parse_yaml(text, label)
    elif path.suffix.lower() == ".json":
        document = parse_json(text, label)
    else:
        raise InvalidValue(label, "unknown file type; accepted: .yaml, .yml, .json")
    if not isinstance(document, Mapping):
        raise InvalidValue(label, f"expected a mapping with 'format: {FORMAT}' at the top")
    if document.get("format") != FORMAT:
        raise InvalidValue(
            f"{label}: format", f"expected {FORMAT!r}, got {document.get('format')!r}"
        )
    if DRAFT in document:
        raise InvalidValue(
            f"{label}: {DRAFT}",
            "an unreviewed draft from `tracker extract`; check every record (its `# review:` "
            "notes say what is left to decide), then delete the `draft:` key and import it",
        )
    unknown = [k for k in document if k not in TOP_KEYS]
    if unknown:
        raise InvalidValue(
            f"{label}: {unknown[0]}", f"unknown key; accepted: {', '.join(TOP_KEYS)}"
        )
    for section in (*SECTIONS, CITATIONS):
        if not isinstance(document.get(section) or [], list):
            raise InvalidValue(f"{label}: {section}", "expected a list of records")
    observations_to_figures(document)
    return RecordsFile(path, document)


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
    counts = LoadCounts()
    found = Found()
    with reference_cache(curator.session):
        for section in SECTIONS:
            _load_section(curator, records_file, section, on_conflict, counts, progress, found)
        _load_citations(curator, records_file, counts, progress, found)
    found.raise_any(records_file.label)
    return counts


MAX_PROBLEMS = 50
MAX_PROBLEMS_A_RECORD = 20
T = TypeVar("T")


class RecordProblems(Exception):
    """Every field of one record that is wrong."""

    def __init__(self, errors: list[TrackerError]) -> None:
        super().__init__(f"{len(errors)} problem(s)")
        self.errors = errors


# A wrong required field is replaced by one of these to check the rest of the record: left
# out, it would stop every later check at "required".
STAND_INS = {"title": "(stand-in)", "text": "(stand-in)", "unit": "count"}
KIND_STAND_INS = {"event": "other", "agreement": "other", "initiative": "commitment"}


def every_problem(attempt: Callable[[dict[str, Any]], T], fields: dict[str, Any], kind: str) -> T:
    """`attempt(fields)`, or every field it refuses: after each refusal the field is left
    out (or, if required, given a valid stand-in) and the record tried again, so one run
    names each wrong field of the record, not only the first. Raises RecordProblems."""
    errors: list[TrackerError] = []
    tried: set[str] = set()
    trial = fields  # copied only once something is wrong: most records are not
    while True:
        try:
            result = attempt(trial)
        except TrackerError as error:
            key = re.split(r"[.\[]", error.field or "", maxsplit=1)[0]
            if key in tried:  # what the stand-in (or leaving it out) says: nothing new
                raise RecordProblems(errors) from None
            errors.append(error)
            if key not in trial or len(errors) >= MAX_PROBLEMS_A_RECORD:
                raise RecordProblems(errors) from None
            tried.add(key)
            trial = dict(trial)
            stand_in = KIND_STAND_INS.get(kind) if key == "kind" else STAND_INS.get(key)
            if stand_in is None:
                del trial[key]
            else:
                trial[key] = stand_in
            continue
        if errors:
            raise RecordProblems(errors)
        return result


@dataclass
class Found:
    """The problems met so far: the first MAX_PROBLEMS kept, every one counted."""

    problems: list[TrackerError] = field(default_factory=list)
    total: int = 0

    def add(self, error: TrackerError) -> None:
        self.total += 1
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(error)

    def raise_any(self, label: str) -> None:
        if self.total == 1:
            raise self.problems[0]
        if self.total:
            raise Problems(self.problems, label, self.total)


def _load_section(
    curator: Curator,
    records_file: RecordsFile,
    section: str,
    on_conflict: str,
    counts: LoadCounts,
    progress: Callable[[int], None] | None,
    found: Found,
) -> None:
    """New records are checked one by one and written WRITE_BATCH at a time; a record that
    exists (or came earlier in the file) is updated in place. A bad record is noted in
    `found` and left out, and the next one checked."""
    kind = next(k for k in KINDS.values() if k.plural == section)
    existing_slugs = set(curator.session.scalars(select(kind.model.slug)))  # one query
    new: list[RecordMixin] = []
    new_slugs: set[str] = set()

    def write_new() -> None:
        curator.write_new(new)
        existing_slugs.update(new_slugs)
        new.clear()
        new_slugs.clear()

    for index, raw in enumerate(records_file.document.get(section) or []):
        where = records_file.where(section, index)
        try:
            if not isinstance(raw, Mapping):
                raise InvalidValue("record", "expected a mapping of fields")
            slug = raw.get("slug")
            if not isinstance(slug, str) or not slug:
                raise InvalidValue("slug", "required in a records file")
            where = f"{where} {slug}"
            fields = _complete(kind, raw)
            if section == "sources":
                _source_text(records_file, fields)
            if slug in new_slugs:
                write_new()  # the file names this record twice: the second time updates it
            if slug not in existing_slugs:
                new.append(
                    every_problem(
                        lambda given: curator.build(kind, given, slug_is_new=True),
                        fields,
                        kind.name,
                    )
                )
                new_slugs.add(slug)
                counts.add("created", kind.name)
            elif on_conflict == "fail":
                raise InvalidValue("slug", f"{kind.name} {slug!r} already exists")
            elif on_conflict == "skip":
                counts.add("skipped", kind.name)
            else:
                outcome = every_problem(
                    partial(_update_if_changed, curator, kind, slug), fields, kind.name
                )
                counts.add(outcome, kind.name)
        except RecordProblems as record:
            for error in record.errors:
                found.add(error.renamed(f"{where}: {error.field}" if error.field else where))
        except TrackerError as error:
            found.add(error.renamed(f"{where}: {error.field}" if error.field else where))
        if len(new) >= WRITE_BATCH:
            write_new()
        if progress is not None:
            progress(1)
    write_new()


def _load_citations(
    curator: Curator,
    records_file: RecordsFile,
    counts: LoadCounts,
    progress: Callable[[int], None] | None,
    found: Found,
) -> None:
    """`{record: KIND:SLUG, source: SLUG, quote: TEXT}`: cite a source on a record. A quote the
    record already cites is unchanged, so a file loads twice to the same state."""
    for index, raw in enumerate(records_file.document.get(CITATIONS) or []):
        where = records_file.where(CITATIONS, index)
        try:
            if not isinstance(raw, Mapping) or set(raw) != {"record", "source", "quote"}:
                raise InvalidValue("citation", "expected {record: KIND:SLUG, source:, quote:}")
            kind_text, _, slug = str(raw["record"]).partition(":")
            kind = kind_named(kind_text, "record")
            if kind.name == "source" or not slug:
                raise InvalidValue("record", f"{raw['record']!r}: write KIND:SLUG, e.g. figure:x")
            try:
                curator.cite(kind, slug, str(raw["source"]), str(raw["quote"]))
                counts.add("created", CITATION_KIND)
            except Conflict:  # the record already cites that quote
                counts.add("unchanged", CITATION_KIND)
        except TrackerError as error:
            found.add(error.renamed(f"{where}: {error.field}" if error.field else where))
        if progress is not None:
            progress(1)


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
