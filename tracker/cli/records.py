"""`tracker add|edit|show|delete KIND ...` and `tracker list KIND`."""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Annotated, Any, get_type_hints

import typer

from tracker.cli.options import FormatOpt, KindArg, TablefmtOpt, YesOpt
from tracker.cli.record_options import (
    agreement_fields,
    event_fields,
    figure_fields,
    initiative_fields,
    source_fields,
    target_fields,
)
from tracker.cli.state import reading, warn, writing

if TYPE_CHECKING:
    from tracker.services.curation.records import Curator

add_app = typer.Typer(help="Add a record.", no_args_is_help=True)
edit_app = typer.Typer(help="Change a record's fields.", no_args_is_help=True)

# Where a record field is typed on the command line, errors name the option.
OPTION_OF_FIELD = {
    "parties": "--party",
    "people": "--person",
    "tags": "--tag",
    "sectors": "--tag",
    "citations": "--cite",
    "target_value": "--target",
    "deadline": "--by",
    "made_by": "--by",
    "addressed_to": "--to",
    "growth_pct": "--growth",
    "baseline.value": "--baseline",
    "baseline.date": "--baseline-date",
    "status_history.status": "--status",
    "status_history.date": "--on",
    "status_history.citations": "--cite",
    "ref": "REF",
    # `tracker agreement status` and `tracker target observe`
    "status.status": "STATUS",
    "status.date": "--on",
    "status.citations": "--cite",
    "observation.value": "VALUE",
    "observation.date": "--on",
    "observation.growth_pct": "--growth",
    "observation.period": "--period",
    "observation.qualifier": "--qualifier",
    "observation.slug": "--slug",
    "observation.citations": "--cite",
    # `tracker cite KIND REF SOURCE QUOTE`
    "citation.source": "SOURCE",
    "citation.quote": "QUOTE",
    "citation.locator": "QUOTE",
}


def option_named(field: str) -> str:
    """'parties[1]' -> '--party'; 'status_history[0].date' -> '--on'; 'title' -> '--title'."""
    path = re.sub(r"\[\d+\]", "", field)
    for prefix in (path, ".".join(path.split(".")[:2]), path.split(".")[0]):
        if prefix in OPTION_OF_FIELD:
            return OPTION_OF_FIELD[prefix]
    return "--" + path.split(".")[0].replace("_", "-")


@contextmanager
def options_named() -> Iterator[None]:
    """Errors from field validation, renamed after the option the user typed."""
    from tracker.errors import TrackerError

    try:
        yield
    except TrackerError as error:
        if not error.field or error.field.startswith("-") or error.field.isupper():
            raise
        raise error.renamed(option_named(error.field)) from None


def _given(fields: dict[str, Any]) -> dict[str, Any]:
    """Only what the user typed: an option left out changes nothing."""
    return {k: v for k, v in fields.items() if v is not None}


EXAMPLES = {
    "source": "tracker add source --title 'Kazakhstan and Uzbekistan agree $10bn trade goal' "
    "--file article.txt --outlet 'CentralAsia (KZ)' --published 2025-11-15 --language ru",
    "event": "tracker add event --title 'Second Supreme Interstate Council' --kind council_meeting "
    "--date 2025-11-15 --place Tashkent --party KZ --party UZ",
    "agreement": "tracker add agreement --title 'Treaty on Allied Relations' --kind treaty "
    "--party KZ --party UZ --status signed --on 2025-11 "
    "--cite 'nematov-ismi-commentary:подписан Договор между Узбекистаном и Казахстаном'",
    "target": "tracker add target --title 'Mutual trade to $10bn' --target '$10bn' --by 2030 "
    "--party KZ --party UZ",
    "initiative": "tracker add initiative --title 'Joint investment company' --kind establishment "
    "--party KZ --party UZ --sector investment --status agreed --on 2025-11",
    "figure": "tracker add figure --title 'Joint projects under way' --value 78 --unit projects "
    "--date 2025-11-15 --party KZ --party UZ",
}


# A record of each kind in the curated data, for the edit examples to change.
EDITED = {
    "source": "nur-kz-2025-10-09",
    "event": "kz-uz-supreme-interstate-council-2",
    "agreement": "kz-uz-treaty-allied-relations",
    "initiative": "kz-uz-business-council",
    "target": "kz-uz-trade-10bn-by-2030",
    "figure": "kz-ru-border-length",
}


def _with_signature(
    function: Callable[..., Any], collect: Callable[..., Any], leading: list[inspect.Parameter]
) -> Callable[..., Any]:
    """Give `function` the options of `collect` (after `leading`), for Typer to read."""
    hints = get_type_hints(collect, include_extras=True)
    params = list(inspect.signature(collect).parameters.values())
    params = [p.replace(annotation=hints[p.name]) for p in params]
    function.__signature__ = inspect.Signature([*leading, *params])  # type: ignore[attr-defined]
    function.__annotations__ = {p.name: p.annotation for p in [*leading, *params]}
    return function


CTX = inspect.Parameter("ctx", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=typer.Context)
REF = inspect.Parameter(
    "ref",
    inspect.Parameter.POSITIONAL_OR_KEYWORD,
    annotation=Annotated[str, typer.Argument(help="Slug or id of the record.", metavar="REF")],
)


