"""`tracker extract`: candidate records from a source's text, matched against the database.

A candidate that matches a record the database holds (same value and unit, same target and
deadline, same document, same event date and place) becomes a new citation on that record,
or nothing at all when the record already cites the sentence; the rest become new records
of a draft records file, which `tracker import` refuses until an analyst has reviewed it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cached_property
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.domain.extraction.candidates import Candidate, extract_candidates
from tracker.domain.extraction.language import stems
from tracker.domain.inputs import slugify, transliterate
from tracker.errors import InvalidValue, NotFound
from tracker.models import Agreement, Event, Figure, Source, Target
from tracker.models.base import RecordMixin
from tracker.services.curation.fields import unique_slug
from tracker.services.curation.kinds import KINDS, kind_of
from tracker.services.curation.quotes import normalise
from tracker.services.curation.records import record_citations
from tracker.services.curation.references import find_by_ref
from tracker.services.transfer.files import read_text_file

_NAME_SIMILARITY = 0.8  # share of a candidate document's name words the record's name has


@dataclass(frozen=True)
class SourceText:
    slug: str
    text: str
    published: date | None
    new_record: dict[str, Any] | None  # the source record to create, for a file not yet held


@dataclass
class Draft:
    source: SourceText
    new_records: dict[str, list[tuple[dict[str, Any], list[str]]]] = field(default_factory=dict)
    new_citations: list[dict[str, str]] = field(default_factory=list)
    already_cited: list[tuple[str, str]] = field(default_factory=list)  # (KIND:SLUG, quote)

    def count(self, kind: str) -> int:
        return len(self.new_records.get(KINDS[kind].plural, []))


def read_source(
    session: Session, ref: str, published: str | None = None, language: str | None = None
) -> SourceText:
    """A source the database holds (by slug or id), or a text file, new or already held."""
    day = None
    if published is not None:  # checked first: a bad date is refused whatever the source
        from tracker.domain.inputs import parse_date

        edtf = parse_date(published, "--published")
        day = edtf.lower if edtf.precision == "day" and not edtf.is_range else None
        published = edtf.text
    path = Path(ref)
    if not path.is_file():
        try:
            source = find_by_ref(session, Source, ref, "SOURCE_OR_FILE")
        except NotFound:
            raise NotFound(f"no source {ref!r} and no such file", "SOURCE_OR_FILE") from None
        return SourceText(source.slug, source.text, publication_day(source.published), None)
    text = read_text_file(path, "SOURCE_OR_FILE")
    if not text.strip():
        raise InvalidValue("SOURCE_OR_FILE", f"{path}: the file is empty")
    digest = hashlib.sha256(text.encode()).hexdigest()
    held = session.scalars(select(Source).where(Source.sha256 == digest)).first()
    if held is not None:  # the same text again: cite the source the database holds
        return SourceText(held.slug, held.text, publication_day(held.published), None)
    slug = unique_slug(session, Source, slugify(path.stem))
    first_line = next((line.strip() for line in text.splitlines() if line.strip()), path.stem)
    record = {
        "slug": slug,
        "title": first_line[:300],
        "published": published,
        "language": language or ("ru" if _mostly_cyrillic(text) else "en"),
        "file": path.name,
    }
    return SourceText(slug, text, day, record)


def extract(session: Session, source: SourceText) -> Draft:
    draft = Draft(source)
    candidates = extract_candidates(source.text, source.published)
    matches = _match_all(session, candidates)
    taken: dict[str, set[str]] = {}
    slugs: dict[int, str] = {}
    for candidate in candidates:
        record = matches.get(id(candidate))
        if record is not None:
            _cite_existing(draft, record, candidate)
            slugs[id(candidate)] = record.slug
            continue
        model = KINDS[candidate.kind].model
        slug = unique_slug(
            session, model, _slug_base(candidate), taken.setdefault(model.__name__, set())
        )
        slugs[id(candidate)] = slug
    for candidate in candidates:
        if id(candidate) in matches:
            continue
        fields = _record_fields(candidate, slugs[id(candidate)], source.slug)
        if candidate.agreement is not None:
            fields["agreement"] = slugs[id(candidate.agreement)]
        draft.new_records.setdefault(KINDS[candidate.kind].plural, []).append(
            (fields, candidate.review)
        )
    return draft


# ---- matching ----------------------------------------------------------------------------------


def _match_all(session: Session, candidates: list[Candidate]) -> dict[int, RecordMixin]:
    """Each candidate's record, one record to one candidate where the scores allow it."""
    held = _Held(session)
    scored: list[tuple[float, int, Candidate, RecordMixin]] = []
    for order, candidate in enumerate(candidates):
        for record, score in _scored(held, candidate):
            scored.append((score, -order, candidate, record))
    scored.sort(key=lambda item: (item[0], item[1]), reverse=True)
    matched: dict[int, RecordMixin] = {}
    used: set[tuple[str, int]] = set()
    for _score, _order, candidate, record in scored:
        key = (kind_of(record).name, record.id)
        if id(candidate) not in matched and key not in used:
            matched[id(candidate)] = record
            used.add(key)
    for _score, _order, candidate, record in scored:  # more candidates than records
        matched.setdefault(id(candidate), record)
    return matched


