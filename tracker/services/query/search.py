"""`tracker search`: words in source texts and records, with the sentence they stand in.

Words are compared by stem (snowball, Russian or English), so "соглашение" finds
"соглашения" and "treaty" finds "treaties". SQL narrows the rows with LIKE on every stem, the
same on SQLite and PostgreSQL; the sentence that holds all the words is then found here.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from tracker.domain.extraction.language import words
from tracker.errors import InvalidValue
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
    terms = list(dict.fromkeys(w.stem for w in words(text) if len(w.stem) >= 2))
    if not terms:
        raise InvalidValue("TEXT", f"{text!r} has no word to search for")
    hits: list[Hit] = []
    for searched in [kind] if kind else KINDS.values():
        for record in _rows(session, searched, terms):
            hit = _hit(searched, record, terms)
            if hit is not None:
                hits.append(hit)
                if len(hits) >= limit:
                    return hits
    return hits


def _rows(session: Session, kind: Kind, terms: list[str]) -> Iterator[Any]:
    model: Any = kind.model
    columns = [getattr(model, name) for name in SEARCHED_FIELDS[kind.name]]
    # Every stem in some field; "е" also matches "ё", which stems do not keep.
    conditions = [
        or_(*(fold(session, column).like(_pattern(term), escape="\\") for column in columns))
        for term in terms
    ]
    yield from session.scalars(select(model).where(and_(*conditions)).order_by(model.slug))


def _pattern(term: str) -> str:
    # A stem's last letter may differ from the text's ("treati" for "treaty"): leave it out.
    return like_pattern(term[:-1] if len(term) > 4 else term).replace("е", "_")


def _hit(kind: Kind, record: Any, terms: list[str]) -> Hit | None:
    for name in SEARCHED_FIELDS[kind.name]:
        value = getattr(record, name)
        if not value:
            continue
        for sentence in _SENTENCE_END.split(value):
            sentence_stems = {w.stem for w in words(sentence)}
            if all(term in sentence_stems for term in terms):
                return Hit(kind.name, record.slug, record.title, name, _snippet(sentence, terms))
    return None


def _snippet(sentence: str, terms: list[str]) -> str:
    flat = " ".join(sentence.split())
    if len(flat) <= SNIPPET_LIMIT:
        return flat
    first = next((w.start for w in words(flat) if w.stem in terms), 0)
    start = max(0, min(first - SNIPPET_LIMIT // 3, len(flat) - SNIPPET_LIMIT))
    piece = flat[start : start + SNIPPET_LIMIT]
    return ("…" if start else "") + piece + ("…" if start + SNIPPET_LIMIT < len(flat) else "")
