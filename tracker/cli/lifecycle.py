"""Citations on any record, an agreement's status history, a target's observations."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from tracker.cli.options import FormatOpt, KindArg, TablefmtOpt, split_citation
from tracker.cli.records import RefArg, options_named
from tracker.cli.state import reading, writing

if TYPE_CHECKING:
    from tracker.services.curation.records import Curator

agreement_app = typer.Typer(help="An agreement's status history.", no_args_is_help=True)
target_app = typer.Typer(help="A target's observed values.", no_args_is_help=True)

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

    Example: tracker cite figure joint-projects centralasia-2025-11-15 'реализуется 78 проектов'
    """
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

    Example: tracker uncite figure joint-projects centralasia-2025-11-15
    """
    from tracker.services.curation.kinds import kind_named

    record_kind = kind_named(kind)
    with options_named():
        removed = writing(ctx, lambda curator: curator.uncite(record_kind, ref, source, quote))
    typer.echo(f"removed {removed} citation(s) of {source} from {record_kind.name} {ref}")


@agreement_app.command("status")
def add_status(
    ctx: typer.Context,
    ref: RefArg,
    status: Annotated[
        str, typer.Argument(help="proposed, under_negotiation, signed, ratified, ...")
    ],
    on: Annotated[str | None, typer.Option(help="Date of the change (any date form).")] = None,
    cite: CiteOpt = None,
    note: NoteOpt = None,
) -> None:
    """Record a dated, cited change of an agreement's status.

    Example: tracker agreement status treaty-on-allied-relations ratified --on 2026-02
    """
    step = {
        "status": status,
        "date": on,
        "note": note,
        "citations": [split_citation(c) for c in cite or []],
    }

    def record_step(curator: Curator) -> tuple[str, str]:
        agreement = curator.add_status(ref, step)
        return agreement.slug, agreement.statuses[-1].status

    with options_named():
        slug, current = writing(ctx, record_step)
    typer.echo(f"agreement {slug}: {status} recorded; current status {current}")


@agreement_app.command("history")
def history(
    ctx: typer.Context, ref: RefArg, fmt: FormatOpt = "table", tablefmt: TablefmtOpt = "simple"
) -> None:
    """List an agreement's status steps, numbered, oldest first.

    Example: tracker agreement history treaty-on-allied-relations
    """
    from tracker.cli.render import check_format, render
    from tracker.cli.views import status_table
    from tracker.models import Agreement
    from tracker.services.curation.references import find_by_ref
    from tracker.services.curation.serialize import to_dict

    check_format(fmt, tablefmt)
    with reading(ctx) as session:
        agreement = find_by_ref(session, Agreement, ref, "REF")
        typer.echo(render(status_table(to_dict(agreement)), fmt, tablefmt))


@agreement_app.command("unstatus")
def remove_status(
    ctx: typer.Context,
    ref: RefArg,
    step: Annotated[int, typer.Argument(help="Step number, as 'history' lists it.")],
) -> None:
    """Remove one step of an agreement's status history.

    Example: tracker agreement unstatus treaty-on-allied-relations 2
    """
    with options_named():
        slug = writing(ctx, lambda curator: curator.remove_status(ref, step).slug)
    typer.echo(f"agreement {slug}: step {step} removed")


@target_app.command("observe")
def observe(
    ctx: typer.Context,
    ref: RefArg,
    value: Annotated[str, typer.Argument(help="Observed value, e.g. 'about 4 bn USD'.")],
    on: Annotated[str | None, typer.Option(help="Date the value refers to.")] = None,
    growth: Annotated[
        str | None, typer.Option(help="Annual growth the source reports with it, in percent.")
    ] = None,
    qualifier: Annotated[str | None, typer.Option(help="exact, about, over, under, up_to.")] = None,
    cite: CiteOpt = None,
    note: NoteOpt = None,
) -> None:
    """Add a dated observed value to a target.

    Example: tracker target observe trade-10bn-2030 'about $4bn' --on 2025 --growth 15
    """
    raw = {
        "value": value,
        "date": on,
        "growth_pct": growth,
        "qualifier": qualifier,
        "note": note,
        "citations": [split_citation(c) for c in cite or []],
    }

    def add(curator: Curator) -> tuple[str, int]:
        target = curator.add_observation(ref, raw)
        return target.slug, len(target.observations)

    with options_named():
        slug, count = writing(ctx, add)
    typer.echo(f"target {slug}: observation added ({count} in all)")


@target_app.command("observations")
def observations(
    ctx: typer.Context, ref: RefArg, fmt: FormatOpt = "table", tablefmt: TablefmtOpt = "simple"
) -> None:
    """List a target's observations, numbered, oldest first.

    Example: tracker target observations trade-10bn-2030
    """
    from tracker.cli.render import check_format, render
    from tracker.cli.views import observations_table
    from tracker.models import Target
    from tracker.services.curation.references import find_by_ref
    from tracker.services.curation.serialize import to_dict

    check_format(fmt, tablefmt)
    with reading(ctx) as session:
        target = find_by_ref(session, Target, ref, "REF")
        typer.echo(render(observations_table(to_dict(target)), fmt, tablefmt))


@target_app.command("unobserve")
def remove_observation(
    ctx: typer.Context,
    ref: RefArg,
    number: Annotated[int, typer.Argument(help="Observation number, as 'observations' lists it.")],
) -> None:
    """Remove one observation from a target.

    Example: tracker target unobserve trade-10bn-2030 1
    """
    with options_named():
        slug = writing(ctx, lambda curator: curator.remove_observation(ref, number).slug)
    typer.echo(f"target {slug}: observation {number} removed")
