"""One candidate record from one mention: its fields, the analyst's review notes, and how
sure the extractor is (a confidence and the reasons for it).

A quantity is a target when the sentence aims it ("до $10 млрд", "to $3 billion") with a
verb of aiming not yet done ("увеличить", "довести", "increase", "превысит") or a deadline;
otherwise it is a figure, of the span its period gives ("с начала года": ytd). A percentage
after "вырос на" is that figure's growth, not a figure of its own. Trade values name their
measure (`kz-uz-trade-turnover`), the one a target of the same parties is tracked by.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from tracker.domain.extraction.context import Parties
from tracker.domain.extraction.dates import DateMention
from tracker.domain.extraction.initiatives import InitiativeMention
from tracker.domain.extraction.language import words
from tracker.domain.extraction.lemmas import parse
from tracker.domain.extraction.mentions import Mention
from tracker.domain.extraction.periods import Period
from tracker.domain.extraction.quantities import Quantity

_AIM_VERBS = ("увелич", "довест", "довед", "нараст", "наращ", "достич", "достиж", "превыс",
              "выйти", "вывест", "поднят", "increas", "rais", "boost", "reach", "doubl",
              "bring", "grow", "expand", "lift", "exceed")  # fmt: skip
_AIM_NOUNS = ("цель", "задач", "нацел", "намер", "планир", "стрем", "ориентир", "aim", "goal",
              "target", "seek", "plan", "potential", "intend", "agre")  # fmt: skip
_REDUCING = ("сократ", "сниз", "уменьш", "reduc", "cut", "lower")
_GROWTH = ("рост", "вырос", "увелич", "прирост", "больш", "выш", "подскоч", "increas", "grow",
           "grew", "rise", "rose", "up", "jump", "surg", "climb", "gain")  # fmt: skip
_DECLINE = ("сниз", "сократ", "упал", "меньш", "ниж", "decreas", "declin", "fell", "down")
_TRADE = ("товарооборот", "торгов", "торговл", "наторгов", "trade", "turnover")
_NOT_TRADE = ("экспорт", "импорт", "export", "import", "инвест", "invest", "проект", "project")
_CONTEXT_WORDS = 3  # words before a figure's number kept in its title_original


@dataclass
class Built:
    kind: str
    fields: dict[str, Any]
    review: list[str] = field(default_factory=list)
    confidence: float = 0.5
    reasons: list[str] = field(default_factory=list)
    status_quote: str | None = None
    span: tuple[int, int] = (0, 0)
    soft_date: bool = False  # the date is the publication's, not the text's
    soft_measure: bool = False  # the measure is a slug proposed from the words, to check


def party_fields(parties: Parties, fields: dict[str, Any], review: list[str]) -> None:
    fields["parties"] = parties.codes
    if parties.inferred:
        fields["parties_inferred"] = True
        review.append(f"parties ({parties.how or 'inferred'})")


def agreement(
    phrase: str, mention: Mention, status: str, status_word: str | None, when: DateMention | None,
    parties: Parties,
) -> Built:  # fmt: skip
    fields: dict[str, Any] = {"kind": mention.kind, "title_original": phrase}
    review = ["title"]
    party_fields(parties, fields, review)
    reasons = [f"a {mention.kind.replace('_', ' ')} named with its subject"]
    confidence = 0.55 + 0.1 * bool(mention.complement)
    if status == "unknown":
        fields["status_history"] = []
        review.append("status (no verb in the sentence says it)")
    else:
        step: dict[str, Any] = {"status": status, "date": when.edtf if when else None}
        if when and when.note:
            step["note"] = when.note
        fields["status_history"] = [step]
        reasons.append(f"{status} by {status_word!r}")
        confidence += 0.2
    review.append("event")
    confidence -= 0.1 * parties.inferred
    return Built("agreement", fields, review, round(confidence, 2), reasons,
                 span=(mention.start, mention.end))  # fmt: skip


def is_target(
    text: str, quantity: Quantity, deadline: DateMention | None, published: date | None = None
) -> str | None:
    """Why the quantity is an aim rather than a value reported, or None when it is not."""
    before = text[: quantity.start]
    clause = before[max(before.rfind(";"), before.rfind(". ")) + 1 :]
    aimed = quantity.said_up_to or re.search(r"\bto\s*$", before)
    if re.search(
        r"(?:compared|amount\w*|came|total+ed|rose|grew|increased|fell|dropped|reached|up)\s+to\s*$"
        r"|по\s+сравнению\s+с\s*$",
        before,
    ):
        return None  # "amounted to $1.3 billion", "compared to": a value, not an aim
    verb = _aim_verb(clause)
    if aimed and verb:
        return f"aimed at by {verb!r}"
    if aimed and deadline is not None:
        return f"aimed at, with the deadline {deadline.phrase!r}"
    if re.search(
        r"(?:target|goal|цель|задач\w*|ориентир\w*)\s+(?:of|в|на\s+уровне)\s*$", clause, re.I
    ):
        return "named as a target"  # "the target of $1 billion", "цель в $5 млрд"
    cue = next((w.text for w in words(clause) if w.stem.startswith(_AIM_NOUNS)), None)
    if cue and (aimed or verb):
        return f"aimed at ({cue!r})"
    if verb and deadline is not None and deadline.deadline:
        return f"{verb!r} with {deadline.phrase!r}"
    return None


def _aim_verb(clause: str) -> str | None:
    """The nearest verb of aiming that is not a report of what happened ("увеличился")."""
    for word in reversed(words(clause)):
        if not word.stem.startswith(_AIM_VERBS):
            continue
        parsed = parse(word.text)
        lowered = word.text.lower()
        if parsed.pos is None:  # English: "increased", "reached" report; "to increase" aims
            if lowered.endswith("ed") or (lowered.endswith("s") and not lowered.endswith("ss")):
                continue
            return word.text
        if parsed.pos in ("INFN", "NOUN") or parsed.tense == "futr":
            return word.text
    return None


def target(
    text: str, quantity: Quantity, deadline: DateMention | None, why: str, parties: Parties,
    measure: str | None,
) -> Built:  # fmt: skip
    start = max(text.rfind(",", 0, quantity.start), text.rfind(";", 0, quantity.start)) + 1
    end = max(quantity.end, deadline.end if deadline else 0)
    reducing = any(w.stem.startswith(_REDUCING) for w in words(text[start : quantity.start]))
    fields: dict[str, Any] = {
        "title_original": text[start:end].strip(),
        "measure": measure,
        "unit": quantity.unit,
        "direction": "down" if reducing else "up",
        "target_value": quantity.value,
        "deadline": deadline.edtf if deadline else None,
    }
    review = ["title"]
    party_fields(parties, fields, review)
    if deadline is None or deadline.edtf is None:
        review.append(f"deadline ({deadline.note if deadline else 'the sentence gives none'})")
    confidence = 0.65 + 0.15 * bool(deadline and deadline.edtf) - 0.1 * parties.inferred
    reasons = [why] + ([f"deadline {deadline.phrase!r}"] if deadline and deadline.edtf else [])
    return Built("target", fields, review, round(confidence, 2), reasons,
                 span=(quantity.start, quantity.end))  # fmt: skip


def figure(
    text: str, quantity: Quantity, period: Period | None, when: DateMention | None,
    published: date | None, parties: Parties, measure: str | None, growth: Quantity | None,
) -> Built:  # fmt: skip
    clause_start = max(text.rfind(mark, 0, quantity.start) for mark in ",;:") + 1
    before = words(text[clause_start : quantity.start])[-_CONTEXT_WORDS:]
    start = clause_start + before[0].start if before else quantity.start
    note = None
    day = None
    if period is not None and period.edtf is not None:
        day = period.edtf
    elif when is not None and when.edtf is not None:
        day, note = when.edtf, when.note
    elif published is not None:
        day = published.isoformat()
        note = f"Dated as stated in the text ({day}); check the figure's own date."
    fields: dict[str, Any] = {
        "title_original": text[start : quantity.end].strip(),
        "measure": measure,
        "value": quantity.value,
        "unit": quantity.unit,
        "qualifier": "up_to" if quantity.said_up_to else quantity.qualifier,
        "date": day,
        "period": period.period if period else ("point" if measure is None and day else None),
        "growth_pct": _signed_growth(text, growth) if growth else None,
        "note": note,
    }
    proposed = None if measure else subject_measure(text, quantity, parties)
    fields["measure"] = measure or proposed
    review = ["title"] + ([] if measure else ["measure (proposed from the sentence: check it)"])
    party_fields(parties, fields, review)
    if not day:
        review.append("date")
    soft = period is None and (when is None or when.edtf is None) and published is not None
    reasons = [f"{quantity.phrase!r}"]
    if period:
        reasons.append(f"period {period.period} from {text[period.start : period.end]!r}")
    if measure:
        reasons.append(f"a trade value: measure {measure}")
    confidence = 0.55 + 0.1 * bool(measure) + 0.1 * bool(period) - 0.1 * parties.inferred
    return Built("figure", fields, review, round(confidence, 2), reasons,
                 span=(quantity.start, quantity.end), soft_date=soft,
                 soft_measure=proposed is not None)  # fmt: skip


_VALUE_WORDS = {
    "сумма", "объем", "объём", "отметка", "уровень", "размер", "показатель", "стоимость",
    "общий", "worth", "valu", "total", "amount", "level", "mark",
}  # fmt: skip


def subject_measure(text: str, quantity: Quantity, parties: Parties) -> str | None:
    """What a value measures, as a slug to check: the first noun of its clause and the
    genitives after it ("портфель промышленной кооперации на сумму свыше $8 млрд":
    `kz-uz-portfel-promyshlennyy-kooperatsiya`), or for a count its noun ("78 projects")."""
    from tracker.domain.extraction.countries import countries_in
    from tracker.domain.inputs import slugify, transliterate

    clause_start = max(text.rfind(mark, 0, quantity.start) for mark in ",;:—") + 1
    phrase: list[str] = []
    for word in words(text[clause_start : quantity.start]):
        parsed = parse(word.text)
        if phrase and (parsed.pos not in ("NOUN", "ADJF") or parsed.lemma in _VALUE_WORDS):
            break
        if not phrase and (
            parsed.pos != "NOUN" or parsed.lemma in _VALUE_WORDS or countries_in(word.text)
        ):
            continue
        phrase.append(parsed.lemma)
        if len(phrase) == 3:
            break
    if not phrase and quantity.noun:
        phrase = [parse(w).lemma for w in quantity.noun.split()]
    if not phrase:
        return None
    codes = "-".join(sorted(c.lower() for c in parties.codes[:2]))
    return slugify(f"{codes} {transliterate(' '.join(phrase))}")[:80] or None


def growth_of(text: str, percent: Quantity) -> bool:
    """'вырос на 43%', 'up 12%', 'an increase of 11.6 percent': a growth rate."""
    window = words(text[max(0, percent.start - 40) : percent.start])[-4:]
    after = words(text[percent.end : percent.end + 25])[:3]
    return any(w.stem.startswith(_GROWTH + _DECLINE) for w in [*window, *after])


def _signed_growth(text: str, growth: Quantity) -> Any:
    window = words(text[max(0, growth.start - 40) : growth.end + 25])
    falling = any(w.stem.startswith(_DECLINE) for w in window)
    return -growth.value if falling else growth.value


def trade_measure(text: str, quantity: Quantity, parties: Parties) -> str | None:
    """`kz-uz-trade-turnover` for a value of the two parties' trade, else None."""
    if quantity.unit != "USD" or len(parties.codes) != 2:
        return None
    before = [w.stem for w in words(text[: quantity.start])]
    if any(s.startswith(_NOT_TRADE) for s in before[-6:]):
        return None
    if not any(s.startswith(_TRADE) for s in before):
        return None
    first, second = sorted(code.lower() for code in parties.codes)
    return f"{first}-{second}-trade-turnover"


