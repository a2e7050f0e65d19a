"""The one renderer: every command's output, in every format, goes through here.

Table, Markdown and HTML are for people (humanised quantities, dates at their precision);
CSV and JSON are for machines (exact values in base units, EDTF dates).
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
import shutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from tracker.cli.visible import json_escaped, needs_visible, visible
from tracker.domain import humanise
from tracker.domain.decimals import canonical, json_ready
from tracker.domain.spreadsheet import csv_safe
from tracker.errors import InvalidValue

FORMATS = ("table", "csv", "json", "md", "html")


@dataclass(frozen=True)
class Quantity:
    value: Decimal | None
    unit: str | None
    qualifier: str | None = None


@dataclass(frozen=True)
class Date:
    """An EDTF date: shown at its precision for people, as EDTF text for machines. With the
    `period` a value covers, people also read the span when it is not a plain year or day."""

    edtf: str | None
    period: str | None = None


@dataclass(frozen=True)
class Parties:
    """Party codes; for people marked when the curator inferred them: "KZ, RU (inferred)"."""

    codes: tuple[str, ...]
    inferred: bool = False


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    wrap: bool = False  # long text that may wrap to fit the terminal


@dataclass
class Table:
    columns: list[Column]
    rows: list[dict[str, Any]]
    title: str | None = None
    # What JSON shows instead of the rows: the full records (or a function making them, so
    # that a table or CSV does not pay for pictures only JSON prints).
    records: list[dict[str, Any]] | Callable[[], list[dict[str, Any]]] | None = None
    empty_message: str = "(none)"

    def json_records(self) -> list[dict[str, Any]] | None:
        return self.records() if callable(self.records) else self.records


@dataclass
class Document:
    """Several titled tables, or key-value sections, rendered one after another."""

    tables: list[Table] = field(default_factory=list)
    json_value: Any = None


def check_format(fmt: str, tablefmt: str) -> None:
    if fmt not in FORMATS:
        raise InvalidValue("--format", f"unknown format {fmt!r}; accepted: {', '.join(FORMATS)}")
    from tabulate import tabulate_formats

    if tablefmt not in tabulate_formats:
        raise InvalidValue(
            "--tablefmt",
            f"unknown table format {tablefmt!r}; accepted: {', '.join(tabulate_formats)}",
        )


# ---- cells -------------------------------------------------------------------------------------


def human_cell(value: Any) -> str:
    if isinstance(value, str):  # most cells: the report built the text already
        return value
    if value is None:
        return ""
    if isinstance(value, bool):
        # Not "True"/"False": tabulate reads those strings back as booleans, and bool("False")
        # is True.
        return "yes" if value else "no"
    if isinstance(value, Quantity):
        return humanise.quantity(value.value, value.unit, value.qualifier)
    if isinstance(value, Date):
        return humanise.dated(value.edtf, value.period)
    if isinstance(value, Parties):
        codes = ", ".join(value.codes)
        return f"{codes} (inferred)" if codes and value.inferred else codes
    if isinstance(value, Decimal):
        return canonical(value)
    if isinstance(value, list | tuple):
        return ", ".join(human_cell(v) for v in value)
    return str(value)


def machine_value(value: Any) -> Any:
    """Exact, for JSON: Decimals as numbers, dates as EDTF text, quantities as their value."""
    return json_ready(value, _plain_cell)


def _plain_cell(value: Any) -> Any:
    if isinstance(value, Quantity):
        return value.value
    if isinstance(value, Date):
        return value.edtf
    if isinstance(value, Parties):
        return list(value.codes)
    return value


# ---- formats -----------------------------------------------------------------------------------


MIN_WRAP_WIDTH = 16


def render_table(table: Table, tablefmt: str = "simple", width: int | None = None) -> str:
    """A tabulate table; long-text columns wrap so the table fits the terminal (down to
    MIN_WRAP_WIDTH: a table of many fixed columns may still be wider)."""
    if not table.rows:
        return table.empty_message
    keys = [c.key for c in table.columns]
    cells = [_visible_row([human_cell(row.get(key)) for key in keys]) for row in table.rows]
    headers = [visible(c.header) for c in table.columns]
    width = width or shutil.get_terminal_size((100, 24)).columns
    limits: list[int | None] = [None] * len(table.columns)
    for _ in range(MAX_FITTING_ROUNDS):
        text = _laid_out(headers, cells, tablefmt, limits)
        overflow = max(map(len, text.splitlines())) - width
        if overflow <= 0:
            return text
        wrapping = {
            i: current
            for i, c in enumerate(table.columns)
            if c.wrap and (current := limits[i] or _column_width(cells, i)) > MIN_WRAP_WIDTH
        }
        if not wrapping:
            return text
        # Lower the widest wrapping columns to one common level that absorbs the overflow.
        level = _water_level(list(wrapping.values()), overflow)
        for i, current in wrapping.items():
            limits[i] = min(current, level)
    return text


def _visible_row(texts: list[str]) -> list[str]:
    """The row's cells made visible; one look at the whole row first, since most rows have
    nothing to show (a character to make visible is found in the joined text if in a cell)."""
    return [visible(text) for text in texts] if needs_visible("".join(texts)) else texts


def _laid_out(
    headers: list[str], cells: list[list[str]], tablefmt: str, limits: list[int | None]
) -> str:
    """The table with its wrapping columns cut to `limits` (none yet: all None)."""
    from tabulate import tabulate

    if tablefmt == "simple" and not any(limits):
        plain = simple_layout(headers, cells)
        if plain is not None:
            return plain
    text: str = tabulate(
        cells,
        headers=headers,
        tablefmt=tablefmt,
        # tabulate wraps every cell it is given widths for, even a width of None.
        maxcolwidths=limits if any(limits) else None,
        disable_numparse=True,
    )
    return text


# Where tabulate's "simple" layout is not plain padding: a line break (a multi-line row), an
# ANSI code (invisible in width), its separating-line marker "\x01". Every other control
# character and Unicode line separator is left to tabulate too, to be safe.
_NOT_PLAIN = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def simple_layout(headers: list[str], cells: list[list[str]]) -> str | None:
    """What tabulate prints for one-line plain text in its default "simple" format (a test
    compares the two on random tables), or None where tabulate must lay it out. Tabulate
    guesses each cell's type and strips ANSI codes from it, even with number parsing off: a
    quarter of the time of a 10^4-target report (110,000 cells).

    The layout: cells stripped and flushed left; each column as wide as its widest cell, or
    its header plus two; columns two spaces apart; a line of dashes under the headers; each
    line's trailing spaces dropped."""
    import tabulate

    if tabulate.WIDE_CHARS_MODE and getattr(tabulate, "wcwidth", None) is not None:
        return None  # widths by wcwidth: East Asian characters count two
    if any(_NOT_PLAIN.search(text) for text in (*headers, *map("".join, cells))):
        return None
    columns = [[cell.strip() for cell in column] for column in zip(*cells, strict=True)]
    widths = [
        max(len(header) + 2, *map(len, column))
        for header, column in zip(headers, columns, strict=True)
    ]
    lines = [
        "  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip(),
        "  ".join("-" * w for w in widths),
    ]
    lines += ("  ".join(map(str.ljust, row, widths)).rstrip() for row in zip(*columns, strict=True))
    return "\n".join(lines)


