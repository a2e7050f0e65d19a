"""The migration history: pytest-alembic's built-in checks, on every engine, and tracker's own
promises about it (a known head, the same result from `alembic` and `tracker db`)."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import alembic.config
import pytest
from pytest_alembic.tests import (
    test_model_definitions_match_ddl,
    test_single_head_revision,
    test_up_down_consistency,
    test_upgrade,
)
from sqlalchemy import Engine, inspect, text

from tests.conftest import ENGINES, Invoke, fresh_postgres_url
from tracker.services.store import migrations
from tracker.services.store.database import make_engine, resolve_location
from tracker.services.store.revision import SCHEMA_HEAD

__all__ = [
    "test_model_definitions_match_ddl",
    "test_single_head_revision",
    "test_up_down_consistency",
    "test_upgrade",
]

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def alembic_config() -> alembic.config.Config:
    return migrations.alembic_config()


@pytest.fixture(params=ENGINES)
def alembic_engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    url = str(tmp_path / "alembic.db") if request.param == "sqlite" else fresh_postgres_url()
    engine = make_engine(resolve_location(url), foreign_keys=False)
    yield engine
    engine.dispose()


def test_schema_head_constant_is_the_scripts_head() -> None:
    assert migrations.head() == SCHEMA_HEAD


def test_revision_files_are_date_prefixed() -> None:
    names = [p.name for p in (REPO / "migrations" / "versions").glob("*.py")]
    assert names
    for name in names:
        assert name[:10].replace("_", "").isdigit(), name


def test_upgrade_downgrade_upgrade_through_the_cli(cli: Invoke, db_engine: Engine) -> None:
    first = cli("db", "upgrade")
    assert first.exit_code == 0, first.output
    assert first.stdout.endswith(f"schema at {SCHEMA_HEAD}\n")
    down = cli("db", "downgrade", "base")
    assert down.exit_code == 0, down.output
    assert down.stdout.endswith("schema at base\n")
    assert set(inspect(db_engine).get_table_names()) == {"alembic_version"}
    again = cli("db", "upgrade")
    assert again.exit_code == 0, again.output
    assert cli("db", "current").stdout == f"{SCHEMA_HEAD}\n"
    assert "agreements" in inspect(db_engine).get_table_names()


def test_a_command_after_downgrade_to_base_recreates_the_schema(cli: Invoke) -> None:
    assert cli("db", "upgrade").exit_code == 0
    assert cli("db", "downgrade", "base").exit_code == 0
    result = cli("db", "current")
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{SCHEMA_HEAD}\n"
    assert "created the tracker schema" in result.stderr


def test_alembic_from_the_repo_root_does_what_tracker_db_upgrade_does(tmp_path: Path) -> None:
    database = tmp_path / "via-alembic.db"
    subprocess.run(
        [sys.executable, "-m", "alembic", "-x", f"db={database}", "upgrade", "head"],
        cwd=REPO,
        check=True,
        capture_output=True,
    )
    assert database.stat().st_mode & 0o777 == 0o600
    assert migrations.current(resolve_location(str(database))) == SCHEMA_HEAD


def test_unknown_revision_is_a_one_line_error(cli: Invoke) -> None:
    result = cli("db", "upgrade", "nonexistent")
    assert result.exit_code == 2
    assert result.stderr == (
        "tracker: error: REVISION: Can't locate revision identified by 'nonexistent'\n"
    )


def test_check_constraints_match_the_vocabularies() -> None:
    """The schema's CHECK lists and tracker's vocabularies must say the same thing."""
    import re

    from tracker.domain import vocab
    from tracker.models import Base

    def allowed(table: str, name: str) -> set[str]:
        [constraint] = [
            c for c in Base.metadata.tables[table].constraints if str(c.name).endswith(name)
        ]
        return set(re.findall(r"'([a-z_]+)'", str(constraint.sqltext)))  # type: ignore[attr-defined]

    assert allowed("agreement_statuses", "status") == set(vocab.AGREEMENT_STATUSES)
    assert allowed("agreements", "kind") == set(vocab.AGREEMENT_KINDS)
    assert allowed("events", "kind") == set(vocab.EVENT_KINDS)
    assert allowed("parties", "_kind") == set(vocab.PARTY_KINDS)
    assert allowed("audit_log", "action") == set(vocab.AUDIT_ACTIONS)
    assert allowed("targets", "direction") == set(vocab.DIRECTIONS)
    assert allowed("figures", "qualifier") == set(vocab.QUALIFIERS)


OLD_CURATED = REPO / "tests" / "fixtures" / "curated_20261121_0002.sql"
OLD_COUNTS = {"sources": 5, "events": 13, "agreements": 20, "targets": 1, "figures": 6}


def _load_old_curated_data(engine: Engine) -> None:
    """The curated dataset as revision 20261121_0002 held it, inserted row by row; on
    PostgreSQL each id sequence is then moved past the ids the rows brought."""
    url = engine.url.render_as_string(hide_password=False)
    migrations.upgrade(resolve_location(url), "20261121_0002")
    # One statement a row; a source's text spans lines, so statements split where one begins.
    text = OLD_CURATED.read_text(encoding="utf-8")
    parts = text.split("\nINSERT INTO ")[1:]
    statements = ["INSERT INTO " + part.rstrip().removesuffix(";") for part in parts]
    with engine.begin() as connection:
        for statement in statements:
            # psycopg reads % as its placeholder sign
            escaped = (
                statement.replace("%", "%%") if engine.dialect.name == "postgresql" else statement
            )
            connection.exec_driver_sql(escaped)
        if engine.dialect.name == "postgresql":
            for table in inspect(connection).get_table_names():
                columns = {c["name"] for c in inspect(connection).get_columns(table)}
                if "id" in columns:
                    connection.exec_driver_sql(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                        f"coalesce((SELECT max(id) FROM {table}), 1))"
                    )


def _count(engine: Engine, table: str, where: str = "") -> int:
    with engine.connect() as connection:
        return int(connection.exec_driver_sql(f"SELECT count(*) FROM {table} {where}").scalar_one())


def _citations(engine: Engine) -> set[tuple[str, str]]:
    with engine.connect() as connection:
        return {
            (row[0], row[1])
            for row in connection.exec_driver_sql(
                "SELECT s.slug, c.quote FROM citations c JOIN sources s ON s.id = c.source_id"
            )
        }


def test_the_old_curated_data_survives_upgrade_and_downgrade(
    cli: Invoke, db_url: str, db_engine: Engine
) -> None:
    """20261202_0003 on a database holding the curated data of 20261121_0002: every record
    and citation is kept; the target's observation becomes a figure of its measure, cited
    as it was; downgrade puts the observation back."""
    _load_old_curated_data(db_engine)
    assert _count(db_engine, "observations") == 1
    quotes_before = _citations(db_engine)
    total_before = _count(db_engine, "citations")
    assert total_before == 85

    up = cli("db", "upgrade")
    assert up.exit_code == 0, up.output
    for table, count in OLD_COUNTS.items():
        expected = count + (1 if table == "figures" else 0)
        assert _count(db_engine, table) == expected, table
    assert _count(db_engine, "citations") == total_before
    assert _citations(db_engine) == quotes_before
    shown = cli("show", "figure", "kz-uz-trade-10bn-by-2030-2025", "--format", "json")
    assert shown.exit_code == 0, shown.output
    figure = json.loads(shown.stdout)
    assert figure["measure"] == "kz-uz-trade-10bn-by-2030"
    assert (figure["value"], figure["unit"], figure["qualifier"]) == (4000000000, "USD", "about")
    assert (figure["date"], figure["period"], figure["growth_pct"]) == ("2025", None, 15)
    assert figure["parties"] == ["KZ", "UZ"]
    assert [c["source"] for c in figure["citations"]] == ["toyirov-state-visit-analysis"]
    target = json.loads(cli("show", "target", "kz-uz-trade-10bn-by-2030", "-f", "json").stdout)
    assert target["measure"] == "kz-uz-trade-10bn-by-2030"
    report = json.loads(cli("report", "targets", "--as-of", "2025-12-31", "-f", "json").stdout)
    # As before the revision: one value with its reported growth, a derived base.
    assert [(r["status"], r["latest_value"], r["base_date"]) for r in report] == [
        ("acceleration_needed", 4000000000, "2024")
    ]

    down = cli("db", "downgrade", "20261121_0002")
    assert down.exit_code == 0, down.output
    for table, count in OLD_COUNTS.items():
        assert _count(db_engine, table) == count, table
    assert _count(db_engine, "observations") == 1
    assert _count(db_engine, "citations", "WHERE observation_id IS NOT NULL") == 1
    assert _count(db_engine, "citations") == total_before
    assert _citations(db_engine) == quotes_before
    assert cli("db", "upgrade").exit_code == 0
    assert _count(db_engine, "figures") == OLD_COUNTS["figures"] + 1
    # Down and up again, the figure is what it was: slug, titles, measure, parties, note.
    again = json.loads(cli("show", "figure", figure["slug"], "--format", "json").stdout)
    assert again == figure


def test_a_figure_survives_a_downgrade_and_upgrade_whole(cli: Invoke) -> None:
    """What only a figure holds (its slug, titles, measure, parties and tags) rides in the
    observation's note through a downgrade, and an upgrade gives it back."""
    assert cli("init", "--empty").exit_code == 0
    made = [
        ("add", "target", "--title", "Trade", "--slug", "trade", "--target", "$10bn",
         "--by", "2030", "--measure", "kz-uz-trade-turnover", "--party", "KZ", "--party", "UZ"),
        ("add", "figure", "--title", "Trade in 2024", "--title-original", "товарооборот 2024",
         "--slug", "trade-2024", "--measure", "kz-uz-trade-turnover", "--value", "$5bn",
         "--date", "2024", "--party", "KZ", "--tag", "trade", "--note", "As reported."),
    ]  # fmt: skip
    for args in made:
        assert cli(*args).exit_code == 0, args
    before = json.loads(cli("show", "figure", "trade-2024", "-f", "json").stdout)
    assert cli("db", "downgrade", "20261121_0002").exit_code == 0
    assert cli("db", "upgrade").exit_code == 0
    after = json.loads(cli("show", "figure", "trade-2024", "-f", "json").stdout)
    assert after == before
    target = json.loads(cli("show", "target", "trade", "-f", "json").stdout)
    assert target["measure"] == "kz-uz-trade-turnover"


