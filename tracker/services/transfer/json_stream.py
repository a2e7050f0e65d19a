"""A JSON records file read one record at a time: the top-level mapping's members in file
order, each section's records as they come. Each value is parsed by the json module's C
scanner (`raw_decode`) from a window of the file, so 10^6 figures never stand in memory at
once (`json.loads` of them took 1.6 GB); the messages, with line and column counted from
the file's start, are the ones `json.loads` gives."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

from tracker.errors import InvalidValue
from tracker.services.transfer import parsing
from tracker.services.transfer.files import TextStream
from tracker.services.transfer.parsing import MAX_DEPTH, NotAMapping, check_limits

CHUNK = 1 << 20  # characters read at a time
WHITESPACE = re.compile(r"[ \t\n\r]*")
# How far past the window a value that does not parse is read before its error is believed:
# the largest record (a source of 5 MB text, written with escapes) fits well within it.
MAX_VALUE = 64 * CHUNK
SECTION_DEPTH = 2  # a record's depth: inside the file's mapping and a section's list


class JsonRecords:
    """`members()`: (key, value) of the file's top-level mapping in order; a value that is a
    list comes as an iterator of its items, which must be read to its end before the next
    member is asked for."""

    def __init__(self, path: Path, label: str, limit: int) -> None:
        self.label = label
        self._text = TextStream(path, label, limit)
        self._decoder = json.JSONDecoder(parse_float=Decimal)
        self._buffer = ""
        self._pos = 0
        self._lines = 0  # newlines in the text dropped before the window
        self._column = 0  # characters after the last of them
        self._eof = False
        self._reported = 0
        self._spanned = (0, 0)  # where in the window the value read last lies

    @property
    def size(self) -> int:
        return self._text.size

    @property
    def bytes_read(self) -> int:
        return self._text.bytes_read

    def advance(self) -> int:
        """Bytes read since last asked (what an import's progress is counted in)."""
        done, self._reported = self._text.bytes_read - self._reported, self._text.bytes_read
        return done

    def close(self) -> None:
        self._text.close()

    def members(self) -> Iterator[tuple[str, Any]]:
        if self._peek() != "{":
            self._value()
            self._end()
            raise NotAMapping
        self._pos += 1
        if self._peek() == "}":
            self._pos += 1
            self._end()
            return
        while True:
            if self._peek() != '"':
                raise self._error("Expecting property name enclosed in double quotes")
            key = self._value()
            if self._peek() != ":":
                raise self._error("Expecting ':' delimiter")
            self._pos += 1
            if self._peek() == "[":
                yield key, self._items()
            else:
                value = self._value()
                check_limits(value, self.label, SECTION_DEPTH)
                yield key, value
            following = self._peek()
            self._pos += 1
            if following == "}":
                break
            if following != ",":
                self._pos -= 1
                raise self._error("Expecting ',' delimiter")
        self._end()

    def _items(self) -> Iterator[Any]:
        self._pos += 1
        if self._peek() == "]":
            self._pos += 1
            return
        while True:
            item = self._value()
            # Values are counted a record at a time: a record is all that is held at once, so
            # a file of 10^6 figures (21 million values) is not refused for its size.
            self._check_record(item)
            yield item
            following = self._peek()
            self._pos += 1
            if following == "]":
                return
            if following != ",":
                self._pos -= 1
                raise self._error("Expecting ',' delimiter")

    def _check_record(self, item: Any) -> None:
        """The limits, for the record just read. In fewer characters than a text or a count
        may reach, only its nesting can be wrong, and only if it opens more lists and
        mappings than the levels left (brackets inside texts count too, which can only ask
        for the walk when none was needed). The full walk of every value took a tenth of an
        import; the limits are read at the call, as tests lower them."""
        start, end = self._spanned
        room = MAX_DEPTH - SECTION_DEPTH - 1
        if end - start > min(parsing.MAX_STRING, parsing.MAX_ITEMS):
            check_limits(item, self.label, SECTION_DEPTH + 1)
        elif self._buffer.count("[", start, end) + self._buffer.count(
            "{", start, end
        ) > room and not _nested_within(item, room):
            raise InvalidValue(self.label, f"nested deeper than {MAX_DEPTH} levels")

    def _end(self) -> None:
        if self._peek() != "":
            raise self._error("Extra data")

    def _fill(self) -> bool:
        """Read on, dropping what has been parsed; False at the end of the file."""
        if self._eof:
            return False
        done = self._buffer[: self._pos]
        newlines = done.count("\n")
        if newlines:
            self._lines += newlines
            self._column = len(done) - done.rfind("\n") - 1
        else:
            self._column += len(done)
        more = self._text.read(max(CHUNK, len(self._buffer) - self._pos))
        self._buffer = self._buffer[self._pos :] + more
        self._pos = 0
        self._eof = not more
        return bool(more)

    def _peek(self) -> str:
        while True:
            self._pos = WHITESPACE.match(self._buffer, self._pos).end()  # type: ignore[union-attr]
            if self._pos < len(self._buffer) or not self._fill():
                return self._buffer[self._pos : self._pos + 1]

    def _value(self) -> Any:
        self._peek()
        while True:
            try:
                value, end = self._decoder.raw_decode(self._buffer, self._pos)
            except json.JSONDecodeError as error:
                # Cut off by the window's end, most likely: read on, up to a bound.
                if len(self._buffer) - self._pos < MAX_VALUE and self._fill():
                    continue
                raise self._error(error.msg, error.pos) from None
            except RecursionError:
                raise InvalidValue(self.label, f"nested deeper than {MAX_DEPTH} levels") from None
            except ValueError as error:  # an integer of more digits than Python converts
                raise InvalidValue(self.label, f"not a usable JSON value: {error}") from None
            if end < len(self._buffer) or not self._fill():
                self._spanned = (self._pos, end)
                self._pos = end
                return value
            # A number may go on past the window: parse it again with what follows.

    def _error(self, message: str, pos: int | None = None) -> InvalidValue:
        at = self._pos if pos is None else pos
        newline = self._buffer.rfind("\n", 0, at)
        line = self._lines + self._buffer.count("\n", 0, at) + 1
        column = at - newline if newline >= 0 else self._column + at + 1
        return InvalidValue(self.label, f"not valid JSON at line {line} column {column}: {message}")


def _nested_within(container: Any, room: int) -> bool:
    """Whether no list or mapping inside `container` lies more than `room` levels down."""
    if room < 0:
        return False
    for child in container.values() if type(container) is dict else container:
        kind = type(child)
        if (kind is dict or kind is list) and not _nested_within(child, room - 1):
            return False
    return True
