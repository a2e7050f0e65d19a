"""Reading and writing files users name: checked, decoded strictly, with one-line errors."""

from __future__ import annotations

from pathlib import Path

from tracker.errors import Conflict, InvalidValue

MAX_TEXT_FILE = 5_000_000  # a source's text: the longest report is a few hundred kB
# An export of a team's database is read back whole: 10^6 figures make about 300 MB.
MAX_RECORDS_FILE = 1_000_000_000


def read_text_file(path: Path, field: str, limit: int = MAX_TEXT_FILE) -> str:
    if not path.exists():
        raise InvalidValue(field, f"{path}: no such file")
    if not path.is_file():
        raise InvalidValue(field, f"{path}: not a regular file")
    size = path.stat().st_size
    if size > limit:
        raise InvalidValue(field, f"{path}: {size} bytes; at most {limit}")
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as error:
        raise InvalidValue(field, f"{path}: not UTF-8 text (byte {error.start})") from None
    except OSError as error:
        raise InvalidValue(field, f"{path}: {error.strerror}") from None
    return text.removeprefix("\ufeff")


def check_new_file(path: Path | None, force: bool, field: str = "--output") -> None:
    """Before any work: the file may be written (its directory exists; no file is overwritten
    unless asked)."""
    if path is None:
        return
    if path.exists() and not force:
        raise Conflict(f"{path} already exists; pass --force to overwrite it", field)
    if not path.absolute().parent.is_dir():
        raise InvalidValue(field, f"directory {path.absolute().parent} does not exist")


def write_text_atomically(path: Path, text: str) -> None:
    """A complete file or none: never half a document if the run is cut short."""
    partial = path.with_name(f".{path.name}.partial")
    try:
        partial.write_text(text, encoding="utf-8")
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)