def _register(kind_name: str, collect: Callable[..., dict[str, Any]]) -> None:
    def add(ctx: typer.Context, **options: Any) -> None:
        from tracker.services.curation.kinds import kind_named

        fields = _given(collect(**options))
        with options_named():
            record = writing(ctx, lambda curator: curator.create(kind_named(kind_name), fields))
        typer.echo(f"created {kind_name} {record.slug} (id {record.id})")

    def edit(ctx: typer.Context, ref: str, **options: Any) -> None:
        from tracker.services.curation.kinds import kind_named

        fields = _given(collect(**options))
        # In an edit, --cite and --status add to what is there rather than replace it.
        citations = fields.pop("citations", [])
        steps = fields.pop("status_history", [])
        if not fields and not citations and not steps:
            from tracker.errors import InvalidValue

            raise InvalidValue(
                "OPTIONS", f"nothing to change; see 'tracker edit {kind_name} --help'"
            )
        kind = kind_named(kind_name)

        def change(curator: Curator) -> tuple[str, list[str]]:
            record = curator.update(kind, ref, fields) if fields else curator.get(kind, ref)
            for citation in citations:
                curator.cite(kind, record.slug, citation["source"], citation["quote"])
            for step in steps:
                curator.add_status(kind, record.slug, step)
            return record.slug, _citations_left_broken(curator, record, fields)

        with options_named():
            slug, broken = writing(ctx, change)
        typer.echo(f"updated {kind_name} {slug}")
        warn(broken)

    article = "an" if kind_name[0] in "aeiou" else "a"
    add.__doc__ = f"Add {article} {kind_name}.\n\nExample: {EXAMPLES[kind_name]}"
    edit.__doc__ = (
        f"Change {article} {kind_name}: only the options given change; list options replace "
        "the list, --cite adds a citation and --status a status step.\n\n"
        f"Example: tracker edit {kind_name} {EDITED.get(kind_name, 'SLUG')} --title 'New title'"
    )
    add_app.command(kind_name)(_with_signature(add, collect, [CTX]))
    edit_app.command(kind_name)(_with_signature(edit, collect, [CTX, REF]))


def _citations_left_broken(curator: Curator, record: Any, fields: dict[str, Any]) -> list[str]:
    """A source's text may be revised (a dataset's table, a corrected article) although records
    cite it: the edit lands, and what it left unfounded is said at once, not at the next check."""
    from tracker.models import Source
    from tracker.services.curation.check import citations_not_holding

    if not isinstance(record, Source) or not {"text", "kind"} & set(fields):
        return []
    return [str(problem) for problem in citations_not_holding(curator.session, record)]


for _kind, _collect in (
    ("source", source_fields),
    ("event", event_fields),
    ("agreement", agreement_fields),
    ("initiative", initiative_fields),
    ("target", target_fields),
    ("figure", figure_fields),
):
    _register(_kind, _collect)


RefArg = Annotated[str, typer.Argument(help="Slug or id of the record.", metavar="REF")]


def show(
    ctx: typer.Context,
    kind: KindArg,
    ref: RefArg,
    fmt: FormatOpt = "table",
    tablefmt: TablefmtOpt = "simple",
) -> None:
    """Show one record with its citations (and status history or observations).

    Example: tracker show agreement kz-uz-treaty-allied-relations
    """
    from tracker.cli.render import check_format, render_document
    from tracker.cli.views import detail
    from tracker.services.curation.kinds import kind_named
    from tracker.services.curation.references import find_by_ref

    check_format(fmt, tablefmt)
    record_kind = kind_named(kind)
    with reading(ctx) as session:
        record = find_by_ref(session, record_kind.model, ref, "REF")
        typer.echo(render_document(detail(record_kind, record), fmt, tablefmt))


def delete(
    ctx: typer.Context,
    kind: KindArg,
    ref: RefArg,
    yes: YesOpt = False,
    force: Annotated[
        bool,
        typer.Option(help="Delete even if other records use it (they lose the link or citation)."),
    ] = False,
) -> None:
    """Delete a record and its citations. Asks first on a terminal; elsewhere needs --yes.

    Example: tracker delete figure kz-uz-joint-projects-count-2025-11 --yes
    """
    from tracker.errors import InvalidValue
    from tracker.services.curation.kinds import kind_named
    from tracker.services.curation.records import Curator

    record_kind = kind_named(kind)
    with reading(ctx) as session, options_named():
        # Ask before the write transaction: a person deciding must not hold the database lock.
        curator = Curator(session)
        record = curator.get(record_kind, ref)
        slug, dependents = record.slug, curator.dependents(record)
    if not yes:
        if not stdin_is_terminal():
            raise InvalidValue("--yes", "not on a terminal; pass --yes to confirm the delete")
        consequences = dependents.describe()
        question = f"Delete {record_kind.name} {slug!r}"
        question += f" ({consequences})?" if consequences else "?"
        if not typer.confirm(question, default=False):
            raise typer.Abort()
    released = writing(ctx, lambda curator: curator.delete(record_kind, slug, force=force))
    summary = released.describe(done=True)
    typer.echo(f"deleted {record_kind.name} {slug}" + (f"; {summary}" if summary else ""))


def stdin_is_terminal() -> bool:
    import sys

    return sys.stdin.isatty()
