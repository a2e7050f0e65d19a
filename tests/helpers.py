"""Test helpers: the whole state of a database, to prove a failed command wrote nothing."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import create_engine, inspect, text

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"


def database_state(db_url: str) -> bytes | str:
    """SQLite: the file's bytes after a checkpoint (so committed WAL pages count); PostgreSQL:
    every row of every table, in order."""
    if "://" not in db_url:
        path = Path(db_url)
        if not path.exists():
            return b""
        connection = sqlite3.connect(path)
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        connection.close()
        return path.read_bytes()
    engine = create_engine(db_url)
    lines = []
    with engine.connect() as connection:
        for table in sorted(inspect(connection).get_table_names()):
            rows = connection.execute(text(f'SELECT * FROM "{table}" ORDER BY 1')).fetchall()
            lines.append(f"{table}: {rows!r}")
    engine.dispose()
    return "\n".join(lines)
