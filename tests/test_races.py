"""Two commands at once on one record: whatever each checked still holds when it commits.
SQLite lets one writer in at a time; on PostgreSQL each check-then-write holds a lock on the
rows it checked, and the loser of a race gets one line, never an internal error."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from sqlalchemy import Engine, func, select

from tests.conftest import Invoke
from tests.helpers import REPO
from tracker.models import AgreementStatus, Citation

ROUNDS = 12
TEXT = "The two presidents met in Tashkent. They signed a treaty on the border."
QUOTE = "They signed a treaty on the border."


def _race(db_url: str, tmp_path: Path, name: str, *commands: list[str]) -> list[tuple[int, str]]:
    """Start the commands together; each one's exit code and stderr."""
    go = tmp_path / f"go-{name}"
    sides = [
        subprocess.Popen(
            [sys.executable, "-m", "tests.race_worker", db_url, str(go), *command],
            cwd=REPO,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for command in commands
    ]
    for side in sides:  # both warmed up and waiting
        assert side.stdout is not None
        assert side.stdout.readline() == "ready\n"
    go.touch()
    outcomes = []
    for side in sides:
        out, err = side.communicate(timeout=120)
        assert side.returncode == 0, err
        outcomes.append((int(out.strip().splitlines()[-1].removeprefix("exit ")), err))
    return outcomes


UNCITED = re.compile(r".*(: has no citation|: status step \d+ \([a-z_]+\) has no citation)")


def _checked(cli: Invoke) -> None:
    """`tracker check` finds nothing but the records (and status steps) these tests leave
    uncited."""
    lines = cli("check").stdout.splitlines()
    problems = [line for line in lines if not line.startswith("ok:")]
    assert [p for p in problems if not UNCITED.fullmatch(p)] == [], lines


def _one_line(err: str) -> None:
    assert err.count("\n") == 1, err
    assert "internal error" not in err
    assert "Traceback" not in err


def test_two_status_steps_out_of_order_are_never_both_accepted(
    cli: Invoke, db_url: str, db_engine: Engine, tmp_path: Path
) -> None:
    assert cli("init", "--empty").exit_code == 0
    for n in range(ROUNDS):
        slug = f"race-{n}"
        added = cli("add", "agreement", "--title", f"Race {n}", "--kind", "treaty",
                    "--party", "KZ", "--party", "UZ", "--slug", slug)  # fmt: skip
        assert added.exit_code == 0
        (signed, signed_err), (ratified, ratified_err) = _race(
            db_url, tmp_path, slug,
            ["agreement", "status", slug, "signed", "--on", "2025"],
            ["agreement", "status", slug, "ratified", "--on", "2024"],
        )  # fmt: skip
        assert sorted([signed, ratified]) == [0, 2], (signed_err, ratified_err)
        loser = ratified_err if signed == 0 else signed_err
        _one_line(loser)
        assert "a later stage cannot come first" in loser
    with db_engine.connect() as connection:
        assert connection.scalar(select(func.count(AgreementStatus.id))) == ROUNDS
    _checked(cli)


def test_deleting_a_source_while_it_is_cited_loses_no_citation(
    cli: Invoke, db_url: str, db_engine: Engine, tmp_path: Path
) -> None:
    assert cli("init", "--empty").exit_code == 0
    # No quote will name Kazakhstan: the party is the curator's inference, and says so.
    added = cli("add", "event", "--title", "Meeting", "--kind", "summit", "--party", "KZ",
                "--parties-inferred", "--slug", "meeting")  # fmt: skip
    assert added.exit_code == 0, added.output
    cited = 0
    for n in range(ROUNDS):
        slug = f"source-{n}"
        assert cli("add", "source", "--title", f"Source {n}", "--text", TEXT, "--slug", slug,
                   "--published", "2025").exit_code == 0  # fmt: skip
        (deleted, deleted_err), (cite, cite_err) = _race(
            db_url, tmp_path, slug,
            ["delete", "source", slug, "--yes"],
            ["cite", "event", "meeting", slug, QUOTE],
        )  # fmt: skip
        # One wins: the source goes before the citation can name it, or the citation
        # lands first and the source is in use.
        assert sorted([deleted, cite]) == [0, 1], (deleted_err, cite_err)
        _one_line(deleted_err if deleted else cite_err)
        if cite == 0:
            cited += 1
            assert "is in use" in deleted_err
        else:
            assert f"no source {slug!r}" in cite_err
        shown = cli("show", "source", slug)
        assert shown.exit_code == (0 if cite == 0 else 1)
    with db_engine.connect() as connection:
        assert connection.scalar(select(func.count(Citation.id))) == cited
    _checked(cli)
