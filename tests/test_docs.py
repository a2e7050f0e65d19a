"""The README shows real commands with their real output, and mentions every command."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from tests.conftest import Invoke
from tests.helpers import REPO
from tests.test_cli import all_command_paths

README = (REPO / "README.md").read_text("utf-8")
DOCUMENTED_HOME = "/home/you/.local/share/tracker/tracker.db"


def console_sessions() -> list[tuple[str, str]]:
    """(command line, expected output) for each `$ tracker ...` in ```console blocks."""
    sessions = []
    for block in re.findall(r"```console\n(.*?)```", README, flags=re.DOTALL):
        parts = re.split(r"^\$ ", block, flags=re.MULTILINE)
        for part in parts[1:]:
            command, _, output = part.partition("\n")
            sessions.append((command, output))
    return sessions


def test_the_readme_has_console_examples() -> None:
    assert len(console_sessions()) >= 5


def test_readme_console_examples_are_real(
    run: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Replayed in order on a fresh default database, exactly as a new user would."""
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.chdir(tmp_path)  # examples write files (a briefing) where they run
    database = str(tmp_path / "user-data" / "tracker" / "tracker.db")
    for command, expected in console_sessions():
        args = shlex.split(command)
        assert args[0] == "tracker"
        result = run(*args[1:])
        actual = (result.stderr + result.stdout).replace(database, DOCUMENTED_HOME)
        assert actual == expected, command


@pytest.mark.parametrize("path", all_command_paths(), ids=" ".join)
def test_every_command_is_in_the_readme(path: list[str]) -> None:
    assert f"tracker {' '.join(path)}" in README
