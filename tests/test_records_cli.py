"""A curator's session through the CLI alone, with the exact output it must print."""

from __future__ import annotations

import json

import pytest

from tests.conftest import Invoke
from tests.helpers import SEEDS

SOURCE = "kazakhstan-and-uzbekistan-agree-to-raise-trade-to-10bn"


@pytest.fixture
def session(cli: Invoke, monkeypatch: pytest.MonkeyPatch) -> Invoke:
    """A database holding one of each kind, built through the CLI as a curator would."""
    monkeypatch.setenv("COLUMNS", "120")

    def ok(*args: str) -> str:
        result = cli(*args)
        assert result.exit_code == 0, (args, result.output)
        return result.stdout

    assert (
        ok(
            "add",
            "source",
            "--title",
            "Kazakhstan and Uzbekistan agree to raise trade to $10bn",
            "--file",
            str(SEEDS / "001_cfe22c3e38d54788.txt"),
            "--outlet",
            "CentralAsia (KZ)",
            "--published",
            "2025-11-15",
            "--language",
            "ru",
            "--via",
            "Akorda",
        )
        == f"created source {SOURCE} (id 1)\n"
    )
    assert (
        ok(
            "add",
            "event",
            "--title",
            "Second meeting of the Supreme Interstate Council",
            "--kind",
            "council_meeting",
            "--date",
            "15 November 2025",
            "--place",
            "Tashkent",
            "--party",
            "KZ",
            "--party",
            "Uzbekistan",
            "--cite",
            f"{SOURCE}:В Ташкенте 15 ноября состоялось второе заседание",
        )
        == "created event second-meeting-of-the-supreme-interstate-council (id 1)\n"
    )
    assert (
        ok(
            "add",
            "agreement",
            "--title",
            "Programme to raise mutual trade to $10bn",
            "--kind",
            "programme",
            "--party",
            "KZ",
            "--party",
            "UZ",
            "--tag",
            "trade",
            "--status",
            "signed",
            "--on",
            "2025-03-15",
            "--slug",
            "trade-programme",
            "--title-original",
            "Программа увеличения взаимного товарооборота до $10 млрд",
            "--cite",
            f"{SOURCE}:которая была подписана 15 марта этого года",
        )
        == "created agreement trade-programme (id 1)\n"
    )
    assert ok("agreement", "status", "trade-programme", "in_force", "--on", "2025-04") == (
        "agreement trade-programme: in_force recorded; current status in_force\n"
    )
    assert (
        ok(
            "add",
            "target",
            "--title",
            "Mutual trade to $10bn by 2030",
            "--target",
            "$10bn",
            "--by",
            "2030",
            "--party",
            "KZ",
            "--party",
            "UZ",
            "--agreement",
            "trade-programme",
            "--slug",
            "trade-10bn",
            "--measure",
            "kz-uz-trade-turnover",
        )
        == "created target trade-10bn (id 1)\n"
    )
    assert (
        ok(
            "add",
            "figure",
            "--title",
            "Joint projects under way",
            "--value",
            "78",
            "--unit",
            "projects",
            "--date",
            "2025-11-15",
            "--party",
            "KZ",
            "--party",
            "UZ",
            "--measure",
            "kz-uz-joint-projects",
            "--slug",
            "joint-projects",
        )
        == "created figure joint-projects (id 1)\n"
    )
    assert (
        ok(
            "add",
            "figure",
            "--title",
            "Jobs the joint projects will create",
            "--value",
            "свыше 15 тыс.",
            "--unit",
            "jobs",
            "--date",
            "2025-11-15",
            "--party",
            "KZ",
            "--party",
            "UZ",
            "--slug",
            "joint-project-jobs",
        )
        == "created figure joint-project-jobs (id 2)\n"
    )
    assert (
        ok(
            "edit",
            "figure",
            "joint-projects",
            "--title",
            "Joint projects being implemented",
            "--cite",
            f"{SOURCE}:В настоящее время реализуется 78 совместных проектов",
        )
        == "updated figure joint-projects\n"
    )
    # The target's value: a figure of its measure, with its unit, parties and tags.
    assert ok(
        "target", "observe", "trade-10bn", "about $4bn", "--on", "2025", "--growth", "15"
    ) == ("figure kz-uz-trade-turnover-2025 added to measure kz-uz-trade-turnover\n")
    return cli


