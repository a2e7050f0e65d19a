"""`tracker extract`: candidate records from a source's text, matched against the database.

A candidate that matches a record the database holds (`matching`: kind, parties, the terms
of its name in either language, value, unit and dates) becomes a new citation on that
record, or nothing at all when the record already cites the sentence; the rest become new
records of a draft records file, each with a confidence and its reasons, which `tracker
import` refuses until an analyst has reviewed it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.domain.extraction.candidates import Candidate, extract_candidates
from tracker.domain.inputs import slugify
from tracker.errors import InvalidValue, NotFound
from tracker.models import Source
from tracker.models.base import RecordMixin
from tracker.services.assistant.matching import Decision, Held, decide
from tracker.services.curation.fields import unique_slug
from tracker.services.curation.kinds import KINDS, kind_of
from tracker.services.curation.quotes import normalise
from tracker.services.curation.records import record_citations
from tracker.services.curation.references import find_by_ref
from tracker.services.transfer.files import read_text_file


@dataclass(frozen=True)
class SourceText:
    slug: str
    text: str
    published: date | None
    new_record: dict[str, Any] | None  # the source record to create, for a file not yet held


@dataclass
class Proposal:
    """A new record for the draft, with how sure the extractor is and why."""

    kind: str
    fields: dict[str, Any]
    review: list[str]
    confidence: float
    reasons: list[str]
    observes: str | None = None  # the held target whose measure a figure reports
    possible: list[str] = field(default_factory=list)  # KIND:SLUG it may be after all
    conflicts: list[str] = field(default_factory=list)


@dataclass
class Draft:
    source: SourceText
    proposals: list[Proposal] = field(default_factory=list)
    new_citations: list[dict[str, str]] = field(default_factory=list)
    already_cited: list[tuple[str, str]] = field(default_factory=list)  # (KIND:SLUG, quote)

    def of_kind(self, kind: str) -> list[Proposal]:
        return [p for p in self.proposals if p.kind == kind]

    def count(self, kind: str) -> int:
        return len(self.of_kind(kind))


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
    decisions = _match_all(session, candidates, source.published, source.slug)
    taken: dict[str, set[str]] = {}
    slugs: dict[int, str] = {}
    for candidate in candidates:
        decision = decisions[id(candidate)]
        if decision.record is not None:
            _cite_existing(draft, decision.record, candidate)
            slugs[id(candidate)] = decision.record.slug
            continue
        model = KINDS[candidate.kind].model if candidate.kind in KINDS else None
        slug = (
            unique_slug(
                session, model, _slug_base(candidate), taken.setdefault(candidate.kind, set())
            )
            if model is not None
            else _slug_base(candidate)
        )
        slugs[id(candidate)] = slug
    for candidate in candidates:
        decision = decisions[id(candidate)]
        if decision.record is not None:
            continue
        fields = _record_fields(candidate, slugs[id(candidate)], source.slug)
        if candidate.agreement is not None:
            fields["agreement"] = slugs[id(candidate.agreement)]
        review = list(candidate.review)
        reasons = list(candidate.reasons)
        confidence = candidate.confidence
        if decision.observes is not None:
            review = [r for r in review if r != "measure"]
            reasons.append(f"an observation of target:{decision.observes.slug}")
            confidence = min(0.95, confidence + 0.1)
        review.extend(f"possible match: {r}" for r in decision.possible)
        review.extend(f"conflicts with {c}" for c in decision.conflicts)
        if decision.possible:
            confidence = round(confidence - 0.15, 2)
        draft.proposals.append(
            Proposal(
                candidate.kind,
                fields,
                review,
                round(confidence, 2),
                reasons,
                decision.observes.slug if decision.observes is not None else None,
                list(decision.possible),
                list(decision.conflicts),
            )
        )
    return draft


# ---- matching ----------------------------------------------------------------------------------


def _match_all(
    session: Session, candidates: list[Candidate], published: date | None, source_slug: str
) -> dict[int, Decision]:
    """Each candidate's decision: a citation on a held record, or a new record."""
    held = Held(session, published, source_slug)
    return {id(candidate): decide(held, candidate) for candidate in candidates}


def _cite_existing(draft: Draft, record: RecordMixin, candidate: Candidate) -> None:
    ref = f"{kind_of(record).name}:{record.slug}"
    # Only this source's citations: another text may quote the same words and still be new.
    cited = [
        normalise(c.quote) for c in record_citations(record) if c.source.slug == draft.source.slug
    ]
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
    if candidate.kind in ("agreement", "initiative"):
        quote = candidate.status_quote or candidate.quotes[0]
        for step in fields.get("status_history", []):
            step["citations"] = [{"source": source_slug, "quote": quote}]
    fields["citations"] = citations
    _mark_inferred(fields, candidate.quotes)
    return fields


def _mark_inferred(fields: dict[str, Any], quotes: list[str]) -> None:
    """What no quote gives, marked as `tracker check` asks: a date whose year came from the
    publication ("15 марта", "сегодня") ends with `?` and the note says how; parties no
    quote names set `parties_inferred`."""
    from tracker.services.curation.inference import unmarked_inferred_date, unnamed_countries

    how: list[str] = []
    for holder, key in [(fields, "date"), (fields, "deadline")] + [
        (step, "date") for step in fields.get("status_history") or []
    ]:
        value = holder.get(key)
        if value and unmarked_inferred_date(value, quotes):
            holder[key] = f"{value}?"
            how.append(f"{key} {value} counted from the text's date")
    countries = [p for p in fields.get("parties") or [] if len(p) == 2]
    if unnamed_countries(countries, quotes):
        fields["parties_inferred"] = True
    if how:
        note = fields.get("note")
        fields["note"] = "; ".join([*([note] if note else []), *how])


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
