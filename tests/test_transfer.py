"""Export, import, history, undo, backup and restore: nothing an analyst types is lost."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from tests.conftest import Invoke
from tests.helpers import database_state

pytestmark = pytest.mark.usefixtures("load_both_ways")


@pytest.fixture
def seeded(cli: Invoke) -> Invoke:
    assert cli("init").exit_code == 0
    return cli


def fresh_database(tmp_path: Path, db_url: str, name: str) -> str:
    """A second empty database on the same engine (a file beside, or the same PG emptied)."""
    if "://" in db_url:
        return db_url
    return str(tmp_path / f"{name}.db")


@pytest.mark.parametrize("fmt", ["json", "yaml", "csv"])
def test_round_trip_is_byte_identical(
    seeded: Invoke, run: Invoke, db_url: str, tmp_path: Path, fmt: str
) -> None:
    first = tmp_path / f"first.{fmt}"
    assert seeded("export", "--format", fmt, "-o", str(first)).exit_code == 0
    if "://" in db_url:
        from tests.conftest import fresh_postgres_url

        target = fresh_postgres_url()
    else:
        target = str(tmp_path / "copy.db")
    assert run("--db", target, "init", "--empty").exit_code == 0
    imported = run("--db", target, "import", str(first))
    assert imported.exit_code == 0, imported.output
    assert imported.stdout.splitlines()[-1].split() == ["total", "61", "0", "0"]
    second = tmp_path / f"second.{fmt}"
    assert run("--db", target, "export", "--format", fmt, "-o", str(second)).exit_code == 0
    if fmt == "csv":
        files = sorted(p.name for p in first.iterdir())
        assert files == sorted(p.name for p in second.iterdir())
        assert files == [
            "agreements.csv", "citations.csv", "event_status_history.csv", "events.csv",
            "figures.csv",
            "initiative_status_history.csv", "initiatives.csv", "sources.csv",
            "status_history.csv", "targets.csv",
        ]  # fmt: skip
        for name in files:
            assert (first / name).read_bytes() == (second / name).read_bytes(), name
    else:
        assert first.read_bytes() == second.read_bytes()
    assert run("--db", target, "check").exit_code == 0


def test_export_to_stdout_is_the_records_format(seeded: Invoke) -> None:
    result = seeded("export", "--kind", "target")
    document = json.loads(result.stdout)
    assert document["format"] == "tracker/1"
    assert list(document) == ["format", "targets"]
    [target] = document["targets"]
    assert target["measure"] == "kz-uz-trade-turnover"
    # Its value is a figure of that measure, exported with the figures.
    figures = json.loads(seeded("export", "--kind", "figure").stdout)
    assert list(figures) == ["format", "figures"]
    [value] = [f for f in figures["figures"] if f["measure"] == target["measure"]]
    assert (value["unit"], value["period"], value["growth_pct"]) == ("USD", "ytd", 15)


def test_export_subset_by_pair(seeded: Invoke) -> None:
    document = json.loads(seeded("export", "--pair", "KZ-RU").stdout)
    # The curated data no longer names Russia as a party of the Caspian programme or of the
    # North-South proposal (now an initiative): the texts do not say it is one.
    assert [a["slug"] for a in document["agreements"]] == []
    assert [i["slug"] for i in document["initiatives"]] == []
    assert [e["slug"] for e in document["events"]] == [
        "central-asia-russia-summit-1",
        "central-asia-russia-summit-2",
    ]
    assert [f["slug"] for f in document["figures"]] == ["kz-ru-border-length"]
    assert [s["slug"] for s in document["sources"]] == ["nur-kz-2025-10-09"]


def test_export_never_overwrites_without_force(seeded: Invoke, tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    out.write_text("precious")
    result = seeded("export", "-o", str(out))
    assert result.exit_code == 1
    assert out.read_text() == "precious"
    assert seeded("export", "-o", str(out), "--force").exit_code == 0


def test_conflict_modes(seeded: Invoke, tmp_path: Path) -> None:
    export = tmp_path / "all.yaml"
    assert seeded("export", "--format", "yaml", "-o", str(export)).exit_code == 0
    failed = seeded("import", str(export))
    assert failed.exit_code == 2
    # Every conflict is named, in file order, the first 50 shown and all counted.
    lines = failed.stderr.splitlines()
    assert lines[0] == (
        "tracker: error: all.yaml: sources[0] centralasia-2025-11-15: slug: source "
        "'centralasia-2025-11-15' already exists"
    )
    assert len(lines) == 51
    assert all(line.endswith("already exists") for line in lines[:50])
    assert lines[-1] == "tracker: 61 problem(s) in all.yaml (50 shown); nothing was written"
    skipped = seeded("import", str(export), "--on-conflict", "skip")
    assert skipped.stdout.splitlines()[-1].split() == ["total", "0", "0", "0", "61"]
    seeded("edit", "figure", "kz-ru-border-length", "--value", "7600")
    updated = seeded("import", str(export), "--on-conflict", "update")
    assert updated.stdout.splitlines()[-1].split() == ["total", "0", "1", "60"]


def test_dry_run_import_writes_nothing(cli: Invoke, db_url: str, tmp_path: Path) -> None:
    assert cli("init").exit_code == 0
    export = tmp_path / "all.json"
    assert cli("export", "-o", str(export)).exit_code == 0
    assert cli("delete", "figure", "kz-ru-border-length", "--yes").exit_code == 0
    before = database_state(db_url)
    result = cli("import", str(export), "--on-conflict", "skip", "--dry-run")
    assert result.exit_code == 0
    assert "dry run: nothing was written" in result.stdout
    assert database_state(db_url) == before


SOURCE = {"slug": "s", "title": "S", "text": "Президент подписал договор."}
CITE = [{"source": "s", "quote": "подписал договор"}]


def records(**sections: object) -> str:
    return json.dumps({"format": "tracker/1", "sources": [SOURCE], **sections}, ensure_ascii=False)


# The C parser (libyaml, in PyYAML's wheels) and the pure-Python one word this differently.
YAML_NO_NODE = (
    "did not find expected node content"
    if yaml.__with_libyaml__
    else "expected the node content, but found '<stream end>'"
)
DAMAGE = [
    ("bad.json", b'{"format": "tracker/1", "sources": [', 2,
     "{path}: not valid JSON at line 1 column 37: Expecting value"),
    ("bad.json", '{"format": "tracker/1", "title": "caf\xe9"}'.encode("latin-1"), 2,
     "{path}: {path}: not UTF-8 text (byte 37)"),
    ("bad.yaml", b"format: tracker/1\nsources: [\n", 2,
     "{path}: not valid YAML at line 3: " + YAML_NO_NODE),
    ("bad.json", b"[1, 2]", 2, "{path}: expected a mapping with 'format: tracker/1' at the top"),
    ("bad.json", b'{"format": "tracker/9"}', 2,
     "{path}: format: expected 'tracker/1', got 'tracker/9'"),
    ("bad.json", b'{"format": "tracker/1", "people": []}', 2,
     "{path}: people: unknown key; accepted: format, sources, events, agreements, initiatives, "
     "targets, figures, citations"),
    ("bad.json", b'{"format": "tracker/1", "events": {"slug": "x"}}', 2,
     "{path}: events: expected a list of records"),
    ("bad.json", records(events=[{"slug": "e", "title": "E", "kind": "summit", "colour": "red"}]),
     2, "bad.json: events[0] e: colour: unknown field; accepted: slug, title, title_original, "
     "note, kind, status, date, place, host, parties, parties_inferred, identity_inferred, "
     "people, tags, status_history, citations"),
    ("bad.json", records(events=[{"slug": "e", "title": 5, "kind": "summit"}]), 2,
     "bad.json: events[0] e: title: expected text, got int"),
    ("bad.json", records(events=[{"title": "E", "kind": "summit"}]), 2,
     "bad.json: events[0]: slug: required in a records file"),
    ("bad.json", records(events=[{"slug": "e", "title": "E", "kind": "summit",
                                  "citations": [{"source": "nope", "quote": "x"}]}]), 1,
     "bad.json: events[0] e: citations[0].source: no source 'nope'"),
    ("bad.json", records(events=[{"slug": "e", "title": "E", "kind": "summit",
                                  "citations": [{"source": "s", "quote": "не было"}]}]), 2,
     "bad.json: events[0] e: citations[0].quote: not found verbatim in the text of source 's'"),
    ("bad.json", records(events=[{"slug": "e", "title": "E", "kind": "summit", "date": "2025-02-29",
                                  "citations": CITE}]), 2,
     "bad.json: events[0] e: date: '2025-02-29': day must be 01-28 in 2025-02"),
    ("bad.json", records(figures=[{"slug": "f", "title": "F", "value": -3, "unit": "jobs",
                                   "citations": CITE}]), 2,
     "bad.json: figures[0] f: value: -3 jobs: cannot be negative"),
    ("bad.json", records(agreements=[{"slug": "a", "title": "A", "kind": "treaty",
                                      "status": "ratified", "status_history": [
                                          {"status": "signed", "date": "2025"}]}]), 2,
     "bad.json: agreements[0] a: status: 'ratified' is not the latest status in status_history "
     "('signed'); change the history instead"),
    ("bad.json", json.dumps({"format": "tracker/1", "sources": [
        {"slug": "s", "title": "S", "file": "../../etc/passwd"}]}).encode(), 2,
     "bad.json: sources[0] s: file: '../../etc/passwd': give a file name in the same directory, "
     "no path"),
    ("bad.json", records(sources=[SOURCE, SOURCE]), 2,
     "bad.json: sources[1] s: slug: source 's' already exists"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "content", "code", "message"), DAMAGE)
def test_a_damaged_file_leaves_the_database_untouched(
    seeded: Invoke, db_url: str, tmp_path: Path, name: str, content: str | bytes, code: int,
    message: str,
) -> None:  # fmt: skip
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    before = database_state(db_url)
    result = seeded("import", str(path))
    assert result.exit_code == code, result.output
    assert result.stderr == f"tracker: error: {message.format(path=path)}\n"
    assert database_state(db_url) == before


def test_a_damaged_csv_directory_names_the_file_and_row(
    seeded: Invoke, db_url: str, tmp_path: Path
) -> None:
    directory = tmp_path / "csv"
    assert seeded("export", "--format", "csv", "-o", str(directory)).exit_code == 0
    events = directory / "events.csv"
    lines = events.read_text("utf-8").splitlines()
    row = next(
        i for i, line in enumerate(lines) if line.startswith("central-asia-russia-summit-2,")
    )
    assert row == 4  # line index 4: the file's row 5, counting the header as row 1
    damaged = lines[row].replace(",2025-10-09?,", ",2025-10-32?,")
    assert damaged != lines[row]
    lines[row] = damaged
    events.write_text("\n".join(lines) + "\n", encoding="utf-8")
    before = database_state(db_url)
    result = seeded("import", str(directory), "--on-conflict", "update")
    assert result.exit_code == 2
    assert result.stderr.startswith(
        "tracker: error: events.csv: row 5 central-asia-russia-summit-2: date: '2025-10-32?'"
    )
    (directory / "figures.csv").write_text("slug,title\nx,y\n", encoding="utf-8")
    header = seeded("import", str(directory))
    assert header.stderr.startswith("tracker: error: figures.csv: header: expected slug,title,")
    assert database_state(db_url) == before


def test_csv_cells_are_neutralised_and_restored(cli: Invoke, tmp_path: Path) -> None:
    hostile = '=HYPERLINK("http://x")'
    text = tmp_path / "t.txt"
    text.write_text("a text", encoding="utf-8")
    assert (
        cli("add", "source", "--title", hostile, "--file", str(text), "--slug", "s").exit_code == 0
    )
    assert (
        cli("add", "source", "--title", "'quoted", "--file", str(text), "--slug", "t").exit_code
        == 0
    )
    out = tmp_path / "csv"
    assert cli("export", "--format", "csv", "-o", str(out)).exit_code == 0
    sources = (out / "sources.csv").read_text("utf-8")
    assert 's,"\'=HYPERLINK(""http://x"")",' in sources  # quoted by csv, escaped by us
    assert "t,''quoted," in sources
    assert cli("delete", "source", "s", "--yes").exit_code == 0
    assert cli("delete", "source", "t", "--yes").exit_code == 0
    assert cli("import", str(out)).exit_code == 0
    shown = json.loads(cli("show", "source", "s", "--format", "json").stdout)
    assert shown["title"] == hostile
    assert json.loads(cli("show", "source", "t", "--format", "json").stdout)["title"] == "'quoted"


def test_every_change_is_in_the_history_with_who_and_what(seeded: Invoke) -> None:
    assert seeded("--actor", "aigerim", "edit", "figure", "kz-ru-border-length",
                  "--value", "7600", "--note", "checked").exit_code == 0  # fmt: skip
    [change] = json.loads(
        seeded(
            "history", "figure", "kz-ru-border-length", "--limit", "1", "--format", "json"
        ).stdout
    )
    assert (change["actor"], change["action"], change["changed"]) == (
        "aigerim",
        "update",
        "value, note",
    )
    assert (change["before"]["value"], change["after"]["value"]) == ("7591", "7600")
    everything = json.loads(seeded("history", "--format", "json").stdout)
    assert len(everything) == 62  # 61 records created by init, one edit
    assert seeded("history", "--since", "2999").stdout == "no changes\n"


def test_delete_a_cited_agreement_then_undo_it(seeded: Invoke) -> None:
    slug = "kz-uz-treaty-allied-relations"
    before = json.loads(seeded("show", "agreement", slug, "--format", "json").stdout)
    assert seeded("delete", "agreement", slug, "--yes").exit_code == 0
    [change] = json.loads(
        seeded("history", "agreement", slug, "--limit", "1", "--format", "json").stdout
    )
    assert change["action"] == "delete"
    result = seeded("undo", str(change["id"]))
    assert result.stdout == (
        f"undid change {change['id']}: agreement {slug} restored with its citations\n"
    )
    assert json.loads(seeded("show", "agreement", slug, "--format", "json").stdout) == before
    assert seeded("check").stdout == "ok: 138 citations verified, no problems\n"


def test_undo_an_edit_and_a_creation(seeded: Invoke) -> None:
    assert seeded("edit", "figure", "kz-ru-border-length", "--value", "7600").exit_code == 0
    [edit] = json.loads(seeded("history", "--limit", "1", "--format", "json").stdout)
    assert seeded("undo", str(edit["id"])).exit_code == 0
    shown = json.loads(seeded("show", "figure", "kz-ru-border-length", "--format", "json").stdout)
    assert shown["value"] == 7591
    assert (
        seeded("add", "figure", "--title", "Temp", "--value", "1", "--unit", "count").exit_code == 0
    )
    [created] = json.loads(seeded("history", "--limit", "1", "--format", "json").stdout)
    assert (
        seeded("undo", str(created["id"])).stdout
        == f"undid change {created['id']}: deleted figure temp\n"
    )
    assert seeded("show", "figure", "temp").exit_code == 1


def test_undo_refuses_when_a_later_change_depends_on_it(seeded: Invoke) -> None:
    seeded("edit", "figure", "kz-ru-border-length", "--value", "7600")
    seeded("edit", "figure", "kz-ru-border-length", "--title", "Border")
    first, second = json.loads(
        seeded("history", "figure", "kz-ru-border-length", "--format", "json").stdout
    )[1::-1]
    result = seeded("undo", str(first["id"]))
    assert result.exit_code == 1
    assert result.stderr == (
        f"tracker: error: change {first['id']} cannot be undone: change {second['id']} (update "
        "figure kz-ru-border-length) came after it on the same record; undo that first\n"
    )
    missing = seeded("undo", "999999")
    assert missing.stderr == "tracker: error: CHANGE_ID: no change 999999; see 'tracker history'\n"


def test_restore_checks_the_file_and_keeps_the_current_database(
    seeded: Invoke, db_url: str, tmp_path: Path
) -> None:
    if "://" in db_url:
        result = seeded("db", "restore", str(tmp_path / "x.db"))
        assert result.stderr == (
            "tracker: error: db restore replaces SQLite files; for PostgreSQL use pg_restore\n"
        )
        return
    snapshot = tmp_path / "snapshot.db"
    assert seeded("db", "backup", str(snapshot)).exit_code == 0
    assert seeded("delete", "figure", "kz-ru-border-length", "--yes").exit_code == 0
    restored = seeded("db", "restore", str(snapshot))
    assert restored.exit_code == 0, restored.output
    [saved] = Path(db_url).parent.glob("tracker.db.before-restore.*.bak")
    assert restored.stdout == (
        f"restored {db_url} from {snapshot}; the previous database is saved at {saved}\n"
    )
    assert seeded("show", "figure", "kz-ru-border-length").exit_code == 0
    not_ours = tmp_path / "notes.txt"
    not_ours.write_text("hello")
    refused = seeded("db", "restore", str(not_ours))
    assert refused.exit_code == 1
    assert refused.stderr == f"tracker: error: SRC: {not_ours} is not a tracker database\n"
