"""Parsing what analysts type, and showing values back to them."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tracker.domain import humanise
from tracker.domain.inputs import parse_amount, parse_country, parse_date, parse_pair, slugify
from tracker.errors import InvalidValue


@pytest.mark.parametrize(
    ("text", "value", "unit", "qualifier"),
    [
        ("10000000000", "10000000000", None, None),
        ("$10bn", "10000000000", "USD", None),
        ("1.7 bn USD", "1700000000", "USD", None),
        ("1,7 млрд долл.", "1700000000", "USD", None),
        ("15 тыс.", "15000", None, None),
        ("over $1.7bn", "1700000000", "USD", "over"),
        ("about 4 bn USD", "4000000000", "USD", "about"),
        ("более $1,7 млрд", "1700000000", "USD", "over"),
        ("свыше 15 тыс.", "15000", None, "over"),
        ("около 4 млрд долл. США", "4000000000", "USD", "about"),
        ("USD 1.3 billion", "1300000000", "USD", None),
        ("5,4 %", "5.4", "percent", None),
        ("7 591 km", "7591", "km", None),
        ("15,000 jobs", "15000", "jobs", None),
        ("до 10 млрд", "10000000000", None, "up_to"),
    ],
)
def test_amounts(text: str, value: str, unit: str | None, qualifier: str | None) -> None:
    amount = parse_amount(text, "value")
    assert (amount.value, amount.unit, amount.qualifier) == (Decimal(value), unit, qualifier)


@pytest.mark.parametrize("text", ["", "ten", "$", "1.2.3", "5 widgets", "1,2,3", "nan", "inf"])
def test_bad_amounts(text: str) -> None:
    with pytest.raises(InvalidValue) as error:
        parse_amount(text, "value")
    assert error.value.field == "value"


@pytest.mark.parametrize(
    ("text", "edtf", "lower", "upper"),
    [
        ("2025", "2025", "2025-01-01", "2025-12-31"),
        ("2025-03", "2025-03", "2025-03-01", "2025-03-31"),
        ("2024-02", "2024-02", "2024-02-01", "2024-02-29"),
        ("2025-03-15", "2025-03-15", "2025-03-15", "2025-03-15"),
        ("2025~", "2025~", "2025-01-01", "2025-12-31"),
        ("2025?", "2025?", "2025-01-01", "2025-12-31"),
        ("2025-11-14/2025-11-15", "2025-11-14/2025-11-15", "2025-11-14", "2025-11-15"),
        ("15 March 2025", "2025-03-15", "2025-03-15", "2025-03-15"),
        ("March 2025", "2025-03", "2025-03-01", "2025-03-31"),
        ("Nov 15, 2025", "2025-11-15", "2025-11-15", "2025-11-15"),
    ],
)
def test_dates(text: str, edtf: str, lower: str, upper: str) -> None:
    parsed = parse_date(text, "date")
    assert (parsed.text, parsed.lower.isoformat(), parsed.upper.isoformat()) == (edtf, lower, upper)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2025-02-30", "date: '2025-02-30': day must be 01-28 in 2025-02"),
        ("2025-13", "date: '2025-13': month must be 01-12"),
        ("0000", "date: '0000': year 0000 does not exist"),
        ("2025-11-15/2025-11-14", "date: '2025-11-15/2025-11-14': the range ends before it starts"),
        ("15 March", "date: '15 March' has no year; write it, e.g. '15 March 2025'"),
    ],
)
def test_bad_dates(text: str, message: str) -> None:
    with pytest.raises(InvalidValue) as error:
        parse_date(text, "date")
    assert str(error.value) == message


def test_countries() -> None:
    assert parse_country("kz").code == "KZ"
    assert parse_country("UZB").code == "UZ"
    assert parse_country("Kazakhstan").code == "KZ"
    assert parse_country("Russia").code == "RU"
    assert parse_pair("UZ-KZ") == ("UZ", "KZ")
    with pytest.raises(InvalidValue, match=r"did you mean KP .*KR"):
        parse_country("Korea")
    with pytest.raises(InvalidValue, match="names the same country twice"):
        parse_pair("KZ-kaz")


def test_slugs() -> None:
    assert slugify("Treaty on Allied Relations") == "treaty-on-allied-relations"
    assert slugify("Договор о союзнических отношениях") == "dogovor-o-soyuznicheskikh-otnosheniyakh"
    assert slugify("$10bn by 2030!") == "10bn-by-2030"
    assert slugify("???") == "record"


@pytest.mark.parametrize(
    ("value", "unit", "qualifier", "shown"),
    [
        ("1700000000", "USD", "over", "over $1.7bn"),
        ("10000000000", "USD", None, "$10bn"),
        ("15000", "jobs", "over", "over 15,000 jobs"),
        ("7591", "km", "exact", "7,591 km"),
        ("5.4", "percent", None, "5.4%"),
        ("78", "count", None, "78"),
        ("4000000000", "USD", "about", "about $4bn"),
        ("1300000000", "UZS", None, "1.3bn UZS"),
        ("2500", "USD", "up_to", "up to $2,500"),
    ],
)
def test_humanised_quantities(value: str, unit: str, qualifier: str | None, shown: str) -> None:
    assert humanise.quantity(Decimal(value), unit, qualifier) == shown


@pytest.mark.parametrize(
    ("edtf", "shown"),
    [
        ("2030", "2030"),
        ("2025-03", "Mar 2025"),
        ("2025-11-15", "15 Nov 2025"),
        ("2025~", "c. 2025"),
        ("2025?", "2025?"),
        ("2025-11-14/2025-11-15", "14 Nov 2025 – 15 Nov 2025"),
    ],
)
def test_humanised_dates(edtf: str, shown: str) -> None:
    assert humanise.date(edtf) == shown