class _Held:
    """The records candidates are compared with, each kind read once per extraction."""

    def __init__(self, session: Session) -> None:
        self.session = session

    @cached_property
    def figures(self) -> list[Figure]:
        return list(self.session.scalars(select(Figure)))

    @cached_property
    def targets(self) -> list[Target]:
        return list(self.session.scalars(select(Target)))

    @cached_property
    def agreements(self) -> list[tuple[Agreement, set[str]]]:
        """Each agreement with the stems of its names."""
        return [
            (a, set(stems(a.title_original or "")) | set(stems(a.title)))
            for a in self.session.scalars(select(Agreement))
        ]

    @cached_property
    def events(self) -> list[Event]:
        return list(self.session.scalars(select(Event)))


def _scored(held: _Held, candidate: Candidate) -> Iterable[tuple[RecordMixin, float]]:
    fields = candidate.fields
    if candidate.kind == "figure":
        value, unit = Decimal(fields["value"]), fields["unit"]
        for figure in held.figures:
            if figure.unit == unit and figure.value == value:
                yield figure, 1.0 + _quote_overlap(figure, candidate)
        for target in held.targets:
            if target.unit == unit and any(o.value == value for o in target.observations):
                yield target, 0.5 + _quote_overlap(target, candidate)
    elif candidate.kind == "target":
        value, unit, deadline = Decimal(fields["target_value"]), fields["unit"], fields["deadline"]
        for target in held.targets:
            if (target.unit, target.target_value) == (unit, value) and (
                deadline is None or target.deadline == deadline
            ):
                yield target, 1.0 + _quote_overlap(target, candidate)
    elif candidate.kind == "agreement":
        name = set(stems(candidate.title_original))
        for agreement, names in held.agreements:
            similarity = len(name & names) / len(name) if name else 0.0
            overlap = _quote_overlap(agreement, candidate)
            if similarity >= _NAME_SIMILARITY or overlap:
                yield agreement, similarity + overlap
    elif candidate.kind == "event":
        for event in held.events:
            if event.kind != fields["kind"]:
                continue
            same_day = fields["date"] is not None and event.date == fields["date"]
            same_place = _same_place(fields.get("place"), event.place)
            overlap = _quote_overlap(event, candidate)
            if (same_day and same_place) or overlap:
                yield event, float(same_day) + float(same_place) + overlap


def _quote_overlap(record: RecordMixin, candidate: Candidate) -> float:
    """1 when the record cites (part of) one of the candidate's sentences, else 0."""
    quotes = [normalise(q) for q in candidate.quotes]
    for citation in record_citations(record):
        cited = normalise(citation.quote)
        if any(cited in quote or quote in cited for quote in quotes):
            return 1.0
    return 0.0


def _same_place(text_place: str | None, held_place: str | None) -> bool:
    """'Ташкенте' (as the text says it) and 'Tashkent' (as curated) name the same place."""
    if not text_place or not held_place:
        return False
    text_stem = transliterate(stems(text_place)[0]) if stems(text_place) else ""
    return len(text_stem) >= 4 and any(
        word.lower().startswith(text_stem) for word in held_place.split()
    )


def _cite_existing(draft: Draft, record: RecordMixin, candidate: Candidate) -> None:
    ref = f"{kind_of(record).name}:{record.slug}"
    cited = [normalise(c.quote) for c in record_citations(record)]
    for quote in candidate.quotes:
        if any(c in normalise(quote) or normalise(quote) in c for c in cited):
            draft.already_cited.append((ref, quote))
        elif not any(c["record"] == ref and c["quote"] == quote for c in draft.new_citations):
            draft.new_citations.append({"record": ref, "source": draft.source.slug, "quote": quote})


# ---- new records -------------------------------------------------------------------------------


def _record_fields(candidate: Candidate, slug: str, source_slug: str) -> dict[str, Any]:
    fields: dict[str, Any] = {"slug": slug, "title": None}
    fields.update((k, v) for k, v in candidate.fields.items() if v is not None or k != "note")
    citations = [{"source": source_slug, "quote": quote} for quote in candidate.quotes]
    if candidate.kind == "agreement":
        for step in fields.get("status_history", []):
            step["citations"] = [{"source": source_slug, "quote": candidate.status_quote}]
    fields["citations"] = citations
    return fields


def _slug_base(candidate: Candidate) -> str:
    fields = candidate.fields
    if candidate.kind == "figure":
        return slugify(f"{candidate.title_original} {fields.get('date') or ''}")[:60].rstrip("-")
    return slugify(candidate.title_original)[:60].rstrip("-")


def publication_day(published: str | None) -> date | None:
    """The publication day a relative date counts from ("15 ноября", "сегодня")."""
    if published is None or len(published) != 10:
        return None
    try:
        return date.fromisoformat(published)
    except ValueError:
        return None


def _mostly_cyrillic(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return sum("а" <= ch.lower() <= "я" for ch in letters) * 2 > len(letters)