def test_show_agreement(session: Invoke) -> None:
    expected = f"""\
agreement trade-programme
field              value
-----------------  --------------------------------------------------------
slug               trade-programme
title              Programme to raise mutual trade to $10bn
title_original     Программа увеличения взаимного товарооборота до $10 млрд
kind               programme
status             in_force
parties            KZ, UZ
parties_inferred   no
identity_inferred  no
event
sectors            trade
note

status history
#    status    date         note    sources
---  --------  -----------  ------  ------------------------------------------------------
1    signed    15 Mar 2025          {SOURCE}
2    in_force  Apr 2025

citations
#    source                                                  quote
---  ------------------------------------------------------  ------------------------------------------
1    {SOURCE}  которая была подписана 15 марта этого года
"""  # noqa: E501 (exact output is wider than the code)
    assert session("show", "agreement", "trade-programme").stdout == expected


def test_show_by_id_equals_show_by_slug(session: Invoke) -> None:
    assert session("show", "target", "1").stdout == session("show", "target", "trade-10bn").stdout


def test_list_each_kind(session: Invoke) -> None:
    assert (
        session("list", "agreements").stdout
        == """\
slug             kind       status    since     parties    title
---------------  ---------  --------  --------  ---------  ----------------------------------------
trade-programme  programme  in_force  Apr 2025  KZ, UZ     Programme to raise mutual trade to $10bn
"""
    )
    assert (
        session("list", "targets").stdout
        == """\
slug        target    by    latest      as of    parties    title
----------  --------  ----  ----------  -------  ---------  -----------------------------
trade-10bn  $10bn     2030  about $4bn  2025     KZ, UZ     Mutual trade to $10bn by 2030
"""
    )
    assert (
        session("list", "figures").stdout
        == """\
slug                       value             date         parties    title
-------------------------  ----------------  -----------  ---------  ---------------------------------------------
joint-project-jobs         over 15,000 jobs  15 Nov 2025  KZ, UZ     Jobs the joint projects will create
joint-projects             78 projects       15 Nov 2025  KZ, UZ     Joint projects being implemented
kz-uz-trade-turnover-2025  about $4bn        2025         KZ, UZ     Mutual trade to $10bn by 2030: reported value
"""  # noqa: E501
    )
    events = session("list", "event").stdout
    assert events.splitlines()[2].startswith(
        "second-meeting-of-the-supreme-interstate-council  15 Nov 2025  council_meeting  "
    )
    assert all(len(line) <= 120 for line in events.splitlines()), "wrapped to the terminal"
    assert (
        session("list", "sources")
        .stdout.splitlines()[2]
        .startswith(f"{SOURCE}  15 Nov 2025  CentralAsia (KZ)  ru")
    )


@pytest.mark.parametrize(
    ("args", "slugs"),
    [
        (["agreements", "--pair", "UZ-KZ", "--status", "in_force"], ["trade-programme"]),
        (["agreements", "--status", "signed"], []),
        (["agreements", "--kind", "treaty"], []),
        (["agreements", "--sector", "trade"], ["trade-programme"]),
        (["agreements", "--search", "ТОВАРООБОРОТА"], ["trade-programme"]),
        (["figures", "--search", "JOBS"], ["joint-project-jobs"]),
        (["figures", "--country", "RU"], []),
        (["figures", "--country", "Kazakhstan", "--country", "UZ"],
         ["joint-project-jobs", "joint-projects", "kz-uz-trade-turnover-2025"]),
        (["figures", "--sort", "title", "--limit", "1"], ["joint-project-jobs"]),
        (["figures", "--sort", "oldest"],
         ["kz-uz-trade-turnover-2025", "joint-projects", "joint-project-jobs"]),
        (["events", "--since", "2025-11", "--until", "2025"],
         ["second-meeting-of-the-supreme-interstate-council"]),
        (["events", "--since", "2026"], []),
        (["targets", "--until", "2029"], []),
        (["sources", "--search", "uzkaztrade"], [SOURCE]),
    ],
)  # fmt: skip
def test_list_filters(session: Invoke, args: list[str], slugs: list[str]) -> None:
    result = session("list", *args, "--format", "json")
    assert result.exit_code == 0, result.output
    assert [r["slug"] for r in json.loads(result.stdout)] == slugs


