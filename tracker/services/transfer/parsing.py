"""A records file's text parsed into plain values, with limits: YAML aliases that stand for a
few values each and few of them (a few hundred bytes of nested aliases stand for a billion
strings), bounded nesting, string length and number of values, and every parser failure one
line naming the file and where in it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from tracker.errors import InvalidValue
from tracker.services.transfer.files import MAX_TEXT_FILE, TextStream

# A record nests five deep (file, section, record, status history, step, citations, citation);
# anything far deeper is not a records file, and Python's own limit would fail without a word.
MAX_DEPTH = 32
MAX_STRING = MAX_TEXT_FILE  # the longest value is a source's whole text
MAX_ITEMS = 20_000_000  # values of every list and mapping together: far above 10^6 figures
# Curators share one citation list between records with an anchor (`&cultural-2024`) and
# aliases; a handful of citations each. An alias standing for more is a bomb, not curation.
MAX_ALIAS_VALUES = 1000
MAX_ALIASES = 10_000


def check_limits(document: Any, label: str, depth: int = 1) -> None:
    """What JSON (in C) and CSV parse without limits of their own, walked without recursion:
    nesting, text length and the number of values. Only lists and mappings go on the stack:
    an import's hundreds of thousands of texts and numbers are checked where they stand.
    `depth`: where `document` stands in its file (a streamed file is checked a record at a
    time)."""
    if not isinstance(document, (dict, list)):
        if type(document) is str and len(document) > MAX_STRING:
            _check_length(document, label)
        return
    items = 0
    stack: list[tuple[Any, int]] = [(document, depth)]
    while stack:
        container, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise InvalidValue(label, f"nested deeper than {MAX_DEPTH} levels")
        children = [*container, *container.values()] if type(container) is dict else container
        items += len(children)
        if items > MAX_ITEMS:
            raise InvalidValue(label, f"more than {MAX_ITEMS} values")
        for child in children:
            kind = type(child)
            if kind is str:
                if len(child) > MAX_STRING:
                    _check_length(child, label)
            elif kind is dict or kind is list:
                stack.append((child, depth + 1))


def _check_length(text: str, label: str, where: str = "") -> None:
    if len(text) > MAX_STRING:
        raise InvalidValue(label, f"{where}a text of {len(text)} characters; at most {MAX_STRING}")


def parse_yaml(text: str, label: str) -> Any:
    """A whole YAML text as plain values (a records file is streamed by `YamlRecords`)."""
    loader = _loader_class()(text)
    try:
        with _yaml_errors(label):
            builder = _Builder(loader, label)
            document = None
            for event in _document_events(loader, label):
                document = builder.node(event, 0)
            return document
    finally:
        loader.dispose()


@contextmanager
def _yaml_errors(label: str) -> Iterator[None]:
    import yaml

    try:
        yield
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark else ""
        problem = getattr(error, "problem", None) or "invalid YAML"
        raise InvalidValue(label, f"not valid YAML{where}: {problem}") from None


def _document_events(loader: Any, label: str) -> Iterator[Any]:
    """The first event of the one document's value (none for an empty file); after it is
    read, that the stream ends there."""
    import yaml

    loader.get_event()  # the stream's start
    if not loader.check_event(yaml.DocumentStartEvent):
        return
    loader.get_event()
    yield loader.get_event()
    loader.get_event()  # the document's end
    if loader.check_event(yaml.DocumentStartEvent):
        event = loader.get_event()
        raise InvalidValue(
            label, f"{_line(event)}: a second YAML document; a records file holds one"
        )


class YamlRecords:
    """A YAML records file read one record at a time, as `JsonRecords` reads JSON: the top
    mapping's members in order, a list as an iterator of its items, each built from the
    parser's events. Anchors stay known from one record to the next (curators share a
    citation list that way); the count of values is a record's, not the file's."""

    def __init__(self, path: Path, label: str, limit: int) -> None:
        self.label = label
        self._text = TextStream(path, label, limit)
        self._loader: Any = None
        self._reported = 0

    @property
    def size(self) -> int:
        return self._text.size

    def advance(self) -> int:
        """Bytes read since last asked (what an import's progress is counted in)."""
        done, self._reported = self._text.bytes_read - self._reported, self._text.bytes_read
        return done

    def close(self) -> None:
        if self._loader is not None:
            self._loader.dispose()
        self._text.close()

    def members(self) -> Iterator[tuple[Any, Any]]:
        import yaml

        self._loader = loader = _loader_class()(self._text)
        builder = _Builder(loader, self.label)
        mapped = False
        with _yaml_errors(self.label):
            for first in _document_events(loader, self.label):
                if not isinstance(first, yaml.MappingStartEvent):
                    builder.node(first, 0)
                    raise NotAMapping
                mapped = True
                builder.open(first, {})
                builder.stack.clear()  # its members are handed out, not kept
                while not loader.check_event(yaml.MappingEndEvent):
                    key_event = loader.get_event()
                    key = builder.node(key_event, 1)
                    if isinstance(key, (list, dict)):
                        raise builder.fail(key_event, "a mapping key must be a plain value")
                    if loader.check_event(yaml.SequenceStartEvent):
                        items = self._items(builder, loader.get_event())
                        yield key, items
                        for _ in items:  # what the caller left unread, read past
                            pass
                    else:
                        yield key, builder.node(loader.get_event(), 1)
                loader.get_event()
        if not mapped:  # an empty file
            raise NotAMapping

    def _items(self, builder: _Builder, start: Any) -> Iterator[Any]:
        import yaml

        builder.open(start, [])
        builder.stack.clear()
        loader = self._loader
        with _yaml_errors(self.label):
            while not loader.check_event(yaml.SequenceEndEvent):
                yield builder.node(loader.get_event(), 2)
            loader.get_event()


class NotAMapping(Exception):
    """The file is valid YAML or JSON but not a mapping at the top."""


def _loader_class() -> Any:
    """The C parser where PyYAML was built with libyaml, with the safe constructor's scalars
    but no dates: a date stays the text the curator typed ("2025-02-30" is then refused by the
    date rules with their own message, "2025?" keeps its EDTF mark)."""
    import yaml

    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class RecordsLoader(base):  # type: ignore[misc,valid-type]
        pass

    RecordsLoader.yaml_implicit_resolvers = {
        first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in base.yaml_implicit_resolvers.items()
    }
    return RecordsLoader


def _line(event: Any) -> str:
    return f"line {event.start_mark.line + 1}"


class _Builder:
    """Plain values from YAML events, limits checked on each event."""

    def __init__(self, loader: Any, label: str) -> None:
        self.loader, self.label = loader, label
        # Each open list or mapping: its value, the key waiting for its value (mappings), its
        # start event, and how many values had been read when it opened (its size at the end).
        self.stack: list[list[Any]] = []
        self.anchored: dict[str, tuple[Any, int]] = {}
        self.items = self.aliases = self.depth = 0
        self.value: Any = None

    def fail(self, event: Any, problem: str) -> InvalidValue:
        return InvalidValue(self.label, f"{_line(event)}: {problem}")

    def node(self, event: Any, depth: int) -> Any:
        """The value that starts with `event`, read to its end; `depth`: the lists and
        mappings it stands in. Values are counted from here: a record at a time."""
        import yaml

        self.depth, self.items = depth, 0
        while True:
            if isinstance(event, yaml.AliasEvent):
                self.add(self.alias(event), event)
            elif isinstance(event, yaml.ScalarEvent):
                self.add(self.scalar(event), event)
            elif isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                self.open(event, [] if isinstance(event, yaml.SequenceStartEvent) else {})
            else:  # the end of a list or a mapping
                value, _, start, opened = self.stack.pop()
                self.items += 1
                if start.anchor:
                    self.anchored[start.anchor] = (value, self.items - opened)
                self.add(value, start)  # errors about a value name the line it starts on
            if not self.stack:
                return self.value
            event = self.loader.get_event()

    def alias(self, event: Any) -> Any:
        if event.anchor not in self.anchored:
            raise self.fail(event, f"*{event.anchor}: no such anchor")
        value, size = self.anchored[event.anchor]
        self.aliases += 1
        if size > MAX_ALIAS_VALUES or self.aliases > MAX_ALIASES:
            raise self.fail(
                event,
                f"*{event.anchor} stands for {size} values; an alias may stand for at most "
                f"{MAX_ALIAS_VALUES}, and a file hold {MAX_ALIASES} aliases",
            )
        self.items += size
        return value

    def scalar(self, event: Any) -> Any:
        _check_length(event.value, self.label, f"{_line(event)}: ")
        value = _scalar(self.loader, event)
        self.items += 1
        if event.anchor:
            self.anchored[event.anchor] = (value, 1)
        return value

    def open(self, event: Any, container: Any) -> None:
        if event.tag not in COLLECTION_TAGS:
            raise self.fail(event, f"the tag {event.tag} is not accepted")
        if self.depth + len(self.stack) >= MAX_DEPTH:
            raise self.fail(event, f"nested deeper than {MAX_DEPTH} levels")
        self.stack.append([container, _NO_KEY, event, self.items])

    def add(self, value: Any, start: Any) -> None:
        if self.items > MAX_ITEMS:
            raise self.fail(start, f"more than {MAX_ITEMS} values")
        if not self.stack:
            self.value = value
            return
        top = self.stack[-1]
        if isinstance(top[0], list):
            top[0].append(value)
        elif top[1] is _NO_KEY:
            if isinstance(value, (list, dict)):
                raise self.fail(start, "a mapping key must be a plain value")
            top[1] = value
        else:
            top[0][top[1]] = value
            top[1] = _NO_KEY


_NO_KEY = object()
STR_TAG = "tag:yaml.org,2002:str"
COLLECTION_TAGS = (None, "!", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map")


def _scalar(loader: Any, event: Any) -> Any:
    import yaml

    tag = event.tag
    if tag is None or tag == "!":
        tag = loader.resolve(yaml.ScalarNode, event.value, event.implicit)
    if tag == STR_TAG:
        return event.value
    node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
    value = loader.construct_object(node, deep=True)
    # The constructor remembers every node it built until the document ends: forget each one.
    loader.constructed_objects.pop(node, None)
    return value
