"""Database handling: where it is, how connections behave, and what happens to old schemas."""

from __future__ import annotations

import ast
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from tests.conftest import Invoke
from tests.helpers import use_scripts_with_next_revision
from tracker.services.store import migrations
from tracker.services.store.database import make_engine, resolve_location
from tracker.services.store.revision import SCHEMA_HEAD

REPO = Path(__file__).resolve().parent.parent


def sqlite_only(db_url: str) -> None:
    if "://" in db_url:
        pytest.skip("SQLite behaviour")


def test_sqlite_connections_enforce_foreign_keys_and_use_wal(tmp_path: Path) -> None:
    engine = make_engine(resolve_location(str(tmp_path / "t.db")))
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 10_000


def test_sqlite_ddl_rolls_back_with_its_transaction(tmp_path: Path) -> None:
    """pysqlite's legacy mode would commit before CREATE TABLE; ours keeps it transactional."""
    engine = make_engine(resolve_location(str(tmp_path / "t.db")))

    def create_table_then_fail() -> None:
        with engine.begin() as connection:
            connection.exec_driver_sql("CREATE TABLE scratch (x INTEGER)")
            raise RuntimeError("abort")

    with pytest.raises(RuntimeError, match="abort"):
        create_table_then_fail()
    with engine.connect() as connection:
        assert (
            connection.exec_driver_sql(
                "SELECT count(*) FROM sqlite_master WHERE name = 'scratch'"
            ).scalar()
            == 0
        )


def test_first_command_creates_the_database_and_says_so(cli: Invoke, db_url: str) -> None:
    result = cli("db", "current")
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{SCHEMA_HEAD}\n"
    if "://" not in db_url:
        assert result.stderr == (
            f"tracker: created a new database at {db_url} (schema {SCHEMA_HEAD})\n"
        )
        assert Path(db_url).stat().st_mode & 0o777 == 0o600
    second = cli("db", "current")
    assert second.stderr == ""


def test_default_location_is_in_the_user_data_directory(run: Invoke, tmp_path: Path) -> None:
    result = run("db", "path")
    assert result.exit_code == 0
    assert result.stdout == f"{tmp_path / 'user-data' / 'tracker' / 'tracker.db'}\n"


