"""Countries named in a sentence, in Russian or English, by their ISO 3166-1 codes.

Names come from pycountry's own Russian and English translations, compared by stem, so
"Казахстаном" and "Kazakhstan's" both name KZ; adjectives ("узбекско-казахстанской") too.
"""

from __future__ import annotations

import gettext
import re
from functools import cache

from tracker.domain.extraction.language import stem, words

# Forms the standard's names do not give: short names and the adjectives texts use.
_EXTRA = {
    "росс": "RU", "российск": "RU", "russia": "RU", "russian": "RU", "сша": "US",
    "америк": "US", "казахстанск": "KZ", "казахск": "KZ", "kazakh": "KZ", "узбекск": "UZ",
    "узбекистанск": "UZ", "uzbek": "UZ", "кыргызстан": "KG", "кыргызск": "KG", "киргизск": "KG",
    "kyrgyz": "KG", "таджикск": "TJ", "tajik": "TJ", "туркменск": "TM", "turkmen": "TM",
    "китайск": "CN", "кнр": "CN", "chines": "CN", "афганск": "AF", "afghan": "AF",
}  # fmt: skip


_SHORT = {"RU": {"Россия", "Russia"}, "US": {"США", "USA"}}
# "долл. США" names a currency, not a party.
_CURRENCY_NAMES = re.compile(r"долл(?:ар(?:ов|а|ы)?)?\.?\s*США|US\s*dollars?")


@cache
def _names() -> dict[str, list[tuple[str, str]]]:
    """One-word country names, lower-cased and without a final vowel (the part every case
    form shares: "казахстан", "росси", "кита"), grouped by their first four letters."""
    import pycountry

    russian = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["ru"])
    table: dict[str, list[tuple[str, str]]] = {}
    for country in pycountry.countries:
        names = {country.name, getattr(country, "common_name", country.name)}
        names |= {russian.gettext(name) for name in names} | _SHORT.get(country.alpha_2, set())
        for name in names:
            if " " not in name and "," not in name and len(name) > 3:
                base = re.sub("[аяйиеоуыь]$", "", name.lower())
                table.setdefault(base[:4], []).append((base, country.alpha_2))
    return table


def _country_of(part: str) -> str | None:
    lowered = part.lower()
    if stem(part) in _EXTRA:
        return _EXTRA[stem(part)]
    if not part[:1].isupper():  # names are proper nouns: "данным" is not "Дания"
        return None
    for base, code in _names().get(lowered[:4], []):
        if lowered.startswith(base) and len(lowered) - len(base) <= 3:
            return code
    return None


def countries_in(text: str) -> list[str]:
    """Codes in order of first mention, each once."""
    found: list[str] = []
    for word in words(_CURRENCY_NAMES.sub(" ", text)):
        for part in word.text.split("-"):
            code = _country_of(part)
            if code and code not in found:
                found.append(code)
    return found
