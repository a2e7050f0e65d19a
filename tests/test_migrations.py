"""The migration history: pytest-alembic's built-in checks, on every engine, and tracker's own
promises about it (a known head, the same result from `alembic` and `tracker db`)."""

from __future__ import annotations

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
from sqlalchemy import Engine, inspect

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


def test_the_observation_index_revision_keeps_every_record(
    cli: Invoke, db_engine: Engine, tmp_path: Path
) -> None:
    """20261121_0002 swaps one index of observations for another, in batch mode: down and up
    again, every record and every observation is still there, and the indexes are as named."""

    def observation_indexes() -> set[str | None]:
        return {ix["name"] for ix in inspect(db_engine).get_indexes("observations")}

    assert cli("init").exit_code == 0
    before, after = tmp_path / "before.json", tmp_path / "after.json"
    assert cli("export", "-o", str(before)).exit_code == 0
    assert "ix_observations_target_id_date_upper" in observation_indexes()
    down = cli("db", "downgrade", "20261121_0001")
    assert down.exit_code == 0, down.output
    indexes = observation_indexes()
    assert "ix_observations_target_id" in indexes
    assert "ix_observations_target_id_date_upper" not in indexes
    assert cli("db", "upgrade").exit_code == 0
    assert "ix_observations_target_id" not in observation_indexes()
    assert cli("export", "-o", str(after)).exit_code == 0
    assert after.read_text() == before.read_text()
    assert '"observations": [' in before.read_text()
