"""Sentences, words and stems of a source text, in Russian or English.

razdel splits Russian sentences (it knows "тыс.", "г.", "долл." are not sentence ends) and
snowball stems both languages, so "соглашения", "соглашений" and "соглашение" compare equal.
Both are imported only here, and only the commands that read texts import this module.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

_BOILERPLATE = re.compile(
    r"\s*(?:Читайте\s+также|Read\s+also|Read\s+more|См\.\s+также|Фото|Photo|Источник|Source"
    r"|Подписывайтесь|Subscribe|Следите\s+за|Поделиться|Share)\b",
    re.IGNORECASE,
)
_LIST_MARKER = re.compile(r"^\s*(?:[-–—•*·]|\d{1,2}[.)])\s+")
_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
_DECORATION = "*#_ \t"
_UNIT_ABBREVIATION = re.compile(
    r"\b(?:долл|тыс|млн|млрд|трлн|руб|г|гг|т\.\s?е|т\.\s?к|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct"
    r"|Nov|Dec|No|St)\.$"
)


@dataclass(frozen=True)
class Sentence:
    """A verbatim piece of the text: a sentence, or one item of a list."""

    text: str
    # For a list item, the sentence that introduces the list ("... включающая:"), whose
    # verbs (signed, adopted) apply to every item.
    intro: str | None = None
    paragraph: int = 0  # the number of the line it stands on: its neighbours share it


@dataclass(frozen=True)
class Word:
    text: str
    start: int
    end: int
    stem: str


def sentences(text: str) -> Iterator[Sentence]:
    """Every sentence and list item of the text, each a substring of it."""
    from razdel import sentenize

    intro: str | None = None
    for number, line in enumerate(text.splitlines()):
        marker = _LIST_MARKER.match(line)
        if marker:
            item = line[marker.end() :].strip().rstrip(";,.").strip(_DECORATION)
            if item:
                yield Sentence(item, intro, number)
            continue
        if not line.strip():
            continue  # a blank line between items does not end a list
        if _BOILERPLATE.match(line):
            continue  # a site's furniture: "Читайте также", "Фото: Акорда"
        intro = None
        for piece in _joined(sentenize(line), line):
            for part in _split_long(piece):
                sentence = part.strip(_DECORATION)
                if any(ch.isalnum() for ch in sentence):
                    yield Sentence(sentence, None, number)
                    intro = sentence if sentence.endswith(":") else None


_LONG = 400  # characters: past this a "sentence" is a paragraph of speech razdel kept whole
_INNER_END = re.compile(r"(?<=[^\s.А-ЯA-Z][.!?…])[»”\"]?\s+(?=[«„“\"]?[А-ЯЁA-Z])")


def _split_long(piece: str) -> list[str]:
    """Direct speech quoted whole is split at its own sentence ends, each part verbatim."""
    if len(piece) <= _LONG:
        return [piece]
    parts, start = [], 0
    for match in _INNER_END.finditer(piece):
        if _UNIT_ABBREVIATION.search(piece[start : match.start()]):
            continue
        parts.append(piece[start : match.start()])
        start = match.start()
    parts.append(piece[start:])
    return [p.strip() for p in parts if p.strip()]


def _joined(pieces: Iterable[Any], line: str) -> Iterator[str]:
    """razdel ends a sentence at "долл. США"; an abbreviation of a unit does not end one,
    unless a new sentence starts after it ("$5 млрд. За январь-октябрь ...")."""
    start: int | None = None
    end = 0
    for piece in pieces:
        if start is not None and end and _STARTS_SENTENCE.match(line, piece.start):
            yield line[start:end]
            start = None
        if start is None:
            start = piece.start
        end = piece.stop
        if not _UNIT_ABBREVIATION.search(line[start:end]):
            yield line[start:end]
            start = None
    if start is not None:
        yield line[start:end]


# After "млрд." a capital that is not "США" (nor a month's day) begins a sentence.
_STARTS_SENTENCE = re.compile(r"(?!США|USD)[«\"„“]?[А-ЯЁA-Z][а-яёa-z]")


def words(text: str) -> list[Word]:
    return [Word(m.group(), m.start(), m.end(), stem(m.group())) for m in _WORD.finditer(text)]


def stem(word: str) -> str:
    lowered = word.lower().replace("ё", "е")
    language = "russian" if re.search("[а-я]", lowered) else "english"
    return str(_stemmer(language).stemWord(lowered))


def stems(text: str) -> list[str]:
    return [w.stem for w in words(text)]


@cache
def _stemmer(language: str) -> Any:
    import snowballstemmer

    return snowballstemmer.stemmer(language)
