"""Hostile input: every case gets exit 1 or 2, one line on stderr, no traceback, and a
database unchanged byte for byte. Plus random argument lists that must never crash."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from tests.conftest import ENGINES, fresh_postgres_url
from tests.helpers import database_state
from tracker.cli.app import app
from tracker.services.store.revision import SCHEMA_HEAD

MEGABYTE = "x" * 1_000_000
AGREEMENT = "kz-uz-treaty-allied-relations"
TARGET = "kz-uz-trade-10bn-by-2030"
SOURCE = "centralasia-2025-11-15"
EVENT = ["add", "event", "--title", "T", "--kind", "summit"]
FIGURE = ["add", "figure", "--title", "T", "--unit", "count"]


def _bomb(levels: int = 9) -> str:
    """Nine levels of nine aliases: a few hundred bytes standing for 9^9 strings."""
    inner = ['&a1 [&a0 "lol", ' + ", ".join(["*a0"] * 8) + "]"]
    inner += [f"&a{n} [" + ", ".join([f"*a{n - 1}"] * 9) + "]" for n in range(2, levels + 1)]
    return "[" + ", ".join(inner) + "]"


_EVENT_YAML = "format: tracker/1\nevents:\n- slug: e\n  title: E\n  kind: summit\n"
_JSON_HEAD = '{"format": "tracker/1", "figures": [{"slug": "f", "title": "F", "unit": "count", '
HOSTILE_FILES = {
    "bomb-parties.yaml": _EVENT_YAML + f"  parties: {_bomb()}\n",
    "bomb-format.yaml": f"format: {_bomb()}\n",
    "bomb-kind.yaml": _EVENT_YAML.replace("kind: summit", f"kind: {_bomb()}"),
    "bomb-slug.yaml": _EVENT_YAML.replace("slug: e", f"slug: {_bomb()}"),
    "bomb-people.yaml": _EVENT_YAML + f"  people: {_bomb(6)}\n",
    "alias-missing.yaml": _EVENT_YAML + "  parties: *nowhere\n",
    "deep.yaml": _EVENT_YAML + "  note: " + "[" * 40 + "]" * 40 + "\n",
    "deep.json": '{"format": "tracker/1", "events": ' + "[" * 100_000 + "]" * 100_000 + "}",
    "deep-shallow.json": '{"format": "tracker/1", "events": ' + "[" * 60 + "]" * 60 + "}",
    "bigint.json": _JSON_HEAD + '"value": ' + "9" * 5000 + "}]}",
    "bigint-id.json": _JSON_HEAD + '"value": 1, "tags": [' + "7" * 4400 + "]}]}",
    "date-impossible.yaml": _EVENT_YAML + "  date: 2025-02-30\n",
    "date-datetime.yaml": _EVENT_YAML + "  date: 2025-13-01T10:00:00\n",
    "tag-python-name.yaml": _EVENT_YAML + "  note: !!python/name:os.system ''\n",
    "tag-python-apply.yaml": _EVENT_YAML + "  parties: !!python/object/apply:os.system [id]\n",
    "tag-set.yaml": _EVENT_YAML + "  parties: !!set {KZ: null}\n",
    "key-collection.yaml": _EVENT_YAML + "  ? [a, b]\n  : c\n",
    "merge-key.yaml": _EVENT_YAML + "  <<: {note: merged}\n",
    "growth-minus-100.yaml": (
        "format: tracker/1\ntargets:\n- slug: t\n  title: T\n  target_value: $10bn\n"
        "  deadline: '2030'\n  observations:\n  - value: $4bn\n    date: '2025'\n"
        "    growth_pct: -100\n"
    ),
    "growth-minus-100-figure.yaml": (
        "format: tracker/1\nfigures:\n- slug: f\n  title: F\n  value: $4bn\n"
        "  measure: trade\n  date: '2025'\n  growth_pct: -100\n"
    ),
    "two-documents.yaml": _EVENT_YAML + "---\n" + _EVENT_YAML,
    "not-utf8.yaml": "format: tracker/1\nevents: [\udce9]\n",
    "tabs.yaml": "format: tracker/1\nevents:\n\t- slug: e\n",
}


CORPUS: list[list[str]] = [
    # malformed and extreme dates
    [*EVENT, "--date", "2025-00-10"],
    [*EVENT, "--date", "9999999"],
    [*EVENT, "--date", "-2025"],
    [*EVENT, "--date", "2025/2024"],
    [*EVENT, "--date", "2025-11-31"],
    [*FIGURE, "--value", "1", "--date", "2025-02-29"],
    ["agreement", "status", AGREEMENT, "ratified", "--on", "31 February 2025"],
    ["list", "events", "--since", "not a date"],
    ["report", "targets", "--as-of", "0000-01-01"],
    ["report", "timeline", "--from", "2025-99"],
    # malformed and extreme amounts
    [*FIGURE, "--value", "1e999"],
    [*FIGURE, "--value", "NaN"],
    [*FIGURE, "--value", "Infinity"],
    [*FIGURE, "--value", "9" * 40],
    [*FIGURE, "--value", "0.00000000001"],
    [*FIGURE, "--value", "12,34,56"],
    [*FIGURE, "--value", ""],
    ["add", "target", "--title", "T", "--target", "-$5bn", "--by", "2030"],
    ["target", "observe", TARGET, "minus five"],
    ["edit", "figure", "kz-ru-border-length", "--value", "abc"],
    # unknown and malformed codes
    [*EVENT, "--party", "XX"],
    [*EVENT, "--party", "org:"],
    [*EVENT, "--host", "Atlantis"],
    ["list", "agreements", "--country", "ZZZ"],
    ["list", "agreements", "--pair", "KZ-KZ"],
    ["list", "agreements", "--pair", "KZ_UZ"],
    [*FIGURE[:-2], "--value", "1", "--unit", "usd$"],
    ["list", "agreements", "--status", "signed' OR '1'='1"],
    # control characters and invalid UTF-8
    [*FIGURE, "--value", "1", "--title", "bad\x00title"],
    [*FIGURE, "--value", "1", "--note", "bell\x07"],
    [*EVENT, "--place", "\x1b[31mred"],
    [*FIGURE, "--value", "1", "--title", "caf\udce9"],
    ["list", "figures", "--search", "\udcff"],
    # one-megabyte strings
    [*FIGURE, "--value", "1", "--title", MEGABYTE],
    ["list", "figures", "--search", MEGABYTE],
    [*FIGURE, "--value", "1", "--slug", MEGABYTE],
    ["cite", "agreement", AGREEMENT, SOURCE, MEGABYTE],
    ["show", "agreement", MEGABYTE],
    # SQL-like text
    ["show", "agreement", "x'; DROP TABLE agreements; --"],
    ["add", "agreement", "--title", "T", "--kind", "treaty); DELETE FROM agreements;--"],
    [*FIGURE, "--value", "1", "--slug", "robert'); DROP TABLE sources;--"],
    ["history", "agreement", "1 OR 1=1"],
    ["uncite", "agreement", AGREEMENT, "' OR 1=1 --"],
    # formula-like text where it cannot go
    [*FIGURE, "--value", "1", "--measure", "=SUM(A1:A9)"],
    [*FIGURE[:-2], "--value", "1", "--unit", "=1+1"],
    [*EVENT, "--cite", "=A1:B2"],
    [*EVENT, "--tag", "@import"],
    # path tricks for file arguments
    ["add", "source", "--title", "T", "--file", "/nonexistent/../../secret.txt"],
    ["add", "source", "--title", "T", "--file", "/dev/zero"],
    ["add", "source", "--title", "T", "--file", "{tmp}"],
    ["import", "{tmp}/../nope.json"],
    ["import", "/dev/null"],
    ["import", "{tmp}/payload.yaml"],
    ["export", "-o", "/nonexistent-dir/x.json"],
    ["db", "backup", "/nonexistent-dir/x.db"],
    ["db", "restore", "{tmp}/missing.db"],
    ["report", "briefing", "-o", "/nonexistent-dir/b.md"],
    ["seed", "load", "{tmp}/no-such-dir"],
    # misuse
    ["undo", "abc"],
    ["agreement", "unstatus", AGREEMENT, "0"],
    ["list", "figures", "--limit", "-5"],
    ["list", "figures", "--tablefmt", "nonexistent"],
    ["delete", "figure", "kz-ru-border-length"],
    # records files that expand, nest or tag their way past the reader (workspace fixture)
    *(["import", f"{{tmp}}/{name}"] for name in sorted(HOSTILE_FILES)),
    *(["seed", "load", f"{{tmp}}/seeds-{name}"] for name in sorted(HOSTILE_FILES)),
    *(["import", f"{{tmp}}/{name}", "--dry-run"] for name in ("bomb-parties.yaml", "deep.json")),
    # references matched exactly: a trailing newline names no record
    *([*add, "--slug", "kz-ru-border-length\n"] for add in (
        [*FIGURE, "--value", "1"], [*EVENT], ["add", "source", "--title", "T", "--text", "x"],
        ["add", "agreement", "--title", "T", "--kind", "treaty"],
        ["add", "target", "--title", "T", "--target", "$1bn", "--by", "2030"])),
    ["delete", "figure", "kz-ru-border-length\n", "--yes"],
    ["edit", "figure", "kz-ru-border-length\n", "--note", "n"],
    ["show", "figure", " kz-ru-border-length"],
    ["cite", "agreement", AGREEMENT + "\n", SOURCE, "x"],
    # ids no database holds, and digits that are not ASCII
    ["show", "figure", "9" * 25],
    ["delete", "figure", "9" * 25, "--yes"],
    ["history", "figure", "9" * 25],
    ["undo", "9" * 25],
    ["agreement", "unstatus", AGREEMENT, "9" * 25],
    ["show", "figure", "²"],
    ["show", "figure", "١٢"],
    # who and where
    ["--db", "", "list", "figures"],
    ["--actor", "a" * 200, "edit", "figure", "kz-ru-border-length", "--note", "n"],
    ["--actor", "evil\x1b]8;;http://evil\x1b\\", "edit", "figure", "kz-ru-border-length",
     "--note", "n"],
    ["import", "{tmp}/" + "a" * 300 + ".json"],
    ["export", "-o", "{tmp}/" + "a" * 300 + ".json"],
    ["db", "backup", "{tmp}/" + "a" * 300 + ".db"],
    ["db", "restore", "{tmp}/garbage.db"],
    ["db", "restore", "{tmp}/only-version.db"],
    # dates that look almost right
    *(["report", report, "--as-of", "2025-02-30"] for report in (
        "targets", "agreements", "timeline", "figures", "briefing")),
    *(["list", kind, "--since", "2025-13-01T10:00"] for kind in (
        "sources", "events", "agreements", "targets", "figures")),
    ["export", "--format", "json", "-o", "{tmp}/payload.yaml"],
    ["import", "{tmp}"],
    # values that once broke whole reports
    ["target", "observe", TARGET, "$4bn", "--on", "2026", "--growth", "NaN"],
    ["target", "observe", TARGET, "$4bn", "--on", "2026", "--growth", "1e999"],
    ["target", "observe", TARGET, "$4bn", "--on", "2026", "--growth", "-100"],
    ["target", "observe", TARGET, "$4bn", "--on", "2026", "--growth", "-100.01"],
    ["target", "observe", TARGET, "$4bn", "--on", "2026", "--growth", "-1e9"],
]  # fmt: skip


@pytest.fixture(scope="module", params=ENGINES)
def curated_db(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> str:
    """One curated database per engine for the whole corpus: a failed command writes nothing,
    and each case proves it."""
    if request.param == "sqlite":
        url = str(tmp_path_factory.mktemp("hostile") / "tracker.db")
    else:
        url = fresh_postgres_url()
    result = CliRunner().invoke(app, ["--db", url, "init"])
    assert result.exit_code == 0, result.output
    return url


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "payload.yaml").write_text(
        'format: tracker/1\nsources: !!python/object/apply:os.system ["echo pwned"]\n'
    )
    for name, text in HOSTILE_FILES.items():
        (tmp_path / name).write_bytes(text.encode("utf-8", "surrogateescape"))
        (tmp_path / f"seeds-{name}").mkdir()  # seed load reads records files the same way
        (tmp_path / f"seeds-{name}" / name).write_bytes(text.encode("utf-8", "surrogateescape"))
    (tmp_path / "garbage.db").write_bytes(b"SQLite format 3\x00" + bytes(range(256)) * 40)
    with sqlite3.connect(tmp_path / "only-version.db") as connection:
        connection.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)")
        connection.execute("INSERT INTO alembic_version VALUES (?)", (SCHEMA_HEAD,))
    connection.close()
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "user-data"))
    return tmp_path


def test_the_corpus_is_large_enough() -> None:
    assert len(CORPUS) >= 150


@pytest.mark.parametrize("args", CORPUS, ids=[" ".join(a)[:50] for a in CORPUS])
def test_hostile_input(curated_db: str, workspace: Path, args: list[str]) -> None:
    args = [a.replace("{tmp}", str(workspace)) for a in args]
    before = database_state(curated_db)
    result = CliRunner().invoke(app, ["--db", curated_db, *args])
    assert result.exit_code in (1, 2), result.output[:300]
    assert result.stderr.count("\n") == 1, result.stderr[:300]
    assert result.stderr.startswith("tracker: error: "), result.stderr[:300]
    assert "Traceback" not in result.output
    assert len(result.stderr) < 2000, "the message quotes a huge argument back"
    assert database_state(curated_db) == before


TOKENS = [
    "add", "edit", "show", "list", "delete", "cite", "uncite", "agreement", "target", "report",
    "export", "import", "history", "undo", "init", "check", "seed", "db", "source", "event",
    "agreements", "figure", "figures", "targets", "status", "observe", "timeline", "briefing",
    "--title", "--value", "--unit", "--date", "--kind", "--party", "--pair", "--since",
    "--format", "--search", "--limit", "--yes", "--force", "--cite", "--slug", "--on",
    "json", "csv", "md", "KZ", "UZ", "KZ-UZ", "2025", "2025-02-30", "$10bn", "-1", "0",
    AGREEMENT, TARGET, SOURCE, "signed", "treaty", "count", "",
]  # fmt: skip


@settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    st.lists(
        st.one_of(st.sampled_from(TOKENS), st.text(max_size=12)),
        min_size=1,
        max_size=7,
    )
)
def test_random_arguments_never_crash(fuzz_db: str, workspace: Path, args: list[str]) -> None:
    result = CliRunner().invoke(app, ["--db", fuzz_db, *args])
    assert "Traceback" not in result.output
    assert "internal error" not in result.stderr, (args, result.stderr)
    assert result.exit_code in (0, 1, 2, 130), (args, result.exit_code, result.output[:300])
    if result.exit_code != 0:
        assert result.stderr.count("\n") <= 1 or result.stderr.count("tracker: error:") == 1


@pytest.fixture(scope="module")
def fuzz_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = str(tmp_path_factory.mktemp("fuzz") / "tracker.db")
    assert CliRunner().invoke(app, ["--db", url, "init"]).exit_code == 0
    return url


def test_every_output_format_escapes_a_hostile_title(tmp_path: Path) -> None:
    url = str(tmp_path / "t.db")
    hostile = '=HYPERLINK("http://evil")|<img src=x onerror=alert(1)>'
    runner = CliRunner()
    added = runner.invoke(app, ["--db", url, "add", "figure", "--title", hostile, "--value", "1",
                                "--unit", "count", "--slug", "evil"])  # fmt: skip
    assert added.exit_code == 0, added.output

    def listed(fmt: str) -> str:
        return runner.invoke(app, ["--db", url, "list", "figures", "--format", fmt]).stdout

    assert "evil,1,count,exact,,," + '"\'=HYPERLINK(""http://evil"")|<img' in listed("csv")
    # Markdown carries no raw HTML: a renderer would run it.
    assert '=HYPERLINK("http://evil")\\|&lt;img src=x onerror=alert(1)&gt;' in listed("md")
    page = listed("html")
    assert "<img" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "&quot;http://evil&quot;" in page
