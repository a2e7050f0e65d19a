"""The field's terms in English and Russian (tracker/data/glossary.yaml): a search for one
of them finds the others, so an English query finds Russian texts and a Russian one English
titles."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from tracker.domain.extraction.language import Word, stem

GLOSSARY_FILE = "data/glossary.yaml"  # inside the tracker package, shipped in the wheel


def normal(word: str) -> str:
    return word.lower().replace("ё", "е")


@dataclass(frozen=True)
class Term:
    """One word of a phrase: a snowball stem; or (`prefix`) how a word begins; or, when
    `endings` are given, the word's exact forms, `text` followed by one of them."""

    text: str
    prefix: bool = False
    endings: tuple[str, ...] = ()

    def matches(self, word: Word) -> bool:
        if self.endings:
            written = normal(word.text)
            return written.startswith(self.text) and written[len(self.text) :] in self.endings
        return normal(word.text).startswith(self.text) if self.prefix else word.stem == self.text


Phrase = tuple[Term, ...]  # words that must all stand in one sentence
Alternatives = tuple[Phrase, ...]  # any one of them will do

_FORMS = re.compile(r"(\w+)\(([\w|]*)\)")


def _term(word: str) -> Term:
    forms = _FORMS.fullmatch(word)
    if forms:  # "договор(|а|ом)": the stemmer also gives "договорились" the stem "договор"
        return Term(normal(forms[1]), endings=tuple(normal(e) for e in forms[2].split("|")))
    if word.endswith("*"):
        return Term(normal(word[:-1]), prefix=True)
    return Term(stem(word))


def phrase(text: str) -> Phrase:
    """'водн* ресурс*' -> two prefixes; 'trade turnover' -> two stems; 'договор(|а)' -> the
    forms "договор" and "договора"."""
    return tuple(_term(word) for word in text.split())


@cache
def entries() -> tuple[Alternatives, ...]:
    """Each concept's phrases, in every language."""
    from importlib.resources import files

    import yaml

    loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    data = yaml.load(files("tracker").joinpath(GLOSSARY_FILE).read_text("utf-8"), loader)
    return tuple(
        tuple(dict.fromkeys(phrase(text) for terms in entry.values() for text in terms))
        for entry in data
    )


def _starts(found: Phrase, query: list[Word], at: int) -> bool:
    return at + len(found) <= len(query) and all(
        term.matches(word) for term, word in zip(found, query[at:], strict=False)
    )


def widen(query: list[Word]) -> list[Alternatives]:
    """The query's words as groups a sentence must each satisfy: a word by its stem, or the
    longest run of words naming a glossary term by every phrase of each concept it names."""
    groups: list[Alternatives] = []
    at = 0
    while at < len(query):
        named = [
            (max(len(found) for found in entry if _starts(found, query, at)), entry)
            for entry in entries()
            if any(_starts(found, query, at) for found in entry)
        ]
        length = max((size for size, _ in named), default=1)
        concepts = [entry for size, entry in named if size == length]
        # A concept's own phrases include the words as written, more exactly than their stems
        # ("договор" would also find "договорились"): they replace them.
        own: Phrase = tuple(Term(word.stem) for word in query[at : at + length])
        phrases = [p for entry in concepts for p in entry] or [own]
        groups.append(tuple(dict.fromkeys(phrases)))
        at += length
    return list(dict.fromkeys(groups))
