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
    "узбекистанск": "UZ", "uzbek": "UZ", "кыргызстан": "KG", "кыргызста": "KG", "киргиз": "KG",
    "кыргызск": "KG", "киргизск": "KG",
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


# A leader or a capital names the state in news copy ("Токаев и Мирзиёев", "Москва и Астана
# подпишут"); compared by the start of the word, since stems of names vary by case.
_METONYMS = (
    ("токаев", "KZ"), ("назарбаев", "KZ"), ("астан", "KZ"), ("нур-султан", "KZ"),
    ("акорд", "KZ"), ("tokayev", "KZ"), ("nazarbayev", "KZ"), ("astana", "KZ"),
    ("akorda", "KZ"), ("мирзиёев", "UZ"), ("мирзиеев", "UZ"), ("ташкент", "UZ"),
    ("mirziyoyev", "UZ"), ("tashkent", "UZ"), ("путин", "RU"), ("москв", "RU"),
    ("кремл", "RU"), ("putin", "RU"), ("moscow", "RU"), ("kremlin", "RU"), ("жапаров", "KG"),
    ("бишкек", "KG"), ("japarov", "KG"), ("zhaparov", "KG"), ("bishkek", "KG"),
    ("рахмон", "TJ"), ("душанбе", "TJ"), ("rahmon", "TJ"), ("dushanbe", "TJ"),
    ("бердымухамедов", "TM"), ("ашхабад", "TM"), ("ashgabat", "TM"),
)  # fmt: skip


_CAPITALS = ("астан", "нур-султан", "ташкент", "москв", "бишкек", "душанбе", "ашхабад",
             "astana", "tashkent", "moscow", "bishkek", "dushanbe", "ashgabat")  # fmt: skip


def _capital(part: str) -> bool:
    return part.lower().startswith(_CAPITALS)


def _country_of(part: str) -> str | None:
    lowered = part.lower()
    if stem(part) in _EXTRA:
        return _EXTRA[stem(part)]
    if part[:1].isupper():
        for prefix, code in _METONYMS:
            if lowered.startswith(prefix):
                return code
    if not part[:1].isupper():  # names are proper nouns: "данным" is not "Дания"
        return None
    for base, code in _names().get(lowered[:4], []):
        if lowered.startswith(base) and len(lowered) - len(base) <= 3:
            return code
    return None


def countries_in(text: str) -> list[str]:
    """Codes in order of first mention, each once."""
    found: list[str] = []
    plain = _CURRENCY_NAMES.sub(" ", text)
    for word in words(plain):
        place = re.search(
            r"(?:^|\s)(?:в|во|из|in|at|from|to)\s+$", plain[max(0, word.start - 5) : word.start]
        )
        for part in word.text.split("-"):
            code = _country_of(part)
            if code and place and _capital(part):
                continue  # "в Душанбе": where it happened, not who took part
            if code and code not in found:
                found.append(code)
    return found
