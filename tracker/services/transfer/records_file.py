"""Records files (`format: tracker/1`, YAML or JSON): what one may hold, and reading it a
record at a time. `loading.load_records` loads one into the database."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, Protocol

from tracker.errors import InvalidValue
from tracker.services.transfer.files import MAX_RECORDS_FILE
from tracker.services.transfer.json_stream import JsonRecords
from tracker.services.transfer.legacy import figures_of_observations
from tracker.services.transfer.parsing import NotAMapping, YamlRecords

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
