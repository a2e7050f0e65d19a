"""Writing new records with one multi-row INSERT a table.

A new record is built and checked by the same field rules as an edit (`fields.apply_fields`),
but as a `Draft`: plain values in a dictionary, with no SQLAlchemy instance state, attribute
instrumentation or unit of work. Building a record as a mapped object cost about half of an
import (instance set-up and attribute events: some 20 per agreement), and writing it
through the session several statements and a flush a record. Here the draft graph (the
record, its link rows, its status steps and their citations) is turned into rows, table by
table, and written through the driver's bulk path. Ids are handed out before the INSERT,
so children can refer to their parent: PostgreSQL draws them from the table's sequence;
SQLite continues from the largest id, which is safe because a write transaction holds the
database's write lock from its start (BEGIN IMMEDIATE). SQLAlchemy's `RETURNING` in
parameter order would do it too, but on SQLite it falls back to one statement a row.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from operator import itemgetter
from typing import Any, Protocol, TypeVar

from sqlalchemy import JSON, ColumnElement, Table, func, inspect, select, text
from sqlalchemy.orm import Mapper, RelationshipProperty, Session
from sqlalchemy.orm.attributes import instance_dict
from sqlalchemy.orm.interfaces import MANYTOONE, ONETOMANY

T = TypeVar("T")

_BUILDING = ContextVar("building_for_insert_new", default=False)


class RowSink(Protocol):
    """Where the bulk writer's rows go instead of the session's connection: the checking
    process of a piped import (`transfer.piped`) sends them to the one that writes."""

    def before_insert(self, session: Session) -> None: ...
    def new_ids(self, session: Session, table: Table, count: int) -> list[int]: ...
    def write(self, table: Table, names: list[str], rows: list[list[Any]]) -> None: ...


_SINK: ContextVar[RowSink | None] = ContextVar("bulk_row_sink", default=None)


@contextmanager
def sending_rows_to(sink: RowSink) -> Iterator[None]:
    """Within the block, the bulk writer hands its ids out and its rows over through `sink`,
    and never touches the session's connection."""
    token = _SINK.set(sink)
    try:
        yield
    finally:
        _SINK.reset(token)


class Draft:
    """A new record (or status step, or citation) as the plain values the bulk writer turns
    into rows: every column and relationship of `model` is an ordinary attribute, None or an
    empty list until a field rule sets it.

    It answers to `isinstance` as its model does (through `__class__`, as `unittest.mock`'s
    spec objects do), so the field rules, `kind_of` and the serializer that pictures a record
    for the audit log treat a draft and a stored record alike: one definition of each rule."""

    __slots__ = ("__dict__", "_model")
    _model: type[Any]

    def __init__(self, model: type[Any]) -> None:
        object.__setattr__(self, "_model", model)
        self.__dict__.update(_blank(model))
        for key in _LISTS[model]:
            self.__dict__[key] = []

    @property  # type: ignore[misc]  # what isinstance asks: the model this stands for
    def __class__(self) -> type[Any]:
        return self._model

    def __repr__(self) -> str:
        return f"Draft({self._model.__name__}, {self.__dict__!r})"


_BLANKS: dict[type[Any], dict[str, Any]] = {}
_LISTS: dict[type[Any], tuple[str, ...]] = {}
_RELATIONSHIPS: dict[type[Any], frozenset[str]] = {}


def _blank(model: type[Any]) -> dict[str, Any]:
    """A draft's attributes before any rule sets them, as a new mapped object reads: columns
    and single references None (lists are made fresh for each draft)."""
    blank = _BLANKS.get(model)
    if blank is None:
        mapper: Mapper[Any] = inspect(model)
        blank = {attribute.key: None for attribute in mapper.column_attrs}
        lists = tuple(r.key for r in mapper.relationships if r.uselist)
        blank.update((r.key, None) for r in mapper.relationships if not r.uselist)
        _BLANKS[model], _LISTS[model] = blank, lists
        _RELATIONSHIPS[model] = frozenset(mapper.relationships.keys())
    return blank


def new_draft(model: type[Any], **values: Any) -> Draft:
    draft = Draft(model)
    draft.__dict__.update(values)
    return draft


def new(model: type[T], **values: Any) -> T:
    """A new object of `model` with `values`: a `Draft` while `building` (the bulk writer
    takes it), else a mapped object for the session (a step added to a stored record)."""
    if not _BUILDING.get():
        return model(**values)
    return new_draft(model, **values)  # type: ignore[return-value]  # reads and writes as a T does


@contextmanager
def building() -> Iterator[None]:
    """Records built in this block are drafts for `insert_new` (see `new` and `relate`)."""
    token = _BUILDING.set(True)
    try:
        yield
    finally:
        _BUILDING.reset(token)


