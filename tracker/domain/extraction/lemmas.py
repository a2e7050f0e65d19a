"""Lemmas of Russian words (pymorphy3) and the key terms of a name in either language.

pymorphy3 turns every inflected form into its dictionary form ("подписаны", "подписали" and
"подпишут" are all "подписать", with the tense), which stems alone do not: "заключили" and
"заключение" share a stem but not a part of speech. English words keep snowball's stem.

Key terms let a Russian name find the English title of a held record: "Договор о союзнических
отношениях" and "Treaty on Allied Relations" share the term `allied`. The table is
hand-written because no maintained Russian-English dictionary small enough to ship covers the
vocabulary of treaties; a word it does not list is its own term (its lemma, or the
transliteration of a name), so names in the same language still match.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from tracker.domain.extraction.language import stem, words

_CYRILLIC = re.compile("[а-яё]", re.IGNORECASE)


@dataclass(frozen=True)
class Parse:
    lemma: str
    pos: (
        str | None
    )  # NOUN, VERB, INFN, PRTS, PRTF, ADJF, NUMR... (pymorphy's tags); None in English
    tense: str | None  # past, pres, futr
    plural: bool


@cache
def _morph() -> Any:
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


@lru_cache(maxsize=50_000)
def parse(word: str) -> Parse:
    lowered = word.lower().replace("ё", "е")
    if not _CYRILLIC.search(lowered):
        return Parse(stem(lowered), None, None, lowered.endswith("s"))
    best = _morph().parse(lowered)[0]
    tag = best.tag
    return Parse(str(best.normal_form).replace("ё", "е"), tag.POS, tag.tense, tag.number == "plur")


def can_be_plural(word: str) -> bool:
    """'соглашения' is a genitive singular or a plural: the plural reading is possible."""
    lowered = word.lower()
    if not _CYRILLIC.search(lowered):
        return lowered.endswith("s")
    return any(
        p.tag.number == "plur" and p.tag.case in ("nomn", "accs") for p in _morph().parse(lowered)
    )


def lemma(word: str) -> str:
    return parse(word).lemma


def lemmas(text: str) -> list[str]:
    return [lemma(w.text) for w in words(text)]


# term -> the lemma (Russian) or stem (English) prefixes that name it.
_TERMS: dict[str, tuple[str, ...]] = {
    "allied": ("союзническ", "союзничеств", "союзн", "alli", "allianc"),
    "demarcation": ("демаркац", "demarc"),
    "delimitation": ("делимитац", "delimit"),
    "border": ("границ", "пограничн", "приграничн", "border", "frontier"),
    "declaration": ("декларац", "declar"),
    "strategic": ("стратегическ", "strateg"),
    "partnership": ("партнерств", "partnership"),
    "friendship": ("дружб", "дружественн", "friendship"),
    "eternal": ("вечн", "etern"),
    "neighbourliness": ("добрососедств", "neighbour", "neighbor"),
    "comprehensive": ("всеобъемлющ", "comprehens"),
    "investment": ("инвест", "invest"),
    "platform": ("платформ", "platform"),
    "water": ("водн", "вода", "water"),
    "transboundary": ("трансграничн", "transbound"),
    "customs": ("таможн", "таможен", "custom"),
    "military": ("военн", "militari"),
    "exercises": ("учени", "exercis"),
    "radio": ("радио", "radio"),
    "frequency": ("частот", "frequenc"),
    "regions": ("регион", "областн", "region"),
    "council": ("совет", "council"),
    "heads": ("глава", "руководител", "head"),
    "group": ("групп", "group"),
    "geology": ("геолог", "geolog"),
    "rare-earth": ("редкоземельн", "rare"),
    "tourism": ("туризм", "туристск", "tourism"),
    "justice": ("юстиц", "justic"),
    "health": ("здравоохранен", "health"),
    "subsoil": ("недропользован", "subsoil"),
    "youth": ("молодеж", "youth"),
    "trade": ("торгов", "товарооборот", "trade"),
    "supreme": ("высш", "высок", "suprem"),
    "interstate": ("межгосударствен", "межгос", "interst"),
    "industrial": ("промышлен", "промкооперац", "industri"),
    "centre": ("центр", "centr", "center"),
    "international": ("международн", "intern"),
    "corridor": ("коридор", "corridor"),
    "caspian": ("каспи", "caspian"),
    "award": ("орден", "наград", "order", "award"),
    "informal": ("неформальн", "неофициальн", "informal"),
    "consultative": ("консультативн", "consult"),
    "summit": ("саммит", "summit"),
    "visit": ("визит", "visit"),
    "opening": ("открыт", "запуск", "запуст", "запущ", "open", "launch"),
    "ballet": ("балет", "ballet"),
    "exhibition": ("выставк", "exhibit"),
    "festival": ("фестивал", "festiv"),
    "writers": ("писател", "writer"),
    "medicine": ("медицин", "medic"),
    "relations": ("отношен", "relat"),
    "statement": ("заявлен", "statement"),
    "joint": ("совместн", "joint"),
    "second": ("втор", "second"),
    "first": ("перв", "first"),
    "third": ("трет", "third"),
    "seventh": ("седьм", "seventh"),
    "fourth": ("четверт", "fourth"),
    "fifth": ("пят", "fifth"),
    "sixth": ("шест", "sixth"),
    "increase": ("увелич", "increas"),
    "degree": ("степен", "degree"),
    "ceremony": ("церемон", "ceremon"),
    "protection": ("защит", "protect"),
    "education": ("образован", "educat"),
    "culture": ("культур", "cultur"),
    "energy": ("энерг", "energi"),
    "transport": ("транспорт", "transport"),
}
# Words that name no particular thing: every agreement is "between the two states on
# cooperation". Country names are left out by the caller (they are the parties).
_STOP = {
    "о", "об", "обо", "между", "по", "на", "в", "во", "с", "со", "для", "до", "и", "а", "к",
    "of", "on", "between", "for", "to", "in", "with", "and", "the", "a", "an", "about",
    "сотрудничество", "cooper", "республика", "republ", "правительство", "govern", "государство",
    "state", "страна", "countri", "два", "двух", "two", "сторона", "side", "область", "field",
    "сфера", "sphere", "area", "вопрос", "issu", "развитие", "develop", "соглашение", "agreement",
    "договор", "treati", "меморандум", "memorandum", "программа", "programm", "program", "план",
    "plan", "решение", "decis", "протокол", "protocol", "документ", "document", "рамочный",
    "framework", "межправительственный", "intergovernment", "двусторонний", "bilater",
    "взаимный", "mutual", "создание", "creat", "establish", "учреждение", "понимание",
    "understand", "год", "year", "заседание", "meet", "встреча", "мероприятие", "event",
    "государственный", "наш", "президент", "presid", "млрд", "млн", "тыс", "bn", "billion",
    "million", "доллар", "долл", "dollar", "касым", "жомарт", "шавкат", "владимир", "садыр",
    "эмомали", "kassym", "jomart", "shavkat", "vladimir", "sadyr", "emomali", "глава",
    "переговоры", "talk", "разговор", "call", "convers", "действие", "action", "весь", "этот",
    "new", "новый",
}  # fmt: skip


def key_terms(text: str, leave_out: frozenset[str] = frozenset()) -> set[str]:
    """The terms of a name that say which thing it is, in a form both languages share."""
    from tracker.domain.extraction.countries import countries_in
    from tracker.domain.inputs import transliterate

    found: set[str] = set()
    for word in words(text):
        for part in word.text.split("-"):
            if len(part) < 2 or countries_in(part):
                continue  # the parties, not the name ("узбекско-казахстанской границы")
            base = lemma(part)
            if base in _STOP or stem(part) in _STOP or base in leave_out:
                continue
            term = _term_of(base)
            if term is None and len(base) > 3:
                term = transliterate(base) if _CYRILLIC.search(base) else base
            if term:
                found.add(term)
    return found


def _term_of(base: str) -> str | None:
    for term, prefixes in _TERMS.items():
        if any(base.startswith(prefix) for prefix in prefixes):
            return term
    return None


_NUMBER_WORDS = {
    "один": 1, "два": 2, "три": 3, "четыре": 4, "пять": 5, "шесть": 6, "семь": 7, "восемь": 8,
    "девять": 9, "десять": 10, "одиннадцать": 11, "двенадцать": 12, "пятнадцать": 15,
    "двадцать": 20, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenti": 20,
}  # fmt: skip


def number_word(word: str) -> int | None:
    """'семи', 'пяти', 'nine': the number a word spells, if it spells one."""
    return _NUMBER_WORDS.get(lemma(word))
