"""A records file is read a record at a time, in the order of the file: JSON by
`transfer/json_stream.py`, YAML from the parser's events (`transfer/parsing.py`). These tests
shrink the JSON window and the write batch, so values, errors and references cross both; those
that hold for both formats run on each."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from tests.conftest import Invoke
from tests.helpers import database_state
from tracker.errors import InvalidValue
from tracker.services.transfer import json_stream, loader, loading, parsing, records_file

pytestmark = pytest.mark.usefixtures("load_both_ways")


SOURCE = {"slug": "s", "title": "S", "text": "Стороны подписали договор и программу."}
CITE = [{"source": "s", "quote": "подписали"}]
EVENT = {"slug": "summit", "title": "Summit", "kind": "summit", "date": "2025-11-15"}


@pytest.fixture(autouse=True)
def small_windows(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(json_stream, "CHUNK", 7)
    monkeypatch.setattr(loader, "WRITE_BATCH", 2)


def agreement(n: int, **fields: object) -> dict[str, object]:
    return {"slug": f"a{n}", "title": f"Agreement {n}", "kind": "treaty", "parties": ["KZ", "UZ"],
            "status_history": [{"status": "signed", "date": "2025-11", "citations": CITE}],
            "citations": CITE, **fields}  # fmt: skip


@pytest.fixture(params=[".json", ".yaml"])
def suffix(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def write(path: Path, members: list[tuple[str, object]]) -> str:
    """The file's members in the order given (both dumpers keep a dict's order)."""
    if path.suffix == ".yaml":
        text = yaml.safe_dump(dict(members), allow_unicode=True, sort_keys=False)
    else:
        text = json.dumps(dict(members), ensure_ascii=False)
    path.write_text(text, encoding="utf-8")
    return str(path)


def members_of(path: Path) -> list[tuple[str, object]]:
    stream = json_stream.JsonRecords(path, path.name, 10**9)
    try:
        return [(k, list(v) if not isinstance(v, str | None) else v) for k, v in stream.members()]
    finally:
        stream.close()


def test_values_cut_by_the_window_read_whole(tmp_path: Path) -> None:
    document = {"format": "tracker/1", "figures": [
        {"slug": "f", "value": 123456789012345678901234567, "growth_pct": 1.25,
         "note": "строка с \\n escapes \u202e and a long tail " * 3}, [], {}, 7]}  # fmt: skip
    path = tmp_path / "cut.json"
    path.write_text(json.dumps(document, ensure_ascii=False, indent=3))
    assert members_of(path) == [
        ("format", "tracker/1"),
        ("figures", json.loads(path.read_text(), parse_float=Decimal)["figures"]),
    ]


@pytest.mark.parametrize(
    "text",
    [
        '{"format": "tracker/1",\n "figures": [{"slug": "x"},\n  {"slug" "y"}]}',
        '{"format": "tracker/1",\n "figures": [1 2]}',
        '{"format": "tracker/1",\n\n "figures": []} []',
        '{"format": "tracker/1", 5: []}',
        '{"format": "tracker/1", "figures": [{"note": "unterminated\n',
    ],
)
def test_errors_name_the_line_and_column_json_loads_names(tmp_path: Path, text: str) -> None:
    path = tmp_path / "bad.json"
    path.write_text(text)
    with pytest.raises(json.JSONDecodeError) as loads:
        json.loads(text)
    with pytest.raises(InvalidValue) as error:
        members_of(path)
    expected = f"line {loads.value.lineno} column {loads.value.colno}: {loads.value.msg}"
    assert str(error.value) == f"bad.json: not valid JSON at {expected}"


def test_a_record_names_records_further_on_in_the_file(
    cli: Invoke, tmp_path: Path, suffix: str
) -> None:
    """Agreements before the event they name, a target before its agreement, figures before
    their source, new citations before the records they cite: all resolve."""
    assert cli("init", "--empty").exit_code == 0
    target = {"slug": "t", "title": "T", "target_value": 5, "unit": "count", "agreement": "a3"}
    figure = {"slug": "f", "title": "F", "value": 1, "unit": "count", "event": "summit",
              "citations": CITE}  # fmt: skip
    path = write(tmp_path / f"ahead{suffix}", [
        ("citations", [{"record": "agreement:a1", "source": "s", "quote": "программу"}]),
        ("targets", [target]),
        ("figures", [figure]),
        ("agreements", [agreement(1, event="summit"), agreement(2), agreement(3)]),
        ("events", [EVENT]),
        ("sources", [SOURCE]),
        ("format", "tracker/1"),
    ])  # fmt: skip
    result = cli("import", path)
    assert result.exit_code == 0, result.output
    shown = json.loads(cli("show", "agreement", "a1", "--format", "json").stdout)
    assert shown["event"] == "summit"
    assert shown["citations"] == [*CITE, {"source": "s", "quote": "программу"}]
    assert json.loads(cli("show", "target", "t", "--format", "json").stdout)["agreement"] == "a3"
    assert json.loads(cli("show", "figure", "f", "--format", "json").stdout)["event"] == "summit"


def test_a_late_bad_record_writes_nothing(
    cli: Invoke, db_url: str, tmp_path: Path, suffix: str
) -> None:
    """Batches already written, a reference to a record the file never gives, and a bad field
    in the last record: one report, in file order, and nothing written."""
    assert cli("init", "--empty").exit_code == 0
    before = database_state(db_url)
    records = [agreement(n) for n in range(1, 6)]
    records[1]["event"] = "nowhere"
    records[4]["kind"] = "pact"
    path = write(tmp_path / f"late{suffix}", [
        ("format", "tracker/1"), ("sources", [SOURCE]), ("agreements", records),
    ])  # fmt: skip
    result = cli("import", path)
    assert result.exit_code == 2
    # The record that names what never comes waited for the end of the file: it is last.
    assert result.stderr.splitlines() == [
        f"tracker: error: late{suffix}: agreements[4] a5: kind: unknown value 'pact'; accepted: "
        "treaty, agreement, framework_agreement, programme, plan, memorandum, joint_statement, "
        "declaration, protocol, contract, decision, other",
        f"tracker: error: late{suffix}: agreements[1] a2: event: no event 'nowhere'",
        f"tracker: 2 problem(s) in late{suffix}; nothing was written",
    ]
    assert database_state(db_url) == before


@pytest.mark.parametrize(
    ("members", "message"),
    [
        ([("sources", [SOURCE])], "late.json: format: expected 'tracker/1', got None"),
        ([("sources", [SOURCE]), ("format", "tracker/2")],
         "late.json: format: expected 'tracker/1', got 'tracker/2'"),
        ([("format", "tracker/1"), ("sources", [SOURCE]), ("draft", True)],
         "late.json: draft: an unreviewed draft from `tracker extract`; check every record (its "
         "`# review:` notes say what is left to decide), then delete the `draft:` key and "
         "import it"),
    ],
)  # fmt: skip
def test_a_file_that_is_not_a_records_file_after_all_writes_nothing(
    cli: Invoke,
    db_url: str,
    tmp_path: Path,
    members: list[tuple[str, object]],
    message: str,
    suffix: str,
) -> None:
    assert cli("init", "--empty").exit_code == 0
    before = database_state(db_url)
    result = cli("import", write(tmp_path / f"late{suffix}", members))
    assert result.exit_code == 2
    assert result.stderr == f"tracker: error: {tmp_path / message.replace('.json', suffix)}\n"
    assert database_state(db_url) == before


def test_an_older_export_streams_its_observations_into_figures(
    cli: Invoke, tmp_path: Path, suffix: str
) -> None:
    assert cli("init", "--empty").exit_code == 0
    old_target = {"slug": "trade", "title": "Trade", "target_value": 10, "unit": "USD",
                  "observations": [{"value": 4, "date": "2024", "citations": CITE}]}  # fmt: skip
    path = write(tmp_path / f"old{suffix}", [
        ("format", "tracker/1"), ("sources", [SOURCE]), ("targets", [old_target]),
    ])  # fmt: skip
    result = cli("import", path)
    assert result.exit_code == 0, result.output
    shown = json.loads(cli("show", "figure", "trade-2024-1", "--format", "json").stdout)
    assert (shown["measure"], shown["value"], shown["date"]) == ("trade", 4, "2024")


def test_a_retried_load_reads_the_streamed_file_again(
    cli: Invoke, db_engine: Engine, tmp_path: Path, suffix: str
) -> None:
    """A write that another writer got in the way of runs again: on a Session, the same
    records file loaded twice creates the same records twice over."""
    from tracker.services.curation.records import Curator

    assert cli("init", "--empty").exit_code == 0
    path = write(tmp_path / f"again{suffix}", [
        ("format", "tracker/1"), ("sources", [SOURCE]), ("agreements", [agreement(1)]),
    ])  # fmt: skip
    loaded = records_file.read_records_file(Path(path))
    for _ in range(2):
        with Session(db_engine) as session:
            counts = loading.load_records(Curator(session), loaded)
            assert counts.created == {"source": 1, "agreement": 1}
            session.rollback()


def test_values_are_counted_a_record_at_a_time(
    cli: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, suffix: str
) -> None:
    """A record is all a streamed file holds at once: many records of a few values each
    import, whatever they add up to; one record of too many values is refused."""
    monkeypatch.setattr(parsing, "MAX_ITEMS", 60)
    assert cli("init", "--empty").exit_code == 0
    many = [agreement(n) for n in range(1, 6)]  # about 35 values each
    path = write(tmp_path / f"many{suffix}", [
        ("format", "tracker/1"), ("sources", [SOURCE]), ("agreements", many),
    ])  # fmt: skip
    assert cli("import", path).exit_code == 0
    big = agreement(9, people=["x"] * 80)
    path = write(tmp_path / f"big{suffix}", [("format", "tracker/1"), ("agreements", [big])])
    result = cli("import", path)
    assert result.exit_code == 2
    # YAML names the line of the value that went over; the JSON scanner gives none.
    where = r"line \d+: " if suffix == ".yaml" else ""
    assert re.fullmatch(
        f"tracker: error: {re.escape(path)}: {where}more than 60 values\n", result.stderr
    )


def test_brackets_inside_texts_are_not_nesting(cli: Invoke, tmp_path: Path) -> None:
    """A record is walked for its nesting only when it opens more brackets than the levels
    left; brackets in its texts count there, but never make it too deep."""
    assert cli("init", "--empty").exit_code == 0
    note = "[{" * 40 + "}]" * 40
    figure = {"slug": "f", "title": "F", "value": 1, "unit": "count", "note": note}
    deep: object = "x"
    for _ in range(40):
        deep = [deep]
    path = write(tmp_path / "brackets.json", [("format", "tracker/1"), ("figures", [figure])])
    assert cli("import", path).exit_code == 0
    assert json.loads(cli("show", "figure", "f", "--format", "json").stdout)["note"] == note
    too_deep = write(
        tmp_path / "deep.json",
        [("format", "tracker/1"), ("figures", [{**figure, "slug": "g", "note": deep}])],
    )
    result = cli("import", too_deep)
    assert (result.exit_code, result.output) == (
        2,
        f"tracker: error: {too_deep}: nested deeper than 32 levels\n",
    )


def test_a_yaml_anchor_serves_records_further_on(cli: Invoke, tmp_path: Path) -> None:
    """Curators share one citation list with an anchor; the records that alias it may come
    batches later, and in another section."""
    assert cli("init", "--empty").exit_code == 0
    text = (
        "format: tracker/1\nsources:\n- {slug: s, title: S, text: Стороны подписали договор.}\n"
        "agreements:\n"
        "- {slug: a1, title: A1, kind: treaty,\n"
        "   citations: &shared [{source: s, quote: подписали}]}\n"
        + "".join(f"- {{slug: a{n}, title: A{n}, kind: treaty, citations: *shared}}\n"
                  for n in range(2, 6))
        + "figures:\n- {slug: f, title: F, value: 1, unit: count, citations: *shared}\n"
    )  # fmt: skip
    path = tmp_path / "anchors.yaml"
    path.write_text(text, encoding="utf-8")
    result = cli("import", str(path))
    assert result.exit_code == 0, result.output
    for kind, slug in [("agreement", "a5"), ("figure", "f")]:
        shown = json.loads(cli("show", kind, slug, "--format", "json").stdout)
        assert shown["citations"] == [{"source": "s", "quote": "подписали"}]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "expected a mapping with 'format: tracker/1' at the top"),
        ("- format: tracker/1\n", "expected a mapping with 'format: tracker/1' at the top"),
        ("format: tracker/1\n? [a]\n: b\n", "line 2: a mapping key must be a plain value"),
        ("format: [tracker/1]\n", "format: expected 'tracker/1', got a list"),
        ("format: tracker/1\nfigures: [{slug: f}\n", "not valid YAML at line 3: "),
    ],
)
def test_a_yaml_file_that_is_no_records_file_is_one_line(
    cli: Invoke, tmp_path: Path, text: str, message: str
) -> None:
    assert cli("init", "--empty").exit_code == 0
    path = tmp_path / "odd.yaml"
    path.write_text(text, encoding="utf-8")
    result = cli("import", str(path))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"tracker: error: {path}: {message}")
    assert len(result.stderr.splitlines()) == 1
