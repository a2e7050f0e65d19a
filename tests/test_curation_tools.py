"""Curation tools an analyst reaches for: every problem of a file in one run, a status step
corrected in place, two records of one fact merged (and the merge undone)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import Result

from tests.conftest import Invoke

BAD_FILE = """\
format: tracker/1
events:
  - slug: one
    kind: summit
  - slug: two
    title: Two
    kind: picnic
    date: 2025-13
  - slug: fine
    title: A good one
    kind: summit
agreements:
  - slug: three
    title: Three
    kind: treaty
    event: no-such-event
    status_history:
      - {status: sealed}
"""


@pytest.fixture
def empty(cli: Invoke) -> Invoke:
    assert cli("init", "--empty").exit_code == 0
    return cli


def test_an_import_names_every_problem_of_the_file_and_writes_nothing(
    empty: Invoke, tmp_path: Path
) -> None:
    cli = empty
    bad = tmp_path / "bad.yaml"
    bad.write_text(BAD_FILE, encoding="utf-8")
    result = cli("import", str(bad))
    assert result.exit_code == 2
    assert result.stderr == (
        "tracker: error: bad.yaml: events[0] one: title: required\n"
        "tracker: error: bad.yaml: events[1] two: kind: unknown value 'picnic'; accepted: "
        "meeting, informal_meeting, summit, state_visit, official_visit, council_meeting, "
        "opening, ceremony, forum, cultural, other\n"
        "tracker: error: bad.yaml: events[1] two: date: '2025-13': month must be 01-12\n"
        "tracker: error: bad.yaml: agreements[0] three: event: no event 'no-such-event'\n"
        "tracker: error: bad.yaml: agreements[0] three: status_history[0].status: unknown "
        "value 'sealed'; accepted: unknown, proposed, under_negotiation, signed, adopted, "
        "approved, ratified, in_force, suspended, terminated, expired\n"
        "tracker: 5 problem(s) in bad.yaml; nothing was written\n"
    )
    assert cli("list", "events").stdout == "no events\n"


def test_one_problem_is_one_line_as_before(empty: Invoke, tmp_path: Path) -> None:
    cli = empty
    bad = tmp_path / "one.yaml"
    bad.write_text("format: tracker/1\nevents:\n  - {slug: x, kind: summit}\n", encoding="utf-8")
    result = cli("import", str(bad))
    assert result.exit_code == 2
    assert result.stderr == "tracker: error: one.yaml: events[0] x: title: required\n"


def test_many_problems_are_counted_beyond_those_shown(empty: Invoke, tmp_path: Path) -> None:
    cli = empty
    records = "".join(f"  - {{slug: e{n}, kind: summit}}\n" for n in range(60))
    bad = tmp_path / "many.yaml"
    bad.write_text(f"format: tracker/1\nevents:\n{records}", encoding="utf-8")
    result = cli("import", str(bad))
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 51
    assert lines[0] == "tracker: error: many.yaml: events[0] e0: title: required"
    assert lines[-1] == "tracker: 60 problem(s) in many.yaml (50 shown); nothing was written"


def test_a_csv_directory_names_its_rows(cli: Invoke, tmp_path: Path) -> None:
    assert cli("add", "event", "--title", "Good", "--kind", "summit").exit_code == 0
    out = tmp_path / "csv"
    assert cli("export", "--format", "csv", "-o", str(out)).exit_code == 0
    events = out / "events.csv"
    header, row = events.read_text(encoding="utf-8").splitlines()
    events.write_text(
        "\n".join(
            [
                header,
                row.replace("summit", "picnic"),
                row.replace("good", "bad").replace("summit", "gala"),
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    result = cli("import", str(out), "--on-conflict", "update")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0].startswith(
        "tracker: error: events.csv: row 2 good: kind: unknown value 'picnic'"
    )
    assert result.stderr.splitlines()[-1] == "tracker: 2 problem(s) in csv; nothing was written"
    assert json.loads(cli("show", "event", "good", "-f", "json").stdout)["kind"] == "summit"


@pytest.fixture
def treaty(cli: Invoke, tmp_path: Path) -> Invoke:
    text = tmp_path / "article.txt"
    text.write_text(
        "Президенты подписали Договор о союзнических отношениях. Договор ратифицирован.\n",
        encoding="utf-8",
    )
    for args in (
        ["add", "source", "--title", "Article", "--slug", "article", "--file", str(text)],
        ["add", "agreement", "--title", "Treaty on Allied Relations", "--kind", "treaty",
         "--party", "KZ", "--party", "UZ", "--slug", "treaty", "--status", "signed",
         "--cite", "article:Президенты подписали Договор о союзнических отношениях"],
        ["agreement", "status", "treaty", "ratified", "--on", "2023"],
    ):  # fmt: skip
        result = cli(*args)
        assert result.exit_code == 0, (args, result.output)
    return cli


def test_a_status_step_is_corrected_in_place_audited_and_undone(treaty: Invoke) -> None:
    cli = treaty
    # Undated, the signing was listed after the dated ratification, as step 2.
    fixed = cli("agreement", "status-edit", "treaty", "2", "--on", "2022-12-22?")
    assert fixed.exit_code == 0, fixed.output
    assert fixed.stdout == "agreement treaty: step 2 corrected; current status ratified\n"
    history = cli("agreement", "history", "treaty", "-f", "json")
    steps = json.loads(history.stdout)
    assert [(s["status"], s["date"]) for s in steps] == [
        ("signed", "2022-12-22?"),
        ("ratified", "2023"),
    ]
    assert steps[0]["citations"] == [
        {"source": "article", "quote": "Президенты подписали Договор о союзнических отношениях"}
    ]
    # The history must stay in order: signing cannot move after the ratification.
    late = cli("agreement", "status-edit", "treaty", "1", "--on", "2024")
    assert late.exit_code == 2
    assert late.stderr == (
        "tracker: error: --on: ratified on 2023 is before signed on 2024; a later stage cannot "
        "come first\n"
    )
    cited = cli(
        "agreement", "status-edit", "treaty", "2", "--cite", "article:Договор ратифицирован.",
        "--note", "Ratification as the article reports it.",
    )  # fmt: skip
    assert cited.exit_code == 0, cited.output
    step = json.loads(cli("agreement", "history", "treaty", "-f", "json").stdout)[1]
    assert step["note"] == "Ratification as the article reports it."
    assert step["citations"] == [{"source": "article", "quote": "Договор ратифицирован."}]
    for args, message in [
        (["1"], "OPTIONS: nothing to change; give --status, --on, --note or --cite"),
        (["3", "--on", "2020"], "STEP: 3 is not between 1 and 2"),
        (["1", "--status", "sealed"], "STATUS: unknown value 'sealed'"),
        (
            ["1", "--cite", "article:не из статьи"],
            "--cite: not found verbatim in the text of source 'article'",
        ),
    ]:
        bad = cli("agreement", "status-edit", "treaty", *args)
        assert bad.exit_code != 0, args
        assert bad.stderr.startswith(f"tracker: error: {message}"), bad.stderr
    change = json.loads(cli("history", "agreement", "treaty", "-f", "json").stdout)[0]
    assert cli("undo", str(change["id"])).exit_code == 0
    step = json.loads(cli("agreement", "history", "treaty", "-f", "json").stdout)[1]
    assert (step["note"], step["citations"]) == (None, [])


@pytest.fixture
def twins(cli: Invoke, tmp_path: Path) -> Invoke:
    """One council meeting curated twice, from two articles, and an agreement naming the
    second record."""
    first, second = tmp_path / "first.txt", tmp_path / "second.txt"
    first.write_text("В Ташкенте 15 ноября 2025 года прошло заседание совета.\n", "utf-8")
    second.write_text("Заседание совета 15 ноября 2025 года завершилось подписанием.\n", "utf-8")
    for args in (
        ["add", "source", "--title", "First", "--slug", "first", "--file", str(first)],
        ["add", "source", "--title", "Second", "--slug", "second", "--file", str(second)],
        ["add", "event", "--title", "Council meeting", "--slug", "council", "--kind",
         "council_meeting", "--date", "2025-11-15", "--party", "KZ", "--party", "UZ",
         "--parties-inferred", "--cite", "first:В Ташкенте 15 ноября 2025 года прошло заседание"],
        ["add", "event", "--title", "Meeting of the council", "--slug", "council-meeting",
         "--kind", "meeting", "--date", "2025-11-15", "--place", "Tashkent", "--party", "KZ",
         "--party", "TJ", "--parties-inferred",
         "--cite", "second:Заседание совета 15 ноября 2025 года завершилось подписанием"],
        ["add", "agreement", "--title", "Protocol", "--slug", "protocol", "--kind", "protocol",
         "--event", "council-meeting", "--status", "signed", "--on", "2025-11-15",
         "--cite", "second:Заседание совета 15 ноября 2025 года завершилось подписанием"],
    ):  # fmt: skip
        result = cli(*args)
        assert result.exit_code == 0, (args, result.output)
    return cli


def test_two_records_of_one_fact_are_merged_and_the_merge_undone(twins: Invoke) -> None:
    cli = twins
    before = cli("export", "-f", "json").stdout
    tried = cli("merge", "event", "council", "council-meeting", "--dry-run")
    assert tried.exit_code == 0, tried.output
    assert tried.stdout == (
        "would merge event council-meeting into council: would move parties +1, citations +1\n"
        "agreement protocol would name council\n"
        "conflict: title: would keep council's 'Council meeting', not council-meeting's "
        "'Meeting of the council' (--take title for theirs)\n"
        "conflict: kind: would keep council's 'council_meeting', not council-meeting's "
        "'meeting' (--take kind for theirs)\n"
        "would fill place from council-meeting\n"
        "would delete event council-meeting; nothing was written (dry run)\n"
    )
    assert cli("export", "-f", "json").stdout == before
    merged = cli("merge", "event", "council", "council-meeting", "--take", "title",
                 "--identity-inferred")  # fmt: skip
    assert merged.exit_code == 0, merged.output
    lines = merged.stdout.splitlines()
    assert lines[0] == "merged event council-meeting into council: moved parties +1, citations +1"
    assert lines[1] == "agreement protocol now names council"
    assert "took council-meeting's title" in lines
    assert lines[-1].startswith("deleted event council-meeting; undo with: tracker undo ")
    event = json.loads(cli("show", "event", "council", "-f", "json").stdout)
    assert (event["title"], event["kind"], event["place"]) == (
        "Meeting of the council", "council_meeting", "Tashkent"
    )  # fmt: skip
    assert event["parties"] == ["KZ", "TJ", "UZ"]
    assert event["identity_inferred"] is True
    assert [c["source"] for c in event["citations"]] == ["first", "second"]
    assert json.loads(cli("show", "agreement", "protocol", "-f", "json").stdout)["event"] == (
        "council"
    )
    gone = cli("show", "event", "council-meeting")
    assert gone.exit_code == 1
    change = lines[-1].rsplit(" ", 1)[1]
    undone = cli("undo", change)
    assert undone.exit_code == 0, undone.output
    assert cli("export", "-f", "json").stdout == before


def test_a_bad_merge_is_one_line_and_writes_nothing(twins: Invoke) -> None:
    cli = twins
    before = cli("export", "-f", "json").stdout
    for args, message in [
        (["event", "council", "protocol"], "OTHER: no event 'protocol'"),
        (["event", "council", "council"], "OTHER: is event council itself; name two records"),
        (["event", "council", "nothing"], "OTHER: no event 'nothing'"),
        (["source", "first", "second"], "KIND: sources are texts and cannot be merged"),
        (["event", "council", "council-meeting", "--take", "citations"], "--take: 'citations';"),
        (["treaty", "a", "b"], "KIND: unknown kind 'treaty'"),
    ]:
        result = cli("merge", *args)
        assert result.exit_code != 0, args
        assert result.stderr.startswith(f"tracker: error: {message}"), (args, result.stderr)
        assert result.stderr.count("\n") == 1
    assert cli("export", "-f", "json").stdout == before


TABLE = 'country,2022,2023,2024\nUzbekistan,4.5,5.0,5.2\n"Korea, Republic of",1.1,1.2,1.3\n'
SERIES = "date,value,period\n2022,$4.5bn,year\n2023,$5bn,year\n2024,$5.2bn,year\n"


@pytest.fixture
def dataset(cli: Invoke, tmp_path: Path) -> Invoke:
    table = tmp_path / "table.csv"
    table.write_text(TABLE, encoding="utf-8")
    for args in (
        ["add", "source", "--title", "Foreign trade of Kazakhstan by country", "--kind",
         "dataset", "--publisher", "Bureau of National Statistics", "--table-name",
         "Foreign trade by partner country, bn USD", "--retrieved", "2026-11-30", "--url",
         "https://stat.gov.kz/", "--file", str(table), "--slug", "stat-trade"],
        ["add", "target", "--title", "Trade to $10bn by 2030", "--slug", "trade", "--target",
         "$10bn", "--by", "2030", "--measure", "kz-uz-trade-turnover", "--party", "KZ",
         "--party", "UZ", "--cite", "stat-trade:row Uzbekistan, column 2024"],
    ):  # fmt: skip
        result = cli(*args)
        assert result.exit_code == 0, (args, result.output)
    return cli


def test_a_statistics_table_is_a_source_cited_by_row_and_column(
    dataset: Invoke, tmp_path: Path
) -> None:
    cli = dataset
    source = json.loads(cli("show", "source", "stat-trade", "-f", "json").stdout)
    assert {k: source[k] for k in ("kind", "publisher", "table_name", "retrieved")} == {
        "kind": "dataset",
        "publisher": "Bureau of National Statistics",
        "table_name": "Foreign trade by partner country, bn USD",
        "retrieved": "2026-11-30",
    }
    target = json.loads(cli("show", "target", "trade", "-f", "json").stdout)
    assert target["citations"] == [
        {"source": "stat-trade", "locator": "row Uzbekistan, column 2024"}
    ]
    series = tmp_path / "series.csv"
    series.write_text(SERIES, encoding="utf-8")
    args = ["target", "observe", "trade", "--series", str(series), "--source", "stat-trade",
            "--row", "Uzbekistan"]  # fmt: skip
    assert cli(*args).stdout == "target trade: 3 value(s) added from series.csv\n"
    assert cli(*args).stdout == ("target trade: 0 value(s) added from series.csv, 3 already held\n")
    figure = json.loads(
        cli("show", "figure", "kz-uz-trade-turnover-2023-year", "-f", "json").stdout
    )
    assert (figure["value"], figure["period"], figure["measure"]) == (
        5000000000, "year", "kz-uz-trade-turnover"
    )  # fmt: skip
    assert figure["citations"] == [
        {"source": "stat-trade", "locator": "row Uzbekistan, column 2023"}
    ]
    quoted = cli("cite", "figure", "kz-uz-trade-turnover-2023-year", "stat-trade",
                 'row "Korea, Republic of", column 2023')  # fmt: skip
    assert quoted.exit_code == 0, quoted.output
    assert cli("check").stdout == "ok: 5 citations verified, no problems\n"


def test_a_locator_not_in_the_table_is_refused_and_found_by_check(
    dataset: Invoke, tmp_path: Path
) -> None:
    cli = dataset
    before = cli("export", "-f", "json").stdout
    table = "the table of dataset 'stat-trade' has no"
    for locator, message in [
        ("row Tajikistan, column 2023", f"{table} row 'Tajikistan'"),
        ("row Uzbekistan, column 2030", f"{table} column '2030'"),
        ("Uzbekistan 2023", "'Uzbekistan 2023' is not a locator; accepted: row LABEL, column"),
    ]:
        result = cli("cite", "target", "trade", "stat-trade", locator)
        assert result.exit_code == 2
        assert result.stderr.startswith(f"tracker: error: QUOTE: {message}"), result.stderr
    text = cli("cite", "target", "trade", "stat-trade", "Uzbekistan")
    assert text.exit_code == 2
    assert cli("export", "-f", "json").stdout == before
    # The table revised without Uzbekistan's row: the citation no longer stands.
    revised = tmp_path / "revised.csv"
    revised.write_text("country,2022,2023,2024\nKyrgyzstan,1,2,3\n", encoding="utf-8")
    edited = cli("edit", "source", "stat-trade", "--file", str(revised))
    assert (edited.exit_code, edited.stdout) == (0, "updated source stat-trade\n")
    # The revision lands (tables are revised), and what it left unfounded is said at once.
    assert edited.stderr == (
        "tracker: warning: target trade: locator not in dataset stat-trade: no row 'Uzbekistan' "
        "(row Uzbekistan, column 2024)\n"
    )
    checked = cli("check")
    assert checked.exit_code == 1
    assert checked.stdout == (
        "target trade: locator not in dataset stat-trade: no row 'Uzbekistan' "
        "(row Uzbekistan, column 2024)\n"
    )


def test_a_value_without_a_citation_is_reported(dataset: Invoke) -> None:
    cli = dataset
    made = cli("target", "observe", "trade", "$4bn", "--on", "2025-01/2025-10", "--period", "ytd")
    assert made.exit_code == 0, made.output
    checked = cli("check")
    assert checked.exit_code == 1
    assert checked.stdout == "figure kz-uz-trade-turnover-2025-01-2025-10-ytd: has no citation\n"


@pytest.mark.parametrize("form", ["yaml", "csv"])
def test_a_dataset_and_its_locators_round_trip(
    dataset: Invoke, run: Invoke, tmp_path: Path, form: str
) -> None:
    exported = tmp_path / ("out" if form == "csv" else "out.yaml")
    assert dataset("export", "--format", form, "-o", str(exported)).exit_code == 0
    other = str(tmp_path / "other.db")
    imported = run("--db", other, "import", str(exported))
    assert imported.exit_code == 0, imported.output
    again = json.loads(run("--db", other, "show", "target", "trade", "-f", "json").stdout)
    assert again["citations"] == [
        {"source": "stat-trade", "locator": "row Uzbekistan, column 2024"}
    ]


def test_a_revised_text_lands_and_names_the_quotes_it_no_longer_has(cli: Invoke) -> None:
    assert cli("init").exit_code == 0
    shown = json.loads(cli("show", "source", "nur-kz-2025-10-09", "-f", "json").stdout)
    # More text around the same words: every quote still stands, nothing to say.
    longer = cli("edit", "source", "nur-kz-2025-10-09", "--text", shown["text"] + "\nP.S.")
    assert (longer.exit_code, longer.stderr) == (0, ""), longer.output
    shorter = cli("edit", "source", "nur-kz-2025-10-09", "--text", "Text withdrawn.")
    assert (shorter.exit_code, shorter.stdout) == (0, "updated source nur-kz-2025-10-09\n")
    warnings = shorter.stderr.splitlines()
    problems = cli("check").stdout.splitlines()
    cited_here = [line for line in problems if "source nur-kz-2025-10-09:" in line]
    assert len(cited_here) > 5  # the curated records cite it often
    assert warnings == [
        *(f"tracker: warning: {line}" for line in cited_here[:5]),
        f"tracker: warning: {len(cited_here) - 5} more; 'tracker check' lists them all",
    ]


def test_an_import_that_revises_a_text_names_the_quotes_it_no_longer_has(
    cli: Invoke, tmp_path: Path
) -> None:
    assert cli("init").exit_code == 0
    slug = "centralasia-2025-11-15"
    shown = json.loads(cli("show", "source", slug, "-f", "json").stdout)

    def import_text(text: str) -> Result:
        revised = tmp_path / "revised.json"
        source = {"slug": slug, "title": shown["title"], "text": text}
        revised.write_text(json.dumps({"format": "tracker/1", "sources": [source]}), "utf-8")
        imported = cli("import", str(revised), "--on-conflict", "update")
        assert imported.exit_code == 0, imported.output
        assert "source      0          1" in imported.stdout
        return imported

    assert import_text(shown["text"] + "\nP.S.").stderr == ""
    withdrawn = import_text("Text withdrawn.")
    cited_here = [line for line in cli("check").stdout.splitlines() if f"source {slug}:" in line]
    assert len(cited_here) > 5
    assert withdrawn.stderr.splitlines() == [
        *(f"tracker: warning: {line}" for line in cited_here[:5]),
        f"tracker: warning: {len(cited_here) - 5} more; 'tracker check' lists them all",
    ]
