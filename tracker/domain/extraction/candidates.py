"""From a text to candidate records: what `tracker extract` proposes.

Each candidate carries the fields of a records-file record that the text decides, the verbatim
sentences that support it, what is left for the analyst (an English title, a measure's
name, parties the sentence does not name), and how sure the extractor is, with its reasons.
Mentions of the same thing in one text are merged into one candidate with several quotes.
The rules for each kind are in `builders`; this module walks the sentences and decides which
dates, statuses and parties go with which mention.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from tracker.domain.extraction import builders
from tracker.domain.extraction.context import (
    TextContext,
    neighbour_day,
    owned_dates,
    parties_of,
    text_context,
)
from tracker.domain.extraction.countries import countries_in
from tracker.domain.extraction.dates import DateMention, find_dates
from tracker.domain.extraction.initiatives import find_initiatives
from tracker.domain.extraction.language import Sentence, sentences, stems
from tracker.domain.extraction.lemmas import key_terms
from tracker.domain.extraction.lists import split_also, split_enumeration, split_list
from tracker.domain.extraction.mentions import (
    Mention,
    find_documents,
    find_events,
    has_modifier,
    places_in,
)
from tracker.domain.extraction.periods import find_periods
from tracker.domain.extraction.quantities import find_quantities
from tracker.domain.extraction.statuses import status_for, status_mentions


@dataclass
class Candidate:
    kind: str  # event, agreement, initiative, target or figure
    fields: dict[str, Any]
    quotes: list[str]
    review: list[str] = field(default_factory=list)  # fields left for the analyst
    # For an agreement's status step: the sentence that supports the status.
    status_quote: str | None = None
    agreement: Candidate | None = None  # the document a target belongs to
    confidence: float = 0.5
    reasons: list[str] = field(default_factory=list)
    soft_date: bool = False  # dated by the publication only
    soft_measure: bool = False  # a measure proposed from the words, not one a target has

    @property
    def title_original(self) -> str:
        return str(self.fields.get("title_original") or "")


def extract_candidates(text: str, published: date | None) -> list[Candidate]:
    all_sentences = list(sentences(text))
    context = text_context(all_sentences, published)
    found: list[Candidate] = []
    for position, sentence in enumerate(all_sentences):
        found.extend(_from_sentence(sentence, position, context))
    return _merged(found)


def _candidate(built: builders.Built, quote: str) -> Candidate:
    return Candidate(
        built.kind, built.fields, [quote], built.review, built.status_quote, None,
        built.confidence, built.reasons, built.soft_date, built.soft_measure,
    )  # fmt: skip


def _from_sentence(sentence: Sentence, position: int, context: TextContext) -> list[Candidate]:
    reading = _Reading(sentence, position, context)
    documents = reading.documents()
    targets, values = reading.quantities(documents)
    return [*documents, *targets, *values, *reading.events(), *reading.initiatives()]


class _Reading:
    """One sentence's mentions, and which dates, statuses and parties go with each."""

    def __init__(self, sentence: Sentence, position: int, context: TextContext) -> None:
        text = self.text = sentence.text
        self.sentence, self.position, self.context = sentence, position, context
        self.published = published = context.published
        self.dates = find_dates(text, published)
        self.periods = find_periods(text, published)
        masked = [(d.start, d.end) for d in self.dates] + [(p.start, p.end) for p in self.periods]
        self.quantities_found = find_quantities(text, masked)
        self.parties = parties_of(sentence, context)
        self.headline = position == 0 and len(context.paragraphs) > 1
        self.named_documents = [
            (m, _trimmed(phrase, self.dates))
            for m in find_documents(text)
            if not self.headline and not _counted(text, m.start) and not _packaged(text, m)
            for phrase in _named(m)
            if key_terms(phrase)  # "планов стороны" names no document in particular
        ]
        events = [m for m in find_events(text) if not _inside(m, self.named_documents)]
        # "переговоры на полях саммита ШОС": the talks are the event, the summit the setting.
        settings = [m for m in events if _SIDELINES.search(text[: m.start])]
        self.event_mentions = [m for m in events if m not in settings or len(events) == 1]
        self.initiative_mentions = [
            m for m in find_initiatives(text)
            if not any(d.start <= m.start < d.end or m.start <= d.start < m.end
                       for d, _ in self.named_documents)
        ]  # fmt: skip
        self.target_starts: list[int] = []
        # Everything a date can belong to, bare document nouns included ("программы").
        self.spans = sorted(
            {(m.start, m.end) for m in find_documents(text, named_only=False)}
            | {(m.start, m.end) for m in self.event_mentions}
            | {(q.start, q.end) for q in self.quantities_found}
            | {(m.start, m.end) for m in self.initiative_mentions}
        )

    def own_date(self, start: int, end: int) -> DateMention | None:
        return _when(owned_dates(self.dates, self.spans, (start, end)))

    def documents(self) -> list[Candidate]:
        statuses = status_mentions(self.text)
        intro = self.sentence.intro
        intro_statuses = status_mentions(intro) if intro else []
        found = []
        for mention, phrase in self.named_documents:
            step = status_for(statuses, mention.start, mention.end)
            status_text, when = self.text, self.own_date(mention.start, mention.end)
            if step is None and intro_statuses and intro:
                step, status_text = intro_statuses[-1], intro  # the list's "подписаны:"
                when = _when(find_dates(intro, self.published))
            word = status_text[step.start : step.end] if step else None
            status = step.status if step else "unknown"
            built = builders.agreement(phrase, mention, status, word, when, self.parties)
            built.status_quote = status_text
            found.append(_candidate(built, self.text))
        return found

    def quantities(self, documents: list[Candidate]) -> tuple[list[Candidate], list[Candidate]]:
        text, published, parties = self.text, self.published, self.parties
        quantities = self.quantities_found
        targets: list[Candidate] = []
        values: list[Candidate] = []
        used: set[int] = set()
        money = [q for q in quantities if q.unit != "percent"]
        for quantity in money:
            deadline = _deadline_for(text, quantity, self.dates, quantities, published)
            why = builders.is_target(text, quantity, deadline, published)
            measure = builders.trade_measure(text, quantity, parties)
            if why is not None:
                candidate = _candidate(
                    builders.target(text, quantity, deadline, why, parties, measure), text
                )
                candidate.agreement = documents[0] if len(documents) == 1 else None
                targets.append(candidate)
                self.target_starts.append(quantity.start)
                continue
            growth = _growth_for(text, quantity, quantities, used)
            period = _nearest(self.periods, quantity.start, quantity.end, quantities)
            when = self.own_date(quantity.start, quantity.end)
            built = builders.figure(
                text, quantity, period, when, published, parties, measure, growth
            )
            values.append(_candidate(built, text))
        for quantity in quantities:
            if quantity.unit != "percent" or id(quantity) in used:
                continue
            if money and builders.growth_of(text, quantity):
                continue  # a growth rate whose value the sentence reports elsewhere
            when = _when(self.dates)
            built = builders.figure(text, quantity, None, when, published, parties, None, None)
            values.append(_candidate(built, text))
        return targets, values

    def events(self) -> list[Candidate]:
        found = []
        text = self.text
        for mention in self.event_mentions:
            if any(i.start <= mention.start < i.end for i in self.initiative_mentions):
                continue  # "договорились провести заседание": planned, an initiative's object
            own = self.own_date(mention.start, mention.end)
            from_neighbour = False
            if own is None:
                own = neighbour_day(self.position, self.context)
                from_neighbour = own is not None
            window_end = re.compile(r"\W|$").search(text, min(len(text), mention.end + 100))
            stop = window_end.start() if window_end else len(text)
            near = places_in(text[max(0, mention.start - 90) : stop])
            named = mention.complement and not _only_countries(mention.complement)
            # A bare "визита в Душанбе" names no event; a date, a name, or a place where it
            # was held ("провели встречу в Астане") does.
            held_there = bool(near) and _HELD.search(text) is not None
            # "business forum" is one; "Mirziyoyev's visit will give impetus" names none.
            possessive = "'s" in mention.phrase or "’s" in mention.phrase
            modified = has_modifier(mention, compounds=not possessive) or _titled(mention.phrase)
            if self.headline or not (named or modified or own or held_there):
                continue
            built = builders.event(text, mention, own, self.parties, from_neighbour, near)
            found.append(_candidate(built, text))
        return found

    def initiatives(self) -> list[Candidate]:
        found = []
        for mention in self.initiative_mentions:
            if any(mention.start <= start < mention.end for start in self.target_starts):
                continue  # "договорились довести товарооборот до $10 млрд" is a target
            if mention.kind in ("understanding", "commitment") and any(
                mention.start <= d.start < mention.end for d, _ in self.named_documents
            ):
                continue  # "договорились подписать соглашение": the document's own status
            made_by, addressed = _made_by(self.text, mention.start, mention.end, self.parties.codes)
            own = self.own_date(mention.start, mention.end)
            built = builders.initiative(
                mention, own, self.published, self.parties, made_by, addressed
            )
            found.append(_candidate(built, self.text))
        return found