def event(
    text: str, mention: Mention, when: DateMention | None, parties: Parties, from_neighbour: bool,
    places: list[str],
) -> Built:  # fmt: skip
    fields: dict[str, Any] = {
        "kind": mention.kind,
        "title_original": mention.phrase,
        "date": when.edtf if when else None,
        "place": places[0] if places else None,
        "note": when.note if when else None,
    }
    review = ["title"]
    party_fields(parties, fields, review)
    review.append("place (as the text writes it)" if places else "place")
    reasons = [f"a {mention.kind.replace('_', ' ')}: {mention.phrase!r}"]
    if when is None:
        review.append("date")
    elif from_neighbour:
        reasons.append(f"dated by the next sentence ({when.phrase!r})")
        review.append("date (taken from the sentence beside it)")
    else:
        reasons.append(f"dated {when.phrase!r}")
    confidence = 0.45 + 0.15 * bool(when) + 0.1 * bool(places) + 0.1 * bool(mention.complement)
    confidence -= 0.1 * parties.inferred
    return Built("event", fields, review, round(confidence, 2), reasons,
                 span=(mention.start, mention.end))  # fmt: skip


def initiative(
    mention: InitiativeMention, when: DateMention | None, published: date | None,
    parties: Parties, made_by: str | None, addressed_to: list[str],
) -> Built:  # fmt: skip
    day = when.edtf if when and when.edtf else (published.isoformat() if published else None)
    step: dict[str, Any] = {"status": mention.status, "date": day}
    fields: dict[str, Any] = {
        "kind": mention.kind,
        "title_original": mention.phrase,
        "made_by": made_by,
        "addressed_to": addressed_to,
        "sector": None,
        "event": None,
        "date": day,
        "status_history": [step],
    }
    review = ["title"]
    party_fields(parties, fields, review)
    review.append("sector")
    if made_by is None and mention.kind in ("proposal", "invitation", "commitment"):
        review.append("made_by")
    reasons = [f"{mention.kind} by {mention.cue!r}", f"{mention.status}"]
    confidence = 0.5 + 0.1 * (mention.kind == "establishment") - 0.1 * parties.inferred
    return Built("initiative", fields, review, round(confidence, 2), reasons,
                 span=(mention.start, mention.end))  # fmt: skip
