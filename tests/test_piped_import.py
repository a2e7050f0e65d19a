"""A large records file is checked in a process of its own while the command's process
writes (`transfer/piped.py`). The import modules run every test both ways
(`load_both_ways`); these pin what only the two-process path has to get right: the picture
the checker keeps of what the file wrote, the ids and parties the writer's own writes take,
and a checker that fails."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, inspect, text

from tests.conftest import Invoke, fresh_postgres_url
from tests.helpers import database_state
from tracker.services.transfer import loader, piped

TEXT = "Стороны подписали договор и программу."
REVISED = "Стороны подписали договор, программу и меморандум."
CITE = [{"source": "s", "quote": "подписали"}]


def agreement(slug: str, **fields: Any) -> dict[str, Any]:
    return {"slug": slug, "title": f"Agreement {slug}", "kind": "treaty",
            "parties": ["KZ", "UZ"], "parties_inferred": True, "note": "Parties: inferred.",
            "status_history": [{"status": "signed", "date": "2025-11?", "note": "inferred",
                                "citations": CITE}],
            "citations": CITE, **fields}  # fmt: skip


def figure(slug: str, value: int, **fields: Any) -> dict[str, Any]:
    return {"slug": slug, "title": f"Figure {slug}", "value": value, "unit": "count",
            "parties": ["KZ", "UZ"], "citations": CITE, **fields}  # fmt: skip


def write(path: Path, **sections: Any) -> str:
    path.write_text(json.dumps({"format": "tracker/1", **sections}, ensure_ascii=False))
    return str(path)


def first_file(tmp_path: Path) -> str:
    return write(
        tmp_path / "first.json",
        sources=[{"slug": "s", "title": "S", "text": TEXT}],
        agreements=[agreement("old")],
        figures=[figure("f-old", 1)],
    )


def second_file(tmp_path: Path) -> str:
    """What the checker cannot settle alone, in one file: a source it revises and then
    quotes from its new text; a stored agreement updated with a new party (TJ) and a new
    step, then new records naming TJ and a new tag; records named before the event and the
    agreement they refer to; a record named twice; new citations of a stored record and of
    one this file creates."""
    ratified = {"status": "ratified", "date": "2026-01?", "note": "inferred",
                "citations": [{"source": "s", "quote": "меморандум"}]}  # fmt: skip
    return write(
        tmp_path / "second.json",
        sources=[
            {"slug": "s", "title": "S", "text": REVISED},
            {"slug": "s2", "title": "S2", "text": "Лидеры провели саммит в Астане."},
        ],
        agreements=[
            agreement("a1", event="summit"),
            agreement(
                "old",
                parties=["KZ", "TJ", "UZ"],
                status_history=[*agreement("old")["status_history"], ratified],
            ),
            agreement("a2", parties=["KZ", "TJ"], sectors=["water-sharing"]),
            agreement("a3", citations=[{"source": "s", "quote": "меморандум"}]),
            agreement("a1", event="summit", title="Agreement a1, renamed"),
            agreement("a4", parties=["TJ", "UZ"], sectors=["water-sharing"]),
        ],
        events=[{"slug": "summit", "title": "Summit", "kind": "summit", "date": "2025-11-15"}],
        targets=[
            {"slug": "t", "title": "T", "target_value": 5, "unit": "count", "agreement": "a2"}
        ],
        figures=[figure(f"f{n}", n, parties=["KZ", "TJ"]) for n in range(1, 6)],
        citations=[
            {"record": "agreement:old", "source": "s2", "quote": "саммит"},
            {"record": "figure:f3", "source": "s2", "quote": "Лидеры"},
        ],
    )


def rows(db_url: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, ids and all, but for what no two runs share: the batch id
    of a command and the times it ran."""
    engine = create_engine(db_url if "://" in db_url else f"sqlite:///{db_url}")
    found = {}
    with engine.connect() as connection:
        for table in sorted(inspect(connection).get_table_names()):
            if table == "alembic_version":
                continue
            columns = [
                c["name"]
                for c in inspect(connection).get_columns(table)
                if c["name"] not in ("batch", "at", "created_at", "updated_at")
            ]
            listed = ", ".join(f'"{c}"' for c in columns)
            found[table] = [
                tuple(row)
                for row in connection.execute(text(f'SELECT {listed} FROM "{table}" ORDER BY 1'))
            ]
    engine.dispose()
    return found


