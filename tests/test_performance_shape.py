"""Performance that does not depend on the machine: how many SQL statements a listing issues,
and which indexes the filtered query uses. (Timings live in benchmarks/, not here.)"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import Engine, event
from sqlalchemy.orm import Session

from tests.conftest import Invoke
from tracker.domain.progress import Point
from tracker.services.curation.kinds import KINDS
from tracker.services.curation.serialize import to_dict
from tracker.services.query.listing import ListFilters, list_records, list_rows, list_statement

CITE = [{"source": "s", "quote": "подписали соглашение"}]


def import_agreements(cli: Invoke, tmp_path: Path, count: int, start: int = 0) -> None:
    records = [
        {"slug": f"a-{i:05d}", "title": f"Agreement {i}", "kind": "treaty",
         "parties": ["KZ", "UZ" if i % 2 else "RU"], "sectors": ["trade"],
         "status_history": [{"status": "signed", "date": f"{2000 + i % 25}", "citations": CITE}],
         "citations": CITE}
        for i in range(start, start + count)
    ]  # fmt: skip
    source = {"slug": "s", "title": "S", "text": "Стороны подписали соглашение."}
    document = {"format": "tracker/1", "agreements": records, "sources": [source]}
    import_document(cli, tmp_path / f"agreements-{start}-{count}.json", document)


def import_targets(cli: Invoke, tmp_path: Path, count: int) -> None:
    """`count` targets, each observed in 2020 (exactly), 2021 and 2022 (about): figures of
    its measure."""
    targets = [
        {"slug": f"t-{i:04d}", "title": f"Target {i}", "target_value": 100, "unit": "count",
         "deadline": "2030", "measure": f"m-{i:04d}"}
        for i in range(count)
    ]  # fmt: skip
    figures = [
        {"slug": f"m-{i:04d}-{2020 + n}", "title": f"Value {n} of target {i}",
         "measure": f"m-{i:04d}", "value": 10 + n, "unit": "count", "date": str(2020 + n),
         "qualifier": "about" if n else "exact"}
        for i in range(count) for n in range(3)
    ]  # fmt: skip
    document = {"format": "tracker/1", "targets": targets, "figures": figures}
    import_document(cli, tmp_path / "targets.json", document)


def import_document(cli: Invoke, path: Path, document: dict[str, object]) -> None:
    """Write a records file and import it (records already there are left as they are)."""
    path.write_text(json.dumps(document), encoding="utf-8")
    result = cli("import", str(path), "--on-conflict", "skip")
    assert result.exit_code == 0, result.output


@contextmanager
def counting_statements(engine: Engine) -> Iterator[list[str]]:
    """The SQL statements the engine sends to the database inside the block."""
    sent: list[str] = []

    def record(_connection: object, _cursor: object, statement: str, *_: object) -> None:
        sent.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield sent
    finally:
        event.remove(engine, "before_cursor_execute", record)


def statements_to_list_everything(engine: Engine) -> int:
    with counting_statements(engine) as sent, Session(engine) as session:
        records = list_records(session, KINDS["agreement"], ListFilters())
        pictures = [to_dict(r) for r in records]  # everything `list --format json` shows
    assert pictures
    return len(sent)


def test_listing_1000_records_issues_a_bounded_number_of_statements(
    cli: Invoke, db_engine: Engine, tmp_path: Path
) -> None:
    import_agreements(cli, tmp_path, 100)
    for_100 = statements_to_list_everything(db_engine)
    import_agreements(cli, tmp_path, 900, start=100)
    for_1000 = statements_to_list_everything(db_engine)
    # One query for the agreements and one per relation loaded up front (SQLAlchemy's selectin
    # loading takes 500 ids a query), never one a record: 10 times the rows, at most twice the
    # statements.
    assert for_100 <= 10, for_100
    assert for_1000 <= 2 * for_100 - 1, (for_100, for_1000)


ORDERING = {
    "format": "tracker/1",
    "sources": [{"slug": "s", "title": "S", "text": "Стороны подписали соглашение."}],
    "agreements": [
        {"slug": "later-undated", "title": "A", "kind": "treaty", "parties": ["UZ", "KZ", "TJ"],
         "status_history": [{"status": "signed", "date": "2020"},
                            {"status": "in_force"}, {"status": "ratified", "date": "2021"}]},
        {"slug": "out-of-order", "title": "B", "kind": "treaty", "parties": ["KZ"],
         "status_history": [{"status": "ratified", "date": "2022-03"},
                            {"status": "signed", "date": "2021-05-04"}]},
        {"slug": "tie", "title": "C", "kind": "plan", "parties": ["UZ", "KZ"],
         "status_history": [{"status": "signed", "date": "2024"},
                            {"status": "in_force", "date": "2024"}]},
    ],
    "targets": [
        {"slug": "t-late-first", "title": "T", "target_value": 100, "unit": "count",
         "deadline": "2030", "parties": ["KZ", "UZ"], "measure": "m-late-first"},
        {"slug": "t-none", "title": "U", "target_value": 5, "unit": "percent", "deadline": "2027",
         "measure": "m-none"},
    ],
    # The first target's values, the latest first; another unit of its measure is not its.
    "figures": [
        {"slug": "v-2023", "title": "V", "measure": "m-late-first", "value": 30, "unit": "count",
         "date": "2023", "qualifier": "about"},
        {"slug": "v-2021", "title": "V", "measure": "m-late-first", "value": 10, "unit": "count",
         "date": "2021"},
        {"slug": "v-2022", "title": "V", "measure": "m-late-first", "value": 20, "unit": "count",
         "date": "2022", "qualifier": "over"},
        {"slug": "v-2024-usd", "title": "V", "measure": "m-late-first", "value": 99,
         "unit": "USD", "date": "2024"},
    ],
}  # fmt: skip


@pytest.mark.parametrize("kind", ["agreement", "target"])
def test_a_listing_table_reads_what_the_records_say(
    cli: Invoke, db_engine: Engine, tmp_path: Path, kind: str
) -> None:
    """`list` in a format other than JSON reads plain rows through Core (`list_rows`), not
    whole records: the same parties, current status and latest value as the records' own
    lists (steps and the figures of a target's measure out of order, undated, tied), in at
    most three statements."""
    import_document(cli, tmp_path / "ordering.json", ORDERING)
    with Session(db_engine) as session:
        loaded = list_records(session, KINDS[kind], ListFilters())
        records = [to_dict(r) for r in loaded]
        series = [[to_dict(f) for f in getattr(r, "series", [])] for r in loaded]
    with counting_statements(db_engine) as sent, Session(db_engine) as session:
        rows = list_rows(session, KINDS[kind], ListFilters())
    assert [row["slug"] for row in rows] == [record["slug"] for record in records]
    for row, record, values in zip(rows, records, series, strict=True):
        assert row["parties"] == record["parties"]
        if kind == "agreement":
            step = record["status_history"][-1]
            assert (row["status"], row["status_date"]) == (step["status"], step["date"])
        else:
            last = values[-1] if values else {}
            assert row["latest_value"] == last.get("value")
            assert row["latest_qualifier"] == last.get("qualifier")
            assert row["latest_date"] == last.get("date")
    if kind == "agreement":  # an undated step is the last; of a tie, the later one
        assert [row["status"] for row in rows] == ["in_force", "ratified", "in_force"], rows
    else:  # the latest in date, not the last added, and only of the target's unit
        assert [row["latest_value"] for row in rows] == [30, None], rows
    queries = [statement for statement in sent if statement.startswith("SELECT")]
    assert len(queries) <= 3, queries


@pytest.mark.parametrize(
    ("filters", "slugs"),
    [
        (ListFilters(), ["tie", "out-of-order", "later-undated"]),
        (ListFilters(sort="oldest"), ["out-of-order", "tie", "later-undated"]),
        (ListFilters(status="signed"), []),
        (ListFilters(status="ratified"), ["out-of-order"]),
        (ListFilters(status="in_force"), ["tie", "later-undated"]),
        (ListFilters(status="in_force", limit=1), ["tie"]),
        (ListFilters(since=dt.date(2023, 1, 1)), ["tie"]),
        (ListFilters(until=dt.date(2022, 12, 31)), ["out-of-order"]),
        (ListFilters(countries=("TJ",), status="in_force"), ["later-undated"]),
    ],
)
def test_agreements_are_filtered_and_ordered_by_their_current_status_step(
    cli: Invoke, db_engine: Engine, tmp_path: Path, filters: ListFilters, slugs: list[str]
) -> None:
    """Both listing paths (rows for a table, records for JSON) join each agreement's current
    step once: its status, and its date for --since, --until and the order (undated last)."""
    import_document(cli, tmp_path / "ordering.json", ORDERING)
    with Session(db_engine) as session:
        agreement = KINDS["agreement"]
        assert [row["slug"] for row in list_rows(session, agreement, filters)] == slugs
        assert [record.slug for record in list_records(session, agreement, filters)] == slugs


def test_a_listing_does_not_configure_the_mappers(cli: Invoke, db_url: str) -> None:
    """SQLAlchemy configures every mapper (31 relationships) before the first ORM query,
    which took longer than a listing's own queries; a listing's table reads Core tables."""
    assert cli("init").exit_code == 0
    probe = (
        "import sys; from tracker.cli.app import main; "
        "main(['--db', sys.argv[1], 'list', 'agreements', '--pair', 'KZ-UZ', '--status', "
        "'signed', '--search', 'treaty', '--kind', 'treaty']); "
        "main(['--db', sys.argv[1], 'list', 'targets', '--format', 'csv']); "
        "from tracker.models import Agreement; print(Agreement.__mapper__.configured)"
    )
    listed = subprocess.run(
        [sys.executable, "-c", probe, db_url], check=True, capture_output=True, text=True
    )
    lines = listed.stdout.splitlines()
    assert "kz-uz-treaty-allied-relations" in listed.stdout
    assert "kz-uz-trade-10bn-by-2030" in listed.stdout
    assert lines[-1] == "False", listed.stdout


def test_the_filtered_list_uses_indexes(
    cli: Invoke, db_url: str, db_engine: Engine, tmp_path: Path
) -> None:
    if "://" in db_url:
        pytest.skip("EXPLAIN QUERY PLAN is SQLite's")
    import_agreements(cli, tmp_path, 200)
    with Session(db_engine) as session:
        filters = ListFilters(countries=("KZ", "UZ"), status="signed", limit=50)
        statement = list_statement(session, KINDS["agreement"], filters)
        compiled = statement.compile(db_engine, compile_kwargs={"literal_binds": True})
        plan = "\n".join(
            str(row[-1])
            for row in session.connection().exec_driver_sql(f"EXPLAIN QUERY PLAN {compiled}")
        )
    # Nothing is read in full: the query starts from the agreements' status steps with that
    # status (each joined to its agreement, and kept if it is the agreement's current step),
    # and every other filter is an index search.
    assert "SEARCH current_step USING INDEX ix_agreement_statuses_status (status=?)" in plan, plan
    assert "SEARCH agreements USING INTEGER PRIMARY KEY (rowid=?)" in plan, plan
    assert "USING COVERING INDEX ix_agreement_statuses_agreement_id_date_lower" in plan, plan
    # The pair: each country's party found by its code, each link by its primary key (SQLite
    # may take them in either order).
    parties = [line for line in plan.splitlines() if " parties " in f"{line} "]
    links = [line for line in plan.splitlines() if " agreement_parties " in f"{line} "]
    assert len(parties) == len(links) == 2, plan
    assert all(line.startswith("SEARCH") and " INDEX " in line for line in parties + links), plan
    assert not [line for line in plan.splitlines() if line.startswith("SCAN")], plan


def test_the_targets_report_reads_values_in_a_few_statements(
    cli: Invoke, db_engine: Engine, tmp_path: Path
) -> None:

    from tracker.cli.report_views import targets_table
    from tracker.services.reports.targets import target_reports

    import_targets(cli, tmp_path, 600)
    with counting_statements(db_engine) as sent, Session(db_engine) as session:
        reports = target_reports(session, ListFilters(), dt.date(2020, 12, 31))
        table = targets_table(reports)
    # The targets, then their values (figures) 500 ids at a time: never one query a target.
    assert len(sent) <= 4, sent
    assert len(table.rows) == 600
    # As of 2020 only the exact 2020 value is known, not the later "about" ones.
    assert {r.latest_qualifier for r in reports} == {"exact"}


def test_the_targets_report_seeks_three_values_a_target(
    cli: Invoke, db_url: str, db_engine: Engine, tmp_path: Path
) -> None:
    """Its values query reads no figure it does not use: each target's first and latest
    full-period value and its newest value are found by seeks of
    ix_figures_measure_date_upper, nothing is scanned or sorted."""

    from tracker.services.reports.targets import target_reports

    if "://" in db_url:
        pytest.skip("EXPLAIN QUERY PLAN is SQLite's")
    import_targets(cli, tmp_path, 20)
    with counting_statements(db_engine) as sent, Session(db_engine) as session:
        target_reports(session, ListFilters(), dt.date(2021, 12, 31))
    [observed] = [statement for statement in sent if "FROM figures" in statement]
    with db_engine.connect() as connection:
        cursor = connection.connection.cursor()
        # The plan does not depend on the values bound (ids, as-of date, LIMIT 1).
        cursor.execute(f"EXPLAIN QUERY PLAN {observed}", [1] * observed.count("?"))
        plan = "\n".join(str(row[-1]) for row in cursor.fetchall())
    seeks = plan.count("USING INDEX ix_figures_measure_date_upper (measure=?")
    assert seeks == 3, plan
    assert plan.count("USING INTEGER PRIMARY KEY (rowid=?)") >= 2, plan
    assert "SCAN" not in plan, plan
    assert "TEMP B-TREE" not in plan, plan


@pytest.mark.parametrize("as_of", ["2019-06-30", "2021-12-31", "2026-11-21"])
def test_the_targets_report_assesses_as_from_every_value(
    cli: Invoke, db_engine: Engine, tmp_path: Path, as_of: str
) -> None:
    """The report reads only each target's first and latest value; its assessments and
    qualifiers are those of all the figures of its measure sorted by date, ties and intervals
    included."""

    from tracker.models import Target
    from tracker.services.reports.targets import (
        assess_target,
        cited_target_reports,
        target_reports,
    )

    dates = ["2021", "2019-03", "2021", "2018/2020", "2020-06~", "2019-03", "2017", "2024"]
    targets = [
        {"slug": f"t-{i}", "title": f"Target {i}", "target_value": 500 + 100 * (i % 4),
         "unit": "count", "deadline": "2030" if i % 5 else "2022", "measure": f"m-{i}",
         "baseline": {"value": 40, "date": "2016"} if i % 7 == 0 else None}
        for i in range(40)
    ]  # fmt: skip
    figures = [
        {"slug": f"m-{i}-{n}", "title": f"Value {n} of target {i}", "measure": f"m-{i}",
         "value": 50 + (i * 13 + n * 29) % 97, "unit": "count",
         "date": dates[(i + n) % len(dates)],
         "qualifier": ("exact", "about", "over")[(i + n) % 3],
         **({"growth_pct": 8} if n == 0 and i % 3 == 0 else {})}
        for i in range(40) for n in range(i % 6)
    ]  # fmt: skip
    path = tmp_path / "targets.json"
    document = {"format": "tracker/1", "targets": targets, "figures": figures}
    path.write_text(json.dumps(document), encoding="utf-8")
    assert cli("import", str(path)).exit_code == 0, cli("import", str(path)).output
    day = dt.date.fromisoformat(as_of)
    with Session(db_engine) as session:
        reports = target_reports(session, ListFilters(), day)
        assert len(reports) == 40
        for report in reports:
            target = session.get_one(Target, report.target.id)
            known = sorted(
                (f for f in target.series if f.date_lower and f.date_lower <= day),
                key=lambda f: (f.date_upper, f.date_lower, f.id),
            )
            points = [
                Point(f.value, f.date_upper, f.date, f.growth_pct, qualifier=f.qualifier)
                for f in known
            ]
            assert report.assessment == assess_target(target, points, day), target.slug
            assert report.latest_qualifier == (known[-1].qualifier if known else None)
            row = report.target._asdict()
            assert row == {name: getattr(target, name) for name in row}
        # The briefing's reports, of loaded targets, assess them the same.
        cited = cited_target_reports(session, ListFilters(), day)
        assert [(r.target.slug, r.assessment, r.latest_qualifier) for r in cited] == [
            (r.target.slug, r.assessment, r.latest_qualifier) for r in reports
        ]
