"""Resolving what a field names: records by slug or id, parties, tags, cited sources."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.domain.ids import REF_HINT, record_id
from tracker.domain.inputs import SLUG_PATTERN, parse_party, slugify
from tracker.domain.locators import missing_part, parse_locator
from tracker.errors import InvalidValue, NotFound
from tracker.models import Citation, Party, Source, Tag
from tracker.models.base import RecordMixin
from tracker.services.curation.bulk import new
from tracker.services.curation.quotes import quote_in_text
from tracker.services.curation.values import LONG_TEXT_LIMIT, list_value, text_value

R = TypeVar("R", bound=RecordMixin)
TAG_PATTERN = re.compile(r"[^\W_](?:[\w -]{0,58}[^\W_])?")  # fullmatch: `$` lets "\n" end it


_CACHE = "references"
_QUOTES = "checked quotes"
# The parties, and the tags, a list of names resolved to: an import repeats a few lists.
_PARTY_LISTS, _TAG_LISTS = "party lists", "tag lists"
_MEMOS = (_CACHE, _QUOTES, _PARTY_LISTS, _TAG_LISTS)
_MET = {Party: "parties", Tag: "tags"}


@contextmanager
def reference_cache(session: Session) -> Iterator[None]:
    """Within the block, a record found by slug is remembered, and so is each quote found in
    a source's text and what each list of parties or tags resolved to: an import cites the
    same sources and names the same events thousands of times. Only for work that deletes
    nothing and changes no slug."""
    for memo in _MEMOS:
        session.info[memo] = {}
    try:
        yield
    finally:
        for memo in _MEMOS:
            del session.info[memo]


def remember_reference(session: Session, model: type[RecordMixin], slug: str, record: Any) -> None:
    """Within `reference_cache`: `slug` names `record` (one the database does not show)."""
    session.info[_CACHE][(model, slug)] = record


def met(session: Session, model: type[Party] | type[Tag]) -> dict[str, Any]:
    """The parties (by code) or tags (by name) this session has found or made so far."""
    found: dict[str, Any] = session.info.setdefault(_MET[model], {})
    return found


def checked_quotes(session: Session) -> dict[tuple[Any, ...], Any]:
    """Within `reference_cache`: the citations checked so far, to forget when a source the
    import has checked quotes against changes."""
    checked: dict[tuple[Any, ...], Any] = session.info[_QUOTES]
    return checked


def check_ref(ref: str, field: str) -> None:
    """A reference is a slug or an id exactly as given, refused before any query if it can be
    neither: nothing is stripped, so 'border\\n' never names 'border'."""
    # The slug's pattern without its length limit: a slug made from a title may be longer.
    if SLUG_PATTERN.fullmatch(ref) is None:
        raise InvalidValue(field, f"{ref!r} is not a slug or an id; {REF_HINT}")


def find_by_ref(session: Session, model: type[R], ref: Any, field: str) -> R:
    """A record by slug or numeric id."""
    kind = kind_of_model(model)
    cache: dict[tuple[type[RecordMixin], str], Any] | None = session.info.get(_CACHE)
    if isinstance(ref, int) and not isinstance(ref, bool):
        found = session.get(model, record_id(ref, field))
    elif isinstance(ref, str) and ref:
        found = cache.get((model, ref)) if cache is not None else None  # only refs that passed
        if found is None:
            check_ref(ref, field)
            found = session.scalars(select(model).where(model.slug == ref)).first()
        if found is None:
            number = record_id(ref, field)  # after the slugs: a title "2024" makes slug "2024"
            found = session.get(model, number) if number is not None else None
        if found is not None and cache is not None:
            cache[(model, ref)] = found
    else:
        raise InvalidValue(field, f"expected a {kind} slug or id, got {ref!r}")
    if found is None:
        raise NotFound(f"no {kind} {ref!r}", field)
    return found


def kind_of_model(model: type[RecordMixin]) -> str:
    return model.__tablename__.removesuffix("s")  # type: ignore[attr-defined,no-any-return]


def party(session: Session, token: Any, field: str) -> Party:
    if not isinstance(token, str):
        raise InvalidValue(field, f"expected a country code or org:/city: name, got {token!r}")
    ref = parse_party(token, field)
    known: dict[str, Party] = met(session, Party)
    found = known.get(ref.code)
    if found is None:
        found = session.scalars(select(Party).where(Party.code == ref.code)).first()
    if found is None:
        found = Party(code=ref.code, kind=ref.kind, name=ref.name)
        session.add(found)
    known[ref.code] = found  # an import names the same few parties thousands of times
    return found


def parties(session: Session, tokens: Any, field: str) -> list[Party]:
    memo: dict[tuple[Any, ...], list[Party]] | None = session.info.get(_PARTY_LISTS)
    given = _texts(tokens)
    if memo is not None and given in memo:
        return list(memo[given])
    chosen: dict[str, Party] = {}
    for i, token in enumerate(list_value(tokens, field)):
        found = party(session, token, f"{field}[{i}]" if isinstance(tokens, list) else field)
        chosen[found.code] = found
    found_all = sorted(chosen.values(), key=lambda p: p.code)
    if memo is not None and given is not None:
        memo[given] = found_all
    return list(found_all)


def _texts(items: Any) -> tuple[Any, ...] | None:
    """A list as a key to what it resolved to, or None (resolved, or refused, anew). Only a
    list that resolved is remembered, and only texts resolve: a key of other values is never
    found."""
    if type(items) is not list:
        return None
    key = tuple(items)
    try:
        hash(key)
    except TypeError:  # a list holding a list or a mapping: refused below
        return None
    return key


def tags(session: Session, names: Any, field: str) -> list[Tag]:
    memo: dict[tuple[Any, ...], list[Tag]] | None = session.info.get(_TAG_LISTS)
    given = _texts(names)
    if memo is not None and given in memo:
        return list(memo[given])
    found_all = _tags(session, names, field)
    if memo is not None and given is not None:
        memo[given] = found_all
    return list(found_all)


def _tags(session: Session, names: Any, field: str) -> list[Tag]:
    chosen: dict[str, Tag] = {}
    for name in list_value(names, field):
        if not isinstance(name, str) or not TAG_PATTERN.fullmatch(name.strip()):
            raise InvalidValue(
                field, f"{name!r} is not a tag; use letters, digits, spaces and hyphens"
            )
        key = slugify(name)
        known: dict[str, Tag] = met(session, Tag)
        found = known.get(key) or session.scalars(select(Tag).where(Tag.name == key)).first()
        if found is None:
            found = Tag(name=key)
            session.add(found)
        known[key] = chosen[key] = found
    return sorted(chosen.values(), key=lambda t: t.name)


CITATION_KEYS = frozenset({"source", "quote", "locator"})


def citation_list(session: Session, items: Any, field: str) -> list[Citation]:
    """Citations: of a text, `{source, quote}` with the quote verbatim in it; of a dataset,
    `{source, locator}` with a row and a column its table has."""
    made = []
    checked: dict[tuple[Any, ...], tuple[Source, str, str]] | None = session.info.get(_QUOTES)
    for i, item in enumerate(list_value(items, field)):
        if not isinstance(item, Mapping) or not CITATION_KEYS.issuperset(item):
            raise InvalidValue(
                f"{field}[{i}]",
                "expected {source: SOURCE_SLUG, quote: VERBATIM_TEXT} (a dataset: locator)",
            )
        given = (item.get("source"), item.get("quote"), item.get("locator"))
        remembered = _remembered(checked, given)
        # The source's text is named by its digest: an import that updates a source's text
        # checks later quotes against the new one.
        if remembered is not None and remembered[0].sha256 == remembered[1]:
            source, quote = remembered[0], remembered[2]
        else:
            where = f"{field}[{i}]"
            source = find_by_ref(session, Source, given[0], f"{where}.source")
            quote = _cited_part(source, item, where)
            if checked is not None and all(part is None or type(part) is str for part in given):
                checked[given] = (source, source.sha256, quote)
        made.append(new(Citation, quote=quote, source=source))
    return made


def _remembered(
    checked: dict[tuple[Any, ...], tuple[Source, str, str]] | None, given: tuple[Any, ...]
) -> tuple[Source, str, str] | None:
    """The source a citation named, its text's digest and the quote, when an earlier
    citation of the same import gave the same (a list, say, is not a key: refused anew)."""
    if checked is None:
        return None
    try:
        return checked.get(given)
    except TypeError:
        return None


def _cited_part(source: Source, item: Mapping[str, Any], where: str) -> str:
    """What a citation of `source` keeps: a quote found verbatim in its text, or a locator of
    a row and column its table has."""
    if source.kind == "dataset":
        return _locator(item, source, where)
    if "locator" in item:
        raise InvalidValue(
            f"{where}.locator", f"{source.slug!r} is a text: cite it with a verbatim quote"
        )
    quote: str = text_value(
        item.get("quote"), f"{where}.quote", required=True, limit=LONG_TEXT_LIMIT
    )
    if not quote_in_text(quote, source.text):
        raise InvalidValue(
            f"{where}.quote", f"not found verbatim in the text of source {source.slug!r}"
        )
    return quote


def _locator(item: Mapping[str, Any], source: Source, where: str) -> str:
    """A dataset's citation: the locator, checked against its table, in its one spelling
    (stored where a text's quote is). A `quote` holding a locator is read as one: CSV
    files carry both in one column."""
    key = "locator" if "locator" in item else "quote"
    raw = text_value(item.get(key), f"{where}.{key}", required=True)
    locator = parse_locator(raw, f"{where}.locator")
    missing = missing_part(source.text, locator)
    if missing is not None:
        raise InvalidValue(
            f"{where}.locator", f"the table of dataset {source.slug!r} has no {missing}"
        )
    return str(locator)
