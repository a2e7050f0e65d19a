"""Options shared by many commands, declared once."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any

import typer

if TYPE_CHECKING:
    from tracker.cli.render import Table

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
# Spelled out rather than read from services.curation.kinds, which would load every model
# for each command's --help; tests/test_cli_help.py keeps it in step with the kinds.
KIND_CHOICES = "source, event, agreement, initiative, target or figure"
KindArg = Annotated[str, typer.Argument(help=f"{KIND_CHOICES}.", metavar="KIND")]


def country_codes(country: list[str] | None, pair: str | None) -> tuple[str, ...]:
    """--country (repeatable) and --pair KZ-UZ as ISO codes: records must involve them all."""
    from tracker.domain.inputs import parse_country, parse_pair

    codes = [parse_country(c, "--country").code for c in country or []]
    if pair:
        codes += parse_pair(pair)
    return tuple(dict.fromkeys(codes))


@dataclass(frozen=True)
class Places:
    """What --country and --pair ask for: the codes a record must all involve, and the pairs
    of which it must involve one (only when more than one pair is asked for; a single pair
    is two more codes)."""

    countries: tuple[str, ...]
    pairs: tuple[tuple[str, str], ...]

    def pair_labels(self, parties: list[str]) -> str:
        """The asked-for pairs a record with these party codes belongs to: "KZ-UZ, KZ-RU"."""
        return ", ".join(f"{a}-{b}" for a, b in self.pairs if a in parties and b in parties)


def places(country: list[str] | None, pairs: list[str] | None) -> Places:
    """--country (repeatable: all of them) and --pair (repeatable: any of them), in codes or
    names in any language (KZ, Казахстан, Kazakhstan-Узбекистан)."""
    from tracker.domain.inputs import parse_country, parse_pair

    codes = [parse_country(c, "--country").code for c in country or []]
    unique: dict[frozenset[str], tuple[str, str]] = {}
    for text in pairs or []:
        pair = parse_pair(text)
        unique.setdefault(frozenset(pair), pair)  # KZ-UZ and UZ-KZ are one pair
    parsed = list(unique.values())
    if len(parsed) == 1:
        codes += parsed[0]
        parsed = []
    return Places(tuple(dict.fromkeys(codes)), tuple(parsed))


def with_pair_column(table: Table, labels: list[str]) -> None:
    """A first column saying which asked-for pair each row belongs to (in JSON too, when that
    is one record a row). `labels`: one a row, from Places.pair_labels."""
    from tracker.cli.render import Column

    table.columns = [Column("pair", "pair"), *table.columns]
    for row, label in zip(table.rows, labels, strict=bool(table.rows)):  # no rows: JSON only
        row["pair"] = label
    records = table.records
    if callable(records):
        table.records = lambda: [
            r | {"pair": label} for r, label in zip(records(), labels, strict=True)
        ]
    elif records is not None and len(records) == len(labels):
        for record, label in zip(records, labels, strict=True):
            record["pair"] = label


def split_citation(text: str, option: str = "--cite") -> dict[str, Any]:
    """'SOURCE:QUOTE' -> {source, quote}; a slug never contains ':' so the first one splits."""
    from tracker.errors import InvalidValue

    source, sep, quote = text.partition(":")
    if not sep or not source.strip() or not quote.strip():
        raise InvalidValue(option, "expected SOURCE:QUOTE, e.g. 'kazpravda-2025:Президент ...'")
    return {"source": source.strip(), "quote": quote.strip()}
