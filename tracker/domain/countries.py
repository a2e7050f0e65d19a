"""Country names as analysts type them, in English, Russian or any language pycountry
translates, to ISO 3166-1 codes: "Казахстан", "Kasachstan", and Russian case forms
("Казахстана", "Российской Федерации").

pycountry's own lookup takes codes and English names; the names in other languages come
from its gettext catalogues, read only when a name is not a code or an English name (all
159 catalogues take about half a second, so the two languages of the data are read first).
"""

from __future__ import annotations

import gettext
import re
import unicodedata
from dataclasses import dataclass
from functools import cache

FIRST_LANGUAGES = ("ru",)  # the language of the curated texts, before every other one

# Names analysts use that the standard's names and translations lack.
_SHORT_NAMES = {
    "RU": ("Россия", "РФ", "Russia"),
    "US": ("США", "Америка", "USA"),
    "GB": ("Великобритания", "Британия", "UK", "Great Britain"),
    "KG": ("Кыргызстан", "Кыргызская Республика"),
    "TR": ("Turkey",),
    "CZ": ("Czech Republic",),
}

# Russian case endings of nouns and adjectives, longest first: what the forms of a name
# differ by ("Россия", "России", "Россией"). pymorphy's dictionaries would do it exactly
# but take 8 MB and a second to load for a command that only reads an option.
_ENDINGS = sorted(
    [
        "ией", "ями", "ами", "ого", "его", "ому", "ему", "ыми", "ими", "ая", "яя", "ой", "ей",
        "ую", "юю", "ые", "ие", "ых", "их", "ом", "ем", "ам", "ям", "ах", "ях", "ию", "ия",
        "ии", "ов", "ев", "а", "я", "у", "ю", "е", "ы", "и", "о", "ь", "й",
    ],
    key=len,
    reverse=True,
)  # fmt: skip
_CYRILLIC = re.compile("[а-яё]", re.IGNORECASE)
_DASHES = re.compile("[\u2010-\u2015\u2212]")
_BREVE = "\u0306"


@dataclass(frozen=True)
class Match:
    """What a name stands for: one code, or several when the name is ambiguous."""

    codes: tuple[str, ...]


def normal(name: str) -> str:
    """Case, accents (stress marks in "Респу́блика"), ё and dashes do not tell names apart;
    the breve stays, or "й" would read as "и"."""
    decomposed = unicodedata.normalize("NFD", _DASHES.sub("-", name))
    bare = "".join(ch for ch in decomposed if ch == _BREVE or not unicodedata.combining(ch))
    return " ".join(unicodedata.normalize("NFC", bare).casefold().replace("ё", "е").split())


def _base(word: str) -> str:
    for ending in _ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            return word[: -len(ending)]
    return word


def russian_bases(name: str) -> tuple[str, ...]:
    """Each word of a Russian name without its case ending: every case form gives the same."""
    return tuple(_base(word) for word in re.split(r"[\s,()-]+", normal(name)) if word)


def _standard_names(country: object) -> set[str]:
    return {
        getattr(country, key)
        for key in ("name", "common_name", "official_name")
        if getattr(country, key, None)
    }


def _translations(language: str) -> gettext.NullTranslations:
    import pycountry

    return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[language])


@cache
def _names_in(languages: tuple[str, ...]) -> dict[str, frozenset[str]]:
    """Normal name -> the codes it names, in these languages (and English, and the short
    names above)."""
    import pycountry

    catalogues = [_translations(language) for language in languages]
    table: dict[str, set[str]] = {}
    for country in pycountry.countries:
        names = _standard_names(country) | set(_SHORT_NAMES.get(country.alpha_2, ()))
        translated = {catalogue.gettext(name) for name in names for catalogue in catalogues}
        for name in names | translated:
            table.setdefault(normal(name), set()).add(country.alpha_2)
    return {name: frozenset(codes) for name, codes in table.items()}


@cache
def _all_languages() -> tuple[str, ...]:
    import os

    import pycountry

    return tuple(
        sorted(
            language
            for language in os.listdir(pycountry.LOCALES_DIR)
            if os.path.exists(
                os.path.join(pycountry.LOCALES_DIR, language, "LC_MESSAGES", "iso3166-1.mo")
            )
        )
    )


@cache
def _russian_forms() -> dict[tuple[str, ...], frozenset[str]]:
    table: dict[tuple[str, ...], set[str]] = {}
    for name, codes in _names_in(FIRST_LANGUAGES).items():
        if _CYRILLIC.search(name):
            table.setdefault(russian_bases(name), set()).update(codes)
    return {bases: frozenset(codes) for bases, codes in table.items()}


def lookup_name(text: str) -> Match | None:
    """The codes a name stands for, trying the likeliest reading first: an exact name in
    English or Russian, a Russian case form, then an exact name in any other language."""
    key = normal(text)
    found = _names_in(FIRST_LANGUAGES).get(key)
    if not found and _CYRILLIC.search(key):
        found = _russian_forms().get(russian_bases(key))
    if not found:
        found = _names_in(_all_languages()).get(key)
    return Match(tuple(sorted(found))) if found else None


def partial_matches(text: str) -> tuple[str, ...]:
    """Codes of the Russian names holding every word of `text` ("Корея": both Koreas), to
    suggest when nothing matches exactly."""
    wanted = set(russian_bases(text))
    if not wanted or not _CYRILLIC.search(text):
        return ()
    codes = {
        code for bases, named in _russian_forms().items() if wanted <= set(bases) for code in named
    }
    return tuple(sorted(codes))