def _named(mention: Mention) -> list[str]:
    parts = []
    for also in split_also(mention):
        enumerated = split_enumeration(
            Mention(mention.kind, also, mention.start, mention.end, mention.complement)
        )
        if len(enumerated) > 1:
            parts.extend(enumerated)
            continue
        noun_end = len(also) - len(mention.complement) if also == mention.phrase else None
        complement = mention.complement if noun_end is not None else ""
        parts.extend(
            split_list(Mention(mention.kind, also, mention.start, mention.end, complement))
        )
    return parts


_HELD = re.compile(
    r"\b(?:провел[аи]?|проведен\w*|состоял\w*|прош[её]л|прошл[аи]|проходил\w*|held|took\s+place|"
    r"hosted)\b",
    re.IGNORECASE,
)


_SIDELINES = re.compile(r"(?:на\s+полях|в\s+кулуарах|on\s+the\s+sidelines\s+of)\s+$", re.I)
_PACKAGE = re.compile(
    r"(?:пакет|ряд|серию|серия|package|number|series|set)\s+(?:of\s+)?(?:[^\W\d_]+\s+)?$", re.I
)


def _titled(phrase: str) -> bool:
    """'Supreme Interstate Council meeting': an English event named in capitals."""
    return sum(w[:1].isupper() and "'" not in w and "’" not in w for w in phrase.split()) >= 2


