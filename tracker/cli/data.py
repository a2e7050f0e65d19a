"""Loading data: `tracker init`, `tracker seed load`, and `tracker check`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from tracker.cli.state import reading, state, writing

if TYPE_CHECKING:
    from tracker.services.transfer.loader import LoadCounts

seed_app = typer.Typer(help="The curated dataset that ships with tracker.", no_args_is_help=True)


def counts_table(counts: LoadCounts) -> str:
    from tracker.cli.render import Column, Table, render
    from tracker.services.curation.kinds import KIND_NAMES
    from tracker.services.transfer.records_file import CITATION_KIND

    outcomes = ("created", "updated", "unchanged", "skipped")
    shown = [o for o in outcomes if o != "skipped" or counts.total("skipped")]
    kinds = list(KIND_NAMES)
    if any(CITATION_KIND in getattr(counts, o) for o in outcomes):
        kinds.append(CITATION_KIND)  # new citations on existing records (an accepted draft)
    rows = [{"kind": kind, **{o: getattr(counts, o).get(kind, 0) for o in shown}} for kind in kinds]
    rows.append({"kind": "total", **{o: counts.total(o) for o in shown}})
    columns = [Column("kind", "kind"), *(Column(o, o) for o in shown)]
    return render(Table(columns=columns, rows=rows), "table")


@seed_app.command("load")
def seed_load(
    ctx: typer.Context,
    directory: Annotated[
        Path | None,
        typer.Argument(
            help="Directory of records files (default: the bundled seeds).", metavar="DIR"
        ),
    ] = None,
    dry_run: Annotated[bool, typer.Option(help="Check and count, write nothing.")] = False,
) -> None:
    """Create or update the curated records by slug, in one transaction. Loading twice
    changes nothing.

    Example: tracker seed load --dry-run
    """
    from tracker.services.transfer.seeds import load_seeds

    counts = writing(ctx, lambda curator: load_seeds(curator, directory), commit=not dry_run)
    typer.echo(counts_table(counts))
    if dry_run:
        typer.echo("dry run: nothing was written")


def init(
    ctx: typer.Context,
    empty: Annotated[
        bool, typer.Option(help="Create the schema only, without the curated data.")
    ] = False,
) -> None:
    """Create the database at the current schema and load the curated dataset (again, if
    it is there already: records are updated by slug, nothing is duplicated).

    Example: tracker init
    """
    from tracker.services.transfer.seeds import load_seeds

    app_state = state(ctx)
    location = app_state.location()
    if empty and location.path is not None and not location.path.exists():
        from tracker.services.store import migrations

        migrations.create_database(location)  # not through engine(): that seeds a default file
        typer.echo(f"initialised {location.display()} (schema only)")
        return
    app_state.engine()
    if not empty:
        typer.echo(counts_table(writing(ctx, load_seeds)))
    typer.echo(f"initialised {location.display()}" + (" (schema only)" if empty else ""))


def check(ctx: typer.Context) -> None:
    """Verify the whole database: quotes verbatim in their sources, source hashes, a citation
    on every record, status histories in order, deadlines after base dates, dates present
    where the source is dated. Exit 1 listing each problem.

    Example: tracker check
    """
    from sqlalchemy import func, select

    from tracker.models import Citation
    from tracker.services.curation.check import check_database

    with reading(ctx) as session:
        problems = check_database(session)
        citations = session.scalar(select(func.count(Citation.id)))
    for problem in problems:
        typer.echo(str(problem))
    if problems:
        typer.echo(f"{len(problems)} problem(s) found", err=True)
        raise typer.Exit(1)
    typer.echo(f"ok: {citations} citations verified, no problems")
