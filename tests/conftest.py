"""Shared fixtures: every test runs on a database of its own, on SQLite and (when configured)
PostgreSQL, and never touches the user's real data directory."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine
from typer.testing import CliRunner, Result

from tracker.cli.app import app
from tracker.services.store.database import make_engine, resolve_location

POSTGRES_ENV = "TRACKER_TEST_POSTGRES_URL"
ENGINES = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param("postgresql", id="postgresql", marks=pytest.mark.postgres),
]


@pytest.fixture(autouse=True)
def _isolate_user_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "user-data"))
    monkeypatch.delenv("TRACKER_DB", raising=False)
    monkeypatch.delenv("TRACKER_DEBUG", raising=False)


def fresh_postgres_url() -> str:
    """The test server's database, emptied: each test starts from nothing."""
    url = os.environ.get(POSTGRES_ENV)
    if not url:
        pytest.skip(f"PostgreSQL tests need {POSTGRES_ENV}=postgresql+psycopg://USER@HOST/DB")
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.exec_driver_sql("DROP SCHEMA public CASCADE")
        connection.exec_driver_sql("CREATE SCHEMA public")
    engine.dispose()
    return url


@pytest.fixture(params=ENGINES)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A database that does not exist yet (SQLite) or is empty (PostgreSQL)."""
    if request.param == "sqlite":
        return str(tmp_path / "tracker.db")
    return fresh_postgres_url()


@pytest.fixture
def db_engine(db_url: str) -> Iterator[Engine]:
    engine = make_engine(resolve_location(db_url))
    yield engine
    engine.dispose()


Invoke = Callable[..., Result]


@pytest.fixture
def run() -> Invoke:
    """Run `tracker ARGS...` in-process, as a user would type it."""
    runner = CliRunner()

    def invoke(*args: str, input: str | None = None) -> Result:
        return runner.invoke(app, list(args), input=input)

    return invoke


@pytest.fixture
def cli(run: Invoke, db_url: str) -> Invoke:
    """Run `tracker --db <this test's database> ARGS...`."""

    def invoke(*args: str, input: str | None = None) -> Result:
        return run("--db", db_url, *args, input=input)

    return invoke


@pytest.fixture(params=["one process", "two processes"])
def load_both_ways(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Every records file loaded both ways: in the command's own process, and (however small)
    through the checking process a large file gets (`transfer/piped.py`)."""
    if request.param == "two processes":
        from tracker.services.transfer import piped

        monkeypatch.setattr(piped, "PIPED_MIN_BYTES", 0)
    return str(request.param)