MAX_FITTING_ROUNDS = 6  # tabulate's padding can need a round or two more than the arithmetic


def _water_level(widths: list[int], overflow: int) -> int:
    """The highest width L such that capping every column at L saves `overflow` characters."""
    for level in range(max(widths) - 1, MIN_WRAP_WIDTH - 1, -1):
        if sum(max(0, w - level) for w in widths) >= overflow:
            return level
    return MIN_WRAP_WIDTH


def _column_width(cells: list[list[str]], index: int) -> int:
    return max((len(line) for row in cells for line in row[index].splitlines()), default=0)


def markdown_text(text: str) -> str:
    """One line of Markdown that shows `text` as text: no raw HTML, no table breaks."""
    one_line = " ".join(text.split())
    escaped = html.escape(one_line, quote=False).replace("\\", "\\\\").replace("|", "\\|")
    return visible(escaped, newlines=False)


def render_markdown(table: Table) -> str:
    escape = markdown_text
    if not table.rows:
        return f"_{table.empty_message}_"
    lines = [
        "| " + " | ".join(escape(c.header) for c in table.columns) + " |",
        "|" + "|".join(" --- " for _ in table.columns) + "|",
    ]
    for row in table.rows:
        lines.append(
            "| " + " | ".join(escape(human_cell(row.get(c.key))) for c in table.columns) + " |"
        )
    return "\n".join(lines)


