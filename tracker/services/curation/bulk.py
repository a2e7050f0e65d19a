"""Writing new records with one multi-row INSERT a table.

A new record is built and checked exactly as before (`fields.apply_fields` on an object of
the mapped class, inside `building()`, so its relationships are plain values: see
`relate`), but the session never sees it: the ORM's unit of work costs several statements
and a flush a record, which made an import of 10^5 records take a quarter of an hour.
Here the object graph (the record, its link rows, its status steps and
their citations) is turned into rows, table by table, and written with `executemany`.
Ids are handed out before the INSERT, so children can refer to their parent: PostgreSQL
draws them from the table's sequence; SQLite continues from the largest id, which is safe
because a write transaction holds the database's write lock from its start (BEGIN
IMMEDIATE). SQLAlchemy's `RETURNING` in parameter order would do it too, but on SQLite it
falls back to one statement a row.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from sqlalchemy import JSON, ColumnElement, Table, func, inspect, select, text
from sqlalchemy.orm import Mapper, RelationshipProperty, Session
from sqlalchemy.orm.attributes import instance_dict
from sqlalchemy.orm.interfaces import MANYTOONE, ONETOMANY

_BUILDING = ContextVar("building_for_insert_new", default=False)


@contextmanager
def building() -> Iterator[None]:
    """Records built in this block go to `insert_new` and nowhere else (see `relate`)."""
    token = _BUILDING.set(True)
    try:
        yield
    finally:
        _BUILDING.reset(token)


def relate(obj: Any, key: str, value: Any) -> None:
    """Set a relationship (a related record, or a list of them) of `obj`.

    While `building`, the value goes straight into the object's attribute dictionary, which
    is all `insert_new` reads: the ORM's collection and back-reference events keep a session
    and the other side of each relationship informed, took over a third of an import, and
    nothing reads what they maintain on an object no session will see. Elsewhere (editing a
    record the session holds) it is an ordinary assignment."""
    assert key in type(obj).__mapper__.relationships, f"{type(obj).__name__}.{key}: no relationship"
    if _BUILDING.get():
        instance_dict(obj)[key] = value
    else:
        setattr(obj, key, value)


def insert_new(session: Session, objects: list[Any]) -> None:
    """Insert objects of one mapped class (and what they own) that the session has never
    seen; each gets its `id`. Parties, tags and the records they refer to must be in the
    database or pending in the session (flushed here first)."""
    if not objects:
        return
    session.flush()
    _insert(session, objects)


def _insert(session: Session, objects: list[Any]) -> None:
    mapper: Mapper[Any] = inspect(type(objects[0]))
    table = mapper.local_table
    assert isinstance(table, Table)
    for obj, new_id in zip(objects, _new_ids(session, table, len(objects)), strict=True):
        obj.id = new_id
    row = _row_builder(mapper, table)
    write_rows(session, table, [row(obj) for obj in objects])
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
                children[type(child)].append(child)
    for group in children.values():
        _insert(session, group)


def _new_ids(session: Session, table: Table, count: int) -> list[int]:
    if session.get_bind().dialect.name == "postgresql":
        drawn = session.scalars(
            text(
                "SELECT nextval(pg_get_serial_sequence(:table, 'id')) FROM generate_series(1, :n)"
            ),
            {"table": table.name, "n": count},
        )
        return sorted(drawn)  # ascending, so ids keep the order the records came in
    largest = session.scalar(select(func.max(table.c.id))) or 0
    return list(range(largest + 1, largest + 1 + count))


def _row_builder(mapper: Mapper[Any], table: Table) -> Callable[[Any], dict[str, Any]]:
    """Column values as the ORM would write them: a None on a column with a default takes
    the default; a many-to-one reference gives its foreign key. The plan is worked out once
    a table, the rows are then read straight from each object's attribute dictionary."""
    columns: list[tuple[str, str, Any]] = []
    for column in table.columns:
        if column.server_default is not None and column.default is None:
            continue  # the database's own (a timestamp): not for us to write
        default: Any = column.default
        columns.append((column.key, mapper.get_property_by_column(column).key, default))
    references = [
        (relationship.key, [(_key(local), _key(remote)) for local, remote in pairs])
        for relationship in mapper.relationships
        if relationship.direction is MANYTOONE and not relationship.viewonly
        for pairs in [relationship.local_remote_pairs or []]
    ]

    def row(obj: Any) -> dict[str, Any]:
        values = instance_dict(obj)
        built: dict[str, Any] = {}
        for name, attribute, default in columns:
            value = values.get(attribute)
            if value is None and default is not None:
                value = default.arg(None) if default.is_callable else default.arg
            built[name] = value
        for attribute, pairs in references:
            target = values.get(attribute)
            if target is not None:
                for local, remote in pairs:
                    built[local] = getattr(target, remote)
        return built

    return row


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
    rows = [
        {_key(own_link): getattr(obj, _key(own)), _key(other_link): getattr(item, _key(other))}
        for obj in objects
        for item in instance_dict(obj).get(relationship.key, ())
    ]
    write_rows(session, link_table, rows)


def _key(column: ColumnElement[Any]) -> str:
    key = column.key
    assert key is not None  # a table's column always has one
    return key


def write_rows(session: Session, table: Table, rows: list[dict[str, Any]]) -> None:
    """Rows of one table (each with the same keys) through the driver's own bulk path, in the
    session's transaction: `executemany` on SQLite, `COPY ... FROM STDIN` on PostgreSQL.
    SQLAlchemy's `execute(insert, rows)` built and type-processed each row's parameters
    again (a tenth of an import); here each column's converter is looked up once."""
    if not rows:
        return
    connection = session.connection()
    dialect = connection.dialect
    names = list(rows[0])
    plan = [(name, _converter(table.c[name].type, dialect)) for name in names]
    values = [
        tuple([row[name] if convert is None else convert(row[name]) for name, convert in plan])
        for row in rows
    ]
    quote = dialect.identifier_preparer.quote
    columns = ", ".join(quote(name) for name in names)
    into = dialect.identifier_preparer.format_table(table)
    cursor = connection.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        if dialect.name == "postgresql":
            with cursor.copy(f"COPY {into} ({columns}) FROM STDIN") as copy:
                for value in values:
                    copy.write_row(value)
        else:
            marks = ", ".join("?" for _ in names)
            cursor.executemany(f"INSERT INTO {into} ({columns}) VALUES ({marks})", values)
    finally:
        cursor.close()


def _converter(column_type: Any, dialect: Any) -> Callable[[Any], Any] | None:
    """What SQLAlchemy would do to a value bound to a column of this type. PostgreSQL's JSON
    is adapted by psycopg at execution, which COPY does not do: it gets the JSON text."""
    if dialect.name == "postgresql" and isinstance(column_type, JSON):
        return lambda value: None if value is None else json.dumps(value)
    processor: Callable[[Any], Any] | None = column_type.bind_processor(dialect)
    return processor
