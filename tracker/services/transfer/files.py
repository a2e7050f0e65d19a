"""Reading and writing files users name: checked, decoded strictly, with one-line errors.
What tracker writes is whole or absent, and only its owner can read it (a database, and so
an export or a briefing, may hold unpublished notes)."""

from __future__ import annotations

import codecs
import errno
import os
import shutil
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from tracker.errors import Conflict, InvalidValue

MAX_TEXT_FILE = 5_000_000  # a source's text: the longest report is a few hundred kB
# An export of a team's database is read back whole: 10^6 figures make about 300 MB.
MAX_RECORDS_FILE = 1_000_000_000
OWNER_ONLY = 0o600  # directories made with tempfile.mkdtemp are 0700 already


def read_text_file(
    path: Path, field: str, limit: int = MAX_TEXT_FILE, *, follow_links: bool = True
) -> str:
    """The text of a regular file. Checked on the open descriptor, so the file cannot be
    swapped for a link or a device between the check and the read."""
    descriptor, status = _open_regular(path, field, follow_links)
    try:
        with open(descriptor, "rb", closefd=False) as handle:
            data = handle.read(limit + 1) if status.st_size <= limit else b""
    except OSError as error:
        raise InvalidValue(field, f"{path}: {error.strerror}") from None
    finally:
        os.close(descriptor)
    size = max(status.st_size, len(data))  # a file still growing is held to the limit too
    if size > limit:
        raise InvalidValue(field, f"{path}: {size} bytes; at most {limit}")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise InvalidValue(field, f"{path}: not UTF-8 text (byte {error.start})") from None
    return text.removeprefix("\ufeff")


def _open_regular(path: Path, field: str, follow_links: bool) -> tuple[int, os.stat_result]:
    """A descriptor of a regular file, and its status, or a one-line refusal."""
    flags = os.O_RDONLY | os.O_NONBLOCK  # a FIFO would otherwise block the open until written
    if not follow_links:
        flags |= os.O_NOFOLLOW
    try:
        descriptor = os.open(path, flags)
    except FileNotFoundError:
        raise InvalidValue(field, f"{path}: no such file") from None
    except OSError as error:
        if error.errno == errno.ELOOP and not follow_links:
            raise InvalidValue(
                field, f"{path}: a symbolic link; accepted: a regular file, not a link"
            ) from None
        raise InvalidValue(field, f"{path}: {error.strerror}") from None
    try:
        status = os.fstat(descriptor)
    except OSError as error:
        os.close(descriptor)
        raise InvalidValue(field, f"{path}: {error.strerror}") from None
    if not stat.S_ISREG(status.st_mode):
        os.close(descriptor)
        raise InvalidValue(field, f"{path}: not a regular file")
    return descriptor, status


class TextStream:
    """A regular file's text a chunk at a time, decoded as strictly as `read_text_file` does
    (the same messages, bytes counted from the file's start), so a records file of a
    gigabyte is never held whole."""

    def __init__(self, path: Path, field: str, limit: int) -> None:
        self.path, self.field = path, field
        descriptor, status = _open_regular(path, field, True)
        if status.st_size > limit:
            os.close(descriptor)
            raise InvalidValue(field, f"{path}: {status.st_size} bytes; at most {limit}")
        self.size, self.limit = status.st_size, limit
        self._handle = open(descriptor, "rb")  # noqa: SIM115 (closed by close())
        self._decoder = codecs.getincrementaldecoder("utf-8")("strict")
        self.bytes_read = 0
        self._first = True

    def read(self, size: int) -> str:
        """Up to `size` bytes' worth of text; "" at the end."""
        try:
            data = self._handle.read(size)
        except OSError as error:
            raise InvalidValue(self.field, f"{self.path}: {error.strerror}") from None
        start = self.bytes_read
        self.bytes_read += len(data)
        if self.bytes_read > self.limit:  # a file still growing is held to the limit too
            raise InvalidValue(self.field, f"{self.path}: {self.bytes_read} bytes; at most "
                               f"{self.limit}")  # fmt: skip
        try:
            text = self._decoder.decode(data, final=not data)
        except UnicodeDecodeError as error:
            raise InvalidValue(
                self.field, f"{self.path}: not UTF-8 text (byte {start + error.start})"
            ) from None
        if self._first and text:
            self._first = False
            text = text.removeprefix("\ufeff")
        return text

    def close(self) -> None:
        self._handle.close()


def check_new_file(path: Path | None, force: bool, field: str = "--output") -> None:
    """Before any work: the file may be written (its directory exists; no file is overwritten
    unless asked)."""
    if path is None:
        return
    if path.exists() and not force:
        raise Conflict(f"{path} already exists; pass --force to overwrite it", field)
    if not path.absolute().parent.is_dir():
        raise InvalidValue(field, f"directory {path.absolute().parent} does not exist")


def _owner_only(path: str, flags: int) -> int:
    return os.open(path, flags, OWNER_ONLY)


def open_new_text(path: Path, newline: str | None = None) -> IO[str]:
    """A new text file only its owner can read (refused if the name is taken)."""
    return open(path, "x", encoding="utf-8", newline=newline, opener=_owner_only)


def _temporary_sibling(path: Path) -> tuple[Path, str]:
    """Where a temporary sibling of `path` goes, and its name's prefix: hidden and plainly
    temporary, so a run killed half-way leaves nothing that passes for the real thing."""
    return path.absolute().parent, f".{path.name}."


@contextmanager
def atomic_text_file(path: Path) -> Iterator[IO[str]]:
    """A complete file or none: written beside `path` under a temporary name, moved into
    place once whole, removed if the work fails."""
    parent, prefix = _temporary_sibling(path)
    descriptor, partial = tempfile.mkstemp(dir=parent, prefix=prefix, suffix=".partial")
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            yield handle
        os.replace(partial, path)
    finally:
        Path(partial).unlink(missing_ok=True)


def write_text_atomically(path: Path, text: str) -> None:
    """A complete file or none: never half a document if the run is cut short."""
    with atomic_text_file(path) as handle:
        handle.write(text)


def write_bytes_atomically(path: Path, data: bytes) -> None:
    """The same for a binary document (a PDF): whole under a temporary name, then moved."""
    parent, prefix = _temporary_sibling(path)
    descriptor, partial = tempfile.mkstemp(dir=parent, prefix=prefix, suffix=".partial")
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
        os.replace(partial, path)
    finally:
        Path(partial).unlink(missing_ok=True)


@contextmanager
def atomic_directory(path: Path) -> Iterator[Path]:
    """A complete directory or none: filled under a temporary name beside `path`, then renamed
    into place, over an empty directory or an earlier one (then removed); removed itself if
    the work fails. A run killed between the two renames of a replacement leaves both whole
    under temporary names, and nothing at `path`."""
    parent, prefix = _temporary_sibling(path)
    partial = Path(tempfile.mkdtemp(dir=parent, prefix=prefix, suffix=".partial"))
    try:
        yield partial
        try:
            partial.rename(path)  # atomic, and allowed over an empty directory
        except OSError as error:
            if error.errno not in (errno.ENOTEMPTY, errno.EEXIST):
                raise
            # A unique empty directory to rename the earlier one over (rename may replace an
            # empty directory), as there is no atomic swap of two names.
            earlier = Path(tempfile.mkdtemp(dir=parent, prefix=prefix, suffix=".replaced"))
            path.rename(earlier)
            try:
                partial.rename(path)
            except OSError:
                earlier.rename(path)
                raise
            shutil.rmtree(earlier)
    finally:
        shutil.rmtree(partial, ignore_errors=True)
