"""`tracker history` and `tracker undo`."""

from __future__ import annotations

from typing import Annotated

import typer

from tracker.cli.options import FormatOpt, TablefmtOpt
from tracker.cli.state import reading, writing
from tracker.domain.ids import RECORD_ID_MAX


def history(
    ctx: typer.Context,
    kind: Annotated[
        str | None, typer.Argument(help="Only this kind of record.", metavar="[KIND]")
    ] = None,
    ref: Annotated[
        str | None, typer.Argument(help="Only this record (slug or id).", metavar="[REF]")
    ] = None,
    since: Annotated[str | None, typer.Option(help="Changes on or after this date.")] = None,
    limit: Annotated[
        int | None,
        typer.Option(help="At most this many changes.", max=RECORD_ID_MAX),  # each change has an id
    ] = None,
    fmt: FormatOpt = "table",
    tablefmt: TablefmtOpt = "simple",
) -> None:
    """Every create, update and delete, newest first: when, who, what changed.

    Example: tracker history agreement kz-uz-treaty-allied-relations
    """
    from tracker.cli.render import Column, Table, check_format, render
    from tracker.domain.inputs import parse_date
    from tracker.services.curation.history import changed_fields, list_changes
    from tracker.services.curation.kinds import kind_named

    check_format(fmt, tablefmt)
    record_kind = kind_named(kind) if kind else None
    day = parse_date(since, "--since").lower if since else None
    with reading(ctx) as session:
        entries = list_changes(session, record_kind, ref, day, limit)
        rows = [
            {
                "id": e.id,
                "at": e.at.strftime("%Y-%m-%d %H:%M:%S") if e.at else None,
                "actor": e.actor,
                "action": e.action,
                "kind": e.kind,
                "slug": e.slug,
                "changed": ", ".join(changed_fields(e)),
                "batch": e.batch,
                "before": e.before,
                "after": e.after,
            }
            for e in entries
        ]
    table = Table(
        columns=[
            Column("id", "change"),
            Column("at", "at (UTC)"),
            Column("actor", "who"),
            Column("action", "action"),
            Column("kind", "kind"),
            Column("slug", "record"),
            Column("changed", "fields changed", wrap=True),
        ],
        rows=rows,
        records=rows,
        empty_message="no changes",
    )
    typer.echo(render(table, fmt, tablefmt))


def undo(
    ctx: typer.Context,
    change_id: Annotated[
        int,
        typer.Argument(
            help="The change number 'tracker history' shows.",
            metavar="CHANGE_ID",
            min=1,
            max=RECORD_ID_MAX,
        ),
    ],
) -> None:
    """Revert one change: a deleted record comes back with its citations, an edit is rolled
    back, a created record is removed. Refuses if a later change touched the same record.

    Example: tracker undo 42
    """
    from tracker.services.curation.history import undo as undo_change

    message = writing(ctx, lambda curator: undo_change(curator, change_id))
    typer.echo(message)
