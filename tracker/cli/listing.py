"""`tracker list KIND`: apart from the other record commands, so that a listing does not
build every kind's add and edit options when it is imported."""

from __future__ import annotations

from typing import Annotated

import typer

from tracker.cli.options import FormatOpt, KindArg, TablefmtOpt, places, with_pair_column
from tracker.cli.state import reading
from tracker.domain.ids import RECORD_ID_MAX


def list_command(
    ctx: typer.Context,
    kind: KindArg,
    country: Annotated[
        list[str] | None,
        typer.Option(
            metavar="COUNTRY",
            help="Involving this country, by code or name in English, Russian... "
            "(repeatable: all of them).",
        ),
    ] = None,
    pair: Annotated[
        list[str] | None,
        typer.Option(
            metavar="PAIR",
            help="Involving both, e.g. KZ-UZ or Казахстан-Узбекистан (either order; "
            "repeatable: any of them, with a pair column).",
        ),
    ] = None,
    status: Annotated[
        str | None,
        typer.Option(help="Events, agreements or initiatives whose current status is this."),
    ] = None,
    kind_filter: Annotated[
        str | None, typer.Option("--kind", help="Event or agreement kind.")
    ] = None,
    tag: Annotated[str | None, typer.Option("--tag", "--sector", help="Having this tag.")] = None,
    since: Annotated[str | None, typer.Option(help="Dated on or after (any date form).")] = None,
    until: Annotated[str | None, typer.Option(help="Dated on or before.")] = None,
    search: Annotated[
        str | None, typer.Option(help="Case-insensitive text in titles (and source texts).")
    ] = None,
    sort: Annotated[str, typer.Option(help="newest, oldest, title or slug.")] = "newest",
    limit: Annotated[
        int | None,
        typer.Option(help="At most this many rows.", max=RECORD_ID_MAX),  # no more rows than ids
    ] = None,
    fmt: FormatOpt = "table",
    tablefmt: TablefmtOpt = "simple",
) -> None:
    """List records, newest first (undated last). Dates: an event's or figure's own, a
    target's deadline, the date an agreement reached its current status.

    Example: tracker list agreements --pair KZ-UZ --status signed --format md
    """
    from tracker.cli.render import check_format, render
    from tracker.cli.views import list_json, list_table
    from tracker.domain.inputs import parse_date
    from tracker.domain.vocab import STATUSES_OF
    from tracker.errors import InvalidValue
    from tracker.services.curation.kinds import kind_named
    from tracker.services.curation.values import choice
    from tracker.services.query.listing import ListFilters, list_records, list_rows

    check_format(fmt, tablefmt)
    record_kind = kind_named(kind)
    if status and record_kind.name not in STATUSES_OF:
        raise InvalidValue("--status", "only events, agreements and initiatives have a status")
    asked = places(country, pair)
    filters = ListFilters(
        countries=asked.countries,
        pairs=asked.pairs,
        status=choice(status, "--status", STATUSES_OF[record_kind.name]) if status else None,
        kind=kind_filter,
        tag=tag,
        since=parse_date(since, "--since").lower if since else None,
        until=parse_date(until, "--until").upper if until else None,
        search=search,
        sort=sort,
        limit=limit,
    )
    with reading(ctx) as session:
        if fmt == "json":  # whole records
            table = list_json(record_kind, list_records(session, record_kind, filters))
            parties = [record.get("parties") or [] for record in table.json_records() or []]
        else:  # the table's columns
            rows = list_rows(session, record_kind, filters)
            table = list_table(record_kind, rows)
            parties = [row.get("parties") or [] for row in rows]
        if asked.pairs:  # several: say which of them each row belongs to
            with_pair_column(table, [asked.pair_labels(codes) for codes in parties])
        typer.echo(render(table, fmt, tablefmt))
