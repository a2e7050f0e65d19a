"""Reading files users name: checked, decoded strictly, with one-line errors."""

from __future__ import annotations

from pathlib import Path

from tracker.errors import InvalidValue

MAX_TEXT_FILE = 5_000_000


def read_text_file(path: Path, field: str) -> str:
    if not path.exists():
        raise InvalidValue(field, f"{path}: no such file")
    if not path.is_file():
        raise InvalidValue(field, f"{path}: not a regular file")
    size = path.stat().st_size
    if size > MAX_TEXT_FILE:
        raise InvalidValue(field, f"{path}: {size} bytes; at most {MAX_TEXT_FILE}")
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as error:
        raise InvalidValue(field, f"{path}: not UTF-8 text (byte {error.start})") from None
    except OSError as error:
        raise InvalidValue(field, f"{path}: {error.strerror}") from None
    return text.removeprefix("\ufeff")
