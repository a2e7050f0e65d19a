"""`tracker history` and `tracker undo`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from tracker.cli.options import FormatOpt, TablefmtOpt
from tracker.cli.state import reading, writing
from tracker.domain.ids import RECORD_ID_MAX

if TYPE_CHECKING:
    from tracker.models import ChangeSet


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
    imports: Annotated[
        bool,
        typer.Option(
            "--imports", help="List imports instead: each one change set, with what it did."
        ),
    ] = False,
    fmt: FormatOpt = "table",
    tablefmt: TablefmtOpt = "simple",
) -> None:
    """Every create, update and delete, newest first: when, who, what changed, and the
    import (change set) it was part of.

    Example: tracker history agreement kz-uz-treaty-allied-relations
    """
    from tracker.cli.render import Column, Table, check_format, render
    from tracker.domain.inputs import parse_date
    from tracker.services.curation.change_sets import change_sets_of
    from tracker.services.curation.history import changed_fields, list_changes
    from tracker.services.curation.kinds import kind_named

    check_format(fmt, tablefmt)
    if imports:
        if kind or ref or since:
            raise typer.BadParameter("lists every import; give no KIND, REF or --since")
        typer.echo(_imports(ctx, limit, fmt, tablefmt))
        return
    record_kind = kind_named(kind) if kind else None
    day = parse_date(since, "--since").lower if since else None
    with reading(ctx) as session:
        entries = list_changes(session, record_kind, ref, day, limit)
        sets = change_sets_of(session, {e.batch for e in entries if e.batch})
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
                "change_set": _named(sets[e.batch]) if e.batch in sets else None,
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
            Column("change_set", "change set", wrap=True),
        ],
        rows=rows,
        records=rows,
        empty_message="no changes",
    )
    typer.echo(render(table, fmt, tablefmt))


def _named(change_set: ChangeSet) -> str:
    return f"{change_set.id}: {change_set.command} {change_set.file}"


def _imports(ctx: typer.Context, limit: int | None, fmt: str, tablefmt: str) -> str:
    from tracker.cli.render import Column, Table, render
    from tracker.services.curation.change_sets import list_change_sets

    with reading(ctx) as session:
        rows = [
            {
                "id": s.change_set.id,
                "at": s.change_set.at.strftime("%Y-%m-%d %H:%M:%S"),
                "actor": s.change_set.actor,
                "command": s.change_set.command,
                "file": s.change_set.file,
                "created": s.describe("create"),
                "updated": s.describe("update"),
                "counts": {action: kinds for action, kinds in s.counts.items() if kinds},
            }
            for s in list_change_sets(session, limit)
        ]
    table = Table(
        columns=[
            Column("id", "change set"),
            Column("at", "at (UTC)"),
            Column("actor", "who"),
            Column("command", "command"),
            Column("file", "file", wrap=True),
            Column("created", "created", wrap=True),
            Column("updated", "updated", wrap=True),
        ],
        rows=rows,
        records=[{k: v for k, v in r.items() if k not in ("created", "updated")} for r in rows],
        empty_message="no imports",
    )
    return render(table, fmt, tablefmt)


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
    change_set: Annotated[
        bool,
        typer.Option(
            "--change-set",
            help="CHANGE_ID is a change set ('tracker history --imports'): undo it whole.",
        ),
    ] = False,
) -> None:
    """Revert one change: a deleted record comes back with its citations, an edit is rolled
    back, a created record is removed. Refuses if a later change touched the same record.
    With --change-set, a whole import: what it created removed, what it updated restored.

    Example: tracker undo 42
    """
    from tracker.services.curation.change_sets import undo_change_set
    from tracker.services.curation.history import undo as undo_change

    chosen = undo_change_set if change_set else undo_change
    message = writing(ctx, lambda curator: chosen(curator, change_id))
    typer.echo(message)
