"""What a sentence's neighbours tell about it: its parties, and the date of what it reports.

A sentence that names one country ("Президент Казахстана встретил узбекского коллегу" names
two; "Мирзиёев прибыл в Астану" one, by its leader) takes the other party from its
paragraph, then from the text, and says so (`parties_inferred`). A date belongs to the thing
nearest to it in the sentence: in "провели встречу, где обсудили программу, которая была
подписана 15 марта" the date is the programme's, not the meeting's. A thing the sentence
does not date takes the date of the next sentence that does ("Об этом сегодня, 22 декабря,
сообщила пресс-служба").
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from tracker.domain.extraction.countries import countries_in
from tracker.domain.extraction.dates import DateMention, find_dates
from tracker.domain.extraction.language import Sentence


@dataclass
class TextContext:
    published: date | None
    common_parties: list[str]
    paragraph_parties: dict[int, list[str]] = field(default_factory=dict)
    # Day dates of each sentence, by position in the text, for the sentences after it.
    sentence_days: list[list[DateMention]] = field(default_factory=list)
    paragraphs: list[int] = field(default_factory=list)


def text_context(all_sentences: list[Sentence], published: date | None) -> TextContext:
    counts: Counter[str] = Counter()
    by_paragraph: dict[int, Counter[str]] = {}
    days: list[list[DateMention]] = []
    for sentence in all_sentences:
        named = countries_in(sentence.text)
        counts.update(named)
        by_paragraph.setdefault(sentence.paragraph, Counter()).update(named)
        days.append(
            [d for d in find_dates(sentence.text, published) if d.edtf and len(d.edtf) >= 10]
        )
    return TextContext(
        published,
        [code for code, _ in counts.most_common(2)],
        {number: [c for c, _ in found.most_common()] for number, found in by_paragraph.items()},
        days,
        [s.paragraph for s in all_sentences],
    )


@dataclass(frozen=True)
class Parties:
    codes: list[str]
    inferred: bool
    how: str | None  # for the draft's review note


def parties_of(sentence: Sentence, context: TextContext) -> Parties:
    named = countries_in(sentence.text) or countries_in(sentence.intro or "")
    if len(named) >= 2:
        return Parties(named, False, None)
    around = context.paragraph_parties.get(sentence.paragraph, [])
    for pool, where in ((around, "its paragraph"), (context.common_parties, "the text")):
        others = [c for c in pool if c not in named]
        if others and len(named) + len(others) >= 2:
            codes = [*named, *others][:2] if named else others[:2]
            if len(codes) >= 2:
                what = "one country" if named else "no country"
                return Parties(codes, True, f"the sentence names {what}; completed from {where}")
    return Parties(named, not named, "the sentence names no country" if not named else None)


def owned_dates(
    dates: list[DateMention], spans: list[tuple[int, int]], target: tuple[int, int]
) -> list[DateMention]:
    """The dates of the sentence that belong to `target` rather than to another of `spans`
    (documents, events, quantities named in the same sentence)."""
    mine = []
    for mention in dates:
        # A date follows what it dates ("подписана 15 марта", "visit on April 18-19"): one
        # before a mention is three times further from it.
        nearest = min(spans, key=lambda span: _distance(span, (mention.start, mention.end))
                      * (3 if mention.end <= span[0] else 1))  # fmt: skip
        if nearest == target:
            mine.append(mention)
    return mine


def _distance(a: tuple[int, int], b: tuple[int, int]) -> int:
    if a[1] <= b[0]:
        return b[0] - a[1]
    if b[1] <= a[0]:
        return a[0] - b[1]
    return 0


def neighbour_day(position: int, context: TextContext) -> DateMention | None:
    """The day the next (or previous) sentence of the same paragraph gives, if any."""
    paragraph = context.paragraphs[position]
    for other in (position + 1, position - 1):
        if 0 <= other < len(context.paragraphs) and context.paragraphs[other] == paragraph:
            days = context.sentence_days[other]
            if days:
                return max(days, key=lambda d: len(d.edtf or ""))
    return None
