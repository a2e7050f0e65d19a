"""Exact quantities: Decimal in, Decimal out, one canonical text form."""

from collections.abc import Callable
from decimal import Decimal
from typing import Any


def canonical(value: Decimal) -> str:
    """The shortest exact text of a value: no exponent, no trailing zeros ("1700000000", "5.4")."""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def json_ready(value: Any, leaf: Callable[[Any], Any] = lambda v: v) -> Any:
    """Nested dicts and lists with every Decimal as an exact JSON number; `leaf` first turns
    a caller's own value types into plain ones."""
    value = leaf(value)
    if isinstance(value, Decimal):
        return json_number(value)
    if isinstance(value, dict):
        return {k: json_ready(v, leaf) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [json_ready(v, leaf) for v in value]
    return value


def json_number(value: Decimal) -> int | float | str:
    """A Decimal as a JSON number that reads back exactly (as text beyond a double's precision)."""
    if value == value.to_integral_value():
        return int(value)
    digits = len(value.normalize().as_tuple().digits)
    return float(value) if digits <= 15 else canonical(value)
