"""Exact quantities: Decimal in, Decimal out, one canonical text form."""

from decimal import Decimal


def canonical(value: Decimal) -> str:
    """The shortest exact text of a value: no exponent, no trailing zeros ("1700000000", "5.4")."""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text