def test_downgrade_refuses_what_the_older_schema_cannot_hold(
    cli: Invoke, db_engine: Engine
) -> None:
    """With event statuses and figures' events in the database (the curated data), 0005's
    downgrade names what it would lose and changes nothing; with initiatives and periods,
    0003's does."""
    assert cli("init").exit_code == 0
    down = cli("db", "downgrade", "20261121_0002")
    assert down.exit_code == 1
    assert down.stderr == (
        "tracker: error: REVISION: downgrade would lose what the older schema cannot hold "
        "(14 event status step(s), 7 figure(s) naming their event); nothing was changed\n"
    )
    assert cli("db", "current").stdout == f"{SCHEMA_HEAD}\n"
    assert _count(db_engine, "event_statuses") == 14
    with db_engine.begin() as connection:  # what only 0005 holds, gone: 0003's turn
        connection.execute(text("DELETE FROM event_statuses"))
        connection.execute(text("UPDATE figures SET event_id = NULL"))
    down = cli("db", "downgrade", "20261121_0002")
    assert down.exit_code == 1
    assert down.stderr.startswith(
        "tracker: error: REVISION: downgrade would lose what the older schema cannot hold "
        "(17 initiatives, 12 approved agreement steps"
    ), down.stderr
    assert down.stderr.count("\n") == 1
    assert cli("db", "current").stdout == f"{SCHEMA_HEAD}\n"  # all or nothing
    assert _count(db_engine, "initiatives") == 17


def test_the_observation_index_revision_keeps_every_record(cli: Invoke, db_engine: Engine) -> None:
    """20261121_0002 swaps one index of observations for another, in batch mode: down and up
    again, every record and every observation is still there, and the indexes are as named."""

    def observation_indexes() -> set[str | None]:
        return {ix["name"] for ix in inspect(db_engine).get_indexes("observations")}

    _load_old_curated_data(db_engine)
    citations = _citations(db_engine)
    assert "ix_observations_target_id_date_upper" in observation_indexes()
    down = cli("db", "downgrade", "20261121_0001")
    assert down.exit_code == 0, down.output
    indexes = observation_indexes()
    assert "ix_observations_target_id" in indexes
    assert "ix_observations_target_id_date_upper" not in indexes
    assert cli("db", "upgrade", "20261121_0002").exit_code == 0
    assert "ix_observations_target_id" not in observation_indexes()
    assert _count(db_engine, "observations") == 1
    assert _citations(db_engine) == citations
