"""Every `Example:` in every command's --help runs as written on the curated data: each on its
own copy of a freshly curated database (examples write), in a folder and a home of its own
(examples name files: `-o kz-uz.html`, `~/tracker-2026-11-21.db`)."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from tests.helpers import SEEDS
from tracker.cli.app import app

EXAMPLE = re.compile(r"Example: (tracker .*)")

# Examples that still fail, each with why (strict: one that starts to pass must leave the
# list). None do.
KNOWN_FAILURES: dict[str, str] = {}


def _commands(command: Any, path: list[str]) -> Iterator[tuple[list[str], Any]]:
    """Every command under `command`, or, for one that cannot be built, the exception."""
    yield path, command
    group = getattr(command, "commands", {})
    for name in list(group):
        try:
            sub = group[name]
        except Exception as error:  # reported as that command's failure, not a crash
            yield [*path, name], error
            continue
        yield from _commands(sub, [*path, name])


def help_examples() -> list[tuple[str, str]]:
    """(command path, example) for every example of every command, the root's too; a
    command that cannot be built gives its error instead of an example."""
    root = typer.main.get_command(app)
    found = []
    for path, command in _commands(root, []):
        name = " ".join(path) or "tracker"
        if isinstance(command, Exception):
            found.append((name, f"(cannot build: {command!r})"))
            continue
        found += [(name, example) for example in EXAMPLE.findall(command.help or "")]
    return found


def _params() -> list[Any]:
    params = []
    for path, example in help_examples():
        marks = []
        if path in KNOWN_FAILURES:
            marks.append(pytest.mark.xfail(reason=KNOWN_FAILURES[path], strict=True))
        params.append(pytest.param(path, example, id=f"{path}: {example}", marks=marks))
    return params


@pytest.fixture(scope="module")
def curated_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One curated SQLite database, copied for each example."""
    path = tmp_path_factory.mktemp("curated") / "tracker.db"
    result = CliRunner().invoke(app, ["--db", str(path), "init"])
    assert result.exit_code == 0, result.output
    with closing(sqlite3.connect(path)) as connection:  # all of it in the file, to copy
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path


def _prepare(args: list[str], run: Any) -> None:
    """The files an example reads, made as a user would have them first."""
    for arg in args:
        name = Path(arg).name
        if name == "article.txt":  # a news text (add source, extract)
            shutil.copy(next(iter(sorted(SEEDS.glob("*.txt")))), arg)
        elif name == "colleague.yaml":  # a records file someone sent (import)
            assert run("export", "--format", "yaml", "-o", arg).exit_code == 0
    if args[:2] == ["db", "restore"]:  # a backup taken before
        assert run("db", "backup", args[2]).exit_code == 0


def test_every_command_with_help_has_examples_collected() -> None:
    paths = {path for path, _ in help_examples()}
    assert {"list", "search", "report briefing", "db restore", "edit figure"} <= paths
    assert set(KNOWN_FAILURES) <= paths  # a command fixed or gone leaves this list


@pytest.mark.parametrize(("path", "example"), _params())
def test_help_example_runs_on_the_curated_data(
    path: str,
    example: str,
    curated_file: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    database = tmp_path / "tracker.db"
    shutil.copy(curated_file, database)
    home = tmp_path / "home"
    home.mkdir()
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("TRACKER_DB", str(database))
    monkeypatch.chdir(work)
    # As the shell would hand the words over: quotes removed, ~ expanded.
    words = [os.path.expanduser(word) for word in shlex.split(example)]
    assert words[0] == "tracker", example
    runner = CliRunner()

    def run(*args: str) -> Any:
        return runner.invoke(app, list(args))

    _prepare(words[1:], run)
    result = run(*words[1:])
    assert result.exit_code == 0, f"{example}\n{result.output}"
    assert "error" not in result.stderr, result.stderr