def relate(obj: Any, key: str, value: Any) -> None:
    """Set a relationship (a related record, or a list of them) of `obj`.

    On a draft the value is a plain attribute. On a mapped object it is an ordinary
    assignment, which keeps the session and the other side of the relationship informed."""
    if type(obj) is Draft:
        assert key in _RELATIONSHIPS[obj.__class__], f"{obj!r}.{key}: no relationship"
        obj.__dict__[key] = value
    else:
        assert key in obj.__class__.__mapper__.relationships, f"{obj!r}.{key}: no relationship"
        setattr(obj, key, value)


def insert_new(session: Session, objects: list[Any]) -> None:
    """Insert objects of one mapped class (and what they own) that the session has never
    seen; each gets its `id`. Parties, tags and the records they refer to must be in the
    database or pending in the session (flushed here first)."""
    if not objects:
        return
    sink = _SINK.get()
    if sink is None:
        session.flush()
    else:
        sink.before_insert(session)
        _insert_pending(session)
    _insert(session, objects)


def _insert_pending(session: Session) -> None:
    """What a flush would write (parties and tags met for the first time), written by the
    bulk writer instead, and then let go of: the session must not write it again."""
    pending: dict[type[Any], list[Any]] = defaultdict(list)
    for obj in list(session.new):
        pending[type(obj)].append(obj)
    for model, group in pending.items():
        drafts = [_as_draft(model, obj) for obj in group]
        _insert(session, drafts)
        for obj, draft in zip(group, drafts, strict=True):
            session.expunge(obj)
            obj.id = draft.__dict__["id"]


def _as_draft(model: type[Any], obj: Any) -> Draft:
    """A new mapped object's values as a draft: the row builder reads every column, and a
    mapped object holds only those it was given."""
    return new_draft(
        model, **{key: value for key, value in instance_dict(obj).items() if key[:4] != "_sa_"}
    )


def _insert(session: Session, objects: list[Any]) -> None:
    mapper: Mapper[Any] = inspect(objects[0].__class__)
    table = mapper.local_table
    assert isinstance(table, Table)
    for obj, new_id in zip(objects, _new_ids(session, table, len(objects)), strict=True):
        obj.id = new_id
    names, row = _row_builder(mapper, table)
    write_values(session, table, names, [row(obj) for obj in objects])
    children: dict[type[Any], list[Any]] = defaultdict(list)
    for relationship in _owned(mapper):
        if relationship.secondary is not None:
            _insert_links(session, relationship, objects)
            continue
        # The child's foreign key comes from its parent here, not from a back-reference.
        pairs = [
            (_key(mine), relationship.mapper.get_property_by_column(theirs).key)
            for mine, theirs in relationship.synchronize_pairs
        ]
        for obj in objects:
            for child in instance_dict(obj).get(relationship.key, ()):
                child_values = instance_dict(child)
                for mine, theirs in pairs:
                    child_values[theirs] = getattr(obj, mine)
                children[child.__class__].append(child)
    for group in children.values():
        _insert(session, group)


def _new_ids(session: Session, table: Table, count: int) -> list[int]:
    sink = _SINK.get()
    if sink is not None:
        return sink.new_ids(session, table, count)
    if session.get_bind().dialect.name == "postgresql":
        return sequence_ids(session, table, count)
    largest = largest_id(session, table)
    return list(range(largest + 1, largest + 1 + count))


def largest_id(session: Session, table: Table) -> int:
    """The table's largest id as this transaction sees it (SQLite hands ids on from it)."""
    return int(session.scalar(select(func.max(table.c.id))) or 0)


def sequence_ids(session: Session, table: Table, count: int) -> list[int]:
    """`count` ids drawn from the table's PostgreSQL sequence, ascending: ids keep the order
    the records came in."""
    drawn = session.scalars(
        text("SELECT nextval(pg_get_serial_sequence(:table, 'id')) FROM generate_series(1, :n)"),
        {"table": table.name, "n": count},
    )
    return sorted(drawn)


