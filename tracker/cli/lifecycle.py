"""Citations on any record; the status history of an event, an agreement or an initiative; a
target's values (figures of its measure)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from tracker.cli.options import FormatOpt, KindArg, TablefmtOpt, split_citation
from tracker.cli.records import RefArg, option_named, options_named
from tracker.cli.state import reading, writing
from tracker.errors import Conflict, TrackerError

if TYPE_CHECKING:
    from tracker.services.curation.records import Curator

agreement_app = typer.Typer(help="An agreement's status history.", no_args_is_help=True)
initiative_app = typer.Typer(help="An initiative's status history.", no_args_is_help=True)
event_app = typer.Typer(
    help="An event's status history: planned, held, postponed, cancelled.", no_args_is_help=True
)
target_app = typer.Typer(
    help="A target's values: the figures of its measure.", no_args_is_help=True
)

CiteOpt = Annotated[
    list[str] | None,
    typer.Option("--cite", metavar="SOURCE:QUOTE", help="Supporting source and verbatim quote."),
]
NoteOpt = Annotated[str | None, typer.Option(help="Curator's note.")]


def cite(
    ctx: typer.Context,
    kind: KindArg,
    ref: RefArg,
    source: Annotated[str, typer.Argument(help="Slug or id of the cited source.")],
    quote: Annotated[str, typer.Argument(help="The supporting sentence, verbatim.")],
) -> None:
    """Cite a source on a record, with the verbatim sentence that supports it.

    Example: tracker cite figure kz-uz-joint-projects-count-2025-11 centralasia-2025-11-15 'реализуется 78 совместных проектов'
    """  # noqa: E501
    from tracker.services.curation.kinds import kind_named

    record_kind = kind_named(kind)
    with options_named():
        writing(ctx, lambda curator: curator.cite(record_kind, ref, source, quote))
    typer.echo(f"cited {source} on {record_kind.name} {ref}")


def uncite(
    ctx: typer.Context,
    kind: KindArg,
    ref: RefArg,
    source: Annotated[str, typer.Argument(help="Slug or id of the cited source.")],
    quote: Annotated[
        str | None, typer.Option(help="Remove only this quote (default: all from that source).")
    ] = None,
) -> None:
    """Remove a record's citations of a source.

    Example: tracker uncite figure kz-uz-joint-projects-count-2025-11 centralasia-2025-11-15
    """
    from tracker.services.curation.kinds import kind_named

    record_kind = kind_named(kind)
    with options_named():
        removed = writing(ctx, lambda curator: curator.uncite(record_kind, ref, source, quote))
    typer.echo(f"removed {removed} citation(s) of {source} from {record_kind.name} {ref}")


def _history_commands(app: typer.Typer, kind_name: str, statuses: str, example: str) -> None:
    """`status`, `history` and `unstatus` for a kind with a status history."""

    def add_status(
        ctx: typer.Context,
        ref: RefArg,
        status: str,
        on: Annotated[str | None, typer.Option(help="Date of the change (any date form).")] = None,
        cite: CiteOpt = None,
        note: NoteOpt = None,
    ) -> None:
        from tracker.services.curation.kinds import KINDS

        step = {
            "status": status,
            "date": on,
            "note": note,
            "citations": [split_citation(c) for c in cite or []],
        }

        def record_step(curator: Curator) -> tuple[str, str]:
            record = curator.add_status(KINDS[kind_name], ref, step)
            return record.slug, record.statuses[-1].status

        with options_named():
            slug, current = writing(ctx, record_step)
        typer.echo(f"{kind_name} {slug}: {status} recorded; current status {current}")

    def history(
        ctx: typer.Context, ref: RefArg, fmt: FormatOpt = "table", tablefmt: TablefmtOpt = "simple"
    ) -> None:
        from tracker.cli.render import check_format, render
        from tracker.cli.views import status_table
        from tracker.services.curation.kinds import KINDS
        from tracker.services.curation.references import find_by_ref
        from tracker.services.curation.serialize import to_dict

        check_format(fmt, tablefmt)
        with reading(ctx) as session:
            record = find_by_ref(session, KINDS[kind_name].model, ref, "REF")
            typer.echo(render(status_table(to_dict(record)), fmt, tablefmt))

    def remove_status(
        ctx: typer.Context,
        ref: RefArg,
        step: Annotated[int, typer.Argument(help="Step number, as 'history' lists it.")],
    ) -> None:
        from tracker.services.curation.kinds import KINDS

        with options_named():
            slug = writing(
                ctx, lambda curator: curator.remove_status(KINDS[kind_name], ref, step).slug
            )
        typer.echo(f"{kind_name} {slug}: step {step} removed")

    def edit_status(
        ctx: typer.Context,
        ref: RefArg,
        step: Annotated[int, typer.Argument(help="Step number, as 'history' lists it.")],
        status: Annotated[str | None, typer.Option(help="The corrected status.")] = None,
        on: Annotated[str | None, typer.Option(help="The corrected date.")] = None,
        note: NoteOpt = None,
        cite: CiteOpt = None,
        replace_citations: Annotated[
            bool, typer.Option(help="--cite replaces the step's citations instead of adding.")
        ] = False,
    ) -> None:
        from tracker.errors import InvalidValue
        from tracker.services.curation.kinds import KINDS

        if status is None and on is None and note is None and not cite:
            raise InvalidValue(
                "OPTIONS", "nothing to change; give --status, --on, --note or --cite"
            )
        changes = {
            "status": status,
            "date": on,
            "note": note,
            "citations": [split_citation(c) for c in cite or []],
        }

        def correct(curator: Curator) -> tuple[str, str]:
            record = curator.edit_status(
                KINDS[kind_name], ref, step, changes, replace_citations=replace_citations
            )
            return record.slug, record.statuses[-1].status

        with options_named():
            slug, current = writing(ctx, correct)
        typer.echo(f"{kind_name} {slug}: step {step} corrected; current status {current}")

    add_status.__doc__ = (
        f"Record a dated, cited change of an {kind_name}'s status.\n\n"
        f"Example: tracker {kind_name} status {example}"
    )
    history.__doc__ = (
        f"List an {kind_name}'s status steps, numbered, oldest first.\n\n"
        f"Example: tracker {kind_name} history {example.split(maxsplit=1)[0]}"
    )
    remove_status.__doc__ = (
        f"Remove one step of an {kind_name}'s status history.\n\n"
        f"Example: tracker {kind_name} unstatus {example.split(maxsplit=1)[0]} 1"
    )
    # The help names this kind's statuses: set as an object, since annotations here are text
    # that Typer evaluates at module level, where `statuses` does not exist.
    add_status.__annotations__["status"] = Annotated[
        str, typer.Argument(help=statuses, metavar="STATUS")
    ]
    app.command("status")(add_status)
    edit_status.__doc__ = (
        f"Correct one step of an {kind_name}'s status history in place: its status, date, "
        "note or citations; the history must stay in order.\n\n"
        f"Example: tracker {kind_name} status-edit {example.split(maxsplit=1)[0]} 1 "
        "--on 2025-11-15?"
    )
    app.command("status-edit")(edit_status)
    app.command("history")(history)
    app.command("unstatus")(remove_status)


_history_commands(
    agreement_app,
    "agreement",
    "proposed, under_negotiation, signed, adopted, approved, ratified, in_force, ...",
    "kz-uz-treaty-allied-relations ratified --on 2026-02",
)
_history_commands(
    initiative_app,
    "initiative",
    "proposed, agreed, in_progress, done, dropped, unknown.",
    "kz-uz-decision-council-of-regional-heads in_progress --on 2026-03",
)
_history_commands(
    event_app,
    "event",
    "planned, held, postponed, cancelled, unknown.",
    "central-asia-russia-summit-2 held --on 2025-10-09",
)


@target_app.command("observe")
def observe(
    ctx: typer.Context,
    ref: RefArg,
    value: Annotated[
        str | None, typer.Argument(help="Reported value, e.g. 'about 4 bn USD'.")
    ] = None,
    on: Annotated[
        str | None, typer.Option(help="Date or span the value refers to (2024, 2025-01/2025-10).")
    ] = None,
    period: Annotated[
        str | None,
        typer.Option(help="year, ytd (year to date), quarter, month or point (in time)."),
    ] = None,
    growth: Annotated[
        str | None, typer.Option(help="Growth the source reports with it, in percent.")
    ] = None,
    qualifier: Annotated[str | None, typer.Option(help="exact, about, over, under, up_to.")] = None,
    slug: Annotated[str | None, typer.Option(help="The new figure's slug.")] = None,
    cite: CiteOpt = None,
    note: NoteOpt = None,
    series: Annotated[
        Path | None,
        typer.Option(
            help="Instead of VALUE: a CSV series (date,value,period[,locator]) from a "
            "dataset source, each row a value."
        ),
    ] = None,
    source: Annotated[
        str | None, typer.Option(help="With --series: the dataset source (slug or id).")
    ] = None,
    row: Annotated[
        str | None,
        typer.Option(help="With --series: the table's row label; each date names a column."),
    ] = None,
) -> None:
    """Add a value of a target's measure, as a source reports it: a figure with the target's
    measure, unit, parties and tags, which every target of that measure reads.

    Example: tracker target observe kz-uz-trade-10bn-by-2030 'about $5bn' --on 2024 --period year
    """
    if series is not None:
        _observe_series(ctx, ref, series, source, row)
        return
    if value is None:
        from tracker.errors import InvalidValue

        raise InvalidValue("VALUE", "give the value, or --series FILE --source DATASET")
    raw = {
        "value": value,
        "date": on,
        "period": period,
        "growth_pct": growth,
        "qualifier": qualifier,
        "slug": slug,
        "note": note,
        "citations": [split_citation(c) for c in cite or []],
    }

    def add(curator: Curator) -> tuple[str, str]:
        figure = curator.add_observation(ref, {k: v for k, v in raw.items() if v is not None})
        return figure.slug, str(figure.measure)

    with options_named():
        slug_made, measure = writing(ctx, add)
    typer.echo(f"figure {slug_made} added to measure {measure}")


@target_app.command("observations")
def observations(
    ctx: typer.Context, ref: RefArg, fmt: FormatOpt = "table", tablefmt: TablefmtOpt = "simple"
) -> None:
    """List a target's values (the figures of its measure and unit), numbered, oldest first.

    Example: tracker target observations kz-uz-trade-10bn-by-2030
    """
    from tracker.cli.render import check_format, render
    from tracker.cli.views import series_table
    from tracker.models import Target
    from tracker.services.curation.references import find_by_ref

    check_format(fmt, tablefmt)
    with reading(ctx) as session:
        target = find_by_ref(session, Target, ref, "REF")
        typer.echo(render(series_table(target), fmt, tablefmt))


def _observe_series(
    ctx: typer.Context, ref: str, series: Path, source: str | None, row: str | None
) -> None:
    from tracker.errors import InvalidValue
    from tracker.services.transfer.series import read_series

    if source is None:
        raise InvalidValue("--source", "a series needs its dataset source")
    rows = read_series(series, source, row)

    def at_row(error: TrackerError, number: int) -> TrackerError:
        """Named by the file's row (and, led by the option, left as it is by options_named)."""
        return error.renamed(
            f"--series: {series.name} row {number} {option_named(error.field or '')}"
        )

    def add_all(curator: Curator) -> tuple[int, int]:
        added = held = 0
        for number, fields in enumerate(rows, start=2):
            try:
                curator.add_observation(ref, fields)
                added += 1
            except Conflict as error:
                if not error.problem.startswith("already held"):
                    raise at_row(error, number) from None
                held += 1  # a series read again adds only what is new
            except TrackerError as error:
                raise at_row(error, number) from None
        return added, held

    with options_named():
        added, held = writing(ctx, add_all)
    typer.echo(
        f"target {ref}: {added} value(s) added from {series.name}"
        + (f", {held} already held" if held else "")
    )
