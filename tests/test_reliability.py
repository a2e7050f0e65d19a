"""Concurrent writers, crashes and failed migrations: nothing is lost, nothing is half-done."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, func, select, text

from tests.conftest import Invoke
from tests.helpers import (
    database_state,
    start_workers,
    use_scripts_with_next_revision,
)
from tracker.models import AuditEntry, Figure, Party
from tracker.services.store.revision import SCHEMA_HEAD
from tracker.services.transfer import loader

WORKERS = 4
# Each a figure and an observation (a figure of the target's measure): 96 write commands in all.
WRITES_PER_WORKER = 12


def test_concurrent_writers_lose_nothing(cli: Invoke, db_url: str, db_engine: Engine) -> None:
    assert cli("init", "--empty").exit_code == 0
    assert cli("add", "target", "--title", "Shared", "--slug", "shared-target",
               "--target", "1000000", "--unit", "count", "--by", "2030",
               "--measure", "shared-measure").exit_code == 0  # fmt: skip
    workers = start_workers(
        "tests.concurrency_worker",
        *([db_url, str(n), str(WRITES_PER_WORKER)] for n in range(WORKERS)),
    )
    results = [w.communicate(timeout=600) for w in workers]
    for worker, (_out, err) in zip(workers, results, strict=True):
        assert worker.returncode == 0, err
        assert "locked" not in err
        assert "serializ" not in err.lower()
        assert "Traceback" not in err
    writes = WORKERS * WRITES_PER_WORKER
    with db_engine.connect() as connection:
        assert connection.scalar(select(func.count(Figure.id))) == 2 * writes
        observed = select(func.count(Figure.id)).where(Figure.measure == "shared-measure")
        assert connection.scalar(observed) == writes
        unmeasured = select(func.count(Figure.id)).where(Figure.measure.is_(None))
        assert connection.scalar(unmeasured) == writes
        assert (
            connection.scalar(
                select(func.count(Party.id)).where(Party.code == "org:shared-organisation")
            )
            == 1
        )
        audit = connection.execute(
            select(AuditEntry.kind, AuditEntry.action, func.count()).group_by(
                AuditEntry.kind, AuditEntry.action
            )
        ).all()
    assert sorted(audit) == [("figure", "create", 2 * writes),
                             ("target", "create", 1)]  # fmt: skip


def big_import_file(path: Path, records: int) -> None:
    figures = [
        {"slug": f"synthetic-{i:05d}", "title": f"Synthetic figure {i}", "value": i,
         "unit": "count", "parties": ["KZ", "UZ"], "date": "2025"}
        for i in range(records)
    ]  # fmt: skip
    path.write_text(json.dumps({"format": "tracker/1", "figures": figures}), encoding="utf-8")


def writes_under_way(db_url: str) -> bool:
    """SQLite: the write-ahead log holds pages. PostgreSQL: the import has drawn ids for more
    than one batch of figures (a sequence moves for everyone at once, committed or not)."""
    if "://" not in db_url:
        wal = Path(f"{db_url}-wal")
        return wal.exists() and wal.stat().st_size > 200_000
    engine = create_engine(db_url)
    try:
        with engine.connect() as connection:
            drawn = connection.execute(
                text("SELECT pg_sequence_last_value(pg_get_serial_sequence('figures', 'id'))")
            ).scalar()
    finally:
        engine.dispose()
    return drawn is not None and drawn > 2 * loader.WRITE_BATCH


def test_an_import_killed_half_way_changes_nothing(
    cli: Invoke, db_url: str, tmp_path: Path
) -> None:
    assert cli("init").exit_code == 0
    big = tmp_path / "big.json"
    # Big enough to be still writing when killed: since imports write in batches, 4,000
    # figures were done in 2 s on PostgreSQL, and the kill could land after the commit.
    big_import_file(big, 40_000)
    before = database_state(db_url)
    process = subprocess.Popen(
        [sys.executable, "-m", "tracker", "--db", db_url, "import", str(big)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        if writes_under_way(db_url):
            break
        time.sleep(0.02)
    assert process.poll() is None, "the import finished before it could be killed"
    os.kill(process.pid, signal.SIGKILL)
    assert process.wait() == -signal.SIGKILL
    assert database_state(db_url) == before
    if "://" not in db_url:
        with sqlite3.connect(db_url) as connection:
            assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        connection.close()
    assert cli("check").exit_code == 0


@pytest.fixture
def break_migrations(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[[], str]:
    """A function that switches to the migrations plus a revision that creates a table, writes
    a row, then fails; it returns that revision."""
    failing = """
op.create_table("half_done", sa.Column("id", sa.Integer(), primary_key=True))
op.execute("INSERT INTO half_done (id) VALUES (1)")
raise RuntimeError("disk full (simulated)")
"""
    return lambda: use_scripts_with_next_revision(tmp_path, monkeypatch, failing, "half_done")


def test_a_migration_failing_half_way_leaves_the_previous_revision(
    cli: Invoke, db_url: str, db_engine: Engine, break_migrations: Callable[[], str]
) -> None:
    assert cli("db", "upgrade").exit_code == 0
    assert cli("add", "figure", "--title", "Kept", "--value", "1", "--unit", "count").exit_code == 0
    failing_revision = break_migrations()
    result = cli("db", "upgrade")
    assert result.exit_code == 1
    assert result.stderr == (
        f"tracker: error: the migration to {failing_revision} failed (RuntimeError: disk full "
        f"(simulated)); the database is still at {SCHEMA_HEAD}\n"
    )
    with db_engine.connect() as connection:
        assert (
            connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
            == SCHEMA_HEAD
        )
        tables = [r[0] for r in connection.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE type='table'" if "://" not in db_url
            else "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
        )]  # fmt: skip
        assert "half_done" not in tables
        assert connection.scalar(select(func.count(Figure.id))) == 1
