"""Reports on the curated data: targets, agreements, timeline, figures, the briefing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import Invoke

AS_OF = "2026-11-21"


@pytest.fixture
def seeded(cli: Invoke, monkeypatch: pytest.MonkeyPatch) -> Invoke:
    monkeypatch.setenv("COLUMNS", "200")
    assert cli("init").exit_code == 0
    return cli


def test_report_targets_json_has_the_stable_keys(seeded: Invoke) -> None:
    result = seeded("report", "targets", "--as-of", AS_OF, "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == [
        {
            "slug": "kz-uz-trade-10bn-by-2030",
            "title": "Mutual trade turnover of $10bn by 2030",
            "unit": "USD",
            "base_value": 3478260870,
            "base_date": "2024",
            "latest_value": 4000000000,
            "latest_date": "2025",
            "target_value": 10000000000,
            "deadline": "2030",
            "observed_growth_pct": 15.0,
            "required_growth_pct": 19.24,
            "ratio": 0.78,
            "progress_pct": 8.0,
            "needed_growth_pct": 20.11,
            "projected_value": 8045428750,
            "status": "acceleration_needed",
        }
    ]


def test_report_targets_table_shows_status_and_needed_growth(seeded: Invoke) -> None:
    table = seeded("report", "targets", "--as-of", AS_OF).stdout
    assert table == (
        "target                    base                     latest             goal           "
        "growth    required    R     progress       needed    projected    status\n"
        "------------------------  -----------------------  -----------------  -------------  "
        "--------  ----------  ----  -------------  --------  -----------  -------------------\n"
        "kz-uz-trade-10bn-by-2030  $3.48bn (2024, derived)  about $4bn (2025)  $10bn by 2030  "
        "15%       19.24%      0.78  █░░░░░░░░░ 8%  20.11%    $8.05bn      acceleration needed\n"
    )


def test_as_of_reproduces_an_earlier_briefing(seeded: Invoke) -> None:
    before = json.loads(
        seeded("report", "targets", "--as-of", "2024-12", "--format", "json").stdout
    )
    assert before[0]["status"] == "insufficient_data"
    assert before[0]["latest_value"] is None


def test_report_agreements_pivot_and_groups(seeded: Invoke) -> None:
    result = seeded("report", "agreements", "--as-of", AS_OF, "--format", "json")
    report = json.loads(result.stdout)
    assert report["by"] == "status"
    assert [(g["group"], g["count"]) for g in report["groups"]] == [
        ("signed", 16), ("adopted", 2), ("proposed", 1), ("unknown", 1),
    ]  # fmt: skip
    table = seeded("report", "agreements", "--as-of", AS_OF).stdout
    assert table.startswith(f"agreements by status as of {AS_OF}\n")
    assert "status: adopted (2)" in table
    by_kind = json.loads(seeded("report", "agreements", "--by", "kind", "--format", "json").stdout)
    assert by_kind["groups"][0] == {
        "group": "agreement",
        "count": 5,
        "agreements": by_kind["groups"][0]["agreements"],
    }
    by_party = json.loads(
        seeded("report", "agreements", "--by", "party", "--format", "json").stdout
    )
    assert {g["group"]: g["count"] for g in by_party["groups"]}["RU"] == 2
    by_year = json.loads(seeded("report", "agreements", "--by", "year", "--format", "json").stdout)
    assert {g["group"]: g["count"] for g in by_year["groups"]} == {"2025": 2, "(unknown)": 18}


def test_a_status_unchanged_for_long_is_flagged(seeded: Invoke) -> None:
    assert seeded(
        "add", "agreement", "--title", "Old memorandum", "--slug", "old-memo", "--kind",
        "memorandum", "--status", "signed", "--on", "2019-05",
    ).exit_code == 0  # fmt: skip
    report = json.loads(seeded("report", "agreements", "--as-of", AS_OF, "--format", "json").stdout)
    flagged = [a["slug"] for g in report["groups"] for a in g["agreements"] if a["stale"]]
    assert flagged == ["old-memo"]
    table = seeded("report", "agreements", "--as-of", AS_OF).stdout
    assert table.splitlines()[3].split() == ["signed", "17", "1"]


def test_report_timeline_in_date_order_at_each_precision(seeded: Invoke) -> None:
    result = seeded("report", "timeline", "--from", "2025", "--to", "2030", "--format", "json")
    moments = [(m["date"], m["what"], m["slug"]) for m in json.loads(result.stdout)]
    assert moments == [
        ("2025-03-15", "signed", "kz-uz-trade-10bn-programme"),
        ("2025-10-09", "proposed", "north-south-eastern-branch-programme"),
        ("2025-10-09", "summit", "central-asia-russia-summit-2"),
        ("2025-11-15", "council_meeting", "kz-uz-supreme-interstate-council-2"),
        ("2030", "deadline", "kz-uz-trade-10bn-by-2030"),
    ]
    table = seeded("report", "timeline", "--from", "2025", "--to", "2030").stdout
    # 6 undated events and 18 undated status steps cannot be placed.
    assert table.startswith("timeline (24 undated records not shown)\n")
    assert [line[:11].strip() for line in table.splitlines()[3:]] == [
        "15 Mar 2025", "9 Oct 2025", "9 Oct 2025", "15 Nov 2025", "2030",
    ]  # fmt: skip


def test_report_figures_and_conflicts(seeded: Invoke) -> None:
    assert seeded("report", "figures", "--conflicts").stdout == "no conflicting figures\n"
    cited = "centralasia-2025-11-15:реализуется 78 совместных проектов"
    assert seeded(
        "add", "figure", "--title", "Joint projects (other count)", "--value", "80",
        "--unit", "projects", "--date", "2025-11-15", "--measure", "kz-uz-joint-projects-count",
        "--cite", cited,
    ).exit_code == 0  # fmt: skip
    conflicts = json.loads(seeded("report", "figures", "--conflicts", "--format", "json").stdout)
    assert [m["measure"] for m in conflicts] == ["kz-uz-joint-projects-count"]
    assert sorted(f["value"] for f in conflicts[0]["figures"]) == [78, 80]
    every = json.loads(seeded("report", "figures", "--format", "json").stdout)
    assert len(every) == 6


def test_briefing_markdown(seeded: Invoke) -> None:
    document = seeded("report", "briefing", "--pair", "KZ-UZ", "--as-of", AS_OF).stdout
    assert document.startswith("# Briefing: Kazakhstan – Uzbekistan\n\n_As of 21 Nov 2026.")
    for heading in ("Headline numbers", "Targets", "Agreements by status", "Recent timeline",
                    "Key figures", "Source notes"):  # fmt: skip
        assert f"\n## {heading}\n" in document
    assert "- **Agreements:** 18 (16 signed, 2 adopted)" in document
    assert (
        "| Mutual trade turnover of $10bn by 2030 | about $4bn (2025) | $10bn by 2030 | 15% | "
        "█░░░░░░░░░ 8% | 20.11% | $8.05bn | acceleration needed | [1][2][3][4] |"
    ) in document
    assert "Russia" not in document.split("## Source notes")[0]
    assert (
        "\n1. Казахстан и Узбекистан договорились увеличить товарооборот до $10 млрд " in document
    )


def test_briefing_html_is_self_contained_with_a_chart(seeded: Invoke, tmp_path: Path) -> None:
    out = tmp_path / "briefing.html"
    result = seeded("report", "briefing", "--pair", "KZ-UZ", "--format", "html", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert result.stdout == f"wrote {out} (html, as of {__import__('datetime').date.today()})\n"
    page = out.read_text("utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert "@page { size: A4;" in page
    assert page.count("<svg ") == 1
    assert 'aria-label="Mutual trade turnover of $10bn by 2030: acceleration needed"' in page
    assert "src=" not in page
    assert "<link" not in page
    again = seeded("report", "briefing", "--format", "html", "-o", str(out))
    assert again.exit_code == 1
    assert (
        again.stderr
        == f"tracker: error: --output: {out} already exists; pass --force to overwrite it\n"
    )


def test_briefing_html_escapes_hostile_titles(seeded: Invoke) -> None:
    hostile = '<script>alert("x")</script> & | =cmd'
    assert seeded(
        "add", "figure", "--title", hostile, "--value", "1", "--unit", "count", "--party", "KZ",
        "--cite", "centralasia-2025-11-15:реализуется 78 совместных проектов",
    ).exit_code == 0  # fmt: skip
    page = seeded("report", "briefing", "--format", "html").stdout
    assert "<script>" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; | =cmd" in page
    markdown = seeded("report", "briefing").stdout
    assert "<script>" not in markdown  # Markdown renderers pass raw HTML through
    assert '&lt;script&gt;alert("x")&lt;/script&gt; &amp; \\| =cmd' in markdown


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["report", "agreements", "--by", "colour"],
         "--by: unknown grouping 'colour'; accepted: status, kind, year, sector, party"),
        (["report", "targets", "--as-of", "yesterday-ish"],
         "--as-of: 'yesterday-ish' is not a date; accepted: YYYY, YYYY-MM, YYYY-MM-DD, "
         "optionally followed by ~ (approximate) or ? (uncertain), or a range A/B of those, or "
         "a natural date such as '15 March 2025' or 'March 2025'"),
        (["report", "briefing", "--format", "pdf"],
         "--format: unknown format 'pdf'; accepted: md, html"),
        (["report", "agreements", "--stale-after", "0"], "--stale-after: must be at least 1 year"),
    ],
)  # fmt: skip
def test_report_errors(seeded: Invoke, args: list[str], message: str) -> None:
    result = seeded(*args)
    assert result.exit_code == 2
    assert result.stderr == f"tracker: error: {message}\n"
