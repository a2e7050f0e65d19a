"""Input refused at the door, exactly: a slug is matched whole (a trailing newline names no
record, and never the record without it), text is valid Unicode, and no bad input ends as an
internal error. Each case: exit 2, one line on stderr, nothing written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import Result

from tests.conftest import Invoke
from tests.helpers import database_state
from tracker.cli.app import _one_line as one_line
from tracker.domain.edtf import parse_edtf
from tracker.models import AuditEntry

TEXT = "Граница между странами самая протяженная в мире - 7 591 км."
REF_HINT = (
    "accepted: a slug (lowercase letters, digits and single hyphens) or an id (1 to 2147483647)"
)
SLUG_HINT = "accepted: lowercase letters, digits and single hyphens, at most 80 characters"
LONG_NAME = "a" * 300  # over every file system's limit of 255 bytes a name
NAME_HINT = "file name too long; accepted: at most 255 bytes a name, 4096 a path"


@pytest.fixture
def filled(cli: Invoke) -> Invoke:
    """A source, and a figure `border` citing it."""
    assert cli("init", "--empty").exit_code == 0
    for args in (
        ["add", "source", "--title", "S", "--slug", "s", "--text", TEXT],
        ["add", "figure", "--title", "Border", "--slug", "border", "--value", "7 591",
         "--unit", "km", "--cite", "s:самая протяженная в мире"],
    ):  # fmt: skip
        result = cli(*args)
        assert result.exit_code == 0, result.output
    return cli


def refused(result: Result, message: str) -> None:
    """Exit 2 and `message` on one line (a long run elided as every message is)."""
    assert (result.exit_code, result.stderr, result.stdout) == (
        2,
        f"tracker: error: {one_line(message)}\n",
        "",
    )


def records_file(tmp_path: Path, **lists: list[dict[str, object]]) -> str:
    """A JSON records file, written with \\u escapes (as a JSON library writes a lone
    surrogate)."""
    path = tmp_path / "records.json"
    path.write_text(json.dumps({"format": "tracker/1", **lists}), encoding="ascii")
    return str(path)


# ---- 3. a slug is the whole text -------------------------------------------------------------


@pytest.mark.parametrize("slug", ["border\n", "border2\n", " border", "border "])
def test_a_slug_with_a_newline_or_space_is_not_a_slug(
    filled: Invoke, db_url: str, slug: str
) -> None:
    before = database_state(db_url)
    result = filled("add", "figure", "--title", "Border", "--slug", slug, "--value", "7591",
                    "--unit", "km")  # fmt: skip
    refused(result, f"--slug: {slug!r} is not a slug; {SLUG_HINT}")
    assert database_state(db_url) == before


@pytest.mark.parametrize(
    "args",
    [
        ["delete", "figure", "border\n", "--yes"],
        ["delete", "figure", " border", "--yes"],
        ["edit", "figure", "border\n", "--note", "changed"],
        ["show", "figure", "border\n"],
        ["cite", "figure", "border\n", "s", "самая протяженная"],
        ["history", "figure", "border\n"],
    ],
    ids=lambda args: " ".join(args).replace("\n", "\\n"),
)
def test_a_reference_is_matched_exactly(filled: Invoke, db_url: str, args: list[str]) -> None:
    before = database_state(db_url)
    refused(filled(*args), f"REF: {args[2]!r} is not a slug or an id; {REF_HINT}")
    assert database_state(db_url) == before
    assert filled("show", "figure", "border").exit_code == 0


def test_a_records_file_slug_or_reference_is_matched_exactly(
    filled: Invoke, db_url: str, tmp_path: Path
) -> None:
    before = database_state(db_url)
    figure = {"title": "Border", "value": 7591, "unit": "km"}
    path = records_file(tmp_path, figures=[{**figure, "slug": "border\n"}])
    for on_conflict in ("fail", "update"):
        result = filled("import", path, "--on-conflict", on_conflict)
        refused(
            result,
            f"records.json: figures[0] border : slug: 'border\\n' is not a slug; {SLUG_HINT}",
        )
    cited = [{"source": "s\n", "quote": "самая протяженная"}]
    path = records_file(tmp_path, figures=[{**figure, "slug": "f", "citations": cited}])
    refused(
        filled("import", path),
        f"records.json: figures[0] f: citations[0].source: 's\\n' is not a slug or an id; "
        f"{REF_HINT}",
    )
    assert database_state(db_url) == before


@pytest.mark.parametrize("text", ["2025\n/2026", "2025-01\n/2026", "2025?\n/2026"])
def test_an_edtf_date_is_the_whole_text(text: str) -> None:
    with pytest.raises(ValueError, match="is not a date"):
        parse_edtf(text)


# ---- 5. text is valid Unicode ----------------------------------------------------------------

SURROGATE = "\ud800"
SURROGATE_HINT = (
    "not valid Unicode text (a lone surrogate, U+D800); accepted: characters, or escapes "
    "that pair a high surrogate with a low one"
)


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"people": [SURROGATE]}, "people[0]"),
        ({"people": ["Tokayev", f"Mirziyoyev{SURROGATE}"]}, "people[1]"),
        ({"place": f"Tashkent{SURROGATE}"}, "place"),
        ({"title": SURROGATE}, "title"),
        ({"note": f"a note {SURROGATE}"}, "note"),
        ({"parties": ["KZ", f"org:CIS{SURROGATE}"]}, "parties[1]"),
        ({"host": f"org:CIS{SURROGATE}"}, "host"),
        ({"citations": [{"source": "s", "quote": f"самая{SURROGATE}"}]}, "citations[0].quote"),
    ],
    ids=lambda value: value if isinstance(value, str) else None,
)
def test_a_lone_surrogate_in_a_records_file_is_refused(
    filled: Invoke, db_url: str, tmp_path: Path, fields: dict[str, object], field: str
) -> None:
    before = database_state(db_url)
    event = {"slug": "e", "title": "Summit", "kind": "summit", **fields}
    path = records_file(tmp_path, events=[event])
    refused(filled("import", path), f"records.json: events[0] e: {field}: {SURROGATE_HINT}")
    assert database_state(db_url) == before


def test_a_lone_surrogate_in_a_source_text_is_refused(
    filled: Invoke, db_url: str, tmp_path: Path
) -> None:
    before = database_state(db_url)
    path = records_file(tmp_path, sources=[{"slug": "t", "title": "T", "text": SURROGATE}])
    refused(filled("import", path), f"records.json: sources[0] t: text: {SURROGATE_HINT}")
    assert database_state(db_url) == before


# ---- 9. bad input is exit 2, never an internal error -----------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["show", "figure", "²"],
        ["show", "figure", "١٢"],
        ["edit", "figure", "²", "--note", "n"],
        ["history", "figure", "²"],
    ],
    ids=" ".join,
)
def test_a_digit_that_is_not_ascii_is_not_an_id(
    filled: Invoke, db_url: str, args: list[str]
) -> None:
    before = database_state(db_url)
    refused(filled(*args), f"REF: {args[2]!r} is not a slug or an id; {REF_HINT}")
    assert database_state(db_url) == before


@pytest.mark.parametrize(
    "number",
    ["2147483648", "9223372036854775808", "9" * 20, "0", "9" * 5000],
    ids=["2^31", "2^63", "20-digits", "0", "5000-digits"],
)
@pytest.mark.parametrize("command", [["show", "figure"], ["history", "figure"],
                                     ["delete", "figure", "--yes"]])  # fmt: skip
def test_an_id_out_of_range_is_bad_input(
    filled: Invoke, db_url: str, number: str, command: list[str]
) -> None:
    before = database_state(db_url)
    result = filled(*command[:2], number, *command[2:])
    refused(result, f"REF: {number} is not an id; {REF_HINT}")
    assert database_state(db_url) == before


def test_an_id_out_of_range_in_a_citation_or_records_file_is_bad_input(
    filled: Invoke, db_url: str, tmp_path: Path
) -> None:
    before = database_state(db_url)
    huge = 10**20
    refused(
        filled("cite", "figure", "border", str(huge), "самая протяженная"),
        f"SOURCE: {huge} is not an id; {REF_HINT}",
    )
    agreement = {"slug": "a", "title": "A", "kind": "treaty", "event": huge}
    path = records_file(tmp_path, agreements=[agreement])
    refused(
        filled("import", path),
        f"records.json: agreements[0] a: event: {huge} is not an id; {REF_HINT}",
    )
    assert database_state(db_url) == before


@pytest.mark.parametrize(
    ("args", "option", "command"),
    [
        (["undo", "9" * 20], "CHANGE_ID", "undo"),
        (["undo", "0"], "CHANGE_ID", "undo"),
        (["list", "figures", "--limit", "9" * 20], "--limit", "list"),
        (["history", "--limit", "9223372036854775808"], "--limit", "history"),
    ],
    ids=lambda value: " ".join(value) if isinstance(value, list) else None,
)
def test_an_integer_option_out_of_range_is_a_usage_error(
    filled: Invoke, db_url: str, args: list[str], option: str, command: str
) -> None:
    before = database_state(db_url)
    result = filled(*args)
    low = "1<=" if option == "CHANGE_ID" else ""
    assert (result.exit_code, result.stderr) == (
        2,
        f"tracker: error: Invalid value for '{option}': {args[-1]} is not in the range "
        f"{low}x<=2147483647. (see 'tracker {command} --help')\n",
    )
    assert database_state(db_url) == before


def test_stale_after_beyond_the_calendar_is_bad_input(filled: Invoke) -> None:
    signed = ["--kind", "treaty", "--status", "signed", "--on", "2020"]
    assert filled("add", "agreement", "--title", "A", *signed).exit_code == 0
    refused(
        filled("report", "agreements", "--stale-after", "9" * 20, "--as-of", "2025"),
        "--stale-after: must be 1 to 2024 years",
    )


@pytest.mark.parametrize(
    "args",
    [
        ["export", "-o", "{tmp}/{long}.json"],
        ["export", "-o", "{tmp}/{long}", "--format", "csv"],
        ["import", "{tmp}/{long}.json"],
        ["report", "briefing", "-o", "{tmp}/{long}.html"],
        ["extract", "s", "-o", "{tmp}/{long}.yaml"],
    ],
    ids=lambda args: " ".join(args[:2]),
)
def test_a_file_name_over_the_system_limit_is_bad_input(
    filled: Invoke, db_url: str, tmp_path: Path, args: list[str]
) -> None:
    before = database_state(db_url)
    args = [a.replace("{tmp}", str(tmp_path)).replace("{long}", LONG_NAME) for a in args]
    result = filled(*args)
    named = next(a for a in args if LONG_NAME in a)
    refused(result, f"{named}: {NAME_HINT}")
    assert database_state(db_url) == before
    assert sorted(p.name for p in tmp_path.iterdir() if LONG_NAME[:100] in p.name) == []


@pytest.mark.parametrize("command", [["list", "figures"], ["init"]])
def test_a_database_file_name_over_the_limit_is_bad_input(
    run: Invoke, tmp_path: Path, command: list[str]
) -> None:
    path = f"{tmp_path}/{LONG_NAME}.db"
    refused(run("--db", path, *command), f"{path}: {NAME_HINT}")
    assert list(tmp_path.iterdir()) == []


def test_backup_and_restore_to_a_name_over_the_limit_are_bad_input(
    run: Invoke, tmp_path: Path
) -> None:
    db = str(tmp_path / "t.db")
    assert run("--db", db, "init", "--empty").exit_code == 0
    before = database_state(db)
    path = f"{tmp_path}/{LONG_NAME}.db"
    for command in ("backup", "restore"):
        refused(run("--db", db, "db", command, path), f"{path}: {NAME_HINT}")
    assert database_state(db) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.db"]


@pytest.mark.parametrize(
    ("actor", "problem"),
    [
        ("x" * 200, "too long (200 characters; at most 120)"),
        ("\x1b]0;owned\x07", "contains control characters"),
        ("\x1b[2J", "contains control characters"),
        ("eve\nbob", "contains control characters"),
        ("eve\tbob", "contains control characters"),
        ("", "required; give a non-empty text"),
        ("   ", "required; give a non-empty text"),
    ],
    ids=["200-characters", "osc", "csi", "newline", "tab", "empty", "blank"],
)
def test_a_bad_actor_is_refused_before_any_write(
    filled: Invoke, db_url: str, actor: str, problem: str
) -> None:
    before = database_state(db_url)
    refused(
        filled("--actor", actor, "edit", "figure", "border", "--note", "n"), f"--actor: {problem}"
    )
    refused(filled("--actor", actor, "history"), f"--actor: {problem}")
    assert database_state(db_url) == before


def test_an_actor_at_the_limit_is_logged(filled: Invoke) -> None:
    from tracker.services.curation.values import ACTOR_LIMIT

    actor = "é" * ACTOR_LIMIT
    assert filled("--actor", actor, "edit", "figure", "border", "--note", "n").exit_code == 0
    assert actor in filled("history", "--format", "json").stdout
    assert AuditEntry.__table__.c.actor.type.length == ACTOR_LIMIT  # type: ignore[attr-defined]


def test_an_empty_db_option_is_refused_not_the_personal_database(
    run: Invoke, tmp_path: Path
) -> None:
    for value in ("", "  "):
        refused(
            run("--db", value, "list", "figures"),
            "--db: empty; accepted: a file path, sqlite:///PATH or "
            "postgresql+psycopg://USER@HOST/DBNAME",
        )
    assert not (tmp_path / "user-data").exists()