def _packaged(text: str, mention: Mention) -> bool:
    """'a package of agreements on energy', 'ряд соглашений': documents not named one by one."""
    return _PACKAGE.search(text[: mention.start]) is not None


def _counted(text: str, start: int) -> bool:
    """'12 новых межправительственных соглашений', '27 documents': a count, not a document."""
    return re.search(r"\d\s+(?:[^\W\d_]+\s+){0,2}$", text[:start]) is not None


def _only_countries(complement: str) -> bool:
    """'переговоров России и Узбекистана' names who talked, not which talks."""
    from tracker.domain.extraction.lemmas import lemma

    people = {
        "глава", "президент", "лидер", "премьер-министр", "министр", "делегация", "сторона",
        "предприятие", "компания", "бизнес",
    }  # fmt: skip
    rest = [w for w in complement.replace("-", " ").split() if w.lower() not in ("и", "and")]
    return all(countries_in(w) or lemma(w) in people for w in rest)


def _trimmed(phrase: str, dates: list[DateMention]) -> str:
    """A name without the date the sentence ends it with ("Treaty on Allied Relations last
    year"); a deadline or a span stays ("до $10 млрд к 2030 году", "на 2026-2027 годы")."""
    for mention in dates:
        if mention.deadline or "/" in (mention.edtf or "") or mention.phrase not in phrase:
            continue
        at = phrase.rfind(mention.phrase)
        if at > 0 and not phrase[at + len(mention.phrase) :].strip(' .,»"'):
            return re.sub(r"\s+(?:в|во|on|in)\s*$", "", phrase[:at].rstrip(" ,"))
    return phrase


def _inside(mention: Mention, documents: list[tuple[Mention, str]]) -> bool:
    return any(d.start <= mention.start < d.end for d, _ in documents)


def _when(dates: list[DateMention]) -> DateMention | None:
    dated = [d for d in dates if not d.deadline and d.edtf]
    return max(dated, key=lambda d: len(d.edtf or "")) if dated else None


