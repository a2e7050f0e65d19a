"""Quantities in a sentence: money, percentages, lengths and counts with their noun.

The number itself ("1,7 млрд", "USD 1.3 billion", "свыше 15 тыс.") is read by the same
`parse_amount` that reads what analysts type, so a value means the same wherever it came from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from tracker.domain.extraction.language import stem
from tracker.domain.inputs import currency_codes, parse_amount
from tracker.errors import InvalidValue

_NUM = r"\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?"
_QUALIFIER = (
    r"(?i:(?:более|свыше|больше|около|порядка|примерно|почти|менее|до|over|more\s+than|about|"
    r"around|approximately|nearly|almost|less\s+than|up\s+to|under)\s+)?"
)
_SCALE = (
    r"(?:\s*(?:тыс|млн|млрд|трлн)\.?|\s*(?:тысяч[аи]?|миллион(?:а|ов)?|миллиард(?:а|ов)?|"
    r"триллион(?:а|ов)?|thousand|million|billion|trillion|bn|mn|m|k)\b)?"
)
_CURRENCY_AFTER = (
    r"\s*(?:долл(?:ар(?:ов|а|ы)?)?\.?(?:\s*США)?|[A-Z]{3}\b|евро|тенге|сум(?:ов|а)?\b|"
    r"руб(?:лей|ля|\.)?|dollars?|euros?)"
)
_CURRENCY_BEFORE = r"(?:[$€₽₸]\s?|[A-Z]{3}\s+)"
_WORD_ = r"[^\W\d_]+(?:-[^\W\d_]+)*"
_PATTERNS = {
    "money": re.compile(
        rf"{_QUALIFIER}(?:{_CURRENCY_BEFORE}(?:{_NUM}){_SCALE}|(?:{_NUM}){_SCALE}{_CURRENCY_AFTER})"
    ),
    "percent": re.compile(rf"{_QUALIFIER}(?:на\s+|by\s+)?(?:{_NUM})\s?(?:%|процент\w*|per\s?cent)"),
    "km": re.compile(rf"{_QUALIFIER}(?:{_NUM})\s?(?:км|километр\w*|km|kilomet\w*)\b"),
    "count": re.compile(
        rf"{_QUALIFIER}(?<![\w.,\-])(?:{_NUM}){_SCALE}(?![\w\-])\s+({_WORD_})(?:\s+({_WORD_}))?"
        rf"(?:\s+({_WORD_}))?"
    ),
}
_COUNT_UNITS = {
    ("рабоч", "мест"): "jobs", ("job",): "jobs", ("проект",): "projects", ("project",): "projects",
    ("человек",): "people", ("people",): "people", ("тонн",): "tonnes", ("tonn",): "tonnes",
    ("ton",): "tonnes", ("предприят",): "enterprises", ("enterpris",): "enterprises",
    ("компан",): "companies", ("compani",): "companies", ("документ",): "documents",
    ("document",): "documents", ("соглашен",): "agreements", ("agreement",): "agreements",
    ("договор",): "agreements", ("авиарейс",): "flights", ("рейс",): "flights",
    ("flight",): "flights", ("контракт",): "contracts", ("contract",): "contracts",
    ("турист",): "tourists", ("tourist",): "tourists", ("студент",): "students",
    ("student",): "students", ("гражда",): "people", ("citizen",): "people",
    ("мигрант",): "people", ("migrant",): "people", ("га",): "ha", ("гектар",): "ha",
    ("hectar",): "ha",
}  # fmt: skip
# Words after a number that are not what it counts ("15 и более", "5 of them").
_NOT_NOUNS = {
    "и", "в", "во", "на", "с", "со", "по", "к", "до", "из", "за", "от", "а", "или", "раз",
    "and", "of", "in", "on", "to", "the", "a", "or", "from", "for", "by", "times",
}  # fmt: skip


@dataclass(frozen=True)
class Quantity:
    start: int
    end: int
    phrase: str
    value: Decimal
    unit: str
    qualifier: str
    noun: str | None = None  # what a count counts, as the text says it
    # "до $10 млрд": "up to" for a figure, but the aim itself for a target.
    said_up_to: bool = False


def find_quantities(sentence: str, masked: list[tuple[int, int]]) -> list[Quantity]:
    """Quantities outside the `masked` spans (the dates already found)."""
    text = list(sentence)
    for start, end in masked:
        text[start:end] = " " * (end - start)
    plain = "".join(text)
    taken: list[tuple[int, int]] = []
    found: list[Quantity] = []
    for kind, pattern in _PATTERNS.items():
        for match in pattern.finditer(plain):
            start, end = match.span()
            if any(start < e and s < end for s, e in taken):
                continue
            quantity = _read(kind, match, sentence)
            if quantity is not None:
                taken.append((start, end))
                found.append(quantity)
    found.extend(_spelled_counts(sentence, plain, taken))
    return sorted((_qualified_by_verb(sentence, q) for q in found), key=lambda q: q.start)


# "вплотную приблизился к $5 млрд", "превысил 4 млрд": the verb qualifies the amount.
_ABOUT_VERBS = ("приблизиться", "приближаться", "approach", "close", "almost", "nearly")
_OVER_VERBS = ("превысить", "превышать", "exceed", "surpass", "top")


def _qualified_by_verb(sentence: str, quantity: Quantity) -> Quantity:
    from dataclasses import replace

    from tracker.domain.extraction.language import words
    from tracker.domain.extraction.lemmas import lemma

    if quantity.qualifier != "exact" or quantity.said_up_to:
        return quantity
    for word in words(sentence[: quantity.start])[-4:]:
        base = lemma(word.text)
        if base.startswith(_ABOUT_VERBS):
            return replace(quantity, qualifier="about")
        if base.startswith(_OVER_VERBS):
            return replace(quantity, qualifier="over")
    return quantity


def _spelled_counts(sentence: str, plain: str, taken: list[tuple[int, int]]) -> list[Quantity]:
    """'семи совместным проектам', 'eleven documents': a number in words, then a counted noun."""
    from tracker.domain.extraction.language import words
    from tracker.domain.extraction.lemmas import number_word

    found = []
    sentence_words = words(plain)
    for index, word in enumerate(sentence_words[:-1]):
        value = number_word(word.text)
        if value is None or any(word.start < e and s < word.end for s, e in taken):
            continue
        nouns = sentence_words[index + 1 : index + 3]
        stems_after = tuple(stem(w.text) for w in nouns)
        for key, unit in _COUNT_UNITS.items():
            size = len(key)
            if stems_after[:size] == key or (size == 1 and stems_after[1:2] == key):
                last = nouns[size - 1] if stems_after[:size] == key else nouns[1]
                found.append(Quantity(word.start, last.end, sentence[word.start : last.end],
                                      Decimal(value), unit, "exact", last.text))  # fmt: skip
                break
    return found


def _read(kind: str, match: re.Match[str], sentence: str) -> Quantity | None:
    end = match.end()
    noun = None
    if kind == "count":
        unit, noun_words = _count_unit(match)
        if unit is None:
            return None
        end = match.end(noun_words)
        noun = " ".join(match.group(i) for i in range(1, noun_words + 1))
    phrase = sentence[match.start() : end].strip()
    amount_text = re.sub(r"^(.*?)\b(?:на|by)\s+(?=\d)", r"\1", phrase)
    if noun is not None:
        amount_text = amount_text[: amount_text.rfind(match.group(1))].strip()
    elif kind == "km":
        unit = "km"
        amount_text = re.sub(r"\s?(?:км|километр\w*|km|kilomet\w*)$", "", amount_text)
    else:
        unit = ""
    amount_text = re.sub(r"процент\w*|per\s?cent", "%", amount_text)
    for code in re.findall(r"\b[A-Z]{3}\b", amount_text):
        if code not in currency_codes() and code != "США":
            return None  # three capitals that are not a currency ("NYT 5 ...")
    try:
        amount = parse_amount(amount_text, "quantity")
    except InvalidValue:
        return None
    unit = unit or amount.unit or ""
    if not unit:
        return None
    said_up_to = amount.qualifier == "up_to"
    return Quantity(
        match.start(), end, phrase, amount.value, unit, amount.qualifier or "exact",
        noun, said_up_to,
    )  # fmt: skip


def _count_unit(match: re.Match[str]) -> tuple[str | None, int]:
    """The unit a count is in, and how many of the words after the number name it."""
    words = [w for w in (match.group(1), match.group(2), match.group(3)) if w]
    if words[0].lower() in _NOT_NOUNS or words[0][0].isupper():
        return None, 0
    stems = tuple(stem(w) for w in words)
    for key, unit in _COUNT_UNITS.items():
        if stems[: len(key)] == key:
            return unit, len(key)
        if len(key) == 1 and stems[1:2] == key:
            return unit, 2  # "78 совместных проектов": an adjective, then the noun
        if len(key) == 1 and stems[2:3] == key:
            return unit, 3  # "12 новых межправительственных соглашений"
    # A count of something no unit names ("19 обвиняемым", "30 days") is rarely a fact of
    # the relations, and proposing every one costs the analyst more than the few it finds.
    return None, 0
