"""One series of values a measure: a target reads the figures of its measure, like with
like. A year-to-date value beside full years is an estimate said as such, never a year; a
falling series is a decline; values of one span that disagree are a conflict."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest

from tests.conftest import Invoke
from tests.helpers import SEEDS
from tracker.domain.periods import check_period, months_covered
from tracker.domain.progress import Partial, Point, assess
from tracker.errors import InvalidValue

TARGET = "trade-10bn-2030"
SOURCE = "trade-article"
QUOTE = "Казахстан и Узбекистан договорились увеличить товарооборот до $10 млрд"


def _year(value: str, year: int) -> Point:
    return Point(Decimal(value), dt.date(year, 12, 31), str(year), period="year")


def _ytd(value: str, year: int, months: int | None) -> Point:
    label = f"{year}-01/{year}-{months:02d}" if months else str(year)
    end = dt.date(year, months or 12, 28)
    return Point(Decimal(value), end, label, period="ytd", months=months)


def _assess(observed: list[Point], partial: Point | None = None) -> object:
    return assess(
        target_value=Decimal("10e9"),
        direction="up",
        deadline=dt.date(2030, 12, 31),
        baseline=None,
        observations=observed,
        as_of=dt.date(2025, 12, 31),
        partial=Partial(partial) if partial else None,
    )


def test_full_years_alone_are_read_as_before() -> None:
    a = _assess([_year("5e9", 2022), _year("5.5e9", 2023)])
    assert a.status == "on_track"  # type: ignore[attr-defined]
    assert (a.partial, a.partial_estimate, a.declining) == (None, False, False)  # type: ignore[attr-defined]


def test_a_year_to_date_value_beside_full_years_is_an_annualised_estimate() -> None:
    """Ten months of 2025 at $4.2bn is not a fall from 2023's $5.5bn: annualised it is
    $5.04bn; base 2022 ($5bn), so growth is about 0.27% a year against 9.05% required."""
    partial = _ytd("4.2e9", 2025, 10)
    a = _assess([_year("5e9", 2022), _year("5.5e9", 2023)], partial)
    assert a.partial == partial  # type: ignore[attr-defined]
    assert a.partial_estimate  # type: ignore[attr-defined]
    assert a.basis == "partial-year estimate: 10 months annualised"  # type: ignore[attr-defined]
    assert a.latest.value == Decimal("5.04e9")  # type: ignore[attr-defined]
    assert a.latest.label == "2025"  # type: ignore[attr-defined]
    assert a.base.label == "2022"  # type: ignore[attr-defined]
    assert a.observed_growth_pct == 0.27  # type: ignore[attr-defined]
    assert a.required_growth_pct == 9.05  # type: ignore[attr-defined]
    assert a.status == "limited_progress"  # type: ignore[attr-defined]
    assert not a.declining  # type: ignore[attr-defined]
    # Read raw, as a year, the same value would have been a fall: the defect this prevents.
    raw = _assess([_year("5e9", 2022), Point(Decimal("4.2e9"), dt.date(2025, 12, 31), "2025")])
    assert raw.status == "deterioration"  # type: ignore[attr-defined]


def test_a_year_to_date_value_of_months_not_given_is_shown_but_not_used() -> None:
    partial = _ytd("4e9", 2025, None)
    a = _assess([_year("5e9", 2022), _year("5.5e9", 2023)], partial)
    assert a.partial == partial  # type: ignore[attr-defined]
    assert not a.partial_estimate  # type: ignore[attr-defined]
    assert a.basis == "a year-to-date value (months not given) is not used"  # type: ignore[attr-defined]
    assert a.latest.label == "2023"  # type: ignore[attr-defined]
    assert a.status == "on_track"  # type: ignore[attr-defined]


def test_a_lone_year_to_date_value_with_its_growth_derives_its_base_a_year_earlier() -> None:
    partial = Point(
        Decimal("4e9"), dt.date(2025, 11, 30), "2025-01/2025-11?", Decimal(15), "ytd", 11
    )
    a = _assess([], partial)
    assert a.partial_estimate  # type: ignore[attr-defined]
    assert a.base_derived  # type: ignore[attr-defined]
    assert a.base.label == "2024?"  # type: ignore[attr-defined]
    assert a.observed_growth_pct == 15.0  # type: ignore[attr-defined]
    assert a.status == "acceleration_needed"  # type: ignore[attr-defined]


def test_a_falling_series_is_a_decline() -> None:
    a = _assess([_year("5e9", 2022), _year("4e9", 2024)])
    assert a.status == "deterioration"  # type: ignore[attr-defined]
    assert a.declining  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("period", "date", "ok"),
    [
        ("year", "2024", True),
        ("year", "2024-03", False),
        ("ytd", "2025-01/2025-10", True),
        ("ytd", "2025", True),
        ("ytd", "2025-02/2025-10", False),
        ("quarter", "2025-04/2025-06", True),
        ("quarter", "2025-02/2025-04", False),
        ("month", "2025-03", True),
        ("month", "2025", False),
        ("point", "2025-11-15", True),
    ],
)
def test_a_period_must_be_one_its_date_can_be(period: str, date: str, ok: bool) -> None:
    from tracker.domain.edtf import parse_edtf

    parsed = parse_edtf(date)
    if ok:
        check_period(period, parsed.lower, parsed.upper, date)
    else:
        with pytest.raises(InvalidValue) as raised:
            check_period(period, parsed.lower, parsed.upper, date)
        assert raised.value.field == "period"


def test_months_covered_only_when_the_source_gives_the_span() -> None:
    assert months_covered("ytd", "2025-01/2025-10", dt.date(2025, 1, 1), dt.date(2025, 10, 31))
    assert months_covered("ytd", "2025", dt.date(2025, 1, 1), dt.date(2025, 12, 31)) is None
    assert months_covered("year", "2025", dt.date(2025, 1, 1), dt.date(2025, 12, 31)) is None


# ---- through the CLI ---------------------------------------------------------------------------


@pytest.fixture
def series(cli: Invoke, monkeypatch: pytest.MonkeyPatch) -> Invoke:
    """A target of measure kz-uz-trade-turnover with two full years and ten months of 2025,
    each reported as a figure."""
    monkeypatch.setenv("COLUMNS", "200")

    def ok(*args: str) -> str:
        result = cli(*args)
        assert result.exit_code == 0, (args, result.output)
        return result.stdout

    ok(
        "add",
        "source",
        "--title",
        "Trade article",
        "--file",
        str(SEEDS / "001_cfe22c3e38d54788.txt"),
        "--published",
        # Early enough that every value below was known by each as-of date the tests use.
        "2021-12-31",
        "--slug",
        SOURCE,
    )
    ok("add", "target", "--title", "Trade to $10bn by 2030", "--target", "$10bn", "--by", "2030",
       "--measure", "kz-uz-trade-turnover", "--party", "KZ", "--party", "UZ", "--slug", TARGET,
       "--cite", f"{SOURCE}:{QUOTE}")  # fmt: skip
    for value, on, period in (
        ("about $5bn", "2022", "year"),
        ("$5.5bn", "2023", "year"),
        ("$4.2bn", "2025-01/2025-10", "ytd"),
    ):
        made = ok("target", "observe", TARGET, value, "--on", on, "--period", period,
                  "--cite", f"{SOURCE}:{QUOTE}")  # fmt: skip
        assert made.startswith("figure kz-uz-trade-turnover-")
        assert made.endswith(" added to measure kz-uz-trade-turnover\n")
    return cli


def test_the_targets_report_marks_the_year_to_date_value_and_the_estimate(series: Invoke) -> None:
    report = json.loads(series("report", "targets", "--as-of", "2025-12-31", "-f", "json").stdout)
    [row] = report
    assert {k: row[k] for k in ("base_value", "base_date", "latest_value", "latest_date")} == {
        "base_value": 5000000000,
        "base_date": "2022",
        "latest_value": 4200000000,
        "latest_date": "2025-01/2025-10",
    }
    assert row["latest_period"] == "ytd"
    assert row["annualised_value"] == 5040000000
    assert (row["status"], row["partial_estimate"], row["declining"]) == (
        "limited_progress",
        True,
        False,
    )
    table = series("report", "targets", "--as-of", "2025-12-31").stdout
    assert "about $5bn (2022)" in table  # the source's "about" kept with the base
    assert "$4.2bn (Jan 2025 – Oct 2025 (year to" in table  # wraps: "date))" below
    assert "limited progress (partial-year\n" in table  # wraps: "estimate)" below
    # Before the year-to-date value existed, the two full years alone.
    earlier = json.loads(series("report", "targets", "--as-of", "2024-06-30", "-f", "json").stdout)
    assert (earlier[0]["latest_date"], earlier[0]["partial_estimate"]) == ("2023", False)


def test_a_value_that_falls_is_a_decline_in_both_reports(series: Invoke) -> None:
    assert series("target", "observe", TARGET, "$4bn", "--on", "2024", "--period", "year",
                  "--cite", f"{SOURCE}:{QUOTE}").exit_code == 0  # fmt: skip
    [row] = json.loads(series("report", "targets", "--as-of", "2024-12-31", "-f", "json").stdout)
    assert (row["status"], row["declining"]) == ("deterioration", True)
    assert "deterioration (decline)" in series("report", "targets", "--as-of", "2024-12-31").stdout
    figures = series("report", "figures").stdout
    assert "kz-uz-trade-turnover (decline)" in figures
    measures = json.loads(series("report", "figures", "-f", "json").stdout)
    assert [m["declining"] for m in measures] == [True]


def test_values_of_one_span_that_disagree_are_a_conflict(series: Invoke) -> None:
    assert series("report", "figures", "--conflicts").stdout == "no conflicting figures\n"
    # A second source's 2023 figure: a conflict. A year to date of 2023 would not be one.
    assert series("target", "observe", TARGET, "$5.1bn", "--on", "2023-01/2023-06",
                  "--period", "ytd", "--cite", f"{SOURCE}:{QUOTE}").exit_code == 0  # fmt: skip
    assert series("report", "figures", "--conflicts").stdout == "no conflicting figures\n"
    assert series("target", "observe", TARGET, "$5.2bn", "--on", "2023", "--period", "year",
                  "--cite", f"{SOURCE}:{QUOTE}").exit_code == 0  # fmt: skip
    conflicts = json.loads(series("report", "figures", "--conflicts", "-f", "json").stdout)
    assert [m["measure"] for m in conflicts] == ["kz-uz-trade-turnover"]
    values = {(f["date"], f["period"], f["value"]) for f in conflicts[0]["figures"]}
    assert {("2023", "year", 5500000000), ("2023", "year", 5200000000)} <= values


def test_a_target_lists_its_series_and_a_bad_period_writes_nothing(series: Invoke) -> None:
    listed = series("target", "observations", TARGET).stdout
    assert listed.splitlines()[0].split() == [
        "#",
        "value",
        "date",
        "growth",
        "%",
        "figure",
        "sources",
    ]
    assert len(listed.splitlines()) == 5
    assert "Jan 2025 – Oct 2025 (year to date)" in listed
    before = series("export", "-f", "json").stdout
    bad = series("target", "observe", TARGET, "$5bn", "--on", "2024-03", "--period", "year")
    assert bad.exit_code == 2
    assert bad.stderr == ("tracker: error: --period: year needs a date like 2024, not '2024-03'\n")
    unknown = series("target", "observe", TARGET, "$5bn", "--on", "2024", "--period", "decade")
    assert unknown.exit_code == 2
    assert unknown.stderr == (
        "tracker: error: --period: unknown value 'decade'; accepted: year, ytd, quarter, "
        "month, point\n"
    )
    assert series("export", "-f", "json").stdout == before


def test_a_target_without_a_measure_is_told_how_to_give_it_one(cli: Invoke) -> None:
    assert (
        cli("add", "target", "--title", "Goal", "--target", "10", "--unit", "jobs").exit_code == 0
    )
    refused = cli("target", "observe", "goal", "5")
    assert refused.exit_code == 2
    assert refused.stderr == (
        "tracker: error: REF: target 'goal' has no measure; give it one first "
        "(tracker edit target goal --measure NAME)\n"
    )