def html_text(text: str) -> str:
    return html.escape(visible(text, tabs=True))


def render_html(table: Table) -> str:
    if not table.rows:
        return f"<p>{html_text(table.empty_message)}</p>"
    head = "".join(f"<th>{html_text(c.header)}</th>" for c in table.columns)
    body = "\n".join(
        "<tr>"
        + "".join(f"<td>{html_text(human_cell(row.get(c.key)))}</td>" for c in table.columns)
        + "</tr>"
        for row in table.rows
    )
    return f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{body}\n</tbody>\n</table>"


def _csv_columns(table: Table) -> list[tuple[str, Any]]:
    """CSV headers with a getter each; a quantity becomes value, unit and qualifier columns."""
    columns: list[tuple[str, Any]] = []
    sample = table.rows[0] if table.rows else {}
    for c in table.columns:
        if isinstance(sample.get(c.key), Quantity):
            columns += [
                (c.key, lambda r, k=c.key: r.get(k).value if r.get(k) else None),
                (f"{c.key}_unit", lambda r, k=c.key: r.get(k).unit if r.get(k) else None),
                (f"{c.key}_qualifier", lambda r, k=c.key: r.get(k).qualifier if r.get(k) else None),
            ]
        else:
            columns.append((c.key, lambda r, k=c.key: r.get(k)))
    return columns


def csv_text(value: Any) -> str:
    exact = machine_value(value)
    if exact is None:
        return ""
    if isinstance(exact, list):
        return "; ".join(csv_text(v) for v in exact)
    if isinstance(exact, Decimal | int | float):
        return canonical(Decimal(str(exact)))
    return csv_safe(str(exact))


def render_csv(table: Table) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    columns = _csv_columns(table)
    writer.writerow([name for name, _ in columns])
    for row in table.rows:
        writer.writerow([csv_text(get(row)) for _, get in columns])
    return buffer.getvalue().rstrip("\n")


def render_json(value: Any) -> str:
    return json_escaped(json.dumps(machine_value(value), ensure_ascii=False, indent=2))


def render(table: Table, fmt: str, tablefmt: str = "simple") -> str:
    if fmt == "json":
        if table.records is not None:
            return render_json(table.json_records())
        return render_json([{c.key: row.get(c.key) for c in table.columns} for row in table.rows])
    if fmt == "csv":
        return render_csv(table)
    if fmt == "md":
        return render_markdown(table)
    if fmt == "html":
        return render_html(table)
    return render_table(table, tablefmt)


def render_document(document: Document, fmt: str, tablefmt: str = "simple") -> str:
    """Titled tables in sequence (a record's details, a report's sections)."""
    if fmt == "json":
        return render_json(document.json_value)
    parts: list[str] = []
    for table in document.tables:
        title = table.title
        if fmt == "md":
            heading = f"## {markdown_text(title)}\n\n" if title else ""
            parts.append(heading + render(table, fmt))
        elif fmt == "html":
            heading = f"<h2>{html_text(title)}</h2>\n" if title else ""
            parts.append(heading + render(table, fmt))
        elif fmt == "csv":
            parts.append(render(table, fmt))
        else:
            parts.append(
                f"{visible(title)}\n{render(table, fmt, tablefmt)}"
                if title
                else render(table, fmt, tablefmt)
            )
    return "\n\n".join(parts)


def key_value_table(pairs: Sequence[tuple[str, Any]], title: str | None = None) -> Table:
    return Table(
        columns=[Column("field", "field"), Column("value", "value", wrap=True)],
        rows=[{"field": k, "value": v} for k, v in pairs],
        title=title,
    )
