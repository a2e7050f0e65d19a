"""Every report as known on a day: a history told by three sources, published in 2024, 2025
and 2026, read back at three dates. What a later source says is not known before it was
published; a step or a value dated later is not shown; a summit announced for next year is
planned until a text reports it held."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import Invoke

ANNOUNCED = (
    "The presidents agreed to hold a summit in Tashkent in June 2025. A draft treaty on water "
    "was proposed in February. Trade reached $5bn in 2023. The sides set a goal of $10bn of "
    "trade by 2030."
)
HELD = (
    "The summit was held in Tashkent on 20 June 2025. The water treaty was signed at the "
    "summit. Trade reached $6bn in 2024. The leaders proposed a joint transport company."
)
RATIFIED = (
    "Parliament ratified the water treaty in January 2026. Trade reached $4.1bn in the first "
    "ten months of 2025. The sides agreed to set up the transport company."
)


def _cite(source: str, quote: str) -> list[dict[str, str]]:
    return [{"source": source, "quote": quote}]


HISTORY = {
    "format": "tracker/1",
    "sources": [
        {"slug": "announced", "title": "Summit announced", "published": "2024-03-01",
         "outlet": "Wire A", "text": ANNOUNCED},
        {"slug": "held", "title": "Summit held", "published": "2025-07-01", "outlet": "Wire B",
         "text": HELD},
        {"slug": "ratified", "title": "Treaty ratified", "published": "2026-02-01",
         "outlet": "Wire C", "text": RATIFIED},
    ],
    "events": [
        {"slug": "summit", "title": "Tashkent summit", "kind": "summit", "date": "2025-06-20",
         "parties": ["KZ", "UZ"],
         "status_history": [
             {"status": "planned", "date": "2024-03-01",
              "citations": _cite("announced", "The presidents agreed to hold a summit in "
                                 "Tashkent in June 2025.")},
             {"status": "held", "date": "2025-06-20",
              "citations": _cite("held", "The summit was held in Tashkent on 20 June 2025.")},
         ],
         "citations": _cite("announced", "The presidents agreed to hold a summit in Tashkent "
                            "in June 2025.")},
    ],
    "agreements": [
        {"slug": "water-treaty", "title": "Water treaty", "kind": "treaty",
         "parties": ["KZ", "UZ"],
         "status_history": [
             {"status": "proposed", "date": "2024-02",
              "citations": _cite("announced", "A draft treaty on water was proposed in "
                                 "February.")},
             {"status": "signed", "date": "2025-06-20",
              "citations": _cite("held", "The water treaty was signed at the summit.")},
             {"status": "ratified", "date": "2026-01",
              "citations": _cite("ratified", "Parliament ratified the water treaty in January "
                                 "2026.")},
         ],
         "citations": _cite("announced", "A draft treaty on water was proposed in February.")},
    ],
    "initiatives": [
        {"slug": "transport-company", "title": "Joint transport company", "kind": "proposal",
         "parties": ["KZ", "UZ"], "date": "2025-06-20",
         "status_history": [
             {"status": "proposed", "date": "2025-06-20",
              "citations": _cite("held", "The leaders proposed a joint transport company.")},
             {"status": "agreed", "date": "2026-01",
              "citations": _cite("ratified", "The sides agreed to set up the transport "
                                 "company.")},
         ],
         "citations": _cite("held", "The leaders proposed a joint transport company.")},
    ],
    "targets": [
        {"slug": "trade-10bn", "title": "Trade of $10bn by 2030", "measure": "trade",
         "parties": ["KZ", "UZ"], "target_value": "$10bn", "deadline": "2030",
         "citations": _cite("announced", "The sides set a goal of $10bn of trade by 2030.")},
    ],
    "figures": [
        {"slug": "trade-2023", "title": "Trade in 2023", "measure": "trade", "value": "$5bn",
         "date": "2023", "period": "year", "parties": ["KZ", "UZ"],
         "citations": _cite("announced", "Trade reached $5bn in 2023.")},
        {"slug": "trade-2024", "title": "Trade in 2024", "measure": "trade", "value": "$6bn",
         "date": "2024", "period": "year", "parties": ["KZ", "UZ"], "event": "summit",
         "citations": _cite("held", "Trade reached $6bn in 2024.")},
        {"slug": "trade-2025-ytd", "title": "Trade in 2025 so far", "measure": "trade",
         "value": "$4.1bn", "date": "2025-01/2025-10", "period": "ytd", "parties": ["KZ", "UZ"],
         "citations": _cite("ratified", "Trade reached $4.1bn in the first ten months of "
                            "2025.")},
    ],
}  # fmt: skip

DATES = ("2024-06-30", "2025-12-31", "2026-06-30")


@pytest.fixture
def history(cli: Invoke, tmp_path: Path) -> Invoke:
    path = tmp_path / "history.json"
    path.write_text(json.dumps(HISTORY), encoding="utf-8")
    assert cli("init", "--empty").exit_code == 0
    imported = cli("import", str(path))
    assert imported.exit_code == 0, imported.output
    return cli


def _json(cli: Invoke, *args: str) -> object:
    result = cli(*args, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_the_agreements_report_shows_each_step_once_published(history: Invoke) -> None:
    statuses = []
    for day in DATES:
        report = _json(history, "report", "agreements", "--as-of", day)
        assert isinstance(report, dict)
        statuses.append([(g["group"], g["count"]) for g in report["groups"]])
    assert statuses == [[("proposed", 1)], [("signed", 1)], [("ratified", 1)]]


def test_the_initiatives_report_knows_nothing_before_its_source(history: Invoke) -> None:
    found = [_json(history, "report", "initiatives", "--as-of", day) for day in DATES]
    assert found[0] == []
    assert [[(i["slug"], i["status"]) for i in rows] for rows in found[1:]] == [  # type: ignore[union-attr]
        [("transport-company", "proposed")],
        [("transport-company", "agreed")],
    ]


def test_the_timeline_says_a_summit_was_planned_until_it_was_held(history: Invoke) -> None:
    moments = []
    for day in DATES:
        rows = _json(history, "report", "timeline", "--as-of", day)
        assert isinstance(rows, list)
        moments.append([(r["date"], r["what"], r.get("status"), r["slug"]) for r in rows])
    assert moments[0] == [
        ("2024-02", "proposed", None, "water-treaty"),
        ("2025-06-20", "summit", "planned", "summit"),
        ("2030", "deadline", None, "trade-10bn"),
    ]
    assert moments[1] == [
        ("2024-02", "proposed", None, "water-treaty"),
        # One day: agreements, events, initiatives.
        ("2025-06-20", "signed", None, "water-treaty"),
        ("2025-06-20", "summit", "held", "summit"),
        ("2025-06-20", "proposed", None, "transport-company"),
        ("2030", "deadline", None, "trade-10bn"),
    ]
    assert ("2026-01", "ratified", None, "water-treaty") in moments[2]
    assert ("2026-01", "agreed", None, "transport-company") in moments[2]
    table = history("report", "timeline", "--as-of", DATES[0]).stdout
    assert "summit (planned)" in table


def test_the_figures_report_holds_only_values_published_by_then(history: Invoke) -> None:
    values = []
    for day in DATES:
        measures = _json(history, "report", "figures", "--as-of", day)
        assert isinstance(measures, list)
        values.append([f["slug"] for m in measures for f in m["figures"]])
    assert [sorted(v) for v in values] == [
        ["trade-2023"],
        ["trade-2023", "trade-2024"],
        ["trade-2023", "trade-2024", "trade-2025-ytd"],
    ]


def test_the_targets_report_reads_the_values_known_by_then(history: Invoke) -> None:
    rows = []
    for day in DATES:
        [row] = _json(history, "report", "targets", "--as-of", day)  # type: ignore[misc]
        rows.append((row["latest_value"], row["latest_date"], row["status"]))
    assert rows == [
        (5000000000, "2023", "insufficient_data"),  # one value: no growth to read yet
        (6000000000, "2024", rows[1][2]),
        (4100000000, "2025-01/2025-10", rows[2][2]),
    ]
    assert rows[1][2] != "insufficient_data"


def test_the_briefing_cites_only_sources_published_by_then(history: Invoke) -> None:
    outlets = []
    for day in DATES:
        briefing = history("report", "briefing", "--pair", "KZ-UZ", "--as-of", day)
        assert briefing.exit_code == 0, briefing.output
        notes = briefing.stdout.split("## Source notes")[1]
        outlets.append([line.split(",")[0] for line in notes.splitlines() if line[:1].isdigit()])
        if day == DATES[0]:
            assert "| summit (planned) |" in briefing.stdout
            assert "The summit was held" not in notes
            assert "signed at the summit" not in briefing.stdout
    assert outlets == [["1. Wire A"], ["1. Wire A", "2. Wire B"], ["1. Wire A", "2. Wire B",
                                                                      "3. Wire C"]]  # fmt: skip


REPORTS = ("targets", "agreements", "initiatives", "timeline", "figures")


@pytest.mark.parametrize("report", REPORTS)
@pytest.mark.parametrize("fmt", ["table", "csv", "json", "md", "html"])
def test_every_report_takes_as_of_in_every_format(history: Invoke, report: str, fmt: str) -> None:
    result = history("report", report, "--as-of", DATES[1], "--format", fmt)
    assert result.exit_code == 0, result.output
    assert result.stdout.strip()


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_a_briefing_is_the_same_document_each_time(history: Invoke, fmt: str) -> None:
    first = history("report", "briefing", "--as-of", DATES[1], "--format", fmt).stdout
    again = history("report", "briefing", "--as-of", DATES[1], "--format", fmt).stdout
    assert first == again
    assert first != history("report", "briefing", "--as-of", DATES[2], "--format", fmt).stdout
