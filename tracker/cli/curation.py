"""Helping curation along: `tracker extract` drafts records from a text, `tracker search`
finds words in texts and records."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from tracker.cli.options import KIND_CHOICES, FormatOpt, TablefmtOpt
from tracker.cli.state import reading


def extract(
    ctx: typer.Context,
    source: Annotated[
        str,
        typer.Argument(
            help="A source's slug or id, or a text file (Russian or English).",
            metavar="SOURCE_OR_FILE",
        ),
    ],
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="Write the draft here (default: print it).", metavar="DRAFT.yaml"
        ),
    ] = None,
    published: Annotated[
        str | None,
        typer.Option(help="For a new file: its publication date, which relative dates count from."),
    ] = None,
    language: Annotated[
        str | None, typer.Option(help="For a new file: ru or en (default: guessed from the text).")
    ] = None,
    force: Annotated[bool, typer.Option(help="Overwrite an existing DRAFT.yaml.")] = False,
) -> None:
    """Propose records from a text: events, agreements, initiatives, targets and figures, each
    with its sentence as a verbatim quote, a confidence and its reasons, as a draft records
    file to review and then import. What the database already holds is proposed as a
    citation on that record, not a new record; what may be held is marked for review.

    Example: tracker extract article.txt --published 2025-11-15 -o draft.yaml
    """
    from datetime import date

    from tracker.errors import InvalidValue
    from tracker.services.assistant.draft import draft_yaml
    from tracker.services.assistant.extraction import extract as extract_draft
    from tracker.services.assistant.extraction import read_source
    from tracker.services.transfer.files import check_new_file, write_text_atomically

    if language is not None and language not in ("ru", "en"):
        raise InvalidValue("--language", f"{language!r}; accepted: ru, en")
    if output is not None and output.suffix.lower() not in (".yaml", ".yml"):
        raise InvalidValue("--output", f"{output.name}: a draft is YAML; name it *.yaml")
    check_new_file(output, force)
    with reading(ctx) as session:
        text_source = read_source(session, source, published, language)
        draft = extract_draft(session, text_source)
    new_source = text_source.new_record
    if new_source is not None and (
        output is None or output.resolve().parent != Path(source).resolve().parent
    ):
        new_source["text"] = text_source.text  # the draft is not beside the file it names
    document = draft_yaml(draft, date.today())
    if output is None:
        typer.echo(document, nl=False)
    else:
        write_text_atomically(output, document)
    proposed = ", ".join(
        f"{draft.count(kind)} {kind}(s)"
        for kind in ("event", "agreement", "initiative", "target", "figure")
    )
    unsure = sum(bool(p.possible or p.conflicts) for p in draft.proposals)
    typer.echo(
        f"proposed {proposed}; {len(draft.new_citations)} citation(s) on records already held; "
        f"{len(draft.already_cited)} sentence(s) already cited"
        + (f"; {unsure} to compare with a held record" if unsure else "")
        + (f"; draft written to {output}" if output else ""),
        err=True,
    )


def search(
    ctx: typer.Context,
    text: Annotated[
        str, typer.Argument(help="Words to find, in Russian or English (all of them).")
    ],
    kind: Annotated[
        str | None,
        typer.Option(help=f"Only this kind: {KIND_CHOICES}."),
    ] = None,
    limit: Annotated[int, typer.Option(help="At most this many hits.", min=1)] = 50,
    fmt: FormatOpt = "table",
    tablefmt: TablefmtOpt = "simple",
) -> None:
    """Find words in source texts and records, with the sentence they stand in. Inflected
    forms match: 'соглашение' finds 'соглашения', 'treaty' finds 'treaties'.

    Example: tracker search 'демаркация границы' --kind source
    """
    from tracker.cli.render import Column, Table, check_format, render
    from tracker.services.curation.kinds import kind_named
    from tracker.services.query.search import search as search_records

    check_format(fmt, tablefmt)
    searched = kind_named(kind, "--kind") if kind else None
    with reading(ctx) as session:
        hits = search_records(session, text, searched, limit)
    table = Table(
        columns=[
            Column("kind", "kind"),
            Column("slug", "slug"),
            Column("field", "field"),
            Column("snippet", "snippet", wrap=True),
        ],
        rows=[vars(hit) for hit in hits],
        empty_message=f"nothing matches {text!r}",
    )
    typer.echo(render(table, fmt, tablefmt))
