"""The options of `tracker add|edit KIND`, per kind, gathered into a records-file dict."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from tracker.cli.options import split_citation

# ---- options every kind shares ---------------------------------------------------------------

Title = Annotated[str | None, typer.Option(help="English title.")]
TitleOriginal = Annotated[
    str | None,
    typer.Option("--title-original", help="Title as the source gives it (any language)."),
]
Slug = Annotated[
    str | None, typer.Option(help="Short unique name; made from the title if omitted.")
]
Note = Annotated[str | None, typer.Option(help="Curator's note (e.g. how a date was resolved).")]
Cite = Annotated[
    list[str] | None,
    typer.Option(
        "--cite", metavar="SOURCE:QUOTE", help="Cite a source with a verbatim quote (repeatable)."
    ),
]
Party = Annotated[
    list[str] | None,
    typer.Option(
        "--party",
        metavar="COUNTRY",
        help="Country (ISO code or English name), or org:NAME / city:NAME (repeatable).",
    ),
]
Tags = Annotated[
    list[str] | None, typer.Option("--tag", "--sector", metavar="NAME", help="Sector or tag.")
]
DateOpt = Annotated[
    str | None,
    typer.Option(
        metavar="DATE", help="EDTF (2025, 2025-03, 2025-11-15, 2025~, A/B) or '15 March 2025'."
    ),
]


PartiesInferred = Annotated[
    bool | None,
    typer.Option(
        "--parties-inferred/--parties-stated",
        help="A party is the curator's inference, not named by the quotes (or: all are named).",
    ),
]
IdentityInferred = Annotated[
    bool | None,
    typer.Option(
        "--identity-inferred/--identity-stated",
        help="The curator judged that its sources report one fact (say why in --note).",
    ),
]


PeriodOpt = Annotated[
    str | None,
    typer.Option(
        help="What span the value covers: year, ytd (year to date: --date 2025-01/2025-10), "
        "quarter, month, point (a point in time)."
    ),
]
GrowthOpt = Annotated[
    str | None,
    typer.Option(help="Growth the source reports with it, in percent, over a year earlier."),
]


def _flags(parties_inferred: bool | None, identity_inferred: bool | None) -> dict[str, Any]:
    return {"parties_inferred": parties_inferred, "identity_inferred": identity_inferred}


def _common(title: Any, title_original: Any, slug: Any, note: Any, cite: Any) -> dict[str, Any]:
    return {
        "title": title,
        "title_original": title_original,
        "slug": slug,
        "note": note,
        "citations": [split_citation(c) for c in cite or []] or None,
    }


# ---- per kind: the options, gathered into a records-file dict ---------------------------------


def source_fields(
    title: Title = None,
    file: Annotated[
        Path | None, typer.Option(help="Read the source's full text from this UTF-8 file.")
    ] = None,
    text: Annotated[str | None, typer.Option(help="The source's full text.")] = None,
    outlet: Annotated[str | None, typer.Option(help="Publication (e.g. Kazpravda.kz).")] = None,
    author: Annotated[str | None, typer.Option()] = None,
    via: Annotated[
        str | None, typer.Option(help="Original source it relays (e.g. Akorda).")
    ] = None,
    published: DateOpt = None,
    language: Annotated[str | None, typer.Option(help="Language code (ru, en, uz, kk).")] = None,
    url: Annotated[str | None, typer.Option()] = None,
    kind: Annotated[
        str | None,
        typer.Option(
            help="text (default: quoted verbatim) or dataset (a statistics table as CSV, its "
            "first row the columns, its first column the rows: cited by 'row X, column Y')."
        ),
    ] = None,
    publisher: Annotated[str | None, typer.Option(help="A dataset's publisher.")] = None,
    table_name: Annotated[str | None, typer.Option(help="A dataset's table name.")] = None,
    retrieved: Annotated[str | None, typer.Option(help="When a dataset was retrieved.")] = None,
    slug: Slug = None,
    note: Note = None,
) -> dict[str, Any]:
    fields = _common(title, None, slug, note, None)
    del fields["title_original"], fields["citations"]
    if file is not None:
        from tracker.services.transfer.files import read_text_file

        if text is not None:
            from tracker.errors import InvalidValue

            raise InvalidValue("--text", "give the text with --file or --text, not both")
        text = read_text_file(file, "--file")
        fields["file"] = file.name
    fields |= {
        "text": text,
        "outlet": outlet,
        "author": author,
        "via": via,
        "published": published,
        "language": language,
        "url": url,
        "kind": kind,
        "publisher": publisher,
        "table_name": table_name,
        "retrieved": retrieved,
    }
    return fields


def event_fields(
    title: Title = None,
    kind: Annotated[
        str | None, typer.Option(help="meeting, summit, state_visit, council_meeting, ...")
    ] = None,
    date: DateOpt = None,
    place: Annotated[str | None, typer.Option()] = None,
    host: Annotated[str | None, typer.Option(help="Host country.")] = None,
    party: Party = None,
    person: Annotated[
        list[str] | None, typer.Option(metavar="NAME", help="Participant (repeatable).")
    ] = None,
    tag: Tags = None,
    status: Annotated[
        str | None,
        typer.Option(help="Add a status step: planned, held, postponed, cancelled, unknown."),
    ] = None,
    on: Annotated[str | None, typer.Option(help="Date of that status step.")] = None,
    parties_inferred: PartiesInferred = None,
    identity_inferred: IdentityInferred = None,
    title_original: TitleOriginal = None,
    slug: Slug = None,
    note: Note = None,
    cite: Cite = None,
) -> dict[str, Any]:
    fields = (
        _common(title, title_original, slug, note, cite)
        | _flags(parties_inferred, identity_inferred)
        | {
            "kind": kind,
            "date": date,
            "place": place,
            "host": host,
            "parties": party or None,
            "people": person or None,
            "tags": tag or None,
        }
    )
    return _with_status(fields, status, on)


def agreement_fields(
    title: Title = None,
    kind: Annotated[
        str | None, typer.Option(help="treaty, agreement, programme, plan, memorandum, ...")
    ] = None,
    party: Party = None,
    event: Annotated[str | None, typer.Option(help="Event it was signed at (slug or id).")] = None,
    tag: Tags = None,
    status: Annotated[
        str | None, typer.Option(help="Add a status step: proposed, signed, ratified, ...")
    ] = None,
    on: Annotated[str | None, typer.Option(help="Date of that status step.")] = None,
    parties_inferred: PartiesInferred = None,
    identity_inferred: IdentityInferred = None,
    title_original: TitleOriginal = None,
    slug: Slug = None,
    note: Note = None,
    cite: Cite = None,
) -> dict[str, Any]:
    fields = (
        _common(title, title_original, slug, note, cite)
        | _flags(parties_inferred, identity_inferred)
        | {
            "kind": kind,
            "parties": party or None,
            "event": event,
            "sectors": tag or None,
        }
    )
    return _with_status(fields, status, on)


def _with_status(fields: dict[str, Any], status: str | None, on: str | None) -> dict[str, Any]:
    if status is not None:
        # The status step is supported by the same citations as the record.
        fields["status_history"] = [
            {"status": status, "date": on, "citations": fields["citations"] or []}
        ]
    elif on is not None:
        from tracker.errors import InvalidValue

        raise InvalidValue("--on", "dates a status step; give --status too")
    return fields


def target_fields(
    title: Title = None,
    target: Annotated[
        str | None, typer.Option("--target", help="Target value, e.g. '$10bn' or '10000000000'.")
    ] = None,
    unit: Annotated[str | None, typer.Option(help="USD, KZT, count, jobs, km, percent...")] = None,
    deadline: Annotated[str | None, typer.Option("--by", "--deadline", help="Deadline.")] = None,
    direction: Annotated[str | None, typer.Option(help="up (default) or down.")] = None,
    baseline: Annotated[str | None, typer.Option(help="Baseline value.")] = None,
    baseline_date: Annotated[str | None, typer.Option(help="Date of the baseline.")] = None,
    agreement: Annotated[str | None, typer.Option(help="Agreement that set it.")] = None,
    measure: Annotated[
        str | None,
        typer.Option(help="The figures' measure its progress is read from (kz-uz-trade-turnover)."),
    ] = None,
    party: Party = None,
    tag: Tags = None,
    parties_inferred: PartiesInferred = None,
    identity_inferred: IdentityInferred = None,
    title_original: TitleOriginal = None,
    slug: Slug = None,
    note: Note = None,
    cite: Cite = None,
) -> dict[str, Any]:
    fields = (
        _common(title, title_original, slug, note, cite)
        | _flags(parties_inferred, identity_inferred)
        | {
            "target_value": target,
            "unit": unit,
            "deadline": deadline,
            "direction": direction,
            "agreement": agreement,
            "measure": measure,
            "parties": party or None,
            "tags": tag or None,
        }
    )
    if baseline is not None:
        fields["baseline"] = {"value": baseline, "date": baseline_date} if baseline else None
    return fields


def figure_fields(
    title: Title = None,
    value: Annotated[
        str | None, typer.Option(help="Value, e.g. 'over $1.7bn', '15 тыс.', '7 591'.")
    ] = None,
    unit: Annotated[str | None, typer.Option(help="USD, count, jobs, km, percent...")] = None,
    qualifier: Annotated[str | None, typer.Option(help="exact, about, over, under, up_to.")] = None,
    measure: Annotated[
        str | None, typer.Option(help="What it measures, shared by figures that should agree.")
    ] = None,
    date: DateOpt = None,
    period: PeriodOpt = None,
    growth: GrowthOpt = None,
    event: Annotated[
        str | None, typer.Option(help="Event that reported it (slug or id; '' for none).")
    ] = None,
    party: Party = None,
    tag: Tags = None,
    parties_inferred: PartiesInferred = None,
    identity_inferred: IdentityInferred = None,
    title_original: TitleOriginal = None,
    slug: Slug = None,
    note: Note = None,
    cite: Cite = None,
) -> dict[str, Any]:
    return (
        _common(title, title_original, slug, note, cite)
        | _flags(parties_inferred, identity_inferred)
        | {
            "value": value,
            "unit": unit,
            "qualifier": qualifier,
            "measure": measure,
            "date": date,
            "period": period,
            "growth_pct": growth,
            "event": event,
            "parties": party or None,
            "tags": tag or None,
        }
    )


def initiative_fields(
    title: Title = None,
    kind: Annotated[
        str | None,
        typer.Option(help="commitment, understanding, proposal, invitation, establishment."),
    ] = None,
    made_by: Annotated[
        str | None, typer.Option("--by", help="Who made it (country or org:NAME).")
    ] = None,
    to: Annotated[
        list[str] | None,
        typer.Option("--to", metavar="COUNTRY", help="To whom it is addressed (repeatable)."),
    ] = None,
    party: Party = None,
    sector: Annotated[
        str | None, typer.Option(help="The field: trade, water, transport...")
    ] = None,
    event: Annotated[str | None, typer.Option(help="Event it was made at (slug or id).")] = None,
    date: DateOpt = None,
    tag: Annotated[list[str] | None, typer.Option("--tag", metavar="NAME", help="Tag.")] = None,
    status: Annotated[
        str | None,
        typer.Option(help="Add a status step: proposed, agreed, in_progress, done, dropped."),
    ] = None,
    on: Annotated[str | None, typer.Option(help="Date of that status step.")] = None,
    parties_inferred: PartiesInferred = None,
    identity_inferred: IdentityInferred = None,
    title_original: TitleOriginal = None,
    slug: Slug = None,
    note: Note = None,
    cite: Cite = None,
) -> dict[str, Any]:
    fields = (
        _common(title, title_original, slug, note, cite)
        | _flags(parties_inferred, identity_inferred)
        | {
            "kind": kind,
            "made_by": made_by,
            "addressed_to": to or None,
            "parties": party or None,
            "sector": sector,
            "event": event,
            "date": date,
            "tags": tag or None,
        }
    )
    return _with_status(fields, status, on)
