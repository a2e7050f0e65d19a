"""`tracker export` and `tracker import`: moving data in and out without loss."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from tracker.cli.options import country_codes
from tracker.cli.state import reading, warn, writing

if TYPE_CHECKING:
    from collections.abc import Callable

    from tracker.services.curation.records import Curator
    from tracker.services.transfer.loader import LoadCounts

EXPORT_FORMATS = ("json", "yaml", "csv")


def export(
    ctx: typer.Context,
    fmt: Annotated[str, typer.Option("--format", "-f", help="json, yaml or csv.")] = "json",
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="File to write (a directory for csv). Default: stdout."
        ),
    ] = None,
    kind: Annotated[
        list[str] | None, typer.Option(metavar="KIND", help="Only these kinds (repeatable).")
    ] = None,
    pair: Annotated[
        str | None,
        typer.Option(help="Only records involving both, e.g. KZ-UZ or Казахстан-Узбекистан."),
    ] = None,
    force: Annotated[bool, typer.Option(help="Overwrite an existing output.")] = False,
) -> None:
    """Export records in the records-file format (tracker/1), streamed.

    Example: tracker export --format yaml -o tracker-2026-11-21.yaml
    """
    from tracker.errors import InvalidValue
    from tracker.services.curation.kinds import kind_named
    from tracker.services.query.listing import ListFilters
    from tracker.services.transfer.files import atomic_text_file, check_new_file

    if fmt not in EXPORT_FORMATS:
        raise InvalidValue(
            "--format", f"unknown format {fmt!r}; accepted: {', '.join(EXPORT_FORMATS)}"
        )
    kinds = tuple(kind_named(k, "--kind").name for k in kind) if kind else None
    filters = ListFilters(countries=country_codes(None, pair))
    if fmt == "csv":
        from tracker.services.transfer.csv_records import check_csv_directory, write_csv_dir

        if output is None:
            raise InvalidValue("--output", "csv export writes a directory; name it with -o")
        if kinds is not None:
            raise InvalidValue("--kind", "csv export writes every kind (citations refer across)")
        check_csv_directory(output, force)
    else:
        check_new_file(output, force)
    with reading(ctx) as session:
        if fmt == "csv":
            assert output is not None
            count = write_csv_dir(session, output, filters)
        else:
            from tracker.services.transfer.export import write_json, write_yaml

            writer = write_json if fmt == "json" else write_yaml
            if output is None:
                count = writer(session, sys.stdout, filters, kinds)
                return
            with atomic_text_file(output) as handle:
                count = writer(session, handle, filters, kinds)
    typer.echo(f"exported {count} records to {output}", err=True)


def import_(
    ctx: typer.Context,
    path: Annotated[
        Path,
        typer.Argument(
            help="A .json or .yaml records file, or a csv directory.", metavar="FILE_OR_DIR"
        ),
    ],
    dry_run: Annotated[bool, typer.Option(help="Validate and count, write nothing.")] = False,
    on_conflict: Annotated[
        str, typer.Option(help="When a slug exists: fail, skip, or update it.")
    ] = "fail",
) -> None:
    """Import a records file (JSON, YAML or a CSV directory): everything is validated, then
    written in one transaction, or nothing is.

    Example: tracker import colleague.yaml --on-conflict update --dry-run
    """
    from tracker.cli.data import counts_table
    from tracker.errors import InvalidValue
    from tracker.services.transfer.loading import load_records
    from tracker.services.transfer.records_file import read_records_file

    if path.is_dir():
        from tracker.services.transfer.csv_reading import read_csv_dir

        records_file = read_csv_dir(path)
    elif path.exists():
        records_file = read_records_file(path)
    else:
        raise InvalidValue("FILE_OR_DIR", f"{path}: no such file or directory")
    from tracker.services.curation.change_sets import IMPORT, record_change_set

    def load(curator: Curator, progress: Callable[[int], None] | None = None) -> LoadCounts:
        counts = load_records(curator, records_file, on_conflict, progress)
        record_change_set(curator, IMPORT, str(path))
        return counts

    total = records_file.count()
    # A streamed file counts its progress in bytes.
    enough = PROGRESS_FROM * (BYTES_A_RECORD if records_file.streamed is not None else 1)
    if total >= enough and sys.stderr.isatty():
        with typer.progressbar(length=total, label="importing", file=sys.stderr) as bar:
            counts = writing(ctx, lambda curator: load(curator, bar.update), commit=not dry_run)
    else:
        counts = writing(ctx, load, commit=not dry_run)
    typer.echo(counts_table(counts))
    warn(counts.unfounded)
    if dry_run:
        typer.echo("dry run: nothing was written")


PROGRESS_FROM = 1000  # records; smaller imports finish before a bar would help
BYTES_A_RECORD = 300  # about what a record takes in a JSON file
