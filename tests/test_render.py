"""The renderer's own layout of plain tables prints exactly what tabulate prints."""

from __future__ import annotations

from unittest import mock

import pytest
import tabulate
from hypothesis import given
from hypothesis import strategies as st

from tracker.cli.render import Column, Table, render_table, simple_layout
from tracker.cli.visible import visible

# One-line text without control characters: what reports and listings put in cells (ASCII,
# Cyrillic, "█░" bars, "–", padding spaces), and anything else printable.
PLAIN = st.text(
    st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp"), max_codepoint=0x3000),
    max_size=12,
) | st.sampled_from(["True", "False", "1,000", "1e5", "-3.5", "", "  padded  ", "█████░░░░░ 50%"])


@st.composite
def plain_tables(draw: st.DrawFn) -> tuple[list[str], list[list[str]]]:
    columns = draw(st.integers(1, 6))
    headers = draw(st.lists(PLAIN, min_size=columns, max_size=columns))
    rows = draw(
        st.lists(st.lists(PLAIN, min_size=columns, max_size=columns), min_size=1, max_size=8)
    )
    return headers, rows


def tabulated(headers: list[str], cells: list[list[str]]) -> str:
    text: str = tabulate.tabulate(cells, headers=headers, tablefmt="simple", disable_numparse=True)
    return text


@given(plain_tables())
def test_plain_layout_is_tabulates(table: tuple[list[str], list[list[str]]]) -> None:
    headers, cells = table
    with mock.patch.object(tabulate, "WIDE_CHARS_MODE", False):
        assert simple_layout(headers, cells) == tabulated(headers, cells)


@given(plain_tables())
def test_a_fitting_table_is_rendered_as_tabulate_renders_it(
    table: tuple[list[str], list[list[str]]],
) -> None:
    headers, cells = table
    rendered = Table(
        columns=[Column(f"c{i}", header) for i, header in enumerate(headers)],
        rows=[{f"c{i}": cell for i, cell in enumerate(row)} for row in cells],
    )
    # The renderer shows control and bidi characters visibly, then lays out what it shows.
    shown = [[visible(cell) for cell in row] for row in cells]
    with mock.patch.object(tabulate, "WIDE_CHARS_MODE", False):
        assert render_table(rendered, width=10_000) == tabulated(
            [visible(h) for h in headers], shown
        )


def test_a_small_table_laid_out() -> None:
    assert simple_layout(["target", "R"], [[" kz-trade ", "1.1"], ["uz-gas", ""]]) == (
        "target    R\n--------  ---\nkz-trade  1.1\nuz-gas"
    )


@pytest.mark.parametrize(
    "cell",
    [
        "two\nlines",  # a multi-line row
        "carriage\rreturn",
        "\x1b[31mred\x1b[0m",  # an ANSI colour: invisible in width
        "\x01",  # tabulate's separating-line marker
        "a\ttab",
        "next\x85line",
        "line\u2028separator",
    ],
)
def test_text_tabulate_treats_specially_is_left_to_tabulate(cell: str) -> None:
    assert simple_layout(["h"], [[cell]]) is None
    assert simple_layout([cell], [["x"]]) is None


def test_wide_character_widths_are_left_to_tabulate() -> None:
    with (
        mock.patch.object(tabulate, "WIDE_CHARS_MODE", True),
        mock.patch.object(tabulate, "wcwidth", object(), create=True),
    ):
        assert simple_layout(["h"], [["x"]]) is None


def test_a_multi_line_cell_is_still_laid_out_by_tabulate() -> None:
    table = Table(columns=[Column("a", "a"), Column("b", "b")], rows=[{"a": "one\ntwo", "b": "x"}])
    assert render_table(table, width=10_000) == tabulated(["a", "b"], [["one\ntwo", "x"]])


def test_only_the_cells_holding_control_characters_are_pictured() -> None:
    """A row is looked at whole before its cells are: the cell with ESC shows ␛, its
    neighbours and a multi-line cell of another row print as they are."""
    table = Table(
        columns=[Column("a", "a"), Column("b", "b")],
        rows=[{"a": "plain", "b": "red\x1b[31m"}, {"a": "one\ntwo", "b": "tab\there"}],
    )
    expected = [["plain", "red␛[31m"], ["one\ntwo", "tab␉here"]]
    assert render_table(table, width=10_000) == tabulated(["a", "b"], expected)
