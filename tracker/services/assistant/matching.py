"""Is a candidate something the database holds? Matched by kind, document type, parties, the
key terms of the name in either language (the held `title` and `title_original`), value,
unit and date.

A candidate that agrees with a held record on all of these is a citation on it. One whose
value, deadline or date contradicts a record it otherwise matches is a new record, never a
citation, with a note naming the record it conflicts with; one that shares only part of a
name is a new record marked "possible match: KIND:SLUG" for the analyst to decide.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cached_property
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.domain.edtf import parse_edtf
from tracker.domain.extraction.candidates import Candidate
from tracker.domain.extraction.lemmas import key_terms
from tracker.models import Agreement, Event, Figure, Target
from tracker.models.base import RecordMixin
from tracker.services.assistant.compare import (
    Names,
    dates_clash,
    far_from,
    names_of,
    near,
    place_fits,
    same_day,
)
from tracker.services.curation.kinds import KINDS, kind_of
from tracker.services.curation.quotes import normalise
from tracker.services.curation.records import record_citations

_SAME_DOCUMENT = (
    {"treaty", "agreement", "framework_agreement", "contract"}, {"plan", "programme"},
    {"joint_statement", "declaration"}, {"memorandum"}, {"decision"}, {"protocol"},
)  # fmt: skip
_ORDINALS = {"first", "second", "third", "fourth", "fifth", "sixth", "seventh"}
_GENERIC_EVENT = {"visit", "summit", "opening", "ceremony", "informal", "consultative"}
_CITE_COVER = 0.6  # share of the candidate's name terms the held name must have
_POSSIBLE_COVER = 0.34


@dataclass
class Decision:
    record: RecordMixin | None = None  # cite the text on this record
    score: float = 0.0
    possible: list[str] = field(default_factory=list)  # KIND:SLUG the analyst should compare
    conflicts: list[str] = field(default_factory=list)
    observes: Target | None = None  # a figure of this target's measure
    reason: str = ""


def ref(record: RecordMixin) -> str:
    return f"{kind_of(record).name}:{record.slug}"


class Held:
    """The records candidates are compared with, each kind read once per extraction."""

    def __init__(
        self, session: Session, published: date | None = None, source_slug: str | None = None
    ) -> None:
        self.session = session
        self.source_slug = source_slug
        # An undated event of a text is the text's time, near enough to tell a visit of
        # 2024 from one of 2025.
        self.published = published

    @cached_property
    def figures(self) -> list[Figure]:
        return list(self.session.scalars(select(Figure)))

    @cached_property
    def targets(self) -> list[Target]:
        return list(self.session.scalars(select(Target)))

    @cached_property
    def agreements(self) -> list[tuple[Agreement, Names]]:
        return [(a, names_of(a)) for a in self.session.scalars(select(Agreement))]

    @cached_property
    def events(self) -> list[tuple[Event, Names]]:
        return [(e, names_of(e)) for e in self.session.scalars(select(Event))]

    @cached_property
    def initiatives(self) -> list[tuple[RecordMixin, Names]]:
        kind = KINDS.get("initiative")
        if kind is None:
            return []
        return [(i, names_of(i)) for i in self.session.scalars(select(kind.model))]


def decide(held: Held, candidate: Candidate) -> Decision:
    cited = _cited_here(held, candidate)
    if cited is not None:
        return Decision(cited, 3.0, reason=f"{ref(cited)} already cites this sentence")
    if candidate.kind == "figure":
        return _figure(held, candidate)
    if candidate.kind == "target":
        return _target(held, candidate)
    if candidate.kind == "agreement":
        found = _named(held, candidate, held.agreements, _document_kinds)
        if found.record is None and candidate.fields.get("kind") == "decision":
            # "решения о создании рабочей группы": the body it creates may be held instead.
            across = _named(held, candidate, held.initiatives, lambda a, b: b == "establishment")
            if across.record is not None:
                return across
        return found
    if candidate.kind == "event":
        return _event(held, candidate)
    found = _named(held, candidate, held.initiatives, lambda a, b: a == b)
    if found.record is None and candidate.fields.get("kind") == "establishment":
        # "планы по созданию инвест-платформы" beside the held agreement to create it.
        decisions = [(r, t) for r, t in held.agreements]
        across = _named(held, candidate, decisions, lambda a, b: True, strict=True)
        if across.record is not None or across.possible:
            return across
    return found


def _cited_here(held: Held, candidate: Candidate) -> RecordMixin | None:
    """A held record that cites (part of) the candidate's sentence from this same source."""
    if held.source_slug is None:
        return None
    no_names = Names(frozenset(), frozenset())
    pools: dict[str, list[tuple[Any, Names]]] = {
        "event": held.events,
        "agreement": held.agreements + held.initiatives,
        "initiative": held.initiatives + held.agreements,
        "target": [(t, no_names) for t in held.targets],
        "figure": [(f, no_names) for f in held.figures],
    }
    quotes = [normalise(q) for q in candidate.quotes]
    name = normalise(candidate.title_original)
    mine = key_terms(candidate.title_original)
    for record, names in pools.get(candidate.kind, []):
        for citation in record_citations(record):
            if citation.source.slug != held.source_slug:
                continue
            cited = normalise(citation.quote)
            if not any(cited in quote or quote in cited for quote in quotes):
                continue
            # A sentence that lists several things cites each on its own record.
            if candidate.kind in ("figure", "target"):
                if _same_value(candidate, record):
                    return record  # type: ignore[no-any-return]
            elif name in cited or (mine and mine <= names.all) or not (mine or names.all):
                return record  # type: ignore[no-any-return]
    return None