def test_list_formats(session: Invoke) -> None:
    markdown = """\
| slug | value | date | parties | title |
| --- | --- | --- | --- | --- |
| joint-project-jobs | over 15,000 jobs | 15 Nov 2025 | KZ, UZ | Jobs the joint projects will create |
| joint-projects | 78 projects | 15 Nov 2025 | KZ, UZ | Joint projects being implemented |
| kz-uz-trade-turnover-2025 | about $4bn | 2025 | KZ, UZ | Mutual trade to $10bn by 2030: reported value |
"""  # noqa: E501
    assert session("list", "figures", "--format", "md").stdout == markdown
    assert (
        session("list", "figures", "--format", "html").stdout
        == """\
<table>
<thead><tr><th>slug</th><th>value</th><th>date</th><th>parties</th><th>title</th></tr></thead>
<tbody>
<tr><td>joint-project-jobs</td><td>over 15,000 jobs</td><td>15 Nov 2025</td><td>KZ, UZ</td>\
<td>Jobs the joint projects will create</td></tr>
<tr><td>joint-projects</td><td>78 projects</td><td>15 Nov 2025</td><td>KZ, UZ</td>\
<td>Joint projects being implemented</td></tr>
<tr><td>kz-uz-trade-turnover-2025</td><td>about $4bn</td><td>2025</td><td>KZ, UZ</td>\
<td>Mutual trade to $10bn by 2030: reported value</td></tr>
</tbody>
</table>
"""
    )
    grid = session("list", "targets", "--tablefmt", "grid").stdout
    assert grid.startswith("+------------+")
    assert (
        session("list", "figures", "--format", "csv").stdout
        == """\
slug,value,value_unit,value_qualifier,date,parties,title
joint-project-jobs,15000,jobs,over,2025-11-15,KZ; UZ,Jobs the joint projects will create
joint-projects,78,projects,exact,2025-11-15,KZ; UZ,Joint projects being implemented
kz-uz-trade-turnover-2025,4000000000,USD,about,2025,KZ; UZ,Mutual trade to $10bn by 2030: reported value
"""  # noqa: E501
    )


def test_json_list_round_trips_everything_show_prints(session: Invoke) -> None:
    for kind in ("source", "event", "agreement", "initiative", "target", "figure"):
        listed = json.loads(session("list", kind, "--format", "json").stdout)
        for record in listed:
            shown = json.loads(session("show", kind, record["slug"], "--format", "json").stdout)
            assert shown == record
    [target] = json.loads(session("list", "targets", "--format", "json").stdout)
    assert target["target_value"] == 10000000000
    assert target["deadline"] == "2030"
    assert target["measure"] == "kz-uz-trade-turnover"
    # Its observation is a figure of its measure, with its unit, parties and tags.
    observed = json.loads(
        session("show", "figure", "kz-uz-trade-turnover-2025", "--format", "json").stdout
    )
    assert {key: observed[key] for key in (
        "measure", "parties", "value", "unit", "qualifier", "date", "period", "growth_pct",
        "tags", "note", "citations",
    )} == {
        "measure": "kz-uz-trade-turnover",
        "parties": ["KZ", "UZ"],
        "value": 4000000000,
        "unit": "USD",
        "qualifier": "about",
        "date": "2025",
        "period": None,
        "growth_pct": 15,
        "tags": [],
        "note": None,
        "citations": [],
    }  # fmt: skip


def test_delete_and_history_of_changes(session: Invoke) -> None:
    assert session("delete", "figure", "joint-project-jobs", "--yes").stdout == (
        "deleted figure joint-project-jobs\n"
    )
    assert session("show", "figure", "joint-project-jobs").exit_code == 1
    refused = session("delete", "source", SOURCE, "--yes")
    assert refused.exit_code == 1
    assert refused.stderr == (
        f"tracker: error: source '{SOURCE}' is in use: 4 citation(s) of it would be deleted; "
        "pass --force to delete it anyway\n"
    )
    forced = session("delete", "source", SOURCE, "--yes", "--force")
    assert forced.stdout == f"deleted source {SOURCE}; 4 citation(s) of it were deleted\n"
    shown = json.loads(session("show", "agreement", "trade-programme", "--format", "json").stdout)
    assert shown["citations"] == []
    assert shown["status_history"][0]["citations"] == []


def test_delete_asks_on_a_terminal(session: Invoke, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("tracker.cli.records.stdin_is_terminal", lambda: True)
    declined = session("delete", "figure", "joint-projects", input="n\n")
    assert declined.exit_code == 1
    assert "Delete figure 'joint-projects'? [y/N]" in declined.stdout
    assert session("show", "figure", "joint-projects").exit_code == 0
    accepted = session("delete", "figure", "joint-projects", input="y\n")
    assert accepted.exit_code == 0
    assert accepted.stdout.endswith("deleted figure joint-projects\n")


def test_citations_and_steps_can_be_removed(session: Invoke) -> None:
    assert session("uncite", "figure", "joint-projects", SOURCE).stdout == (
        f"removed 1 citation(s) of {SOURCE} from figure joint-projects\n"
    )
    assert session("agreement", "unstatus", "trade-programme", "2").exit_code == 0
    history = session("agreement", "history", "trade-programme", "--format", "json").stdout
    assert [s["status"] for s in json.loads(history)] == ["signed"]
    assert session("delete", "figure", "kz-uz-trade-turnover-2025", "--yes").exit_code == 0
    assert session("target", "observations", "trade-10bn").stdout == "(no values)\n"
