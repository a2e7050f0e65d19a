"""SIGKILL in the middle of every command that writes the database or a file the user named:
the database and the user's files are as they were, or as the whole command would leave them,
never half of it (tests/test_reliability.py kills an import the same way)."""

from __future__ import annotations

import json
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.helpers import forget_imports
from tracker.cli.app import app

FIGURES = 20_000
CITED = 400  # figures citing the one source whose forced deletion is undone
SOURCE_TEXT = "Trade grew again this year."
KILL_AT = (0.25, 0.5, 0.75)  # of the command's uninterrupted run time


def _tracker(db: str, *args: str) -> None:
    result = CliRunner().invoke(app, ["--db", db, *args])
    assert result.exit_code == 0, result.output


def _records_file(path: Path, prefix: str, count: int, cited: int = 0) -> None:
    figures = [
        {"slug": f"{prefix}-{i:05d}", "title": f"Figure {i}", "value": i, "unit": "count",
         "parties": ["KZ", "UZ"], "date": "2025",
         **({"citations": [{"source": "big-source", "quote": SOURCE_TEXT}]} if i < cited else {})}
        for i in range(count)
    ]  # fmt: skip
    document: dict[str, object] = {"format": "tracker/1", "figures": figures}
    if cited:
        document["sources"] = [{"slug": "big-source", "title": "Big", "text": SOURCE_TEXT,
                                "published": "2025"}]  # fmt: skip
    path.write_text(json.dumps(document), encoding="utf-8")


