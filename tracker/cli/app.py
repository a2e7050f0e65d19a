"""The `tracker` command: global options, error handling, and the command groups."""

from __future__ import annotations

import errno
import gc
import importlib
import os
import re
import sys
from collections.abc import Iterator, MutableMapping, Sequence
from contextlib import contextmanager
from typing import Annotated, Any, NoReturn

import typer
from typer.core import TyperGroup
from typer.models import CommandInfo, TyperInfo

from tracker import __version__
from tracker.cli.state import AppState
from tracker.errors import Problems, TrackerError

DEBUG_ENV = "TRACKER_DEBUG"


LONG_RUN = re.compile(r"(\S{40})\S{30,}(\S{12})")
MESSAGE_LIMIT = 1000


def _one_line(message: str) -> str:
    """Whitespace folded, and a value pasted by mistake (a megabyte) elided: one readable line."""
    line = LONG_RUN.sub(r"\1…\2", " ".join(message.split()))
    return line if len(line) <= MESSAGE_LIMIT else f"{line[:MESSAGE_LIMIT]}… (message cut)"


# Each command, and where its function or sub-app lives, in the order `--help` lists them.
# Commands are imported and built only when looked up, so one call pays for one command, not
# for importing and building all 41 (about 0.1 s a call; BENCHMARKS.md).
COMMANDS = {
    "add": "records:add_app",
    "edit": "records:edit_app",
    "show": "records:show",
    "delete": "records:delete",
    "list": "listing:list_command",
    "cite": "lifecycle:cite",
    "uncite": "lifecycle:uncite",
    "merge": "merging:merge",
    "event": "lifecycle:event_app",
    "agreement": "lifecycle:agreement_app",
    "initiative": "lifecycle:initiative_app",
    "target": "lifecycle:target_app",
    "init": "data:init",
    "check": "data:check",
    "seed": "data:seed_app",
    "report": "reports:app",
    "export": "transfer:export",
    "import": "transfer:import_",
    "extract": "curation:extract",
    "search": "curation:search",
    "history": "history:history",
    "undo": "history:undo",
    "db": "db:app",
}


class LazyCommands(MutableMapping[str, Any]):
    """The root group's commands, each built from COMMANDS on first lookup; an unknown name
    is a KeyError, so `get` answers None and Typer suggests the nearest name."""

    def __init__(self, where: dict[str, str]) -> None:
        self._where = dict(where)
        self._built: dict[str, Any] = {}

    def __getitem__(self, name: str) -> Any:
        if name not in self._built:
            self._built[name] = _build_command(name, self._where[name])
        return self._built[name]

    def __setitem__(self, name: str, command: Any) -> None:
        self._where.setdefault(name, "")
        self._built[name] = command

    def __delitem__(self, name: str) -> None:
        del self._where[name]
        self._built.pop(name, None)

    def __iter__(self) -> Iterator[str]:
        return iter(self._where)

    def __len__(self) -> int:
        return len(self._where)


def _build_command(name: str, where: str) -> Any:
    module, attribute = where.split(":")
    target = getattr(importlib.import_module(f"tracker.cli.{module}"), attribute)
    if isinstance(target, typer.Typer):
        return typer.main.get_group_from_info(
            TyperInfo(target, name=name),
            pretty_exceptions_short=app.pretty_exceptions_short,
            suggest_commands=app.suggest_commands,
            rich_markup_mode=app.rich_markup_mode,
        )
    return typer.main.get_command_from_info(
        CommandInfo(name=name, callback=target),
        pretty_exceptions_short=app.pretty_exceptions_short,
        rich_markup_mode=app.rich_markup_mode,
    )


class TrackerGroup(TyperGroup):
    """Every failure ends as one line on stderr and an exit code: 2 for usage, 1 otherwise."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.commands = LazyCommands(COMMANDS)

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
            with _name_too_long_refused():
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
        except Problems as found:
            for problem in found.problems:
                typer.echo(f"tracker: error: {_one_line(str(problem))}", err=True)
            typer.echo(f"tracker: {found.problem}", err=True)
            code = found.exit_code
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
            from tracker.services.store.failures import describe_failure

            cause = describe_failure(error)
            if cause is not None:
                typer.echo(f"tracker: error: {cause}; nothing was written", err=True)
            else:
                typer.echo(
                    f"tracker: internal error: {type(error).__name__}: {_one_line(str(error))} "
                    f"(set {DEBUG_ENV}=1 for details); nothing was changed",
                    err=True,
                )
            code = 1
        if standalone_mode:
            sys.exit(code)
        return code


@contextmanager
def _name_too_long_refused() -> Iterator[None]:
    """A path longer than the system takes is bad input, wherever it is first used (the path
    given, or a temporary sibling named after it, a few bytes longer): it fails before
    anything is written."""
    try:
        yield
    except OSError as error:
        if error.errno != errno.ENAMETOOLONG:
            raise
        from tracker.errors import InvalidValue

        path = os.fsdecode(error.filename) if error.filename is not None else "file name"
        try:
            directory = os.path.dirname(path) or "."
            name_max, path_max = (os.pathconf(directory, f"PC_{n}_MAX") for n in ("NAME", "PATH"))
        except (OSError, ValueError):
            name_max, path_max = 255, 4096  # Linux's
        raise InvalidValue(
            path,
            f"file name too long; accepted: at most {name_max} bytes a name, {path_max} a path",
        ) from None


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
    if actor is not None:
        from tracker.services.curation.values import actor_value

        actor = actor_value(actor, "--actor")
    ctx.obj = AppState(db_option, actor)
    ctx.call_on_close(ctx.obj.close)


def main(argv: Sequence[str] | None = None) -> int:
    command = typer.main.get_command(app)
    return int(command.main(args=argv, prog_name="tracker", standalone_mode=False))


FULL_COLLECTION_THRESHOLD = 100  # Python's default is 10 middle-generation collections


def run() -> NoReturn:
    """The `tracker` process: one command, then exit."""
    # A command builds its result (a report's 10^4 targets, a listing's rows) and then
    # exits: none of it is garbage before then, yet each full collection walked all of it
    # again, and start-up's schema and modules too: a tenth of a large report's time. The
    # young generations, where cyclic garbage dies, are collected as often as before.
    young, middle, _ = gc.get_threshold()
    gc.set_threshold(young, middle, FULL_COLLECTION_THRESHOLD)
    try:
        code = main()
    finally:
        # Python's last collection at exit walks every object start-up made (the mapped schema,
        # SQLAlchemy's and Typer's modules): a fifth of a listing's time, to find no garbage
        # that exit would not free anyway. The connections are closed by then (AppState.close).
        gc.freeze()
    raise SystemExit(code)
