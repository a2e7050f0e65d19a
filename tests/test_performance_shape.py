"""Performance that does not depend on the machine: how many SQL statements a listing issues,
and which indexes the filtered query uses. (Timings live in benchmarks/, not here.)"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import Engine, event
from sqlalchemy.orm import Session

from tests.conftest import Invoke
from tracker.domain.progress import Point
from tracker.services.kinds import KINDS
from tracker.services.listing import ListFilters, list_records, list_statement, table_relations
from tracker.services.serialize import to_dict

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
    path = tmp_path / f"agreements-{start}-{count}.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    result = cli("import", str(path), "--on-conflict", "skip")
    assert result.exit_code == 0, result.output


def import_targets(cli: Invoke, tmp_path: Path, count: int) -> None:
    """`count` targets, each observed in 2020 (exactly), 2021 and 2022 (about)."""
    targets = [
        {"slug": f"t-{i:04d}", "title": f"Target {i}", "target_value": 100, "unit": "count",
         "deadline": "2030", "observations": [
             {"value": 10 + n, "date": str(2020 + n), "qualifier": "about" if n else "exact"}
             for n in range(3)]}
        for i in range(count)
    ]  # fmt: skip
    path = tmp_path / "targets.json"
    path.write_text(json.dumps({"format": "tracker/1", "targets": targets}), encoding="utf-8")
    assert cli("import", str(path)).exit_code == 0


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


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_a_listing_table_loads_only_the_relations_it_shows(
    cli: Invoke, db_engine: Engine, kind: str
) -> None:
    """`list` in a format other than JSON loads `table_relations`: the same table, in at most
    three statements, and a relation it forgot would raise rather than load lazily."""
    from tracker.cli.render import render
    from tracker.cli.views import list_table

    assert cli("init").exit_code == 0
    formats = ("table", "csv", "md", "html")
    with Session(db_engine) as session:
        everything = list_records(session, KINDS[kind], ListFilters())
        assert everything
        expected = {f: render(list_table(KINDS[kind], everything), f) for f in formats}
    with counting_statements(db_engine) as sent, Session(db_engine) as session:
        relations = table_relations(KINDS[kind])
        shown = list_table(
            KINDS[kind], list_records(session, KINDS[kind], ListFilters(), relations)
        )
        assert {f: render(shown, f) for f in formats} == expected
    queries = [statement for statement in sent if statement.startswith("SELECT")]
    assert len(queries) <= 3, queries


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
    # Each filter is an index search; only the driving table is read in full (it is ordered
    # by a date derived from the status history: see BENCHMARKS.md).
    assert "USING COVERING INDEX ix_agreement_statuses_agreement_id_date_lower" in plan, plan
    assert "SEARCH agreement_parties USING COVERING INDEX" in plan, plan
    assert "SEARCH parties USING COVERING INDEX" in plan, plan
    scanned = [line for line in plan.splitlines() if line.startswith("SCAN")]
    assert scanned == ["SCAN agreements"], plan


def test_the_targets_report_reads_observations_in_a_few_statements(
    cli: Invoke, db_engine: Engine, tmp_path: Path
) -> None:
    import datetime as dt

    from tracker.cli.report_views import targets_table
    from tracker.services.reports.targets import target_reports

    import_targets(cli, tmp_path, 600)
    with counting_statements(db_engine) as sent, Session(db_engine) as session:
        reports = target_reports(session, ListFilters(), dt.date(2020, 12, 31))
        table = targets_table(reports)
    # The targets, then their observations 500 ids at a time: never one query a target.
    assert len(sent) <= 4, sent
    assert len(table.rows) == 600
    # As of 2020 only the exact 2020 value is known, not the later "about" ones.
    assert {r.latest_qualifier for r in reports} == {"exact"}


def test_the_targets_report_seeks_two_observations_a_target(
    cli: Invoke, db_url: str, db_engine: Engine, tmp_path: Path
) -> None:
    """Its observations query reads no observation it does not use: each target's first and
    latest are found by seeks of ix_observations_target_id_date_upper, nothing is scanned
    or sorted."""
    import datetime as dt

    from tracker.services.reports.targets import target_reports

    if "://" in db_url:
        pytest.skip("EXPLAIN QUERY PLAN is SQLite's")
    import_targets(cli, tmp_path, 20)
    with counting_statements(db_engine) as sent, Session(db_engine) as session:
        target_reports(session, ListFilters(), dt.date(2021, 12, 31))
    [observed] = [statement for statement in sent if "FROM observations" in statement]
    with db_engine.connect() as connection:
        cursor = connection.connection.cursor()
        # The plan does not depend on the values bound (ids, as-of date, LIMIT 1).
        cursor.execute(f"EXPLAIN QUERY PLAN {observed}", [1] * observed.count("?"))
        plan = "\n".join(str(row[-1]) for row in cursor.fetchall())
    seeks = plan.count("USING COVERING INDEX ix_observations_target_id_date_upper (target_id=?)")
    assert seeks == 2, plan
    assert plan.count("USING INTEGER PRIMARY KEY (rowid=?)") >= 2, plan
    assert "SCAN" not in plan, plan
    assert "TEMP B-TREE" not in plan, plan


@pytest.mark.parametrize("as_of", ["2019-06-30", "2021-12-31", "2026-11-21"])
def test_the_targets_report_assesses_as_from_every_observation(
    cli: Invoke, db_engine: Engine, tmp_path: Path, as_of: str
) -> None:
    """The report reads only each target's first and latest observation; its assessments and
    qualifiers are those of all the observations sorted by date, ties and intervals included."""
    import datetime as dt

    from tracker.models import Target
    from tracker.services.reports.targets import assess_target, target_reports

    dates = ["2021", "2019-03", "2021", "2018/2020", "2020-06~", "2019-03", "2017", "2024"]
    targets = [
        {"slug": f"t-{i}", "title": f"Target {i}", "target_value": 500 + 100 * (i % 4),
         "unit": "count", "deadline": "2030" if i % 5 else "2022",
         "baseline": {"value": 40, "date": "2016"} if i % 7 == 0 else None,
         "observations": [
             {"value": 50 + (i * 13 + n * 29) % 97, "date": dates[(i + n) % len(dates)],
              "qualifier": ("exact", "about", "over")[(i + n) % 3],
              **({"growth_pct": 8} if n == 0 and i % 3 == 0 else {})}
             for n in range(i % 6)]}
        for i in range(40)
    ]  # fmt: skip
    path = tmp_path / "targets.json"
    path.write_text(json.dumps({"format": "tracker/1", "targets": targets}), encoding="utf-8")
    assert cli("import", str(path)).exit_code == 0, cli("import", str(path)).output
    day = dt.date.fromisoformat(as_of)
    with Session(db_engine) as session:
        reports = target_reports(session, ListFilters(), day)
        assert len(reports) == 40
        for report in reports:
            target = session.get_one(Target, report.target.id)
            known = sorted(
                (o for o in target.observations if o.date_lower and o.date_lower <= day),
                key=lambda o: (o.date_lower, o.id),
            )
            known.sort(key=lambda o: o.date_upper)
            points = [Point(o.value, o.date_upper, o.date, o.growth_pct) for o in known]
            assert report.assessment == assess_target(target, points, day), target.slug
            assert report.latest_qualifier == (known[-1].qualifier if known else None)