@pytest.fixture(scope="module")
def big_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A curated SQLite database with 20,000 more figures, 1,500 of them citing one source."""
    folder = tmp_path_factory.mktemp("big")
    db = folder / "big.db"
    _tracker(str(db), "init")
    _records_file(folder / "big.json", "big", FIGURES, CITED)
    _tracker(str(db), "import", str(folder / "big.json"))
    return db


@pytest.fixture
def db(big_db: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "tracker.db"
    _copy(big_db, copy)
    return copy


def _copy(db: Path, destination: Path) -> None:
    """The database file with every committed change in it (not left in its -wal file)."""
    with sqlite3.connect(db) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()
    shutil.copy(db, destination)


def _run(args: list[str], cwd: Path, kill_after: float | None = None) -> int:
    process = subprocess.Popen(
        [sys.executable, "-m", "tracker", *args],
        cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    if kill_after is not None:
        try:
            return process.wait(timeout=kill_after)
        except subprocess.TimeoutExpired:
            process.send_signal(signal.SIGKILL)
    return process.wait()


def _integrity(db: Path) -> None:
    with sqlite3.connect(db) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    connection.close()


def _trial(
    tmp_path: Path,
    prepare: Callable[[Path], list[str]],
    state: Callable[[Path], object],
    between: Callable[[object], object] | None = None,
) -> None:
    """Run the command once whole (timing it, and noting what it leaves), then in fresh
    copies killed at a quarter, half and three quarters of that time: each killed run leaves
    the state it found or the whole command's; or, for commands that save a copy of the
    database before changing it, `between(before)`: the database as it was, beside its copy."""
    whole = tmp_path / "whole"
    whole.mkdir()
    args = prepare(whole)
    before = state(whole)
    started = time.monotonic()
    assert _run(args, whole) == 0
    duration = time.monotonic() - started
    after = state(whole)
    assert after != before
    killed = 0
    for fraction in KILL_AT:
        folder = tmp_path / f"killed-{fraction}"
        folder.mkdir()
        args = prepare(folder)
        code = _run(args, folder, kill_after=duration * fraction)
        killed += code == -signal.SIGKILL
        left = state(folder)
        allowed = (before, after, between(before) if between else after)
        assert left in allowed, (
            f"killed at {fraction:.0%} of {duration:.1f} s",
            _differences(before, left),
            _differences(after, left),
        )
    assert killed >= 1, f"every run finished before the kill ({duration:.1f} s)"


def _differences(expected: object, found: object) -> object:
    if isinstance(expected, dict) and isinstance(found, dict):
        return sorted(k for k in {*expected, *found} if expected.get(k) != found.get(k))
    if isinstance(expected, list) and isinstance(found, list):
        return [name for name, _ in expected], [name for name, _ in found]
    return "differs"


def _files(folder: Path) -> dict[str, bytes]:
    """Every file the user sees in the folder (tracker's own hidden temporaries excepted),
    with the database's content after a checkpoint."""
    found: dict[str, bytes] = {}
    for path in sorted(folder.rglob("*")):
        hidden = any(part.startswith(".") for part in path.relative_to(folder).parts)
        if path.is_dir() or hidden or path.name.endswith(("-wal", "-shm")):
            continue
        name = str(path.relative_to(folder))
        if path.suffix in (".db", ".bak"):
            _integrity(path)
            found[name] = _rows(path)
        else:
            found[name] = path.read_bytes()
    return found


def _rows(db: Path) -> bytes:
    """A database's content, table by table (its file's bytes vary with page layout)."""
    with sqlite3.connect(db) as connection:
        tables = [r[0] for r in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]  # fmt: skip
        dump = [
            f"{t}: {connection.execute(f'SELECT * FROM {t} ORDER BY 1').fetchall()!r}"
            for t in tables
        ]
    connection.close()
    # Two runs of one command differ only in when they ran and in their change's batch id.
    return _RUN_SPECIFIC.sub("<run>", "\n".join(dump)).encode()


_RUN_SPECIFIC = re.compile(r"'\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(?:\.\d+)?'|'[0-9a-f]{32}'")


def test_seed_load_killed(db: Path, tmp_path: Path) -> None:
    def prepare(folder: Path) -> list[str]:
        _copy(db, folder / "tracker.db")
        (folder / "seeds").mkdir()
        _records_file(folder / "seeds" / "more.json", "more", FIGURES)
        return ["--db", "tracker.db", "seed", "load", "seeds"]

    _trial(tmp_path, prepare, lambda folder: _rows(folder / "tracker.db"))


def test_undo_killed(db: Path, tmp_path: Path) -> None:
    deleted = CliRunner().invoke(
        app, ["--db", str(db), "delete", "source", "big-source", "--yes", "--force"]
    )
    assert deleted.exit_code == 0, deleted.output
    listed = CliRunner().invoke(
        app, ["--db", str(db), "history", "source", "big-source", "--limit", "1", "-f", "json"]
    )
    change = json.loads(listed.stdout)[0]["id"]

    def prepare(folder: Path) -> list[str]:
        _copy(db, folder / "tracker.db")
        return ["--db", "tracker.db", "undo", str(change)]

    _trial(tmp_path, prepare, lambda folder: _rows(folder / "tracker.db"))


def test_db_backup_killed(db: Path, tmp_path: Path) -> None:
    def prepare(folder: Path) -> list[str]:
        _copy(db, folder / "tracker.db")
        return ["--db", "tracker.db", "db", "backup", "copy.db"]

    _trial(tmp_path, prepare, _files)


def test_db_restore_killed(db: Path, tmp_path: Path) -> None:
    small = tmp_path / "small.db"
    _tracker(str(small), "init")

    def prepare(folder: Path) -> list[str]:
        _copy(db, folder / "tracker.db")
        _copy(small, folder / "backup.db")
        return ["--db", "tracker.db", "db", "restore", "backup.db"]

    def state(folder: Path) -> object:
        # The current database's saved copy (.before-restore.*.bak) carries a time stamp.
        return {name.split(".before-restore.")[0] + (".bak" if ".before-restore." in name
                else ""): data for name, data in _files(folder).items()}  # fmt: skip

    def between(before: object) -> object:
        assert isinstance(before, dict)
        return {**before, "tracker.db.bak": before["tracker.db"]}

    _trial(tmp_path, prepare, state, between)


@pytest.mark.parametrize("fmt", ["json", "yaml", "csv"])
def test_export_killed(db: Path, tmp_path: Path, fmt: str) -> None:
    def prepare(folder: Path) -> list[str]:
        _copy(db, folder / "tracker.db")
        return ["--db", "tracker.db", "export", "--format", fmt, "-o", f"out.{fmt}"]

    _trial(tmp_path, prepare, _files)


def test_automatic_upgrade_killed(tmp_path: Path) -> None:
    # The 20,000 figures alone: the curated data now holds what the older schema cannot
    # (initiatives, periods, inference flags), and a downgrade refuses to drop it.
    old = tmp_path / "old.db"
    _tracker(str(old), "init", "--empty")
    _records_file(tmp_path / "big.json", "big", FIGURES, CITED)
    _tracker(str(old), "import", str(tmp_path / "big.json"))
    forget_imports(old)
    _tracker(str(old), "db", "downgrade", "20261121_0001")

    def prepare(folder: Path) -> list[str]:
        _copy(old, folder / "tracker.db")
        return ["--db", "tracker.db", "list", "figures", "--limit", "1"]

    def state(folder: Path) -> object:
        files = _files(folder)
        # The backup taken before upgrading is named with a time stamp.
        return sorted(
            (name.split(".20261121_0001.")[0] + (".bak" if name.endswith(".bak") else ""), data)
            for name, data in files.items()
        )

    def between(before: object) -> object:
        assert isinstance(before, list)
        return sorted([*before, ("tracker.db.bak", before[0][1])])

    _trial(tmp_path, prepare, state, between)


# ---- PostgreSQL: the same kills on a server database ---------------------------------------------


def _libpq(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://", 1)


@pytest.fixture(scope="module")
def big_postgres(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    """The big database on the test server, and a data-only dump that puts it back."""
    from tests.conftest import fresh_postgres_url

    url = fresh_postgres_url()
    folder = tmp_path_factory.mktemp("big-postgres")
    _tracker(url, "init")
    _records_file(folder / "big.json", "big", FIGURES, CITED)
    _tracker(url, "import", str(folder / "big.json"))
    dump = folder / "big.sql"
    subprocess.run(["pg_dump", "--data-only", "-f", str(dump), _libpq(url)], check=True)
    return url, dump


def _reset(url: str, dump: Path) -> None:
    from sqlalchemy import create_engine, inspect, text

    engine = create_engine(url)
    with engine.begin() as connection:
        tables = ", ".join(f'"{t}"' for t in inspect(connection).get_table_names())
        connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    engine.dispose()
    subprocess.run(["psql", "-q", "-v", "ON_ERROR_STOP=1", "-f", str(dump), _libpq(url)],
                   check=True, capture_output=True)  # fmt: skip


def _server_rows(url: str) -> bytes:
    """Every row of every table, each table's rows sorted (a link table's order is the
    server's to choose), with what differs between two runs of one command masked."""
    from sqlalchemy import create_engine, inspect, text

    engine = create_engine(url)
    lines = []
    with engine.connect() as connection:
        for table in sorted(inspect(connection).get_table_names()):
            rows = connection.execute(text(f'SELECT * FROM "{table}"')).fetchall()
            masked = sorted(_SERVER_RUN_SPECIFIC.sub("<run>", repr(tuple(r))) for r in rows)
            lines.append(f"{table}: {masked}")
    engine.dispose()
    return "\n".join(lines).encode()


_SERVER_RUN_SPECIFIC = re.compile(r"datetime\.datetime\((?:[^()]|\([^()]*\))*\)|'[0-9a-f]{32}'")


@pytest.mark.postgres
def test_seed_load_killed_on_postgres(big_postgres: tuple[str, Path], tmp_path: Path) -> None:
    url, dump = big_postgres

    def prepare(folder: Path) -> list[str]:
        _reset(url, dump)
        (folder / "seeds").mkdir()
        _records_file(folder / "seeds" / "more.json", "more", FIGURES)
        return ["--db", url, "seed", "load", "seeds"]

    _trial(tmp_path, prepare, lambda _folder: _server_rows(url))


@pytest.mark.postgres
def test_undo_killed_on_postgres(big_postgres: tuple[str, Path], tmp_path: Path) -> None:
    url, dump = big_postgres
    _reset(url, dump)
    _tracker(url, "delete", "source", "big-source", "--yes", "--force")
    listed = CliRunner().invoke(
        app, ["--db", url, "history", "source", "big-source", "--limit", "1", "-f", "json"]
    )
    change = json.loads(listed.stdout)[0]["id"]
    deleted = tmp_path / "deleted.sql"
    subprocess.run(["pg_dump", "--data-only", "-f", str(deleted), _libpq(url)], check=True)

    def prepare(_folder: Path) -> list[str]:
        _reset(url, deleted)
        return ["--db", url, "undo", str(change)]

    _trial(tmp_path, prepare, lambda _folder: _server_rows(url))


@pytest.mark.postgres
@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_export_killed_on_postgres(
    big_postgres: tuple[str, Path], tmp_path: Path, fmt: str
) -> None:
    url, dump = big_postgres
    _reset(url, dump)

    def prepare(_folder: Path) -> list[str]:
        return ["--db", url, "export", "--format", fmt, "-o", f"out.{fmt}"]

    _trial(tmp_path, prepare, lambda folder: (_files(folder), _server_rows(url)))
