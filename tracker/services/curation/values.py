"""Plain field values from the command line or a records file, checked and converted.

Each function raises InvalidValue naming the field and what is accepted.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from functools import lru_cache
from typing import Any

from tracker.domain.decimals import canonical
from tracker.domain.edtf import EdtfDate
from tracker.domain.inputs import Amount, check_unicode, parse_amount, parse_date
from tracker.errors import InvalidValue

TEXT_LIMIT = 500
CONTROL_CHARACTER = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # tab, LF and CR are text
ANY_CONTROL_CHARACTER = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")  # C0, C1, line breaks
ACTOR_LIMIT = 120  # the audit log's actor column
LONG_TEXT_LIMIT = 20_000
SOURCE_TEXT_LIMIT = 5_000_000


def text_value(value: Any, field: str, *, required: bool = False, limit: int = TEXT_LIMIT) -> Any:
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise InvalidValue(field, "required; give a non-empty text")
        return None
    if not isinstance(value, str):
        raise InvalidValue(field, f"expected text, got {type(value).__name__}")
    if len(value) > limit:
        raise InvalidValue(field, f"too long ({len(value)} characters; at most {limit})")
    if CONTROL_CHARACTER.search(value):
        raise InvalidValue(field, "contains control characters")
    check_unicode(value, field)
    return value.strip() if limit <= LONG_TEXT_LIMIT else value


def actor_value(value: str, field: str) -> str:
    """Who makes a change, as the history prints it on one line of a table: no control
    character at all (an escape sequence would reach the terminal of whoever reads it)."""
    actor: str = text_value(value, field, required=True, limit=ACTOR_LIMIT)
    if ANY_CONTROL_CHARACTER.search(actor):
        raise InvalidValue(field, "contains control characters")
    return actor


def list_value(value: Any, field: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise InvalidValue(field, f"expected a list, got {type(value).__name__}")
    return value


def date_value(value: Any, field: str) -> EdtfDate | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):  # YAML reads an unquoted 2025-11-15 as a date
        value = value.isoformat()
    elif isinstance(value, int) and not isinstance(value, bool):
        value = str(value)  # ... and an unquoted 2030 as a number
    if not isinstance(value, str):
        raise InvalidValue(field, f"expected a date, got {type(value).__name__}")
    return _parsed_date(value, field)


# An import gives the same few thousand dates (and field names) again and again; a date
# refused raises, and is not remembered.
_parsed_date = lru_cache(maxsize=4096)(parse_date)


def set_date(record: object, column: str, value: Any, field: str) -> None:
    parsed = date_value(value, field)
    setattr(record, column, parsed.text if parsed else None)
    setattr(record, f"{column}_lower", parsed.lower if parsed else None)
    setattr(record, f"{column}_upper", parsed.upper if parsed else None)


_INT_LIMIT = 10**27


def amount_value(value: Any, field: str) -> Amount:
    if type(value) is int and -_INT_LIMIT < value < _INT_LIMIT:
        return Amount(Decimal(value))  # already exact and canonical: the common case
    if isinstance(value, bool) or value is None:
        raise InvalidValue(field, "required; give a number")
    if isinstance(value, int | Decimal):
        amount = Amount(Decimal(value))
    elif isinstance(value, float):
        amount = Amount(Decimal(repr(value)))  # the shortest text that reads back as this float
    elif isinstance(value, str):
        amount = parse_amount(value, field)
    else:
        raise InvalidValue(field, f"expected a number, got {type(value).__name__}")
    if not amount.value.is_finite() or abs(amount.value) >= _INT_LIMIT:
        raise InvalidValue(field, "out of range (at most 27 digits before the decimal point)")
    if amount.value.as_tuple().exponent < -10:  # type: ignore[operator]
        raise InvalidValue(field, "too precise (at most 10 decimal places)")
    return Amount(Decimal(canonical(amount.value)), amount.unit, amount.qualifier)


def choice(value: Any, field: str, accepted: tuple[str, ...]) -> str:
    if not isinstance(value, str) or value not in accepted:
        raise InvalidValue(field, f"unknown value {value!r}; accepted: {', '.join(accepted)}")
    return value
