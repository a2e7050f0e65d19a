"""`tracker search`: words in source texts and records, with the sentence they stand in.

Words are compared by stem (snowball, Russian or English), so "соглашение" finds
"соглашения" and "treaty" finds "treaties"; a term of the field's glossary
(tracker/data/glossary.yaml) also finds its translation, so "treaty" finds "Договор" and
"товарооборот" "trade turnover". A record is found by its own fields or by the sentences its
sources are cited for. SQL narrows the rows with LIKE on every stem, the same on SQLite and
PostgreSQL; the sentence that holds all the words is then found here.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Table, and_, exists, or_, select
from sqlalchemy.orm import Session

from tracker.domain.extraction.language import Word, words
from tracker.domain.glossary import Alternatives, Term, widen
from tracker.errors import InvalidValue
from tracker.models import Citation
from tracker.services.curation.kinds import KINDS, Kind
from tracker.services.query.listing import fold, like_pattern

SEARCHED_FIELDS = {
    "source": ("title", "text"),
    "event": ("title", "title_original", "place", "note"),
    "agreement": ("title", "title_original", "note"),
    "target": ("title", "title_original", "note"),
    "figure": ("title", "title_original", "note"),
}
SNIPPET_LIMIT = 240
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=[«\"“(]?[A-ZА-ЯЁ0-9])|\n+")


@dataclass(frozen=True)
class Hit:
    kind: str
    slug: str
    title: str
    field: str
    snippet: str


def search(session: Session, text: str, kind: Kind | None = None, limit: int = 50) -> list[Hit]:
    query = [w for w in words(text) if len(w.stem) >= 2]
    if not query:
        raise InvalidValue("TEXT", f"{text!r} has no word to search for")
    groups = widen(query)
    hits: list[Hit] = []
    for searched in [kind] if kind else KINDS.values():
        for record in _rows(session, searched, groups):
            hit = _hit(searched, record, groups)
            if hit is not None:
                hits.append(hit)
                if len(hits) >= limit:
                    return hits
    return hits


_CITATIONS: Table = Citation.__table__  # type: ignore[assignment]
CITATION_FIELD = "citation"  # a hit in the sentence a source is cited for


def _fields(kind: Kind) -> tuple[str, ...]:
    # A kind added later is searched by the fields every record kind has.
    return SEARCHED_FIELDS.get(kind.name, ("title", "title_original", "note"))


def _rows(session: Session, kind: Kind, groups: list[Alternatives]) -> Iterator[Any]:
    model: Any = kind.model
    columns = [getattr(model, name) for name in _fields(kind) if hasattr(model, name)]
    cited_key = f"{kind.name}_id"

    def found(term: Term) -> ColumnElement[bool]:
        pattern = _pattern(term)
        places: list[ColumnElement[bool]] = [
            fold(session, column).like(pattern, escape="\\") for column in columns
        ]
        if kind.name != "source" and cited_key in _CITATIONS.c:
            places.append(
                exists().where(
                    _CITATIONS.c[cited_key] == model.id,
                    fold(session, _CITATIONS.c.quote).like(pattern, escape="\\"),
                )
            )
        return or_(*places)

    # Every group in some field: one of its phrases, each word of it somewhere.
    conditions = [
        or_(*(and_(*(found(term) for term in phrase)) for phrase in group)) for group in groups
    ]
    yield from session.scalars(select(model).where(and_(*conditions)).order_by(model.slug))


def _pattern(term: Term) -> str:
    # "е" also matches "ё", which stems do not keep. A stem's last letter may differ from the
    # text's ("treati" for "treaty"): leave it out.
    text = term.text if term.prefix or len(term.text) <= 4 else term.text[:-1]
    return like_pattern(text).replace("е", "_")


def _satisfied(group: Alternatives, sentence: list[Word]) -> bool:
    return any(
        all(any(term.matches(word) for word in sentence) for term in phrase) for phrase in group
    )


def _hit(kind: Kind, record: Any, groups: list[Alternatives]) -> Hit | None:
    texts = [(name, getattr(record, name, None)) for name in _fields(kind)]
    if kind.name != "source":  # a source's quotes are part of its text, searched already
        texts += [(CITATION_FIELD, citation.quote) for citation in record.citations]
    for name, value in texts:
        if not value:
            continue
        for sentence in _SENTENCE_END.split(value):
            sentence_words = words(sentence)
            if all(_satisfied(group, sentence_words) for group in groups):
                snippet = _snippet(sentence, groups)
                return Hit(kind.name, record.slug, record.title, name, snippet)
    return None


def _snippet(sentence: str, groups: list[Alternatives]) -> str:
    flat = " ".join(sentence.split())
    if len(flat) <= SNIPPET_LIMIT:
        return flat
    terms = [term for group in groups for phrase in group for term in phrase]
    first = next((w.start for w in words(flat) if any(t.matches(w) for t in terms)), 0)
    start = max(0, min(first - SNIPPET_LIMIT // 3, len(flat) - SNIPPET_LIMIT))
    piece = flat[start : start + SNIPPET_LIMIT]
    return ("…" if start else "") + piece + ("…" if start + SNIPPET_LIMIT < len(flat) else "")
