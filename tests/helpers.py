"""Test helpers: the whole state of a database, to prove a failed command wrote nothing."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
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


NEXT_REVISION = "29990101_0001"


def use_scripts_with_next_revision(
    tmp_path: Path, monkeypatch: object, upgrade: str, table: str = "scratch"
) -> str:
    """Switch tracker to a copy of the migrations plus one more revision (as the next release
    would ship), whose upgrade runs `upgrade` (Python lines); returns that revision."""
    import shutil

    import pytest

    from tracker.services.store import migrations, opening
    from tracker.services.store.revision import SCHEMA_HEAD

    assert isinstance(monkeypatch, pytest.MonkeyPatch)
    scripts = tmp_path / "scripts"
    shutil.copytree(REPO / "migrations", scripts)
    body = "\n".join(f"    {line}" for line in upgrade.strip().splitlines())
    (scripts / "versions" / "2999_01_01_0000_next.py").write_text(
        f'''"""the next release's revision"""
import sqlalchemy as sa
from alembic import op

revision = "{NEXT_REVISION}"
down_revision = "{SCHEMA_HEAD}"
branch_labels = None
depends_on = None


def upgrade() -> None:
{body}


def downgrade() -> None:
    op.drop_table("{table}")
'''
    )
    monkeypatch.setattr(migrations, "script_location", lambda: scripts)
    monkeypatch.setattr(opening, "SCHEMA_HEAD", NEXT_REVISION)
    return NEXT_REVISION


def start_workers(module: str, *arguments: list[str]) -> list[subprocess.Popen[str]]:
    """One `python -m MODULE ARGS...` process per argument list, all started at once."""
    return [
        subprocess.Popen(
            [sys.executable, "-m", module, *args],
            cwd=REPO,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for args in arguments
    ]


def forget_imports(database: Path) -> None:
    """Drop the change sets of a SQLite file's imports (their audit entries stay): revision
    20261202_0006's downgrade refuses while one is held, as no older schema can hold which
    file an import read."""
    with sqlite3.connect(database) as connection:
        connection.execute("DELETE FROM change_sets")
    connection.close()