def import_both(run: Invoke, db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                piped_too: bool) -> tuple[dict[str, Any], str]:  # fmt: skip
    monkeypatch.setattr(piped, "PIPED_MIN_BYTES", 0 if piped_too else 10**12)
    assert run("--db", db_url, "init", "--empty").exit_code == 0
    assert run("--db", db_url, "import", first_file(tmp_path)).exit_code == 0
    result = run("--db", db_url, "import", second_file(tmp_path), "--on-conflict", "update")
    assert result.exit_code == 0, result.output
    return rows(db_url), result.stdout


def second_database(db_url: str, tmp_path: Path) -> str:
    return fresh_postgres_url() if "://" in db_url else str(tmp_path / "two.db")


@pytest.fixture
def small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(loader, "WRITE_BATCH", 2)


@pytest.mark.usefixtures("small_batches")
def test_two_processes_write_what_one_does_to_the_row(
    run: Invoke, db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same ids, rows, audit entries and counts, however the work was split."""
    if "://" in db_url:
        pytest.skip("one PostgreSQL database a test: see the next test")
    one, one_said = import_both(run, db_url, tmp_path, monkeypatch, piped_too=False)
    other = second_database(db_url, tmp_path)
    two, two_said = import_both(run, other, tmp_path, monkeypatch, piped_too=True)
    for table in one:
        assert (table, two[table]) == (table, one[table])
    assert two_said == one_said
    assert "agreement   4          2          0" in one_said  # a1 twice, "old" once
    assert "citation    2          0          0" in one_said


@pytest.mark.usefixtures("small_batches")
def test_what_the_checker_cannot_see_is_settled_by_the_writer(
    run: Invoke, db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, said = import_both(run, db_url, tmp_path, monkeypatch, piped_too=True)
    assert "agreement   4          2          0" in said, said

    def show(kind: str, slug: str) -> dict[str, Any]:
        shown = run("--db", db_url, "show", kind, slug, "--format", "json")
        assert shown.exit_code == 0, shown.output
        return dict(json.loads(shown.stdout))

    assert show("agreement", "a1")["title"] == "Agreement a1, renamed"
    assert show("agreement", "a1")["event"] == "summit"
    # Only in the text the file gave the source before it: the checker read that one.
    assert show("agreement", "a3")["citations"] == [{"source": "s", "quote": "меморандум"}]
    assert show("agreement", "a4")["parties"] == ["TJ", "UZ"]
    assert show("agreement", "old")["citations"][-1] == {"source": "s2", "quote": "саммит"}
    assert show("target", "t")["agreement"] == "a2"
    parties = run("--db", db_url, "list", "agreements", "--pair", "KZ-TJ", "--format", "json")
    assert sorted(a["slug"] for a in json.loads(parties.stdout)) == ["a2", "old"]


@pytest.mark.usefixtures("small_batches")
def test_slugs_that_share_a_hash_are_told_apart_by_the_writer(
    run: Invoke, db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every slug the same hash: each looks as if the file had created it, and the writer
    says it did not (or did: the record named twice)."""
    monkeypatch.setattr(piped, "slug_hash", lambda slug: 7)
    _, said = import_both(run, db_url, tmp_path, monkeypatch, piped_too=True)
    assert "agreement   4          2          0" in said, said
    assert "figure      5          0          0" in said, said


def _raises(self: piped.Checker) -> None:
    raise RuntimeError("a bug")


def _dies(self: piped.Checker) -> None:
    os._exit(9)


@pytest.mark.parametrize(
    ("failing", "said"),
    [
        (_raises, "import failed in checking: RuntimeError('a bug')"),
        (_dies, "the import's checking process stopped unexpectedly; nothing was written"),
    ],
    ids=["raises", "dies"],
)
def test_a_checker_that_fails_or_dies_writes_nothing(
    cli: Invoke,
    db_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    failing: Any,
    said: str,
) -> None:
    assert cli("init", "--empty").exit_code == 0
    path = first_file(tmp_path)
    before = database_state(db_url)
    monkeypatch.setattr(piped, "PIPED_MIN_BYTES", 0)
    monkeypatch.setattr(piped.Checker, "load_file", failing)
    result = cli("import", path)
    assert result.exit_code == 1
    assert result.stderr == f"tracker: error: {said}\n"
    assert database_state(db_url) == before


def test_only_a_large_file_on_a_database_file_or_server_gets_a_checker(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sqlalchemy.orm import Session

    from tracker.services.store.database import make_engine, resolve_location

    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    on_file = make_engine(resolve_location(str(tmp_path / "t.db")))
    in_memory = create_engine("sqlite://")
    with Session(on_file) as session:
        assert piped.worth_piping(piped.PIPED_MIN_BYTES, session)
        assert not piped.worth_piping(piped.PIPED_MIN_BYTES - 1, session)
        assert not piped.worth_piping(None, session)  # a CSV directory, read whole
        monkeypatch.setattr(os, "cpu_count", lambda: 1)
        assert not piped.worth_piping(piped.PIPED_MIN_BYTES, session)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    with Session(in_memory) as session:
        assert not piped.worth_piping(piped.PIPED_MIN_BYTES, session)
    on_file.dispose()


def test_the_checkers_slugs_are_known_by_their_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    slugs = piped.Slugs()
    for n in range(1000):
        slugs.add(f"figure-{n}")
    assert all(f"figure-{n}" in slugs for n in range(1000))
    assert "figure-x" not in slugs
    assert sum(len(b) for b in slugs.buckets if b is not None) == 1000
    monkeypatch.setattr(piped, "slug_hash", lambda slug: 7)
    slugs.add("figure-y")
    assert "figure-x" in slugs  # a hash it holds: the writer will be asked


def _children(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        try:
            with open(f"/proc/{entry}/stat") as stat:
                if int(stat.read().rpartition(")")[2].split()[1]) == pid:
                    found.append(int(entry))
        except (OSError, ValueError, IndexError):
            continue
    return found


@pytest.mark.skipif(not os.path.isdir("/proc"), reason="reads the process table from /proc")
def test_a_checker_does_not_outlive_a_killed_import(tmp_path: Path) -> None:
    """SIGKILL of the command leaves its checker nothing to send to: it goes too (it used
    to wait for ever on the pipe its fork had copied the writer's end of)."""
    db = tmp_path / "t.db"
    figures = [figure(f"f{n:05d}", n) for n in range(14_000)]
    path = write(tmp_path / "big.json", sources=[{"slug": "s", "title": "S", "text": TEXT}],
                 figures=figures)  # fmt: skip
    assert Path(path).stat().st_size >= piped.PIPED_MIN_BYTES
    tracker = [sys.executable, "-m", "tracker", "--db", str(db)]
    subprocess.run([*tracker, "init", "--empty"], check=True, capture_output=True)
    command = subprocess.Popen(
        [*tracker, "import", path], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.monotonic() + 30
    while not (checkers := _children(command.pid)) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert checkers, "no checking process started"
    command.send_signal(signal.SIGKILL)
    command.wait()
    deadline = time.monotonic() + 10
    while any(os.path.exists(f"/proc/{pid}") for pid in checkers) and time.monotonic() < deadline:
        time.sleep(0.1)
    gone = [pid for pid in checkers if not os.path.exists(f"/proc/{pid}")]
    assert gone == checkers
