"""`tracker report ...`: targets, agreements, initiatives, timeline, figures, and the
one-page briefing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from tracker.cli.options import FormatOpt, Places, TablefmtOpt, places, with_pair_column
from tracker.cli.state import reading

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from tracker.services.query.listing import ListFilters

app = typer.Typer(help="Reports for briefings, reproducible with --as-of.", no_args_is_help=True)

AsOf = Annotated[
    str | None, typer.Option(help="Report as of this date (default: today). Any date form.")
]
Country = Annotated[
    list[str] | None,
    typer.Option(
        metavar="COUNTRY",
        help="Only records involving this country, by code or name in English, Russian... "
        "(repeatable: all of them).",
    ),
]
Pair = Annotated[
    list[str] | None,
    typer.Option(
        metavar="PAIR",
        help="Only records involving both, e.g. KZ-UZ or Казахстан-Узбекистан (repeatable: "
        "any of them, with a pair column).",
    ),
]
OnePair = Annotated[
    str | None,
    typer.Option(help="Only records involving both, e.g. KZ-UZ or Казахстан-Узбекистан."),
]


def as_of_date(text: str | None) -> dt.date:
    from tracker.domain.inputs import parse_date

    return parse_date(text, "--as-of").upper if text else dt.date.today()


def country_filters(country: list[str] | None, pair: list[str] | None) -> ListFilters:
    from tracker.services.query.listing import ListFilters

    asked = places(country, pair)
    return ListFilters(countries=asked.countries, pairs=asked.pairs)


def pair_labels(session: Session, asked: Places, refs: list[tuple[str, str]]) -> list[str]:
    """For each (kind, slug), the asked-for pairs the record belongs to."""
    from tracker.services.curation.kinds import KINDS
    from tracker.services.query.listing import party_codes

    slugs: dict[str, list[str]] = {}
    for kind, slug in refs:
        slugs.setdefault(kind, []).append(slug)
    codes = {kind: party_codes(session, KINDS[kind], named) for kind, named in slugs.items()}
    return [asked.pair_labels(codes[kind][slug]) for kind, slug in refs]


@app.command("targets")
def targets(
    ctx: typer.Context,
    as_of: AsOf = None,
    country: Country = None,
    pair: Pair = None,
    fmt: FormatOpt = "table",
    tablefmt: TablefmtOpt = "simple",
) -> None:
    """Each target's progress by the Open SDG method: base, latest, growth observed and
    required, R, progress, growth still needed, projected value and status.

    Example: tracker report targets --pair KZ-UZ --as-of 2025-12-31
    """
    from tracker.cli.render import check_format, render
    from tracker.cli.report_views import targets_table
    from tracker.services.reports.targets import target_reports

    check_format(fmt, tablefmt)
    day = as_of_date(as_of)
    with reading(ctx) as session:
        reports = target_reports(session, country_filters(country, pair), day)
        table = targets_table(reports)
        asked = places(country, pair)
        if asked.pairs:
            refs = [("target", report.target.slug) for report in reports]
            with_pair_column(table, pair_labels(session, asked, refs))
        typer.echo(render(table, fmt, tablefmt))


@app.command("agreements")
def agreements(
    ctx: typer.Context,
    by: Annotated[str, typer.Option(help="status, kind, year, sector or party.")] = "status",
    stale_after: Annotated[
        int, typer.Option(help="Flag a status unchanged for more than this many years.")
    ] = 2,
    as_of: AsOf = None,
    country: Country = None,
    pair: Pair = None,
    fmt: FormatOpt = "table",
    tablefmt: TablefmtOpt = "simple",
) -> None:
    """Agreements counted by status (or kind, year, sector, party), then listed under each
    group; a status unchanged for long is flagged.

    Example: tracker report agreements --by sector --pair KZ-UZ
    """
    from tracker.cli.render import check_format, render_document
    from tracker.cli.report_views import agreements_document
    from tracker.services.reports.agreements import agreements_by

    check_format(fmt, tablefmt)
    day = as_of_date(as_of)
    with reading(ctx) as session:
        groups = agreements_by(session, country_filters(country, pair), by, day, stale_after)
        document = agreements_document(groups, by, day)
        asked = places(country, pair)
        if asked.pairs:
            # The document: the pivot, then one table a group, in the order of `groups`.
            for table, json_group, states in zip(
                document.tables[1:], document.json_value["groups"], groups.values(), strict=True
            ):
                refs = [("agreement", state.agreement.slug) for state in states]
                labels = pair_labels(session, asked, refs)
                with_pair_column(table, labels)
                for listed, label in zip(json_group["agreements"], labels, strict=True):
                    listed["pair"] = label
        typer.echo(render_document(document, fmt, tablefmt))


@app.command("timeline")
def timeline(
    ctx: typer.Context,
    start: Annotated[str | None, typer.Option("--from", help="From this date.")] = None,
    end: Annotated[str | None, typer.Option("--to", help="Up to this date.")] = None,
    country: Country = None,
    pair: Pair = None,
    fmt: FormatOpt = "table",
    tablefmt: TablefmtOpt = "simple",
) -> None:
    """Events, status changes and target deadlines in date order, each date at its precision.

    Example: tracker report timeline --from 2025 --to 2030
    """
    from tracker.cli.render import Document, check_format, render_document
    from tracker.cli.report_views import timeline_table
    from tracker.domain.inputs import parse_date
    from tracker.services.reports.timeline import timeline as build_timeline

    check_format(fmt, tablefmt)
    lower = parse_date(start, "--from").lower if start else None
    upper = parse_date(end, "--to").upper if end else None
    with reading(ctx) as session:
        found = build_timeline(session, country_filters(country, pair), lower, upper)
        table = timeline_table(found)
        asked = places(country, pair)
        if asked.pairs:
            refs = [(moment.kind, moment.slug) for moment in found.moments]
            with_pair_column(table, pair_labels(session, asked, refs))
    typer.echo(
        render_document(Document(tables=[table], json_value=table.json_records()), fmt, tablefmt)
    )


@app.command("figures")
def figures(
    ctx: typer.Context,
    conflicts: Annotated[
        bool, typer.Option(help="Only measures that sources give different values for.")
    ] = False,
    country: Country = None,
    pair: Pair = None,
    fmt: FormatOpt = "table",
    tablefmt: TablefmtOpt = "simple",
) -> None:
    """Figures grouped by what they measure, with every source.

    Example: tracker report figures --conflicts
    """
    from tracker.cli.render import check_format, render
    from tracker.cli.report_views import figures_table
    from tracker.services.reports.figures import measures

    check_format(fmt, tablefmt)
    with reading(ctx) as session:
        found = measures(session, country_filters(country, pair), conflicts_only=conflicts)
        table = figures_table(found, conflicts)
        asked = places(country, pair)
        if asked.pairs:
            refs = [("figure", figure.slug) for measure in found for figure in measure.figures]
            labels = pair_labels(session, asked, refs)
            nested = table.json_records() or []  # by measure, each with its figures
            table.records = None  # not one record a row: labelled below
            with_pair_column(table, labels)
            listed = [figure for measure in nested for figure in measure["figures"]]
            for figure, label in zip(listed, labels, strict=True):
                figure["pair"] = label
            table.records = nested
        typer.echo(render(table, fmt, tablefmt))


@app.command("initiatives")
def initiatives(
    ctx: typer.Context,
    as_of: AsOf = None,
    country: Country = None,
    pair: Pair = None,
    fmt: FormatOpt = "table",
    tablefmt: TablefmtOpt = "simple",
) -> None:
    """Commitments, understandings, proposals, invitations and bodies to be set up, by where
    each stands as of the date: proposed, agreed, in progress, done, dropped, or not known.

    Example: tracker report initiatives --pair KZ-UZ --as-of 2025-12-31
    """
    from tracker.cli.render import check_format, render
    from tracker.cli.report_views import initiatives_table
    from tracker.services.reports.initiatives import initiatives_by_status

    check_format(fmt, tablefmt)
    day = as_of_date(as_of)
    with reading(ctx) as session:
        groups = initiatives_by_status(session, country_filters(country, pair), day)
        table = initiatives_table(groups, day)
        asked = places(country, pair)
        if asked.pairs:
            refs = [("initiative", s.initiative.slug) for states in groups.values() for s in states]
            with_pair_column(table, pair_labels(session, asked, refs))
        typer.echo(render(table, fmt, tablefmt))


@app.command("briefing")
def briefing(
    ctx: typer.Context,
    as_of: AsOf = None,
    country: Country = None,
    pair: OnePair = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="md or html.")] = "md",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to this new file.")
    ] = None,
    force: Annotated[bool, typer.Option(help="Overwrite --output if it exists.")] = False,
) -> None:
    """One document for a briefing folder: headline numbers, targets with statuses and
    charts, agreements by status, the recent timeline, key figures, numbered source notes.

    Example: tracker report briefing --pair KZ-UZ --format html -o kz-uz.html
    """
    from tracker.cli.briefing import briefing_html, briefing_markdown
    from tracker.errors import InvalidValue
    from tracker.services.reports.briefing import build_briefing
    from tracker.services.transfer.files import check_new_file, write_text_atomically

    if fmt not in ("md", "html"):
        raise InvalidValue("--format", f"unknown format {fmt!r}; accepted: md, html")
    check_new_file(output, force)
    day = as_of_date(as_of)
    with reading(ctx) as session:
        built = build_briefing(session, country_filters(country, [pair] if pair else None), day)
        document = briefing_html(built) if fmt == "html" else briefing_markdown(built)
    if output is None:
        typer.echo(document, nl=False)
        return
    write_text_atomically(output, document)
    typer.echo(f"wrote {output} ({fmt}, as of {day.isoformat()})")
