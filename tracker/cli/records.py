"""`tracker add|edit|show|delete KIND ...` and `tracker list KIND`."""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, get_type_hints

import typer

from tracker.cli.options import FormatOpt, KindArg, TablefmtOpt, YesOpt, split_citation
from tracker.cli.state import reading, writing

if TYPE_CHECKING:
    from tracker.services.curation.records import Curator

add_app = typer.Typer(help="Add a record.", no_args_is_help=True)
edit_app = typer.Typer(help="Change a record's fields.", no_args_is_help=True)

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


def _common(title: Any, title_original: Any, slug: Any, note: Any, cite: Any) -> dict[str, Any]:
    return {
        "title": title,
        "title_original": title_original,
        "slug": slug,
        "note": note,
        "citations": [split_citation(c) for c in cite or []] or None,
    }


# Where a record field is typed on the command line, errors name the option.
OPTION_OF_FIELD = {
    "parties": "--party",
    "people": "--person",
    "tags": "--tag",
    "sectors": "--tag",
    "citations": "--cite",
    "target_value": "--target",
    "deadline": "--by",
    "baseline.value": "--baseline",
    "baseline.date": "--baseline-date",
    "status_history.status": "--status",
    "status_history.date": "--on",
    "status_history.citations": "--cite",
    "ref": "REF",
    # `tracker agreement status` and `tracker target observe`
    "status.status": "STATUS",
    "status.date": "--on",
    "status.citations": "--cite",
    "observation.value": "VALUE",
    "observation.date": "--on",
    "observation.growth_pct": "--growth",
    "observation.citations": "--cite",
    # `tracker cite KIND REF SOURCE QUOTE`
    "citation.source": "SOURCE",
    "citation.quote": "QUOTE",
}


def option_named(field: str) -> str:
    """'parties[1]' -> '--party'; 'status_history[0].date' -> '--on'; 'title' -> '--title'."""
    path = re.sub(r"\[\d+\]", "", field)
    for prefix in (path, ".".join(path.split(".")[:2]), path.split(".")[0]):
        if prefix in OPTION_OF_FIELD:
            return OPTION_OF_FIELD[prefix]
    return "--" + path.split(".")[0].replace("_", "-")


@contextmanager
def options_named() -> Iterator[None]:
    """Errors from field validation, renamed after the option the user typed."""
    from tracker.errors import TrackerError

    try:
        yield
    except TrackerError as error:
        if not error.field or error.field.startswith("-") or error.field.isupper():
            raise
        raise error.renamed(option_named(error.field)) from None


def _given(fields: dict[str, Any]) -> dict[str, Any]:
    """Only what the user typed: an option left out changes nothing."""
    return {k: v for k, v in fields.items() if v is not None}


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
    title_original: TitleOriginal = None,
    slug: Slug = None,
    note: Note = None,
    cite: Cite = None,
) -> dict[str, Any]:
    return _common(title, title_original, slug, note, cite) | {
        "kind": kind,
        "date": date,
        "place": place,
        "host": host,
        "parties": party or None,
        "people": person or None,
        "tags": tag or None,
    }


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
    title_original: TitleOriginal = None,
    slug: Slug = None,
    note: Note = None,
    cite: Cite = None,
) -> dict[str, Any]:
    fields = _common(title, title_original, slug, note, cite) | {
        "kind": kind,
        "parties": party or None,
        "event": event,
        "sectors": tag or None,
    }
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
    party: Party = None,
    tag: Tags = None,
    title_original: TitleOriginal = None,
    slug: Slug = None,
    note: Note = None,
    cite: Cite = None,
) -> dict[str, Any]:
    fields = _common(title, title_original, slug, note, cite) | {
        "target_value": target,
        "unit": unit,
        "deadline": deadline,
        "direction": direction,
        "agreement": agreement,
        "parties": party or None,
        "tags": tag or None,
    }
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
    party: Party = None,
    tag: Tags = None,
    title_original: TitleOriginal = None,
    slug: Slug = None,
    note: Note = None,
    cite: Cite = None,
) -> dict[str, Any]:
    return _common(title, title_original, slug, note, cite) | {
        "value": value,
        "unit": unit,
        "qualifier": qualifier,
        "measure": measure,
        "date": date,
        "parties": party or None,
        "tags": tag or None,
    }


EXAMPLES = {
    "source": "tracker add source --title 'Kazakhstan and Uzbekistan agree $10bn trade goal' "
    "--file article.txt --outlet 'CentralAsia (KZ)' --published 2025-11-15 --language ru",
    "event": "tracker add event --title 'Second Supreme Interstate Council' --kind council_meeting "
    "--date 2025-11-15 --place Tashkent --party KZ --party UZ",
    "agreement": "tracker add agreement --title 'Treaty on Allied Relations' --kind treaty "
    "--party KZ --party UZ --status signed --on 2025-11 --cite 'SOURCE:подписан Договор'",
    "target": "tracker add target --title 'Mutual trade to $10bn' --target '$10bn' --by 2030 "
    "--party KZ --party UZ",
    "figure": "tracker add figure --title 'Joint projects under way' --value 78 --unit projects "
    "--date 2025-11-15 --party KZ --party UZ",
}


