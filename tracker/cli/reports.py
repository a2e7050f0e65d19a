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
    str | None,
    typer.Option(
        help="Report as of this date (default: today), any date form: only records, steps and "
        "values cited by a source published by then (or undated) and dated by then."
    ),
]
StaleAfter = Annotated[
    int,
    typer.Option(
        help="Flag a status unchanged for more than this many years that awaits a next step "
        "(a signed treaty ratification, a proposal agreement); see the README's stale rule."
    ),
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
    stale_after: StaleAfter = 2,
    as_of: AsOf = None,
    country: Country = None,
    pair: Pair = None,
    fmt: FormatOpt = "table",
    tablefmt: TablefmtOpt = "simple",
) -> None:
    """Agreements counted by status (or kind, year, sector, party), then listed under each
    group. A status is flagged stale when it awaits a next step and has not changed for
    longer than --stale-after: proposed or negotiated agreements await signature; signed,
    approved or adopted treaties, agreements, framework agreements and protocols await
    ratification, ratified ones entry into force. Declarations, joint statements, memoranda,
    plans, programmes, decisions and contracts await nothing once signed or adopted.

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
    as_of: AsOf = None,
    country: Country = None,
    pair: Pair = None,
    fmt: FormatOpt = "table",
    tablefmt: TablefmtOpt = "simple",
) -> None:
    """Events, status changes and target deadlines in date order, each date at its precision;
    an event not held by the as-of date says so (planned, postponed, cancelled, not yet held).

    Example: tracker report timeline --from 2025 --to 2030 --as-of 2025-12-31
    """
    from tracker.cli.render import Document, check_format, render_document
    from tracker.cli.report_views import timeline_table
    from tracker.domain.inputs import parse_date
    from tracker.services.reports.timeline import timeline as build_timeline

    check_format(fmt, tablefmt)
    lower = parse_date(start, "--from").lower if start else None
    upper = parse_date(end, "--to").upper if end else None
    day = as_of_date(as_of)
    with reading(ctx) as session:
        found = build_timeline(session, country_filters(country, pair), lower, upper, day)
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
    as_of: AsOf = None,
    country: Country = None,
    pair: Pair = None,
    fmt: FormatOpt = "table",
    tablefmt: TablefmtOpt = "simple",
) -> None:
    """Figures grouped by what they measure, with every source.

    Example: tracker report figures --conflicts --as-of 2025-12-31
    """
    from tracker.cli.render import check_format, render
    from tracker.cli.report_views import figures_table
    from tracker.services.reports.figures import measures

    check_format(fmt, tablefmt)
    day = as_of_date(as_of)
    with reading(ctx) as session:
        found = measures(session, country_filters(country, pair), day, conflicts_only=conflicts)
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
    stale_after: StaleAfter = 2,
    as_of: AsOf = None,
    country: Country = None,
    pair: Pair = None,
    fmt: FormatOpt = "table",
    tablefmt: TablefmtOpt = "simple",
) -> None:
    """Commitments, understandings, proposals, invitations and bodies to be set up, by where
    each stands as of the date: proposed, agreed, in progress, done, dropped, or not known.
    A proposed, agreed or in-progress one unchanged for longer than --stale-after is flagged
    stale, with the step it awaits.

    Example: tracker report initiatives --pair KZ-UZ --as-of 2025-12-31
    """
    from tracker.cli.render import check_format, render
    from tracker.cli.report_views import initiatives_table
    from tracker.services.reports.initiatives import initiatives_by_status

    check_format(fmt, tablefmt)
    day = as_of_date(as_of)
    with reading(ctx) as session:
        groups = initiatives_by_status(session, country_filters(country, pair), day, stale_after)
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
    fmt: Annotated[
        str,
        typer.Option(
            "--format", "-f", help="md, html, or pdf (A4, printed by Chromium; needs --output)."
        ),
    ] = "md",
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

    if fmt not in ("md", "html", "pdf"):
        raise InvalidValue("--format", f"unknown format {fmt!r}; accepted: md, html, pdf")
    if fmt == "pdf" and output is None:
        raise InvalidValue(
            "--output", "needed for --format pdf (a PDF is not written to a terminal)"
        )
    check_new_file(output, force)
    browser = None
    if fmt == "pdf":
        from tracker.cli.pdf import find_browser

        browser = find_browser()  # before any work: without one, nothing is written
    day = as_of_date(as_of)
    with reading(ctx) as session:
        built = build_briefing(session, country_filters(country, [pair] if pair else None), day)
        document = briefing_markdown(built) if fmt == "md" else briefing_html(built)
    if output is None:
        typer.echo(document, nl=False)
        return
    if browser is None:
        write_text_atomically(output, document)
        typer.echo(f"wrote {output} ({fmt}, as of {day.isoformat()})")
        return
    from tracker.cli.pdf import page_count, print_pdf
    from tracker.services.transfer.files import write_bytes_atomically

    pdf = print_pdf(document, browser)
    write_bytes_atomically(output, pdf)
    pages = page_count(pdf)
    counted = f"{pages} page{'' if pages == 1 else 's'}"
    typer.echo(f"wrote {output} (pdf, A4, {counted}, as of {day.isoformat()})")
