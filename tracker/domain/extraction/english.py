"""English names in news copy: a title in capitals ("the Strategic Partnership and Alliance
Programme") or a compound ("a 63-point cooperation roadmap") says which document it is, as a
Russian complement does after its noun."""

from __future__ import annotations

import re

from tracker.domain.extraction.language import Word

_ENGLISH_FUNCTION = {
    "a", "an", "the", "this", "that", "these", "those", "its", "their", "his", "her", "our",
    "and", "or", "of", "to", "in", "on", "at", "by", "for", "with", "new", "which", "has",
    "have", "had", "was", "were", "is", "are", "be", "been", "also", "two", "three", "several",
    "number", "key", "important", "historic", "such", "other", "any", "all", "some",
}  # fmt: skip


_ORDINALS = {"first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth"}


def compound_start(sentence_words: list[Word], index: int, start: int) -> int:
    """'a 63-point cooperation roadmap', 'the first Supreme Interstate Council meeting': the
    words in front of an English noun say which one it is (a capitalised run among them)."""
    position = index - 1
    taken = 0
    while position > 0 and taken < 5:
        word = sentence_words[position]
        lowered = word.text.lower()
        capital = word.text[:1].isupper()
        if (
            lowered in _ENGLISH_FUNCTION or re.search("[а-яё]", lowered)
            or (not capital and lowered not in _ORDINALS
                and (taken >= 2 or lowered.endswith(("ed", "ly", "ing"))))
        ):  # fmt: skip
            break
        start = word.start
        taken += 1
        position -= 1
    return start


def title_start(sentence: str, sentence_words: list[Word], index: int, start: int) -> int:
    """An English name in title case runs back over its capitalised words ("the Strategic
    Partnership and Alliance Programme"), not over the sentence's first word."""
    position = index - 1
    while position > 0:
        word = sentence_words[position]
        if word.text[:1].isupper() or (
            word.text in ("and", "of", "on") and sentence_words[position - 1].text[:1].isupper()
        ):
            start = word.start
            position -= 1
            continue
        break
    if sentence_words and start == sentence_words[0].start:
        return sentence_words[index].start
    return start