def _row_builder(mapper: Mapper[Any], table: Table) -> tuple[list[str], Callable[[Any], list[Any]]]:
    """The columns written, and a draft's values for them as the ORM would write them: a
    None on a column with a default takes the default; a many-to-one reference gives its
    foreign key. The plan is worked out once a table; each row is then one C-level read of
    the draft's attribute dictionary, patched where a default or a reference applies."""
    names: list[str] = []
    attributes: list[str] = []
    defaults: list[tuple[int, Any]] = []
    for column in table.columns:
        if column.server_default is not None and column.default is None:
            continue  # the database's own (a timestamp): not for us to write
        if column.default is not None:
            defaults.append((len(names), column.default))
        names.append(column.key)
        attributes.append(mapper.get_property_by_column(column).key)
    references = [
        (relationship.key, names.index(_key(local)), _key(remote))
        for relationship in mapper.relationships
        if relationship.direction is MANYTOONE and not relationship.viewonly
        for local, remote in relationship.local_remote_pairs or []
    ]
    read = itemgetter(*attributes)

    def row(obj: Any) -> list[Any]:
        values = instance_dict(obj)
        built = list(read(values))
        for index, default in defaults:
            if built[index] is None:
                built[index] = default.arg(None) if default.is_callable else default.arg
        for attribute, index, remote in references:
            target = values[attribute]
            if target is not None:
                built[index] = getattr(target, remote)
        return built

    return names, row


def _owned(mapper: Mapper[Any]) -> list[RelationshipProperty[Any]]:
    """Link tables and the children a record owns (deleted with it), in mapper order."""
    return [
        r
        for r in mapper.relationships
        if not r.viewonly
        and (r.secondary is not None or (r.direction is ONETOMANY and r.cascade.delete_orphan))
    ]


def _insert_links(
    session: Session, relationship: RelationshipProperty[Any], objects: list[Any]
) -> None:
    link_table = relationship.secondary
    assert isinstance(link_table, Table)
    [(own, own_link)] = relationship.synchronize_pairs
    [(other, other_link)] = relationship.secondary_synchronize_pairs or []
    mine, theirs = _key(own), _key(other)
    rows = [
        [getattr(obj, mine), getattr(item, theirs)]
        for obj in objects
        for item in instance_dict(obj).get(relationship.key, ())
    ]
    write_values(session, link_table, [_key(own_link), _key(other_link)], rows)


def _key(column: ColumnElement[Any]) -> str:
    key = column.key
    assert key is not None  # a table's column always has one
    return key


def write_rows(session: Session, table: Table, rows: list[dict[str, Any]]) -> None:
    """Rows of one table, each a mapping with the same keys: see `write_values`."""
    if rows:
        names = list(rows[0])
        read = itemgetter(*names)
        write_values(
            session, table, names, [[read(r)] if len(names) == 1 else list(read(r)) for r in rows]
        )


def write_values(
    session: Session,
    table: Table,
    names: list[str],
    rows: list[list[Any]],
    *,
    converted: bool = False,
) -> None:
    """Rows of one table, the values of `names` in order, through the driver's own bulk path
    in the session's transaction: `executemany` on SQLite, `COPY ... FROM STDIN` on
    PostgreSQL. SQLAlchemy's `execute(insert, rows)` built and type-processed each row's
    parameters again (a tenth of an import); here only the columns whose type converts a
    value are touched, each converter looked up once (`converted`: they have been)."""
    if not rows:
        return
    dialect = session.get_bind().dialect
    if not converted:
        _convert_values(dialect, table, names, rows)
    sink = _SINK.get()
    if sink is not None:
        sink.write(table, names, rows)
        return
    connection = session.connection()
    quote = dialect.identifier_preparer.quote
    columns = ", ".join(quote(name) for name in names)
    into = dialect.identifier_preparer.format_table(table)
    cursor = connection.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        if dialect.name == "postgresql":
            with cursor.copy(f"COPY {into} ({columns}) FROM STDIN") as copy:
                for values in rows:
                    copy.write_row(values)
        else:
            marks = ", ".join("?" for _ in names)
            cursor.executemany(f"INSERT INTO {into} ({columns}) VALUES ({marks})", rows)
    finally:
        cursor.close()


def _convert_values(dialect: Any, table: Table, names: list[str], rows: list[list[Any]]) -> None:
    """Each value of `rows` as the driver is given it (dates as text on SQLite, JSON as
    text), in place."""
    plan = [(i, _converter(table.c[name].type, dialect)) for i, name in enumerate(names)]
    converting = [(i, convert) for i, convert in plan if convert is not None]
    for values in rows if converting else ():
        for index, convert in converting:
            values[index] = convert(values[index])


def _converter(column_type: Any, dialect: Any) -> Callable[[Any], Any] | None:
    """What SQLAlchemy would do to a value bound to a column of this type. PostgreSQL's JSON
    is adapted by psycopg at execution, which COPY does not do: it gets the JSON text."""
    if dialect.name == "postgresql" and isinstance(column_type, JSON):
        return lambda value: None if value is None else json.dumps(value)
    processor: Callable[[Any], Any] | None = column_type.bind_processor(dialect)
    if processor is not None and isinstance(column_type, JSON):
        # An audit entry's empty side: its JSON text worked out once, not once a row.
        null = processor(None)
        convert = processor
        return lambda value: null if value is None else convert(value)
    return processor
