"""Options shared by many commands, declared once."""

from __future__ import annotations

from typing import Annotated, Any

import typer

FormatOpt = Annotated[
    str,
    typer.Option("--format", "-f", help="Output: table, csv, json, md or html.", metavar="FORMAT"),
]
TablefmtOpt = Annotated[
    str,
    typer.Option(
        "--tablefmt", help="Table style for --format table: any tabulate format (simple, grid...)."
    ),
]
YesOpt = Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")]
KindArg = Annotated[
    str, typer.Argument(help="source, event, agreement, target or figure.", metavar="KIND")
]


def country_codes(country: list[str] | None, pair: str | None) -> tuple[str, ...]:
    """--country (repeatable) and --pair KZ-UZ as ISO codes: records must involve them all."""
    from tracker.domain.inputs import parse_country, parse_pair

    codes = [parse_country(c, "--country").code for c in country or []]
    if pair:
        codes += parse_pair(pair)
    return tuple(dict.fromkeys(codes))


def split_citation(text: str, option: str = "--cite") -> dict[str, Any]:
    """'SOURCE:QUOTE' -> {source, quote}; a slug never contains ':' so the first one splits."""
    from tracker.errors import InvalidValue

    source, sep, quote = text.partition(":")
    if not sep or not source.strip() or not quote.strip():
        raise InvalidValue(option, "expected SOURCE:QUOTE, e.g. 'kazpravda-2025:Президент ...'")
    return {"source": source.strip(), "quote": quote.strip()}
