"""Hostile input: every case gets exit 1 or 2, one line on stderr, no traceback, and a
database unchanged byte for byte. Plus random argument lists that must never crash."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from tests.conftest import ENGINES, fresh_postgres_url
from tests.helpers import database_state
from tracker.cli.app import app

MEGABYTE = "x" * 1_000_000
AGREEMENT = "kz-uz-treaty-allied-relations"
TARGET = "kz-uz-trade-10bn-by-2030"
SOURCE = "centralasia-2025-11-15"
EVENT = ["add", "event", "--title", "T", "--kind", "summit"]
FIGURE = ["add", "figure", "--title", "T", "--unit", "count"]

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
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "user-data"))
    return tmp_path


def test_the_corpus_is_large_enough() -> None:
    assert len(CORPUS) >= 50


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
