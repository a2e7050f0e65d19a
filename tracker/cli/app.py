"""The `tracker` command: global options, error handling, and the command groups."""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Sequence
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from tracker import __version__
from tracker.cli import curation, data, db, history, lifecycle, records, reports, transfer
from tracker.cli.state import AppState
from tracker.errors import TrackerError

DEBUG_ENV = "TRACKER_DEBUG"


LONG_RUN = re.compile(r"(\S{40})\S{30,}(\S{12})")
MESSAGE_LIMIT = 1000


def _one_line(message: str) -> str:
    """Whitespace folded, and a value pasted by mistake (a megabyte) elided: one readable line."""
    line = LONG_RUN.sub(r"\1…\2", " ".join(message.split()))
    return line if len(line) <= MESSAGE_LIMIT else f"{line[:MESSAGE_LIMIT]}… (message cut)"


class TrackerGroup(TyperGroup):
    """Every failure ends as one line on stderr and an exit code: 2 for usage, 1 otherwise."""

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        arguments = list(args) if args is not None else sys.argv[1:]
        try:
            _check_arguments(arguments)
            result = super().main(
                args=arguments,
                prog_name=prog_name or "tracker",
                complete_var=complete_var,
                standalone_mode=False,
                windows_expand_args=windows_expand_args,
                **extra,
            )
            code = result if isinstance(result, int) else 0
        except typer.Exit as done:
            code = done.exit_code
        except typer.Abort:
            typer.echo("tracker: aborted; nothing was changed", err=True)
            code = 1
        except TrackerError as error:
            typer.echo(f"tracker: error: {_one_line(str(error))}", err=True)
            code = error.exit_code
        except typer.TyperException as error:
            # Typer's usage errors (bad option, missing argument) carry the context they arose in.
            context = getattr(error, "ctx", None)
            if context is not None and error.format_message() == context.get_help():
                typer.echo(context.get_help())  # a group called without a subcommand
                code = 0
            else:
                hint = f" (see '{context.command_path} --help')" if context is not None else ""
                typer.echo(f"tracker: error: {_one_line(error.format_message())}{hint}", err=True)
                code = error.exit_code
        except KeyboardInterrupt:
            typer.echo("tracker: interrupted; nothing was changed", err=True)
            code = 130
        except Exception as error:
            if os.environ.get(DEBUG_ENV):
                raise
            typer.echo(
                f"tracker: internal error: {type(error).__name__}: {_one_line(str(error))} "
                f"(set {DEBUG_ENV}=1 for details); nothing was changed",
                err=True,
            )
            code = 1
        if standalone_mode:
            sys.exit(code)
        return code


def _check_arguments(arguments: list[str]) -> None:
    """Bytes that are not UTF-8 reach Python as lone surrogates; refuse them at the door."""
    from tracker.errors import InvalidValue

    for position, argument in enumerate(arguments, 1):
        try:
            argument.encode("utf-8")
        except UnicodeEncodeError:
            raise InvalidValue(f"argument {position}", "not valid UTF-8 text") from None


app = typer.Typer(
    cls=TrackerGroup,
    name="tracker",
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(records.add_app, name="add")
app.add_typer(records.edit_app, name="edit")
app.command("show")(records.show)
app.command("delete")(records.delete)
app.command("list")(records.list_command)
app.command("cite")(lifecycle.cite)
app.command("uncite")(lifecycle.uncite)
app.add_typer(lifecycle.agreement_app, name="agreement")
app.add_typer(lifecycle.target_app, name="target")
app.command("init")(data.init)
app.command("check")(data.check)
app.add_typer(data.seed_app, name="seed")
app.add_typer(reports.app, name="report")
app.command("export")(transfer.export)
app.command("import")(transfer.import_)
app.command("extract")(curation.extract)
app.command("search")(curation.search)
app.command("history")(history.history)
app.command("undo")(history.undo)
app.add_typer(db.app, name="db")


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"tracker {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    db_option: Annotated[
        str | None,
        typer.Option(
            "--db",
            metavar="PATH_OR_URL",
            help="SQLite file or postgresql+psycopg:// URL. Default: $TRACKER_DB, else a file "
            "in your user data directory (see 'tracker db path').",
        ),
    ] = None,
    actor: Annotated[
        str | None,
        typer.Option(help="Who is making changes, for the history. Default: your OS user name."),
    ] = None,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_show_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """Bilateral agreements, targets and figures, each traced to the sentence it came from.

    Example: tracker report targets --pair KZ-UZ
    """
    ctx.obj = AppState(db_option, actor)


def main(argv: Sequence[str] | None = None) -> int:
    command = typer.main.get_command(app)
    return int(command.main(args=argv, prog_name="tracker", standalone_mode=False))
