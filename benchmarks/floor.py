#!/usr/bin/env python3
"""The floor of an import: the rows it wrote, replayed into a fresh database at the same schema.

    python benchmarks/floor.py SOURCE TARGET          # each a SQLite path or a database URL
    python benchmarks/floor.py SOURCE TARGET --json   # seconds and rows a table, for run.py

SOURCE is the database an import produced; TARGET a database at the same schema that holds
only what creating the schema put there (`tracker --db TARGET init --empty`). Every table of
SOURCE that TARGET has left empty is read back (ordered by its primary key, the order the
import wrote it in) and written to TARGET in one transaction, parents before children: on
SQLite with one `executemany` a table, on the connection settings tracker uses (foreign keys
on, WAL, synchronous=NORMAL); on PostgreSQL with one `COPY ... FROM STDIN` a table (psycopg 3,
`write_row`, text format). A table TARGET already fills (Alembic's version) must hold the same
rows in both: that is the check that the schemas are the same revision.

The clock runs only while rows are written and for the commit (on SQLite with closing the
connection, which copies the write-ahead log into the file, as an import's exit does): reading
SOURCE, connecting and creating the schema are outside it, and it stops while each table is read.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import MetaData, Table, create_engine
from sqlalchemy.engine import URL, make_url

SQLITE_BUSY_TIMEOUT_MS = 10_000  # as tracker's make_engine


@dataclass
class Floor:
    seconds: float = 0.0
    rows: dict[str, int] = field(default_factory=dict)  # table: rows written
    table_seconds: dict[str, float] = field(default_factory=dict)

    def as_json(self) -> str:
        return json.dumps(
            {"seconds": self.seconds, "rows": self.rows, "table_seconds": self.table_seconds}
        )


def database_url(value: str) -> URL:
    """A SQLite path or a URL, read as tracker reads --db."""
    if "://" not in value:
        return make_url(f"sqlite:///{Path(value).expanduser().absolute()}")
    url = make_url(value)
    if url.get_backend_name() == "postgresql":
        url = url.set(drivername="postgresql+psycopg")
    return url


def libpq_conninfo(url: URL) -> str:
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


def reflect(url: URL) -> list[Table]:
    """The tables in dependency order (parents first)."""
    engine = create_engine(url)
    try:
        metadata = MetaData()
        metadata.reflect(engine)
    finally:
        engine.dispose()
    return list(metadata.sorted_tables)


def same_tables(source: list[Table], target: list[Table]) -> None:
    def shape(tables: list[Table]) -> dict[str, list[str]]:
        return {t.name: [c.name for c in t.columns] for t in tables}

    if shape(source) != shape(target):
        raise SystemExit("the target's tables or columns differ from the source's")


def quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def select_sql(table: Table) -> str:
    columns = ", ".join(quoted(c.name) for c in table.columns)
    order = ", ".join(quoted(c.name) for c in table.primary_key.columns) or "1"
    return f"SELECT {columns} FROM {quoted(table.name)} ORDER BY {order}"


def replay(source: str, target: str) -> Floor:
    source_url, target_url = database_url(source), database_url(target)
    if source_url.get_backend_name() != target_url.get_backend_name():
        raise SystemExit("source and target must be the same engine")
    tables = reflect(source_url)
    same_tables(tables, reflect(target_url))
    if source_url.get_backend_name() == "sqlite":
        return _replay_sqlite(source_url, target_url, tables)
    return _replay_postgres(source_url, target_url, tables)


def _sqlite_target(path: str) -> sqlite3.Connection:
    connection = sqlite3.connect(path, isolation_level=None)  # transactions taken by hand
    connection.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
    connection.execute("PRAGMA foreign_keys = ON")
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("PRAGMA synchronous = NORMAL")
    return connection


def _replay_sqlite(source_url: URL, target_url: URL, tables: list[Table]) -> Floor:
    floor = Floor()
    reader = sqlite3.connect(f"file:{source_url.database}?mode=ro", uri=True)
    assert target_url.database is not None
    writer = _sqlite_target(target_url.database)
    try:
        started = time.perf_counter()
        writer.execute("BEGIN IMMEDIATE")
        floor.seconds += time.perf_counter() - started
        for table in tables:
            sql = select_sql(table)
            rows = reader.execute(sql).fetchall()
            held = writer.execute(sql).fetchall()
            if held:
                if held != rows:
                    raise SystemExit(
                        f"{table.name}: the target holds other rows (not a fresh copy)"
                    )
                continue
            if not rows:
                continue
            columns = ", ".join(quoted(c.name) for c in table.columns)
            marks = ", ".join("?" for _ in table.columns)
            insert = f"INSERT INTO {quoted(table.name)} ({columns}) VALUES ({marks})"
            started = time.perf_counter()
            writer.executemany(insert, rows)
            spent = time.perf_counter() - started
            floor.seconds += spent
            floor.rows[table.name], floor.table_seconds[table.name] = len(rows), spent
            del rows
        started = time.perf_counter()
        writer.execute("COMMIT")
        writer.close()  # the last connection copies the WAL into the file, as an import's exit
        spent = time.perf_counter() - started
        floor.seconds += spent
        floor.table_seconds["(commit)"] = spent
    finally:
        reader.close()
        writer.close()
    return floor


def _replay_postgres(source_url: URL, target_url: URL, tables: list[Table]) -> Floor:
    import psycopg

    floor = Floor()
    with (
        psycopg.connect(libpq_conninfo(source_url)) as reader,
        psycopg.connect(libpq_conninfo(target_url)) as writer,
    ):
        for table in tables:
            rows = _copy_out(reader, select_sql(table))
            held = _copy_out(writer, select_sql(table))
            if held:
                if held != rows:
                    raise SystemExit(
                        f"{table.name}: the target holds other rows (not a fresh copy)"
                    )
                continue
            if not rows:
                continue
            columns = ", ".join(quoted(c.name) for c in table.columns)
            with writer.cursor() as cursor:
                started = time.perf_counter()
                with cursor.copy(f"COPY {quoted(table.name)} ({columns}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
                spent = time.perf_counter() - started
            floor.seconds += spent
            floor.rows[table.name], floor.table_seconds[table.name] = len(rows), spent
            del rows
        started = time.perf_counter()
        writer.commit()
        spent = time.perf_counter() - started
        floor.seconds += spent
        floor.table_seconds["(commit)"] = spent
    return floor


def _copy_out(connection: Any, select: str) -> list[tuple[str | None, ...]]:
    """A table's rows in COPY's text form (every value a string, NULL as None): written back
    with COPY they are the same values, whatever the column types (JSON, dates, numerics)."""
    with connection.cursor() as cursor, cursor.copy(f"COPY ({select}) TO STDOUT") as copy:
        return list(copy.rows())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", help="the database an import produced (path or URL)")
    parser.add_argument("target", help="a fresh database at the same schema (path or URL)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    arguments = parser.parse_args()
    floor = replay(arguments.source, arguments.target)
    if arguments.json:
        print(floor.as_json())
        return
    for name, count in floor.rows.items():
        print(f"{name:<24} {count:>10,} rows {floor.table_seconds[name] * 1000:10.0f} ms")
    print(f"{'(commit)':<24} {'':>15} {floor.table_seconds['(commit)'] * 1000:10.0f} ms")
    print(f"{'floor':<24} {sum(floor.rows.values()):>10,} rows {floor.seconds * 1000:10.0f} ms")


if __name__ == "__main__":
    main()
