"""Parsing what analysts type (and what the texts say) into exact, validated values.

Every parser raises InvalidValue naming the field and what is accepted.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache, lru_cache

from tracker.domain.decimals import canonical
from tracker.domain.edtf import ACCEPTED_FORMS, EdtfDate, parse_edtf
from tracker.domain.vocab import QUALIFIERS
from tracker.errors import InvalidValue

# ---- text ----------------------------------------------------------------------------------------

# What a JSON escape like "\ud800" or undecodable bytes leave behind: not Unicode text, and no
# database or output file can take it (UTF-8 cannot encode it).
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def check_unicode(text: str, field: str) -> str:
    found = _LONE_SURROGATE.search(text)
    if found is not None:
        raise InvalidValue(
            field,
            f"not valid Unicode text (a lone surrogate, U+{ord(found.group()):04X}); accepted: "
            "characters, or escapes that pair a high surrogate with a low one",
        )
    return text


# ---- dates -------------------------------------------------------------------------------------

_NATURAL_HINT = "or a natural date such as '15 March 2025' or 'March 2025'"


def parse_date(text: str, field: str) -> EdtfDate:
    """EDTF text, or a natural English date kept at the precision it was written with."""
    text = " ".join(text.split())
    if not text:
        raise InvalidValue(field, f"empty date; accepted: {ACCEPTED_FORMS}, {_NATURAL_HINT}")
    timestamp = _ISO_TIMESTAMP.fullmatch(text)
    if timestamp:  # a date and a time of day (a log, a feed): the date, read strictly
        text = timestamp.group(1)
    try:
        return parse_edtf(text)
    except ValueError as strict_error:
        # Digits and date punctuation, or a year-month start, are an EDTF date or nothing:
        # dateutil would read "2025-13-01" as 13 January.
        if timestamp or re.fullmatch(r"[\d\-/~?%]+", text) or re.match(r"\d{4}-\d", text):
            raise InvalidValue(field, str(strict_error)) from None
    return parse_edtf(_natural_to_edtf(text, field))


_ISO_TIMESTAMP = re.compile(
    r"(\d{4}-\d{2}-\d{2})[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?"
)


def _natural_to_edtf(text: str, field: str) -> str:
    # Parse twice with different defaults: a component that changes was not in the text,
    # which tells the precision ("March 2025" is a month, not 1 March 2025).
    from datetime import datetime

    from dateutil import parser as dateutil_parser

    try:
        first = dateutil_parser.parse(text, default=datetime(2000, 1, 1), dayfirst=True)
        second = dateutil_parser.parse(text, default=datetime(2001, 2, 2), dayfirst=True)
    except (ValueError, OverflowError):
        raise InvalidValue(
            field, f"{text!r} is not a date; accepted: {ACCEPTED_FORMS}, {_NATURAL_HINT}"
        ) from None
    if first.year != second.year:
        raise InvalidValue(field, f"{text!r} has no year; write it, e.g. '15 March 2025'")
    if first.month != second.month:
        return f"{first.year:04d}"
    if first.day != second.day:
        return f"{first.year:04d}-{first.month:02d}"
    return f"{first.year:04d}-{first.month:02d}-{first.day:02d}"


# ---- quantities --------------------------------------------------------------------------------

NON_CURRENCY_UNITS = ("count", "jobs", "projects", "km", "percent", "tonnes", "people", "years")

_SCALES = {
    "k": 3, "thousand": 3, "тыс": 3, "тысяч": 3, "тысячи": 3, "тысяча": 3,
    "m": 6, "mn": 6, "mln": 6, "million": 6, "millions": 6, "млн": 6, "миллион": 6,
    "миллиона": 6, "миллионов": 6,
    "bn": 9, "b": 9, "billion": 9, "billions": 9, "млрд": 9, "миллиард": 9, "миллиарда": 9,
    "миллиардов": 9,
    "tn": 12, "trillion": 12, "трлн": 12, "триллион": 12, "триллиона": 12, "триллионов": 12,
}  # fmt: skip
_CURRENCY_WORDS = {
    "$": "USD", "usd": "USD", "долл": "USD", "доллар": "USD", "долларов": "USD",
    "доллара": "USD", "dollar": "USD", "dollars": "USD", "сша": "USD",
    "€": "EUR", "eur": "EUR", "евро": "EUR", "euro": "EUR", "euros": "EUR",
    "₽": "RUB", "руб": "RUB", "рублей": "RUB", "рубля": "RUB",
    "₸": "KZT", "тенге": "KZT", "сум": "UZS", "сумов": "UZS",
}  # fmt: skip
_QUALIFIER_WORDS = {
    "over": "over", "more than": "over", "above": "over", "более": "over", "свыше": "over",
    "больше": "over",
    "about": "about", "around": "about", "approximately": "about", "approx": "about",
    "c.": "about", "~": "about", "около": "about", "порядка": "about", "примерно": "about",
    "почти": "about",
    "under": "under", "less than": "under", "below": "under", "менее": "under",
    "up to": "up_to", "до": "up_to",
    "exactly": "exact",
}  # fmt: skip
_NUMBER = re.compile(r"[-+]?\d[\d\s\u00a0\u202f,.]*")
AMOUNT_HINT = (
    "accepted: a number with an optional scale and currency, e.g. 10000000000, $10bn, "
    "'1.7 bn USD', '1,7 млрд долл.', '15 тыс.', '5,4 %', with 'over'/'about' in front"
)


@dataclass(frozen=True)
class Amount:
    value: Decimal
    unit: str | None = None
    qualifier: str | None = None


def _parse_number(text: str, field: str) -> Decimal:
    digits = re.sub(r"[\s\u00a0\u202f]", "", text)
    if "," in digits and "." in digits:
        digits = digits.replace(",", "")  # 1,700.5
    elif "," in digits:
        # "1,7" is a Russian decimal; "15,000" or "1,700,000" groups thousands.
        groups = digits.split(",")
        if all(len(g) == 3 for g in groups[1:]) and len(groups) > 1 and len(groups[0]) <= 3:
            digits = "".join(groups)
        elif len(groups) == 2:
            digits = ".".join(groups)
        else:
            raise InvalidValue(field, f"{text.strip()!r} is not a number; {AMOUNT_HINT}")
    try:
        value = Decimal(digits)
    except InvalidOperation:
        raise InvalidValue(field, f"{text.strip()!r} is not a number; {AMOUNT_HINT}") from None
    if not value.is_finite():
        raise InvalidValue(field, f"{text.strip()!r} is not a finite number")
    return value


def parse_amount(text: str, field: str) -> Amount:
    """'over $1.7bn' -> 1700000000 USD over; '15 тыс.' -> 15000; '5,4 %' -> 5.4 percent."""
    rest = " ".join(text.lower().split())
    if not rest:
        raise InvalidValue(field, f"empty amount; {AMOUNT_HINT}")
    qualifier = None
    for phrase in sorted(_QUALIFIER_WORDS, key=len, reverse=True):
        if rest.startswith(phrase) and (
            not phrase[-1].isalpha() or len(rest) == len(phrase) or not rest[len(phrase)].isalpha()
        ):
            qualifier = _QUALIFIER_WORDS[phrase]
            rest = rest[len(phrase) :].strip()
            break
    unit = None
    for sign in ("$", "€", "₽", "₸"):
        if sign in rest:
            unit = _CURRENCY_WORDS[sign]
            rest = rest.replace(sign, " ")
    leading = re.match(r"([a-zа-яё]+)\.?\s+(?=\d)", rest)
    if leading and (leading[1] in _CURRENCY_WORDS or leading[1].upper() in currency_codes()):
        unit = _CURRENCY_WORDS.get(leading[1]) or leading[1].upper()  # "USD 1.3 billion"
        rest = rest[leading.end() :]
    match = _NUMBER.search(rest)
    if match is None or rest[: match.start()].strip():
        raise InvalidValue(field, f"{text.strip()!r} is not an amount; {AMOUNT_HINT}")
    number_text = match.group().rstrip(",. ")
    value = _parse_number(number_text, field)
    exponent = 0
    for word in re.findall(r"[a-zа-яё%]+\.?|%", rest[match.start() + len(number_text) :]):
        bare = word.rstrip(".")
        if bare in _SCALES and exponent == 0:
            exponent = _SCALES[bare]
        elif bare in _CURRENCY_WORDS:
            unit = _CURRENCY_WORDS[bare]
        elif bare == "%":
            unit = "percent"
        elif len(bare) == 3 and bare.upper() in currency_codes():
            unit = bare.upper()
        elif bare in NON_CURRENCY_UNITS:
            unit = bare
        else:
            raise InvalidValue(field, f"{text.strip()!r}: unknown word {word!r}; {AMOUNT_HINT}")
    return Amount(Decimal(canonical(value.scaleb(exponent))), unit, qualifier)


@cache
def currency_codes() -> frozenset[str]:
    import pycountry

    return frozenset(c.alpha_3 for c in pycountry.currencies)


def parse_unit(text: str, field: str = "unit") -> str:
    unit = text.strip()
    if unit.lower() in NON_CURRENCY_UNITS:
        return unit.lower()
    if unit.upper() in currency_codes():
        return unit.upper()
    raise InvalidValue(
        field,
        f"unknown unit {text!r}; accepted: an ISO 4217 currency code (USD, KZT...) or "
        f"{', '.join(NON_CURRENCY_UNITS)}",
    )


def parse_qualifier(text: str, field: str = "qualifier") -> str:
    if text in QUALIFIERS:
        return text
    raise InvalidValue(field, f"unknown qualifier {text!r}; accepted: {', '.join(QUALIFIERS)}")


# ---- countries and parties ---------------------------------------------------------------------


@dataclass(frozen=True)
class PartyRef:
    code: str  # ISO alpha-2 for a country, a slug for an organisation or city
    kind: str
    name: str


_PARTY_PREFIXES = {"org": "organisation", "city": "city"}


COUNTRY_ACCEPTED = (
    "accepted: an ISO 3166-1 code (KZ, UZB) or a name in English, Russian or another language "
    "pycountry translates (Kazakhstan, Казахстан, Kasachstan)"
)


NAME_MAX = 100


@lru_cache(maxsize=1024)  # an import names the same few countries on every record
def parse_country(text: str, field: str = "country") -> PartyRef:
    """An ISO 3166-1 code (KZ, KAZ) or a name in any language pycountry translates
    (Kazakhstan, Казахстан, Казахстана) -> its alpha-2 code."""
    import pycountry

    from tracker.domain import countries

    cleaned = " ".join(text.split())
    # No name in any language is longer (79 characters): a longer text is not worth a search.
    if not cleaned or not any(ch.isalpha() for ch in cleaned) or len(cleaned) > NAME_MAX:
        raise InvalidValue(field, f"unknown country {text!r}; {COUNTRY_ACCEPTED}")
    try:
        country = pycountry.countries.lookup(cleaned)
    except LookupError:
        match = countries.lookup_name(cleaned)
        partial = countries.partial_matches(cleaned) if match is None else ()
        if match is not None:
            codes = list(match.codes)
        elif partial:
            codes = list(partial)
        else:
            # Short English names the standard lacks ("Persia") by pycountry's own search.
            try:
                found = pycountry.countries.search_fuzzy(cleaned) if len(cleaned) > 3 else []
            except LookupError:
                found = []
            codes = [c.alpha_2 for c in found]
        if len(codes) != 1:
            hint = ", ".join(f"{code} ({_country_name(code)})" for code in codes[:4])
            more = f" and {len(codes) - 4} more" if len(codes) > 4 else ""
            raise InvalidValue(
                field,
                f"ambiguous country {text!r}; did you mean {hint}{more}?"
                if hint
                else f"unknown country {text!r}; {COUNTRY_ACCEPTED}",
            ) from None
        return PartyRef(codes[0], "country", _country_name(codes[0]))
    return PartyRef(country.alpha_2, "country", _country_name(country.alpha_2))


def _country_name(code: str) -> str:
    import pycountry

    country = pycountry.countries.get(alpha_2=code)
    return str(getattr(country, "common_name", None) or getattr(country, "name", code))


def parse_party(text: str, field: str = "party") -> PartyRef:
    """A country, or 'org:NAME' / 'city:NAME' for organisations and cities."""
    prefix, sep, name = text.partition(":")
    if sep and prefix.strip().lower() in _PARTY_PREFIXES:
        name = check_unicode(" ".join(name.split()), field)
        if not name:
            raise InvalidValue(field, f"{text!r} names no {prefix}")
        return PartyRef(f"{prefix.strip().lower()}:{slugify(name)}", _PARTY_PREFIXES[prefix], name)
    return parse_country(text, field)


_PAIR_SEPARATOR = re.compile(r"\s*[-\u2010-\u2015\u2212]\s*")


def parse_pair(text: str, field: str = "--pair") -> tuple[str, str]:
    """Two countries joined by a hyphen: KZ-UZ, Казахстан-Узбекистан. A name may hold a
    hyphen itself (Гвинея-Бисау), so every hyphen is tried; exactly one must split the text
    into two countries."""
    cuts = [m for m in _PAIR_SEPARATOR.finditer(text) if m.start() > 0 and m.end() < len(text)]
    if len(text) > 2 * NAME_MAX:
        cuts = []  # two names are never this long
    if not cuts:
        raise InvalidValue(field, f"{text!r} is not a pair; write two country codes, e.g. KZ-UZ")
    readings: dict[tuple[str, str], None] = {}
    first_error: InvalidValue | None = None
    for cut in cuts:
        try:
            a = parse_country(text[: cut.start()], field).code
            b = parse_country(text[cut.end() :], field).code
        except InvalidValue as error:
            first_error = first_error or error
            continue
        readings[(a, b)] = None
    if not readings:
        if len(cuts) == 1 and first_error is not None:
            raise first_error
        raise InvalidValue(
            field,
            f"{text!r} does not split into two countries; accepted: two codes or names, "
            "e.g. KZ-UZ or Казахстан-Узбекистан",
        )
    if len(readings) > 1:
        options = ", ".join(f"{a}-{b}" for a, b in readings)
        raise InvalidValue(field, f"ambiguous pair {text!r}: {options}; write the codes")
    a, b = next(iter(readings))
    if a == b:
        raise InvalidValue(field, f"{text!r} names the same country twice")
    return a, b


# ---- slugs -------------------------------------------------------------------------------------

# Matched with fullmatch: `$` would also match before a final newline ("slug\n").
SLUG_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
SLUG_MAX = 80
_CYRILLIC = {
    **dict(zip("абвгдезийклмнопрстуфыэўқғҳ", "abvgdeziyklmnoprstufyeoqgh", strict=True)),
    **{"ё": "e", "ж": "zh", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch"},
    **{"ъ": "", "ь": "", "ю": "yu", "я": "ya"},
}


_TO_LATIN = str.maketrans(_CYRILLIC)


def transliterate(text: str) -> str:
    """Cyrillic letters in Latin ones, as in slugs: "ташкент" -> "tashkent"."""
    return text.lower().translate(_TO_LATIN)


def slugify(text: str) -> str:
    lowered = transliterate(text).replace("-", " ")
    ascii_text = unicodedata.normalize("NFKD", lowered).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    return slug[:SLUG_MAX].rstrip("-") or "record"


def check_slug(text: str, field: str = "slug") -> str:
    if len(text) > SLUG_MAX or not SLUG_PATTERN.fullmatch(text):
        raise InvalidValue(
            field,
            f"{text!r} is not a slug; accepted: lowercase letters, digits and single hyphens, "
            f"at most {SLUG_MAX} characters",
        )
    return text
