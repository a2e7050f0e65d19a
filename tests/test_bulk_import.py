"""New records from a file are checked one by one and written a batch at a time
(`loader.WRITE_BATCH`); these tests shrink the batch so every path crosses batches."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import Invoke
from tests.helpers import database_state
from tracker.services.transfer import loader

pytestmark = pytest.mark.usefixtures("load_both_ways")


@pytest.fixture
def small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(loader, "WRITE_BATCH", 3)


def write(path: Path, **sections: object) -> str:
    source = {"slug": "s", "title": "S", "text": "Стороны подписали договор и программу."}
    path.write_text(json.dumps({"format": "tracker/1", "sources": [source], **sections}))
    return str(path)


def figure(n: int, **fields: object) -> dict[str, object]:
    return {"slug": f"f{n}", "title": f"Figure {n}", "value": n, "unit": "count",
            "parties": ["KZ", "UZ"], "citations": [{"source": "s", "quote": "подписали"}],
            **fields}  # fmt: skip


@pytest.mark.usefixtures("small_batches")
def test_the_curated_data_round_trips_through_small_batches(
    cli: Invoke, run: Invoke, db_url: str, tmp_path: Path
) -> None:
    """Events referred to by agreements and initiatives, agreements by targets, status steps
    of both, and figures (a target's values among them) with their citations, parties, tags
    and people: all across batch boundaries."""
    assert cli("init").exit_code == 0
    first = tmp_path / "first.json"
    assert cli("export", "-o", str(first)).exit_code == 0
    if "://" in db_url:
        from tests.conftest import fresh_postgres_url

        target = fresh_postgres_url()
    else:
        target = str(tmp_path / "copy.db")
    assert run("--db", target, "init", "--empty").exit_code == 0
    assert run("--db", target, "import", str(first)).exit_code == 0
    second = tmp_path / "second.json"
    assert run("--db", target, "export", "-o", str(second)).exit_code == 0
    assert first.read_bytes() == second.read_bytes()
    assert run("--db", target, "check").stdout == "ok: 138 citations verified, no problems\n"
    creations = json.loads(run("--db", target, "history", "--format", "json").stdout)
    assert [c["action"] for c in creations] == ["create"] * 61


@pytest.mark.usefixtures("small_batches")
def test_an_error_after_written_batches_leaves_the_database_untouched(
    cli: Invoke, db_url: str, tmp_path: Path
) -> None:
    assert cli("init", "--empty").exit_code == 0
    before = database_state(db_url)
    path = write(tmp_path / "late.json", figures=[*map(figure, range(1, 8)), figure(8, unit="")])
    result = cli("import", path)
    assert result.exit_code == 2
    assert result.stderr == "tracker: error: late.json: figures[7] f8: unit: required\n"
    assert database_state(db_url) == before


@pytest.mark.usefixtures("small_batches")
def test_a_record_named_twice_is_created_then_updated(cli: Invoke, tmp_path: Path) -> None:
    assert cli("init", "--empty").exit_code == 0
    path = write(tmp_path / "twice.json", figures=[figure(1), figure(2), figure(1, value=10)])
    result = cli("import", path, "--on-conflict", "update")
    assert result.exit_code == 0, result.output
    assert "figure      2          1          0" in result.stdout
    shown = json.loads(cli("show", "figure", "f1", "--format", "json").stdout)
    assert shown["value"] == 10
    actions = [c["action"] for c in json.loads(cli("history", "--format", "json").stdout)]
    assert sorted(actions) == ["create", "create", "create", "update"]


def test_records_added_after_an_import_get_ids_of_their_own(cli: Invoke, tmp_path: Path) -> None:
    """The import hands out ids itself (PostgreSQL: from the sequence); `add` must not
    collide with them."""
    assert cli("init", "--empty").exit_code == 0
    assert cli("import", write(tmp_path / "f.json", figures=[figure(1), figure(2)])).exit_code == 0
    added = cli("add", "figure", "--title", "Added", "--value", "5", "--unit", "count")
    assert added.exit_code == 0, added.output
    slugs = [
        json.loads(cli("show", "figure", str(n), "--format", "json").stdout)["slug"]
        for n in (1, 2, 3)
    ]
    assert slugs == ["f1", "f2", "added"]


def test_an_update_writes_new_steps_and_citations_through_the_session(
    cli: Invoke, tmp_path: Path
) -> None:
    """New records get their relationships written for the bulk writer; an update assigns
    them on a record the session holds. Both must leave every citation on its record."""
    assert cli("init", "--empty").exit_code == 0
    cite = [{"source": "s", "quote": "подписали договор"}]
    # What the quotes do not say (the parties, the dates) is marked as the curator's inference.
    agreement = {"slug": "a", "title": "A", "kind": "treaty", "parties": ["KZ", "UZ"],
                 "parties_inferred": True, "note": "Parties and dates: from elsewhere.",
                 "status_history": [{"status": "signed", "date": "2024?", "note": "inferred",
                                     "citations": cite}],
                 "citations": cite}  # fmt: skip
    assert cli("import", write(tmp_path / "new.json", agreements=[agreement])).exit_code == 0
    agreement["status_history"] = [
        {"status": "signed", "date": "2024?", "note": "inferred", "citations": cite},
        {"status": "ratified", "date": "2025-03?", "note": "inferred", "citations": [
            {"source": "s", "quote": "программу"}]},
    ]  # fmt: skip
    agreement["citations"] = [*cite, {"source": "s", "quote": "Стороны"}]
    path = write(tmp_path / "changed.json", agreements=[agreement])
    assert cli("import", path, "--on-conflict", "update").exit_code == 0
    shown = json.loads(cli("show", "agreement", "a", "--format", "json").stdout)
    steps = [(s["status"], [c["quote"] for c in s["citations"]]) for s in shown["status_history"]]
    assert steps == [("signed", ["подписали договор"]), ("ratified", ["программу"])]
    assert [c["quote"] for c in shown["citations"]] == ["подписали договор", "Стороны"]
    assert cli("check").stdout == "ok: 4 citations verified, no problems\n"
