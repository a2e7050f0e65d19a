"""From a text to candidate records: what `tracker extract` proposes.

Each candidate carries the fields of a records-file record that the text decides, the verbatim
sentences that support it, and what is left for the analyst (an English title, a measure's
name, parties the sentence does not name). Mentions of the same thing in one text are merged
into one candidate with several quotes.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from tracker.domain.extraction.countries import countries_in
from tracker.domain.extraction.dates import DateMention, find_dates
from tracker.domain.extraction.language import Sentence, sentences, stems, words
from tracker.domain.extraction.mentions import (
    Mention,
    find_documents,
    find_events,
    has_modifier,
    places_in,
    split_also,
    split_enumeration,
    status_of,
)
from tracker.domain.extraction.quantities import Quantity, find_quantities

_TARGET_VERBS = ("увелич", "довест", "довед", "нараст", "наращ", "достич", "достиг", "increas",
                 "rais", "boost", "reach", "doubl", "bring")  # fmt: skip
_REDUCING_VERBS = ("сократ", "сниз", "уменьш", "reduc", "cut", "lower")
_AIMED_AT = re.compile(r"\bto\s*$")  # "raise it to USD 15 billion" (Russian "до" is a qualifier)
_CONTEXT_WORDS = 3  # words before a figure's number kept in its title_original


@dataclass
class Candidate:
    kind: str  # event, agreement, target or figure
    fields: dict[str, Any]
    quotes: list[str]
    review: list[str] = field(default_factory=list)  # fields left for the analyst
    # For an agreement's status step: the sentence that supports the status.
    status_quote: str | None = None
    agreement: Candidate | None = None  # the document a target belongs to

    @property
    def title_original(self) -> str:
        return str(self.fields.get("title_original") or "")


def extract_candidates(text: str, published: date | None) -> list[Candidate]:
    common_parties = _common_parties(text)
    found: list[Candidate] = []
    for sentence in sentences(text):
        found.extend(_from_sentence(sentence, published, common_parties))
    return _merged(found)


def _common_parties(text: str) -> list[str]:
    """The two countries the text names most: the parties when a sentence names none."""
    counts: Counter[str] = Counter()
    for line in text.splitlines():
        counts.update(countries_in(line))
    return [code for code, _ in counts.most_common(2)]


def _from_sentence(
    sentence: Sentence, published: date | None, common_parties: list[str]
) -> list[Candidate]:
    text = sentence.text
    dates = find_dates(text, published)
    quantities = find_quantities(text, [(d.start, d.end) for d in dates])
    parties = countries_in(text) or countries_in(sentence.intro or "")
    review = [] if parties else ["parties (the sentence names none; guessed from the text)"]
    parties = parties or common_parties
    documents = [
        _agreement(phrase, mention, sentence, dates, published, parties, review)
        for mention in find_documents(text)
        for phrase in _named(mention)
    ]
    found: list[Candidate] = list(documents)
    deadline = next((d for d in dates if d.deadline), None)
    for quantity in quantities:
        aimed = quantity.said_up_to or _AIMED_AT.search(text, 0, quantity.start)
        if aimed and (deadline or _verb_before(text, quantity.start, _TARGET_VERBS)):
            target = _target(text, quantity, deadline, parties, review)
            target.agreement = documents[0] if len(documents) == 1 else None
            found.append(target)
        else:
            found.append(_figure(text, quantity, dates, published, parties, review))
    for mention in find_events(text):
        # A bare "визита" with neither date nor place names no event of its own.
        if mention.complement or has_modifier(mention) or _when(dates) or places_in(text):
            found.append(_event(text, mention, dates, parties, review))
    return found


def _named(mention: Mention) -> list[str]:
    return [part for also in split_also(mention) for part in split_enumeration(
        Mention(mention.kind, also, mention.start, mention.end, mention.complement))]  # fmt: skip


def _when(dates: list[DateMention]) -> DateMention | None:
    return next((d for d in dates if not d.deadline), None)


def _agreement(
    phrase: str, mention: Mention, sentence: Sentence, dates: list[DateMention],
    published: date | None, parties: list[str], review: list[str],
) -> Candidate:  # fmt: skip
    text = sentence.text
    status = status_of(text)
    status_source = text
    if status == "unknown" and sentence.intro:
        status, status_source = status_of(sentence.intro), sentence.intro
        dates = find_dates(sentence.intro, published)
    fields: dict[str, Any] = {"kind": mention.kind, "title_original": phrase, "parties": parties}
    todo = ["title", *review, "event"]
    if status == "unknown":
        fields["status_history"] = []
        todo.append("status (no verb in the sentence says it)")
    else:
        when = _when(dates)
        step: dict[str, Any] = {"status": status, "date": when.edtf if when else None}
        if when and when.note:
            step["note"] = when.note
        fields["status_history"] = [step]
    return Candidate("agreement", fields, [text], todo, status_source)


def _target(
    text: str, quantity: Quantity, deadline: DateMention | None, parties: list[str],
    review: list[str],
) -> Candidate:  # fmt: skip
    verb_start = _verb_before(text, quantity.start, _TARGET_VERBS + _REDUCING_VERBS)
    start = verb_start if verb_start is not None else quantity.start
    end = max(quantity.end, deadline.end if deadline else 0)
    reducing = _verb_before(text, quantity.start, _REDUCING_VERBS) is not None
    fields: dict[str, Any] = {
        "title_original": text[start:end].strip(),
        "parties": parties,
        "unit": quantity.unit,
        "direction": "down" if reducing else "up",
        "target_value": quantity.value,
        "deadline": deadline.edtf if deadline else None,
    }
    todo = ["title", *review, *([] if deadline else ["deadline (the sentence gives none)"])]
    return Candidate("target", fields, [text], todo)


def _figure(
    text: str, quantity: Quantity, dates: list[DateMention], published: date | None,
    parties: list[str], review: list[str],
) -> Candidate:  # fmt: skip
    clause_start = max(text.rfind(mark, 0, quantity.start) for mark in ",;:") + 1
    before = words(text[clause_start : quantity.start])[-_CONTEXT_WORDS:]
    start = clause_start + before[0].start if before else quantity.start
    when = _when(dates)
    note = when.note if when else None
    if when is None and published is not None:
        note = (
            f"Dated as stated in the text ({published.isoformat()}); check the figure's own date."
        )
    fields: dict[str, Any] = {
        "title_original": text[start : quantity.end].strip(),
        "parties": parties,
        "value": quantity.value,
        "unit": quantity.unit,
        "qualifier": "up_to" if quantity.said_up_to else quantity.qualifier,
        "date": when.edtf if when else (published.isoformat() if published else None),
        "note": note,
    }
    todo = ["title", "measure", *review, *([] if fields["date"] else ["date"])]
    return Candidate("figure", fields, [text], todo)


def _event(
    text: str, mention: Mention, dates: list[DateMention], parties: list[str], review: list[str]
) -> Candidate:
    when = _when(dates)
    places = places_in(text)
    fields: dict[str, Any] = {
        "kind": mention.kind,
        "title_original": mention.phrase,
        "date": when.edtf if when else None,
        "place": places[0] if places else None,
        "parties": parties,
        "note": when.note if when else None,
    }
    todo = ["title", *review, "place (as the text writes it)" if places else "place"]
    if not when:
        todo.append("date")
    return Candidate("event", fields, [text], todo)


def _verb_before(text: str, position: int, verb_stems: tuple[str, ...]) -> int | None:
    """Where the nearest verb of `verb_stems` before `position` in the sentence starts."""
    for word in reversed(words(text[:position])):
        if word.stem.startswith(verb_stems):
            return word.start
    return None


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
