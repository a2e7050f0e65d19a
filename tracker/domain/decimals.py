"""Exact quantities: Decimal in, Decimal out, one canonical text form."""

from decimal import Decimal


def canonical(value: Decimal) -> str:
    """The shortest exact text of a value: no exponent, no trailing zeros ("1700000000", "5.4")."""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def json_number(value: Decimal) -> int | float | str:
    """A Decimal as a JSON number that reads back exactly (as text beyond a double's precision)."""
    if value == value.to_integral_value():
        return int(value)
    digits = len(value.normalize().as_tuple().digits)
    return float(value) if digits <= 15 else canonical(value)