def test_tracker_db_environment_variable(
    run: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TRACKER_DB", str(tmp_path / "env.db"))
    assert run("db", "path").stdout == f"{tmp_path / 'env.db'}\n"
    assert run("--db", str(tmp_path / "opt.db"), "db", "path").stdout == f"{tmp_path / 'opt.db'}\n"


def test_postgres_url_hides_the_password(run: Invoke) -> None:
    result = run("--db", "postgresql://me:secret@db.example/tracker", "db", "path")
    assert result.exit_code == 0
    assert result.stdout == "postgresql+psycopg://me:***@db.example/tracker\n"


@pytest.mark.parametrize(
    ("make_value", "message"),
    [
        (str, "--db: {p} is a directory; give a database file path"),
        (
            lambda p: "mysql://u@h/db",
            "--db: unknown database URL scheme 'mysql'; accepted: a file "
            "path, sqlite:///PATH or postgresql+psycopg://USER@HOST/DBNAME",
        ),
        (lambda p: str(p / "missing" / "x.db"), "--db: directory {p}/missing does not exist"),
        (lambda p: "sqlite://", "--db: an in-memory SQLite database keeps nothing; give a file"),
        (
            lambda p: "postgresql+asyncpg://h/db",
            "--db: driver 'postgresql+asyncpg': use postgresql+psycopg://",
        ),
        (
            lambda p: str(p / "readonly" / "x.db"),
            "--db: cannot create a file in {p}/readonly (permission denied)",
        ),
    ],
)
def test_bad_db_values_are_one_line_errors(
    run: Invoke, tmp_path: Path, make_value: object, message: str
) -> None:
    if os.geteuid() == 0 and "readonly" in message:
        pytest.skip("root can write anywhere")
    (tmp_path / "readonly").mkdir(mode=0o500)
    value = make_value(tmp_path)  # type: ignore[operator]
    result = run("--db", value, "db", "current")
    assert result.exit_code == 2
    assert result.stderr == f"tracker: error: {message.format(p=tmp_path)}\n"
    assert result.stdout == ""


def test_a_file_that_is_not_a_database(run: Invoke, tmp_path: Path) -> None:
    junk = tmp_path / "notes.db"
    junk.write_bytes(b"these are my notes, not a database" * 100)
    before = junk.read_bytes()
    result = run("--db", str(junk), "db", "current")
    assert result.exit_code == 1
    assert result.stderr == (
        f"tracker: error: {junk}: not a SQLite database (file is not a database)\n"
    )
    assert junk.read_bytes() == before


def test_a_sqlite_database_of_another_application_is_left_alone(
    run: Invoke, tmp_path: Path
) -> None:
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as connection:
        connection.execute("CREATE TABLE songs (title TEXT)")
    connection.close()
    result = run("--db", str(other), "db", "current")
    assert result.exit_code == 1
    assert (
        result.stderr == f"tracker: error: {other} is not a tracker database (no schema revision)\n"
    )


def test_a_newer_unknown_schema_is_refused(cli: Invoke, db_engine: Engine) -> None:
    assert cli("db", "upgrade").exit_code == 0
    with db_engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '29990101_0001'"))
    result = cli("db", "current")
    assert result.exit_code == 1
    assert result.stderr == (
        "tracker: error: the database is at schema 29990101_0001, which this tracker does not "
        "know; install a newer tracker\n"
    )


@pytest.fixture
def newer_scripts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    return use_scripts_with_next_revision(
        tmp_path,
        monkeypatch,
        'op.create_table("scratch", sa.Column("id", sa.Integer(), primary_key=True))',
    )


def test_an_older_sqlite_schema_is_backed_up_then_upgraded(
    cli: Invoke, db_url: str, newer_scripts: str
) -> None:
    sqlite_only(db_url)
    assert cli("db", "upgrade", SCHEMA_HEAD).exit_code == 0
    result = cli("db", "current")
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{newer_scripts}\n"
    backups = list(Path(db_url).parent.glob(f"tracker.db.{SCHEMA_HEAD}.*.bak"))
    assert len(backups) == 1
    assert result.stderr == (
        f"tracker: upgraded {db_url} from schema {SCHEMA_HEAD} to {newer_scripts}; "
        f"backup at {backups[0]}\n"
    )
    assert migrations.current(resolve_location(str(backups[0]))) == SCHEMA_HEAD


def test_an_older_postgres_schema_is_refused_until_db_upgrade(
    cli: Invoke, db_url: str, newer_scripts: str
) -> None:
    if "://" not in db_url:
        pytest.skip("PostgreSQL behaviour")
    assert cli("db", "upgrade", SCHEMA_HEAD).exit_code == 0
    result = cli("db", "current")
    assert result.exit_code == 1
    assert result.stderr == (
        f"tracker: error: the database is at schema {SCHEMA_HEAD}, older than {newer_scripts}; "
        "run 'tracker db upgrade' to migrate it\n"
    )
    assert cli("db", "upgrade").exit_code == 0
    assert cli("db", "current").stdout == f"{newer_scripts}\n"


def test_db_backup_copies_a_consistent_database(cli: Invoke, db_url: str, tmp_path: Path) -> None:
    sqlite_only(db_url)
    assert cli("db", "upgrade").exit_code == 0
    copy = tmp_path / "copy.db"
    result = cli("db", "backup", str(copy))
    assert result.exit_code == 0, result.output
    assert result.stdout == f"backed up {db_url} to {copy}\n"
    assert copy.stat().st_mode & 0o777 == 0o600
    assert migrations.current(resolve_location(str(copy))) == SCHEMA_HEAD
    again = cli("db", "backup", str(copy))
    assert again.exit_code == 1
    assert again.stderr == f"tracker: error: DEST: {copy} already exists; choose a new file name\n"


def test_db_backup_on_postgres_points_to_pg_dump(cli: Invoke, db_url: str, tmp_path: Path) -> None:
    if "://" not in db_url:
        pytest.skip("PostgreSQL behaviour")
    result = cli("db", "backup", str(tmp_path / "x.db"))
    assert result.exit_code == 1
    assert result.stderr == (
        "tracker: error: db backup copies SQLite files; for PostgreSQL use pg_dump\n"
    )


def test_everyday_commands_do_not_import_alembic(tmp_path: Path) -> None:
    """The revision check on every command must stay cheap: no Alembic, no driver, and no
    report code for a listing; nor pydantic (Typer 0.29 brings it), nor another command's
    module (commands are built when invoked)."""
    database_file = tmp_path / "t.db"
    heavy = (
        "('alembic', 'psycopg', 'pydantic', 'tracker.services.reports', 'tracker.cli.curation', "
        "'tracker.cli.records', 'yaml', 'dateutil.parser')"
    )
    probe = (
        "import sys; from tracker.cli.app import main; code = main(['--db', sys.argv[1], "
        f"'list', 'agreements']); print(sorted(m for m in {heavy} if m in sys.modules))"
    )
    subprocess.run([sys.executable, "-c", probe, str(database_file)], check=True)
    second = subprocess.run(
        [sys.executable, "-c", probe, str(database_file)],
        check=True,
        capture_output=True,
        text=True,
    )
    assert second.stdout.strip().endswith("[]")


def test_a_command_process_closes_its_database_before_it_exits(tmp_path: Path) -> None:
    """The process freezes its objects before exit, so no collection at exit closes what a
    command left open: the command closes its connections, and SQLite folds its log back."""
    database_file = tmp_path / "t.db"
    for args in (["init"], ["list", "agreements"], ["list", "agreemnts"]):
        subprocess.run(
            [sys.executable, "-m", "tracker", "--db", str(database_file), *args],
            capture_output=True,
            check=False,
        )
        assert sorted(path.name for path in tmp_path.iterdir()) == ["t.db"], args


def test_the_process_exits_with_the_commands_code(tmp_path: Path) -> None:
    command = [sys.executable, "-m", "tracker", "--db", str(tmp_path / "t.db")]
    for args, code in ((["show", "agreement", "nope"], 1), (["lst"], 2), (["--help"], 0)):
        finished = subprocess.run([*command, *args], capture_output=True, check=False)
        assert finished.returncode == code, args


def test_help_imports_neither_sqlalchemy_nor_alembic() -> None:
    probe = (
        "import sys; from tracker.cli.app import main; main(['--help']); "
        "print(sorted(m for m in ('alembic', 'sqlalchemy') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], check=True, capture_output=True, text=True
    )
    assert result.stdout.strip().endswith("[]")


def test_postgres_plans_each_statement_for_its_own_values(db_url: str) -> None:
    """A statement run many times in one import is not prepared on the server: a generic
    plan made while a table was nearly empty kept an import's slug lookups scanning it."""
    if "://" not in db_url:
        pytest.skip("PostgreSQL behaviour")
    engine = make_engine(resolve_location(db_url))
    try:
        with engine.connect() as connection:
            for n in range(10):
                connection.execute(text("SELECT :n + 1"), {"n": n})
            prepared = connection.execute(text("SELECT count(*) FROM pg_prepared_statements"))
            assert prepared.scalar_one() == 0
    finally:
        engine.dispose()


def test_the_process_collects_its_oldest_objects_less_often() -> None:
    """`run` makes full collections rarer for the one command it runs, and leaves the young
    generations as Python sets them."""
    probe = (
        "import gc; from tracker.cli import app; before = gc.get_threshold(); "
        "app.main = lambda: print([before, gc.get_threshold()]) or 0; app.run()"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], check=True, capture_output=True, text=True
    )
    (young, middle, oldest), during = ast.literal_eval(result.stdout.strip())
    assert during == (young, middle, 100)
    assert oldest < 100
