"""A records file's text parsed into plain values, with limits: YAML aliases that stand for a
few values each and few of them (a few hundred bytes of nested aliases stand for a billion
strings), bounded nesting, string length and number of values, and every parser failure one
line naming the file and where in it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from tracker.errors import InvalidValue
from tracker.services.transfer.files import MAX_TEXT_FILE

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
    """Build plain values from the parser's events, one at a time: no node graph of the whole
    file in memory (it took 58 times the file's size), and limits checked as it reads."""
    import yaml

    loader = _loader_class()(text)
    try:
        return _Builder(loader, label).build()
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark else ""
        problem = getattr(error, "problem", None) or "invalid YAML"
        raise InvalidValue(label, f"not valid YAML{where}: {problem}") from None
    finally:
        loader.dispose()


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


def _events(loader: Any) -> Iterator[Any]:
    while loader.check_event():
        yield loader.get_event()


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
        self.items = self.aliases = 0
        self.document: Any = None

    def fail(self, event: Any, problem: str) -> InvalidValue:
        return InvalidValue(self.label, f"{_line(event)}: {problem}")

    def build(self) -> Any:
        import yaml

        documents = 0
        for event in _events(self.loader):
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    raise self.fail(event, "a second YAML document; a records file holds one")
            if isinstance(event, yaml.AliasEvent):
                self.add(self.alias(event), event)
            elif isinstance(event, yaml.ScalarEvent):
                self.add(self.scalar(event), event)
            elif isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                self.open(event, [] if isinstance(event, yaml.SequenceStartEvent) else {})
            elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                value, _, start, opened = self.stack.pop()
                self.items += 1
                if start.anchor:
                    self.anchored[start.anchor] = (value, self.items - opened)
                self.add(value, start)  # errors about a value name the line it starts on
        return self.document

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
        if len(self.stack) >= MAX_DEPTH:
            raise self.fail(event, f"nested deeper than {MAX_DEPTH} levels")
        self.stack.append([container, _NO_KEY, event, self.items])

    def add(self, value: Any, start: Any) -> None:
        if self.items > MAX_ITEMS:
            raise self.fail(start, f"more than {MAX_ITEMS} values")
        if not self.stack:
            self.document = value
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
