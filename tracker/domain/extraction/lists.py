"""One mention that names several documents: "планы сотрудничества в сфере туризма, юстиции и
здравоохранения" (three plans), "решения о создании группы, а также совета" (two decisions),
"соглашения в таможенной сфере, в области ЧС, о создании центра" (three agreements, the
noun shared, each item its own clause)."""

from __future__ import annotations

import re

from tracker.domain.extraction.lemmas import can_be_plural
from tracker.domain.extraction.mentions import ENUMERATION, Mention

_ITEM_START = re.compile(
    r"(?:в|во|о|об|обо|по|на|между|in|on|for)\s|[а-яё]+(?:ния|ии|ия|ства|ций|ции)\b"
)


def split_enumeration(mention: Mention) -> list[str]:
    """'планы сотрудничества в сфере туризма, юстиции и здравоохранения' names three plans."""
    match = ENUMERATION.search(mention.phrase)
    if match is None:
        return [mention.phrase]
    head, tail = mention.phrase[: match.end()], mention.phrase[match.end() :]
    items = [i.strip() for i in re.split(r",\s*|\s+и\s+|\s+and\s+", tail) if i.strip()]
    if len(items) < 2 or any(len(i.split()) > 3 for i in items):
        return [mention.phrase]
    return [head + item for item in items]


def split_also(mention: Mention) -> list[str]:
    """'решения о создании группы, а также совета' names two decisions."""
    parts = re.split(r",\s+а\s+также\s+|,\s+as\s+well\s+as\s+", mention.phrase)
    if len(parts) < 2:
        return [mention.phrase]
    head = re.match(r"\S+\s+(?:о|об|on|to)\s+\S+\s+", parts[0])
    prefix = head.group() if head else ""
    return [parts[0], *(prefix + p for p in parts[1:])]


def split_list(mention: Mention) -> list[str]:
    """'соглашения в таможенной сфере, в области ЧС, о создании центра' names three
    agreements, each the noun and one item of the list."""
    noun_end = len(mention.phrase) - len(mention.complement)
    if not mention.complement or not can_be_plural(mention.phrase[:noun_end].split()[-1]):
        return [mention.phrase]
    tail = mention.phrase[noun_end:]
    pieces = re.split(
        r",\s*(?:а\s+также\s+|as\s+well\s+as\s+|and\s+)?|\s+(?:и|and)\s+(?=(?:в|во|о|об|по|на|on|in)\s)",
        tail,
    )
    items = [p.strip() for p in pieces if p.strip()]
    starts = re.compile(
        r"(?:в|во|о|об|обо|по|на|между|in|on|for)\s|[а-яё]+(?:ния|ии|ия|ства|ций|ции)\b"
    )
    if len(items) < 2 or not all(starts.match(item) for item in items):
        return [mention.phrase]
    head = mention.phrase[:noun_end].strip()
    return [f"{head} {item}" for item in items]