def _deadline_for(
    text: str, quantity: Any, dates: list[DateMention], quantities: list[Any],
    published: date | None,
) -> DateMention | None:  # fmt: skip
    """The deadline of an aimed quantity: a date right after it (up to the next quantity),
    else the sentence's nearest deadline ("к 2030 году" before the aim counts too). A past
    year is when something happened ("achieved already in 2021"), not a deadline."""
    following = [q.start for q in quantities if q.start > quantity.start]
    stop = following[0] if following else len(text)
    after = [
        d for d in dates
        if quantity.end <= d.start < stop and (d.deadline or len(d.edtf or "") == 4)
        and not (published and not d.deadline and int((d.edtf or "0")[:4]) < published.year)
    ]  # fmt: skip
    if after:
        return after[0]
    deadlines = [d for d in dates if d.deadline]
    if not deadlines:
        return None
    return min(deadlines, key=lambda d: abs(d.start - quantity.start))


def _growth_for(text: str, quantity: Any, quantities: list[Any], used: set[int]) -> Any:
    """The percentage of growth said next to a value ("составил $3 млрд, что на 32,9%
    больше", "вырос на 42%, достигнув $6,3 млрд")."""
    percents = [q for q in quantities if q.unit == "percent" and id(q) not in used]
    values = [q for q in quantities if q.unit != "percent"]
    for percent in sorted(percents, key=lambda p: abs(p.start - quantity.start)):
        nearest = min(values, key=lambda v: abs(v.start - percent.start))
        if nearest is quantity and builders.growth_of(text, percent):
            used.add(id(percent))
            return percent
    return None


def _nearest(periods: list[Any], start: int, end: int, quantities: list[Any]) -> Any:
    """The period nearest to the quantity rather than to another value of the sentence."""
    values = [q for q in quantities if q.unit != "percent"]
    mine = [
        p for p in periods
        if min(values, key=lambda q: _gap((q.start, q.end), (p.start, p.end))).start == start
    ]  # fmt: skip
    return min(mine, key=lambda p: _gap((start, end), (p.start, p.end))) if mine else None


def _gap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(b[0] - a[1], a[0] - b[1], 0)


def _made_by(text: str, start: int, end: int, parties: list[str]) -> tuple[str | None, list[str]]:
    """The party that speaks before the verb, and the one it addresses after it."""
    before = countries_in(text[:start])
    after = [c for c in countries_in(text[start:]) if c not in before[-1:]]
    made_by = before[-1] if len(before) == 1 else None
    addressed = [c for c in after if c != made_by][:1] if made_by else []
    return made_by, addressed


# ---- merging mentions of the same thing ---------------------------------------------------------


def _merged(candidates: list[Candidate]) -> list[Candidate]:
    kept: list[Candidate] = []
    for candidate in candidates:
        same = next((k for k in kept if _same(k, candidate)), None)
        if same is None:
            kept.append(candidate)
            continue
        same.quotes.extend(q for q in candidate.quotes if q not in same.quotes)
        for key, value in candidate.fields.items():
            if same.fields.get(key) in (None, [], "") and value not in (None, [], ""):
                same.fields[key] = value  # the later mention gives what the first lacked
        if candidate.kind == "target" and candidate.fields.get("deadline"):
            same.review = [r for r in same.review if not r.startswith("deadline")]
        same.agreement = same.agreement or candidate.agreement
    return kept


def _same(a: Candidate, b: Candidate) -> bool:
    if a.kind != b.kind:
        return False
    fa, fb = a.fields, b.fields
    if a.kind in ("figure", "target"):
        value = "value" if a.kind == "figure" else "target_value"
        return (
            Decimal(fa[value]) == Decimal(fb[value])
            and fa["unit"] == fb["unit"]
            and _compatible(fa.get("deadline"), fb.get("deadline"))
            and _compatible(fa.get("date"), fb.get("date"))
        )
    if a.kind == "agreement":
        return _name_stems(a.title_original) == _name_stems(b.title_original)
    # Events: the same name ("втором саммите" is not "первый саммит"), no conflicting facts.
    return (
        fa["kind"] == fb["kind"]
        and stems(a.title_original) == stems(b.title_original)
        and _compatible(fa.get("date"), fb.get("date"))
        and _compatible(fa.get("place"), fb.get("place"))
    )


def _compatible(a: object, b: object) -> bool:
    return a is None or b is None or a == b


def _name_stems(phrase: str) -> tuple[str, ...]:
    """A document's name without its type word: "договор о демаркации границы" and
    "соглашение о демаркации границы" name the same document."""
    return tuple(stems(phrase))[1:]
