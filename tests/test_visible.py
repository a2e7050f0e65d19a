"""Stored text is shown, never obeyed: control sequences and bidi overrides in a record reach
no terminal, Markdown or HTML raw; the data keeps them exactly as typed."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import Engine, update

from tests.conftest import Invoke
from tracker.cli.visible import json_escaped, visible
from tracker.models import Event

C1 = "red\x9b31mtext"  # CSI as one C1 byte: recolours a terminal
OSC8 = "\x1b]8;;http://evil\x1b\\click\x1b]8;;\x1b\\"  # a hyperlink to somewhere else
BIDI = "total \u202e0001$"  # right-to-left override: reads as "$1000"
HOSTILE = f"{C1} {OSC8} {BIDI}"
SHOWN = "red\\u009b31mtext ␛]8;;http://evil␛\\click␛]8;;␛\\ total \\u202e0001$"
RAW = ("\x9b", "\x1b", "\u202e")


@pytest.fixture
def hostile(cli: Invoke, db_engine: Engine) -> Invoke:
    """Input refuses C0 controls in titles, but a shared database holds whatever other tools
    or older versions wrote: the renderer must not trust what it reads."""
    assert cli("init", "--empty").exit_code == 0
    added = cli("add", "event", "--title", "placeholder", "--kind", "summit", "--party", "KZ",
                "--party", "UZ", "--date", "2025-03-15", "--slug", "evil")  # fmt: skip
    assert added.exit_code == 0, added.output
    with db_engine.begin() as connection:
        connection.execute(update(Event).where(Event.slug == "evil").values(title=HOSTILE))
    return cli


def test_visible_pictures_every_kind_of_control() -> None:
    assert visible("a\x00b\x07c\x1bd\x7fe") == "a␀b␇c␛d␡e"
    assert visible("\x85\x9b\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e") == (
        "\\u0085\\u009b\\u200e\\u200f\\u061c\\u202a\\u202b\\u202c\\u202d\\u202e"
    )
    assert visible("\u2066\u2067\u2068\u2069\u2028\u2029") == (
        "\\u2066\\u2067\\u2068\\u2069\\u2028\\u2029"
    )
    assert visible("two\nlines\tand\rback") == "two\nlines␉and␍back"
    assert visible("two\nlines\ttab", newlines=False) == "two␊lines␉tab"
    assert visible("two\nlines\ttab", tabs=True) == "two\nlines\ttab"
    assert visible("Қазақстан – Oʻzbekiston «договор» $10bn") == (
        "Қазақстан – Oʻzbekiston «договор» $10bn"
    )


def test_json_escapes_what_a_terminal_acts_on_and_keeps_the_data() -> None:
    text = json.dumps({"t": HOSTILE}, ensure_ascii=False)
    escaped = json_escaped(text)
    assert not any(c in escaped for c in ("\x9b", "\u202e"))
    assert json.loads(escaped) == {"t": HOSTILE}


@pytest.mark.parametrize(
    "args",
    [
        ["list", "events"],
        ["list", "events", "--tablefmt", "grid"],
        ["show", "event", "evil"],
        ["report", "timeline"],
    ],
)
def test_a_terminal_table_shows_the_sequences_as_text(hostile: Invoke, args: list[str]) -> None:
    out = hostile(*args).stdout
    assert not any(c in out for c in RAW), repr(out)
    assert "red\\u009b31mtext" in out
    assert "␛]8;;http://evil␛\\click" in out
    assert "\\u202e0001$" in out


def test_markdown_and_html_show_them_too(hostile: Invoke) -> None:
    for fmt in ("md", "html"):
        for args in (["list", "events"], ["report", "timeline"], ["report", "briefing"]):
            out = hostile(*args, "--format", fmt).stdout
            assert not any(c in out for c in RAW), (args, fmt)
    # Markdown doubles the text's own backslashes (the OSC terminator's).
    in_markdown = SHOWN.replace("␛\\", "␛\\\\")
    assert f"| evil | 15 Mar 2025 | summit |  | KZ, UZ | {in_markdown} |" in (
        hostile("list", "events", "--format", "md").stdout
    )


def test_json_and_export_keep_the_text_exactly(hostile: Invoke) -> None:
    listed = hostile("list", "events", "--format", "json").stdout
    assert not any(c in listed for c in ("\x9b", "\u202e"))
    assert json.loads(listed)[0]["title"] == HOSTILE
    exported = hostile("export", "--format", "json").stdout
    assert json.loads(exported)["events"][0]["title"] == HOSTILE


def test_a_markdown_cell_stays_on_one_line(hostile: Invoke) -> None:
    edited = hostile("edit", "event", "evil", "--title", "first second <b>", "--note", "a\nb")
    assert edited.exit_code == 0, edited.output
    lines = hostile("list", "events", "--format", "md").stdout.splitlines()
    assert lines[-1] == "| evil | 15 Mar 2025 | summit |  | KZ, UZ | first second &lt;b&gt; |"
    shown = hostile("show", "event", "evil", "--format", "md").stdout.splitlines()
    assert "| note | a b |" in shown
