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
            # The value for January to about November 2025, up 15%, annualised (x 12 / 11):
            # $4.36bn for 2025, so $4.36bn / 1.15 = $3.79bn at the end of 2024.
            "base_value": 3794466403,
            "base_date": "2024?",
            "latest_value": 4000000000,
            "latest_date": "2025-01/2025-11?",
            "latest_period": "ytd",
            "annualised_value": 4363636364,
            "target_value": 10000000000,
            "deadline": "2030",
            "observed_growth_pct": 15.0,
            "required_growth_pct": 17.53,
            "ratio": 0.86,
            "progress_pct": 9.17,
            "needed_growth_pct": 18.04,
            "projected_value": 8776831364,
            "status": "acceleration_needed",
            "partial_estimate": True,
            "basis": "partial-year estimate: 11 months annualised",
            "declining": False,
            "reason": None,
        }
    ]


def test_report_targets_table_shows_status_and_needed_growth(seeded: Invoke) -> None:
    table = seeded("report", "targets", "--as-of", AS_OF).stdout
    assert table == (
        "target                    base                   latest                      goal   "
        "        growth    required    R     progress          needed    projected    status\n"
        "------------------------  ---------------------  --------------------------  "
        "-------------  --------  ----------  ----  ----------------  --------  -----------  "
        "-----------------------\n"
        "kz-uz-trade-10bn-by-2030  about $3.79bn (2024?,  about $4bn (Jan 2025 – Nov  "
        "$10bn by 2030  15%       17.53%      0.86  █░░░░░░░░░ 9.17%  18.04%    $8.78bn      "
        "acceleration needed\n"
        "                          derived)               2025? (year to date))              "
        "                                                                             "
        "(partial-year estimate)\n"
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
    # The package of documents is approved, as its text says; proposals are initiatives now.
    assert [(g["group"], g["count"]) for g in report["groups"]] == [
        ("approved", 12), ("signed", 4), ("unknown", 1),
    ]  # fmt: skip
    table = seeded("report", "agreements", "--as-of", AS_OF).stdout
    assert table.startswith(f"agreements by status as of {AS_OF}\n")
    assert "status: approved (12)" in table
    by_kind = json.loads(seeded("report", "agreements", "--by", "kind", "--format", "json").stdout)
    assert by_kind["groups"][0] == {
        "group": "agreement",
        "count": 6,
        "agreements": by_kind["groups"][0]["agreements"],
    }
    by_party = json.loads(
        seeded("report", "agreements", "--by", "party", "--format", "json").stdout
    )
    parties = {g["group"]: g["count"] for g in by_party["groups"]}
    assert (parties["KZ"], parties["UZ"], parties["org:kazmunaygas"]) == (17, 16, 1)
    assert "RU" not in parties  # no text names Russia a party of an agreement
    by_year = json.loads(seeded("report", "agreements", "--by", "year", "--format", "json").stdout)
    assert {g["group"]: g["count"] for g in by_year["groups"]} == {"2025": 1, "(unknown)": 16}


def test_only_a_status_awaiting_a_next_step_goes_stale(seeded: Invoke) -> None:
    """A signed memorandum is complete; a signed treaty awaits ratification; a proposed
    initiative awaits agreement. Each unchanged since 2019."""
    for kind, slug in (("memorandum", "old-memo"), ("treaty", "old-treaty")):
        assert seeded(
            "add", "agreement", "--title", f"Old {kind}", "--slug", slug, "--kind", kind,
            "--status", "signed", "--on", "2019-05",
        ).exit_code == 0  # fmt: skip
    assert seeded(
        "add", "agreement", "--title", "Old plan", "--slug", "old-plan", "--kind", "plan",
        "--status", "adopted", "--on", "2019-05",
    ).exit_code == 0  # fmt: skip
    report = json.loads(seeded("report", "agreements", "--as-of", AS_OF, "--format", "json").stdout)
    flagged = {
        a["slug"]: a["awaits"] for g in report["groups"] for a in g["agreements"] if a["stale"]
    }
    assert flagged == {"old-treaty": "ratification"}
    table = seeded("report", "agreements", "--as-of", AS_OF).stdout
    assert table.splitlines()[4].split() == ["signed", "6", "1"]
    assert "stale: awaits ratification" in table
    # Not stale two years earlier: unchanged for less than --stale-after.
    earlier = seeded("report", "agreements", "--as-of", "2020-12-31", "--format", "json").stdout
    assert not [a for g in json.loads(earlier)["groups"] for a in g["agreements"] if a["stale"]]
    assert seeded(
        "add", "initiative", "--title", "Old proposal", "--slug", "old-proposal", "--kind",
        "proposal", "--status", "proposed", "--on", "2019-05",
    ).exit_code == 0  # fmt: skip
    initiatives = seeded("report", "initiatives", "--as-of", AS_OF, "--format", "json").stdout
    stale = {i["slug"]: i["awaits"] for i in json.loads(initiatives) if i["awaits"]}
    assert stale == {"old-proposal": "agreement"}


def test_report_timeline_in_date_order_at_each_precision(seeded: Invoke) -> None:
    result = seeded("report", "timeline", "--from", "2025", "--to", "2030", "--format", "json")
    moments = [(m["date"], m["what"], m["slug"]) for m in json.loads(result.stdout)]
    # Dates the curator inferred from the texts' own dates carry "?"; initiatives' steps too.
    assert moments == [
        ("2025-03-15?", "signed", "kz-uz-trade-10bn-programme"),
        ("2025-10-09?", "summit", "central-asia-russia-summit-2"),
        ("2025-10-09?", "proposed", "north-south-eastern-branch-programme"),
        ("2025-11-15?", "state_visit", "kz-uz-state-visit-uzbekistan"),
        ("2025-11-15?", "council_meeting", "kz-uz-supreme-interstate-council-2"),
        ("2025-11-15?", "proposed", "kz-uz-aktau-kuryk-ports-invitation"),
        ("2025-11-15?", "agreed", "kz-uz-business-council"),
        ("2025-11-15?", "agreed", "kz-uz-decision-council-of-regional-heads"),
        ("2025-11-15?", "in_progress", "kz-uz-decision-council-of-regional-heads"),
        ("2025-11-15?", "proposed", "kz-uz-it-cooperation-invitation"),
        ("2025-11-15?", "proposed", "kz-uz-production-chains-proposal"),
        ("2025-11-15?", "in_progress", "kz-uz-university-branches"),
        ("2025-11-15?", "proposed", "kz-uz-water-policy-harmonisation-proposal"),
        ("2025-11-15?", "agreed", "uzkaztrade-joint-trading-company"),
        ("2030", "deadline", "kz-uz-trade-10bn-by-2030"),
    ]
    table = seeded("report", "timeline", "--from", "2025", "--to", "2030").stdout
    # Undated events and undated status steps cannot be placed.
    assert table.startswith("timeline (31 undated records not shown)\n")
    assert [line[:12].strip() for line in table.splitlines()[3:]] == [
        "15 Mar 2025?", "9 Oct 2025?", "9 Oct 2025?", *["15 Nov 2025?"] * 11, "2030",
    ]  # fmt: skip


def test_report_figures_and_conflicts(seeded: Invoke) -> None:
    assert seeded("report", "figures", "--conflicts").stdout == "no conflicting figures\n"
    cited = "centralasia-2025-11-15:реализуется 78 совместных проектов"
    assert seeded(
        "add", "figure", "--title", "Joint projects (other count)", "--value", "80",
        "--unit", "projects", "--date", "2025-11-15?", "--period", "point",
        "--measure", "kz-uz-joint-projects-count", "--cite", cited,
    ).exit_code == 0  # fmt: skip
    conflicts = json.loads(seeded("report", "figures", "--conflicts", "--format", "json").stdout)
    assert [m["measure"] for m in conflicts] == ["kz-uz-joint-projects-count"]
    assert sorted(f["value"] for f in conflicts[0]["figures"]) == [78, 80]
    every = json.loads(seeded("report", "figures", "--format", "json").stdout)
    assert len(every) == 7
    [trade] = [m for m in every if m["measure"] == "kz-uz-trade-turnover"]
    assert (trade["conflicting"], trade["declining"]) == (False, False)
    assert [f["period"] for f in trade["figures"]] == ["ytd"]


def test_briefing_markdown(seeded: Invoke) -> None:
    document = seeded("report", "briefing", "--pair", "KZ-UZ", "--as-of", AS_OF).stdout
    assert document.startswith(
        "# Briefing: Kazakhstan – Uzbekistan\n\n_As of 21 Nov 2026: only what its sources had "
        "published by then."
    )
    for heading in ("Headline numbers", "Targets", "Agreements by status",
                    "Initiatives by status", "Recent timeline",
                    "Ahead, as known on the as-of date", "Key figures", "Conflicts and declines",
                    "Source notes"):  # fmt: skip
        assert f"\n## {heading}\n" in document
    headline = document.split("## Targets")[0]
    assert "- **Agreements:** 16 (12 approved, 4 signed)" in headline
    assert "- **Initiatives:** 16 (4 proposed, 10 agreed, 2 in progress)" in headline
    # Scoped to the pair: the sources and quotes this briefing cites, not the database's.
    assert "Citations in the database" not in headline
    assert "- **Sources cited:** 4 (" in headline
    [row] = [
        line for line in document.splitlines()
        if line.startswith("| Mutual trade turnover of $10bn by 2030 |")
    ]  # fmt: skip
    *cells, notes = row.removesuffix(" |").split(" | ")
    assert " | ".join(cells) == (
        "| Mutual trade turnover of $10bn by 2030 | about $3.79bn (2024?, derived) | about $4bn "
        "(Jan 2025 – Nov 2025? (year to date)) | $10bn by 2030 | 18.04% | acceleration needed "
        "(partial-year estimate)"
    )
    assert "Russia" not in document.split("## Source notes")[0]
    source_notes = document.split("## Source notes")[1]
    # Each source once, with its outlet and date, its quotes listed under it.
    assert (
        "\n1. CentralAsia (KZ), via Akorda, 15 Nov 2025: Казахстан и Узбекистан договорились"
        in (source_notes)
    )
    sources = [line for line in source_notes.splitlines() if line[:1].isdigit()]
    assert len(sources) == len({line.split(":")[0] for line in sources}) == 4
    # An all-capitals title reads in sentence case, cut at a word.
    assert any("Укрепление стратегического партнёрства" in line for line in sources)
    # The row cites the target's sentences and the sentence its latest value comes from.
    quotes = (
        "«Главной задачей обозначено выполнение Программы увеличения взаимного товарооборота до "
        "$10 млрд к 2030 году»",
        "«Казахстан и Узбекистан договорились увеличить товарооборот до $10 млрд»",
        "долл. США к 2030 году.»",
        "«По данным текущего года товарооборот увеличился на 15 %",
        # ...and the sentence before it, which names the two countries.
        "«Казахстан является одним из ведущих торговых партнёров Узбекистана.»",
    )
    refs = {
        line.split()[1]
        for line in source_notes.splitlines()
        if line.startswith("    - ") and any(q in line for q in quotes)
    }
    assert len(refs) == 5
    assert sorted(notes.strip("[]").split("][")) == sorted(refs)


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
        (["report", "briefing", "--format", "docx"],
         "--format: unknown format 'docx'; accepted: md, html, pdf"),
        (["report", "agreements", "--stale-after", "0"], "--stale-after: must be at least 1 year"),
    ],
)  # fmt: skip
def test_report_errors(seeded: Invoke, args: list[str], message: str) -> None:
    result = seeded(*args)
    assert result.exit_code == 2
    assert result.stderr == f"tracker: error: {message}\n"


def test_a_reported_base_keeps_its_digits_and_a_derived_one_is_rounded(seeded: Invoke) -> None:
    assert seeded(
        "add", "target", "--title", "Renewables share of 15%", "--slug", "renewables",
        "--target", "15", "--unit", "percent", "--by", "2030", "--baseline", "7.5",
        "--baseline-date", "2021", "--measure", "renewables-share", "--party", "KZ",
    ).exit_code == 0  # fmt: skip
    reports = json.loads(seeded("report", "targets", "--as-of", AS_OF, "-f", "json").stdout)
    [renewables] = [r for r in reports if r["slug"] == "renewables"]
    assert renewables["base_value"] == 7.5  # as given: not "8"
    [trade] = [r for r in reports if r["slug"] == "kz-uz-trade-10bn-by-2030"]
    assert trade["base_value"] == 3794466403  # derived ($4.36bn / 1.15), to whole dollars
    assert "7.5% (2021)" in seeded("report", "targets", "--as-of", AS_OF).stdout
