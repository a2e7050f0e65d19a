"""An import is one change set: `tracker history --imports` lists what each did, `tracker undo
--change-set N` takes it back whole, and a record's own history names the import."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import Invoke
from tests.helpers import database_state

pytestmark = pytest.mark.usefixtures("load_both_ways")


TEXT = "Стороны подписали договор и программу о торговле."
SOURCE = {"slug": "s", "title": "S", "text": TEXT}
CITE = [{"source": "s", "quote": "подписали договор"}]


def agreement(slug: str, title: str) -> dict[str, object]:
    return {"slug": slug, "title": title, "kind": "treaty", "parties": ["KZ", "UZ"],
            "status_history": [{"status": "signed", "date": "2025", "citations": CITE}],
            "citations": CITE}  # fmt: skip


def figure(slug: str, value: int) -> dict[str, object]:
    return {"slug": slug, "title": f"Figure {slug}", "value": value, "unit": "count",
            "citations": CITE}  # fmt: skip


def write(path: Path, **sections: object) -> str:
    path.write_text(json.dumps({"format": "tracker/1", **sections}, ensure_ascii=False))
    return str(path)


@pytest.fixture
def two_imports(cli: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[str, str]:
    """A first import; then a second that updates two of its records (a title, a new
    citation through `citations`) and creates two more. Files named as typed, in the
    current directory."""
    monkeypatch.chdir(tmp_path)
    assert cli("init", "--empty").exit_code == 0
    first = write(Path("first.json"), sources=[SOURCE],
                  agreements=[agreement("a1", "First")], figures=[figure("f1", 1)])  # fmt: skip
    assert cli("--actor", "ana", "import", first).exit_code == 0
    second = write(
        Path("second.json"),
        agreements=[agreement("a1", "First, renamed"), agreement("a2", "Second")],
        figures=[figure("f2", 2)],
        citations=[{"record": "figure:f1", "source": "s", "quote": "программу о торговле"}],
    )
    result = cli("--actor", "ben", "import", second, "--on-conflict", "update")
    assert result.exit_code == 0, result.output
    return first, second


def test_history_lists_what_each_import_did(cli: Invoke, two_imports: tuple[str, str]) -> None:
    first, second = two_imports
    listed = json.loads(cli("history", "--imports", "--format", "json").stdout)
    assert [{k: v for k, v in s.items() if k != "at"} for s in listed] == [
        {"id": 2, "actor": "ben", "command": "import", "file": second,
         "counts": {"create": {"agreement": 1, "figure": 1}, "update": {"agreement": 1,
                                                                         "figure": 1}}},
        {"id": 1, "actor": "ana", "command": "import", "file": first,
         "counts": {"create": {"agreement": 1, "figure": 1, "source": 1}}},
    ]  # fmt: skip
    table = cli("history", "--imports", "--limit", "1", "--format", "csv").stdout
    at = listed[0]["at"]
    assert table == (
        "id,at,actor,command,file,created,updated\n"
        f'2,{at},ben,import,second.json,"1 agreement, 1 figure","1 agreement, 1 figure"\n'
    )


def test_a_records_history_names_the_imports_that_made_and_changed_it(
    cli: Invoke, two_imports: tuple[str, str]
) -> None:
    first, second = two_imports
    changes = json.loads(cli("history", "agreement", "a1", "--format", "json").stdout)
    assert [(c["action"], c["actor"], c["change_set"]) for c in changes] == [
        ("update", "ben", f"2: import {second}"),
        ("create", "ana", f"1: import {first}"),
    ]
    assert "2: import" in cli("history", "figure", "f1").stdout


def test_undoing_an_import_removes_what_it_created_and_restores_what_it_updated(
    cli: Invoke, tmp_path: Path
) -> None:
    assert cli("init", "--empty").exit_code == 0
    first = write(tmp_path / "first.json", sources=[SOURCE],
                  agreements=[agreement("a1", "First")], figures=[figure("f1", 1)])  # fmt: skip
    assert cli("import", first).exit_code == 0
    before = tmp_path / "before.yaml"
    assert cli("export", "--format", "yaml", "-o", str(before)).exit_code == 0
    second = write(
        tmp_path / "second.json",
        agreements=[agreement("a1", "First, renamed"), agreement("a2", "Second")],
        citations=[{"record": "figure:f1", "source": "s", "quote": "программу о торговле"}],
    )
    assert cli("import", second, "--on-conflict", "update").exit_code == 0
    undone = cli("undo", "2", "--change-set")
    assert undone.exit_code == 0, undone.output
    assert undone.stdout == (
        f"undid change set 2 (import {second}): 1 record(s) removed, 2 restored\n"
    )
    after = tmp_path / "after.yaml"
    assert cli("export", "--format", "yaml", "-o", str(after)).exit_code == 0
    assert after.read_bytes() == before.read_bytes()


def test_an_import_changed_since_is_not_undone(
    cli: Invoke, db_url: str, two_imports: tuple[str, str]
) -> None:
    assert cli("edit", "agreement", "a2", "--title", "Edited").exit_code == 0
    state = database_state(db_url)
    undone = cli("undo", "2", "--change-set")
    assert undone.exit_code == 1
    assert undone.stderr.startswith("tracker: error: change ")
    assert "(update agreement a2) came after it on the same record; undo that first" in (
        undone.stderr
    )
    assert database_state(db_url) == state
    missing = cli("undo", "9", "--change-set")
    assert missing.exit_code == 1
    assert missing.stderr == (
        "tracker: error: CHANGE_ID: no change set 9; see 'tracker history --imports'\n"
    )


def test_a_dry_run_or_an_import_that_changes_nothing_is_no_change_set(
    cli: Invoke, tmp_path: Path
) -> None:
    assert cli("init", "--empty").exit_code == 0
    path = write(tmp_path / "one.json", sources=[SOURCE], figures=[figure("f1", 1)])
    assert cli("import", path, "--dry-run").exit_code == 0
    assert cli("history", "--imports").stdout == "no imports\n"
    assert cli("import", path).exit_code == 0
    assert cli("import", path, "--on-conflict", "update").exit_code == 0  # all unchanged
    assert len(json.loads(cli("history", "--imports", "-f", "json").stdout)) == 1


def test_downgrade_refuses_while_an_import_is_recorded(cli: Invoke, tmp_path: Path) -> None:
    assert cli("init", "--empty").exit_code == 0
    assert cli("import", write(tmp_path / "one.json", sources=[SOURCE])).exit_code == 0
    down = cli("db", "downgrade", "20261202_0005")
    assert down.exit_code == 1
    assert down.stderr == (
        "tracker: error: REVISION: downgrade would lose what the older schema cannot hold "
        "(1 import change set(s): the file each read); nothing was changed\n"
    )
    assert cli("db", "current").stdout == "20261202_0006\n"