def _same_value(candidate: Candidate, record: Any) -> bool:
    """A quote with several values cites each on its own record: the value must agree too."""
    if candidate.kind == "figure":
        return bool(getattr(record, "value", None) == Decimal(candidate.fields["value"]))
    return bool(getattr(record, "target_value", None) == Decimal(candidate.fields["target_value"]))


def _parties_fit(candidate: Candidate, record: Any) -> bool:
    mine = {p for p in candidate.fields.get("parties") or [] if len(p) == 2}
    theirs = {p.code for p in getattr(record, "parties", []) if len(p.code) == 2}
    return not mine or not theirs or mine <= theirs or theirs <= mine


def _document_kinds(a: str, b: str) -> bool:
    return a == b or any(a in group and b in group for group in _SAME_DOCUMENT)


def _named(
    held: Held, candidate: Candidate, records: list[tuple[Any, Names]], kinds_fit: Any,
    strict: bool = False,
) -> Decision:  # fmt: skip
    mine = key_terms(candidate.title_original)
    best = Decision()
    if not mine:
        return best
    quoted = set().union(*(key_terms(q) for q in candidate.quotes))
    parties_fit = [(r, n) for r, n in records if _parties_fit(candidate, r)]
    fitting = [(r, n) for r, n in parties_fit if kinds_fit(candidate.fields["kind"], r.kind)]
    for record, names in parties_fit:  # another type of document with the same name
        if (record, names) not in fitting and names.cover(mine) >= 0.66 and len(mine) >= 2:
            best.possible.append(ref(record))
    # How many of the fitting records have each term: one only names that record.
    holders: dict[str, int] = {}
    for _, names in fitting:
        for term in names.all:
            holders[term] = holders.get(term, 0) + 1
    for record, names in fitting:
        theirs = names.all
        shared = mine & theirs
        if not shared or _ordinals_differ(mine, theirs):
            continue
        cover, held_cover = len(shared) / len(mine), names.cover(mine)
        if held_cover < 0.5 and names.cover(quoted) >= 0.75 and len(quoted & theirs) >= 3:
            held_cover = names.cover(quoted)  # the sentence names it more fully than the mention
        score = cover + 0.5 * held_cover
        sure = cover >= _CITE_COVER and held_cover >= 0.5
        if strict:
            sure = sure and held_cover >= 0.66 and len(shared) >= 2
        if sure and score > best.score:
            conflict = _status_date_conflict(candidate, record)
            if conflict:
                best.conflicts.append(f"{ref(record)}: {conflict}")
                continue
            best.record, best.score = record, score
            best.reason = f"same name as {ref(record)} ({', '.join(sorted(shared))})"
        elif ref(record) not in best.possible and (
            cover >= _POSSIBLE_COVER or all(holders.get(term) == 1 for term in shared)
        ):
            # Part of the name, or a term only this record has ("таможенной"): the analyst
            # compares; a citation on the wrong record is worse than a record to delete.
            best.possible.append(ref(record))
    if best.record is not None:
        best.possible = [p for p in best.possible if p != ref(best.record)]
    return best


def _ordinals_differ(mine: set[str], theirs: set[str]) -> bool:
    """'седьмое заседание' is not 'второе заседание'."""
    a, b = mine & _ORDINALS, theirs & _ORDINALS
    return bool(a and b and a != b)


