"""The command-line surface: help on everything, version, and one-line usage errors."""

from __future__ import annotations

import subprocess
import sys

import pytest
import typer

from tests.conftest import Invoke
from tracker import __version__
from tracker.cli.app import app
from tracker.cli.options import KIND_CHOICES
from tracker.services.curation.kinds import KIND_NAMES


def all_command_paths() -> list[list[str]]:
    root = typer.main.get_command(app)
    paths: list[list[str]] = []

    def walk(command: object, prefix: list[str]) -> None:
        subcommands = getattr(command, "commands", {})
        for name, sub in subcommands.items():
            paths.append([*prefix, name])
            walk(sub, [*prefix, name])

    walk(root, [])
    return paths


def test_version(run: Invoke) -> None:
    result = run("--version")
    assert result.exit_code == 0
    assert result.stdout == f"tracker {__version__}\n"


def test_no_arguments_shows_help(run: Invoke) -> None:
    result = run()
    assert result.exit_code == 0
    assert result.stdout.startswith("Usage: tracker [OPTIONS] COMMAND [ARGS]...")


@pytest.mark.parametrize("path", all_command_paths(), ids=" ".join)
def test_every_command_has_help_with_an_example(run: Invoke, path: list[str]) -> None:
    result = run(*path, "--help")
    assert result.exit_code == 0, result.output
    command = typer.main.get_command(app)
    for name in path:
        command = command.commands[name]  # type: ignore[attr-defined]
    if not hasattr(command, "commands"):
        assert "Example: tracker " in result.stdout


def test_help_names_every_kind_a_command_accepts() -> None:
    spelled = KIND_CHOICES.replace(" or ", ", ").split(", ")
    assert spelled == list(KIND_NAMES)


@pytest.mark.parametrize("path", [["list"], ["show"], ["search"]], ids=" ".join)
def test_kind_help_lists_initiatives_too(run: Invoke, path: list[str]) -> None:
    result = run(*path, "--help")
    assert result.exit_code == 0, result.output
    assert "initiative" in " ".join(result.stdout.split())


def test_unknown_command_is_one_line(run: Invoke) -> None:
    result = run("db", "curent")
    assert result.exit_code == 2
    assert result.stderr == (
        "tracker: error: No such command 'curent'. Did you mean 'current'? "
        "(see 'tracker db --help')\n"
    )


def test_unknown_option_is_one_line(run: Invoke) -> None:
    result = run("--dbb", "x", "db", "path")
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("tracker: error: No such option: --dbb")


def test_python_dash_m_and_console_script_agree() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "tracker", "--version"], capture_output=True, text=True, check=True
    )
    assert result.stdout == f"tracker {__version__}\n"


def test_an_unexpected_error_is_one_line_without_traceback(
    run: Invoke, monkeypatch: pytest.MonkeyPatch, tmp_path: object
) -> None:
    from tracker.services.store import opening

    def explode(_location: object, _load_curated: object) -> None:
        raise ZeroDivisionError("boom")

    monkeypatch.setattr(opening, "open_database", explode)
    result = run("db", "current")
    assert result.exit_code == 1
    assert result.stderr == (
        "tracker: internal error: ZeroDivisionError: boom (set TRACKER_DEBUG=1 for details); "
        "nothing was changed\n"
    )