def _with_signature(
    function: Callable[..., Any], collect: Callable[..., Any], leading: list[inspect.Parameter]
) -> Callable[..., Any]:
    """Give `function` the options of `collect` (after `leading`), for Typer to read."""
    hints = get_type_hints(collect, include_extras=True)
    params = list(inspect.signature(collect).parameters.values())
    params = [p.replace(annotation=hints[p.name]) for p in params]
    function.__signature__ = inspect.Signature([*leading, *params])  # type: ignore[attr-defined]
    function.__annotations__ = {p.name: p.annotation for p in [*leading, *params]}
    return function


CTX = inspect.Parameter("ctx", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=typer.Context)
REF = inspect.Parameter(
    "ref",
    inspect.Parameter.POSITIONAL_OR_KEYWORD,
    annotation=Annotated[str, typer.Argument(help="Slug or id of the record.", metavar="REF")],
)


def _register(kind_name: str, collect: Callable[..., dict[str, Any]]) -> None:
    def add(ctx: typer.Context, **options: Any) -> None:
        from tracker.services.curation.kinds import kind_named

        fields = _given(collect(**options))
        with options_named():
            record = writing(ctx, lambda curator: curator.create(kind_named(kind_name), fields))
        typer.echo(f"created {kind_name} {record.slug} (id {record.id})")

    def edit(ctx: typer.Context, ref: str, **options: Any) -> None:
        from tracker.services.curation.kinds import kind_named

        fields = _given(collect(**options))
        # In an edit, --cite and --status add to what is there rather than replace it.
        citations = fields.pop("citations", [])
        steps = fields.pop("status_history", [])
        if not fields and not citations and not steps:
            from tracker.errors import InvalidValue

            raise InvalidValue(
                "OPTIONS", f"nothing to change; see 'tracker edit {kind_name} --help'"
            )
        kind = kind_named(kind_name)

        def change(curator: Curator) -> str:
            record = curator.update(kind, ref, fields) if fields else curator.get(kind, ref)
            for citation in citations:
                curator.cite(kind, record.slug, citation["source"], citation["quote"])
            for step in steps:
                curator.add_status(record.slug, step)
            return record.slug

        with options_named():
            slug = writing(ctx, change)
        typer.echo(f"updated {kind_name} {slug}")

    article = "an" if kind_name[0] in "aeiou" else "a"
    add.__doc__ = f"Add {article} {kind_name}.\n\nExample: {EXAMPLES[kind_name]}"
    edit.__doc__ = (
        f"Change {article} {kind_name}: only the options given change; list options replace "
        "the list, --cite adds a citation and --status a status step.\n\n"
        f"Example: tracker edit {kind_name} SLUG --title 'New title'"
    )
    add_app.command(kind_name)(_with_signature(add, collect, [CTX]))
    edit_app.command(kind_name)(_with_signature(edit, collect, [CTX, REF]))


for _kind, _collect in (
    ("source", source_fields),
    ("event", event_fields),
    ("agreement", agreement_fields),
    ("target", target_fields),
    ("figure", figure_fields),
):
    _register(_kind, _collect)


RefArg = Annotated[str, typer.Argument(help="Slug or id of the record.", metavar="REF")]


def show(
    ctx: typer.Context,
    kind: KindArg,
    ref: RefArg,
    fmt: FormatOpt = "table",
    tablefmt: TablefmtOpt = "simple",
) -> None:
    """Show one record with its citations (and status history or observations).

    Example: tracker show agreement treaty-on-allied-relations
    """
    from tracker.cli.render import check_format, render_document
    from tracker.cli.views import detail
    from tracker.services.curation.kinds import kind_named
    from tracker.services.curation.references import find_by_ref

    check_format(fmt, tablefmt)
    record_kind = kind_named(kind)
    with reading(ctx) as session:
        record = find_by_ref(session, record_kind.model, ref, "REF")
        typer.echo(render_document(detail(record_kind, record), fmt, tablefmt))


def delete(
    ctx: typer.Context,
    kind: KindArg,
    ref: RefArg,
    yes: YesOpt = False,
    force: Annotated[
        bool,
        typer.Option(help="Delete even if other records use it (they lose the link or citation)."),
    ] = False,
) -> None:
    """Delete a record and its citations. Asks first on a terminal; elsewhere needs --yes.

    Example: tracker delete figure joint-projects-2025 --yes
    """
    from tracker.errors import InvalidValue
    from tracker.services.curation.kinds import kind_named
    from tracker.services.curation.records import Curator

    record_kind = kind_named(kind)
    with reading(ctx) as session, options_named():
        # Ask before the write transaction: a person deciding must not hold the database lock.
        curator = Curator(session)
        record = curator.get(record_kind, ref)
        slug, dependents = record.slug, curator.dependents(record)
    if not yes:
        if not stdin_is_terminal():
            raise InvalidValue("--yes", "not on a terminal; pass --yes to confirm the delete")
        consequences = dependents.describe()
        question = f"Delete {record_kind.name} {slug!r}"
        question += f" ({consequences})?" if consequences else "?"
        if not typer.confirm(question, default=False):
            raise typer.Abort()
    released = writing(ctx, lambda curator: curator.delete(record_kind, slug, force=force))
    summary = released.describe(done=True)
    typer.echo(f"deleted {record_kind.name} {slug}" + (f"; {summary}" if summary else ""))


def stdin_is_terminal() -> bool:
    import sys

    return sys.stdin.isatty()