def _status_date_conflict(candidate: Candidate, record: Any) -> str | None:
    steps = candidate.fields.get("status_history") or []
    for step in steps:
        for held_step in getattr(record, "statuses", []):
            if held_step.status == step["status"] and dates_clash(step.get("date"), held_step.date):
                return f"{step['status']} on {step['date']} here, {held_step.date} there"
    return None


def _event(held: Held, candidate: Candidate) -> Decision:
    fields = candidate.fields
    mine = key_terms(candidate.title_original)
    best = Decision()
    quoted = set().union(*(key_terms(q) for q in candidate.quotes))
    for event, names in held.events:
        if not _parties_fit(candidate, event):
            continue
        if event.kind != fields["kind"]:
            # Talks on the day and at the place of a held visit may be part of it.
            day = same_day(fields.get("date"), event.date)
            if day and place_fits(fields.get("place"), event.place):
                best.possible.append(ref(event))
            continue
        theirs = names.all
        if _ordinals_differ(mine, theirs):
            continue
        shared = mine & theirs
        on_day = same_day(fields.get("date"), event.date) or (
            not fields.get("date") and near(held.published, event.date)
        )
        place = place_fits(fields.get("place"), event.place)
        mentioned = bool(shared) and len(shared) / len(mine) >= 0.5
        full = names.cover(mine) >= 0.5 or (
            names.cover(quoted) >= 0.75 and len(quoted & theirs) >= 3
        )
        bare = len(candidate.title_original.split()) == 1  # "форума": which forum?
        if bare or not mine - _GENERIC_EVENT:  # "государственный визит": only the date says
            full = False
            mentioned = mentioned and (on_day or place is True)
        if not ((mentioned and (full or place is True or on_day)) or (on_day and place)):
            continue
        if (
            dates_clash(fields.get("date"), event.date, 0)
            or place is False
            or (not fields.get("date") and far_from(held.published, event.date))
        ):
            best.conflicts.append(f"{ref(event)}: a different date or place")
            continue
        score = len(shared) + on_day + bool(place)
        if score > best.score:
            best.record, best.score = event, score
            best.reason = f"same {event.kind.replace('_', ' ')} as {ref(event)}"
    return best


def _target(held: Held, candidate: Candidate) -> Decision:
    fields = candidate.fields
    value, unit = Decimal(fields["target_value"]), fields["unit"]
    best = Decision()
    for target in held.targets:
        if target.unit != unit or not _parties_fit(candidate, target):
            continue
        same_measure = fields.get("measure") and fields["measure"] == target.measure
        if target.target_value != value:
            if same_measure and fields.get("deadline") == target.deadline:
                best.conflicts.append(f"{ref(target)}: {target.target_value} by {target.deadline}")
            continue
        if fields.get("deadline") and target.deadline and fields["deadline"] != target.deadline:
            if same_measure or not fields.get("measure"):
                best.conflicts.append(
                    f"{ref(target)}: the same value by {target.deadline}, here by "
                    f"{fields['deadline']}"
                )
            continue
        best.record, best.score = target, 2.0
        best.reason = f"same value, unit and deadline as {ref(target)}"
    return best


def _figure(held: Held, candidate: Candidate) -> Decision:
    fields = candidate.fields
    value, unit = Decimal(fields["value"]), fields["unit"]
    measure = None if candidate.soft_measure else fields.get("measure")
    decision = Decision()
    if measure:
        decision.observes = next(
            (t for t in held.targets if t.measure == measure and t.unit == unit), None
        )
    for figure in held.figures:
        if figure.unit != unit or figure.value != value or not _parties_fit(candidate, figure):
            continue
        if measure and figure.measure and figure.measure != measure:
            continue
        if not candidate.soft_date and not _periods_fit(fields, figure):
            continue
        decision.record, decision.score = figure, 2.0
        decision.reason = f"same value, unit and date as {ref(figure)}"
        return decision
    return decision


def _periods_fit(fields: dict[str, Any], figure: Figure) -> bool:
    """A year's value is not a year-to-date one; dates must overlap."""
    mine, theirs = fields.get("period"), getattr(figure, "period", None)
    if mine and theirs and mine != theirs and "point" not in (mine, theirs):
        return False
    if not fields.get("date") or not figure.date:
        return True
    try:
        a, b = parse_edtf(fields["date"]), parse_edtf(figure.date)
    except ValueError:
        return True
    return a.lower <= b.upper and b.lower <= a.upper
