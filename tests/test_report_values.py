"""Values that once broke whole reports: a growth of -100%, a target a trillion times its
latest value. Bad values are refused at input; a target that cannot be assessed says so and
never takes the other targets (or the briefing) down with it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import Invoke
from tracker.domain.progress import Point, assess
from tracker.models import Target
from tracker.services.reports import targets as targets_report

AS_OF = dt.date(2026, 11, 21)


@pytest.fixture
def seeded(cli: Invoke) -> Invoke:
    assert cli("init").exit_code == 0
    return cli


def _target(cli: Invoke, slug: str, goal: str, by: str) -> None:
    result = cli(
        "add", "target", "--title", slug, "--target", goal, "--by", by, "--slug", slug,
        "--measure", slug,
    )  # fmt: skip
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("growth", ["-100", "-100.5", "-250"])
def test_a_growth_of_minus_100_or_less_is_refused_with_nothing_written(
    seeded: Invoke, growth: str
) -> None:
    def state() -> tuple[str, str, str]:
        return (
            seeded("show", "target", "kz-uz-trade-10bn-by-2030", "--format", "json").stdout,
            seeded("target", "observations", "kz-uz-trade-10bn-by-2030").stdout,
            seeded("list", "figures", "--format", "json").stdout,
        )

    before = state()
    result = seeded(
        "target", "observe", "kz-uz-trade-10bn-by-2030", "$4bn", "--on", "2026", "--growth", growth
    )
    assert result.exit_code == 2
    assert result.stderr == (
        f"tracker: error: --growth: '{growth}': a yearly growth in percent, above -100\n"
    )
    assert state() == before


def test_a_records_file_with_such_a_growth_is_refused(seeded: Invoke, tmp_path: Path) -> None:
    path = tmp_path / "t.yaml"
    path.write_text(
        "format: tracker/1\ntargets:\n- slug: t\n  title: T\n  target_value: $10bn\n"
        "  deadline: '2030'\n  measure: m\nfigures:\n- slug: f\n  title: F\n  measure: m\n"
        "  value: $4bn\n  date: '2025'\n  growth_pct: -100\n",
        encoding="utf-8",
    )
    result = seeded("import", str(path))
    assert result.exit_code == 2
    assert result.stderr == (
        "tracker: error: t.yaml: figures[0] f: growth_pct: "
        "-100: a yearly growth in percent, above -100\n"
    )


def test_an_older_file_with_such_a_growth_in_an_observation_is_refused(
    seeded: Invoke, tmp_path: Path
) -> None:
    """A file written before observations became figures: its observation is read as a
    figure of the target's measure (here its slug), and refused as one."""
    path = tmp_path / "t.yaml"
    path.write_text(
        "format: tracker/1\ntargets:\n- slug: t\n  title: T\n  target_value: $10bn\n"
        "  deadline: '2030'\n  observations:\n  - value: $4bn\n    date: '2025'\n"
        "    growth_pct: -100\n",
        encoding="utf-8",
    )
    result = seeded("import", str(path))
    assert result.exit_code == 2
    assert result.stderr == (
        "tracker: error: t.yaml: figures[0] t-2025-1: growth_pct: "
        "-100: a yearly growth in percent, above -100\n"
    )


def test_a_growth_just_above_minus_100_is_kept_and_assessed(seeded: Invoke) -> None:
    _target(seeded, "t1", "$10bn", "2030")
    observed = seeded("target", "observe", "t1", "$4bn", "--on", "2025", "--growth", "-99.9")
    assert observed.exit_code == 0
    report = seeded("report", "targets", "--as-of", "2026-11-21", "--format", "csv")
    assert report.exit_code == 0
    assert "t1," in report.stdout


def test_a_target_far_beyond_its_values_does_not_take_the_report_down(seeded: Invoke) -> None:
    _target(seeded, "far", "$10tn", "2100")
    assert seeded("target", "observe", "far", "$1", "--on", "2025").exit_code == 0
    assert seeded("target", "observe", "far", "$1bn", "--on", "2026").exit_code == 0
    report = seeded("report", "targets", "--as-of", "2026-11-21", "--format", "csv")
    assert report.exit_code == 0, report.output
    rows = {line.split(",")[0]: line for line in report.stdout.splitlines()[1:]}
    assert set(rows) == {"far", "kz-uz-trade-10bn-by-2030"}
    assert rows["far"].endswith(",on track")
    briefing = seeded("report", "briefing", "--as-of", "2026-11-21", "--format", "md")
    assert briefing.exit_code == 0, briefing.output


def test_one_target_that_cannot_be_computed_is_reported_as_such(
    seeded: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whatever arithmetic goes wrong in one target's assessment stays with that target."""
    _target(seeded, "broken", "$10bn", "2030")
    real = targets_report.assess

    def fragile(**arguments: object) -> object:
        # Only "broken" has no value at all: the curated target's one value is a partial year.
        if (
            arguments["target_value"] == Decimal(10**10)
            and arguments["observations"] == []
            and arguments["partial"] is None
        ):
            raise ArithmeticError("boom")
        return real(**arguments)  # type: ignore[arg-type]

    monkeypatch.setattr(targets_report, "assess", fragile)
    report = seeded("report", "targets", "--as-of", "2026-11-21", "--format", "json")
    assert report.exit_code == 0, report.output
    assert '"status": "insufficient_data"' in report.stdout
    broken = Target(target_value=Decimal(10**10), direction="up", deadline_upper=AS_OF)
    assessment = targets_report.assess_target(broken, [], AS_OF)
    assert assessment.status == "insufficient_data"
    assert assessment.reason == "its values cannot be computed with (ArithmeticError)"
    assert '"status": "acceleration_needed"' in report.stdout


def _point(value: str, day: dt.date, growth: str | None = None) -> Point:
    return Point(Decimal(value), day, day.isoformat(), Decimal(growth) if growth else None)


def test_growth_of_minus_100_already_in_the_data_is_not_used_to_derive_a_base() -> None:
    a = assess(
        target_value=Decimal(10**10),
        direction="up",
        deadline=dt.date(2030, 12, 31),
        baseline=None,
        observations=[_point("4000000000", dt.date(2025, 12, 31), "-100")],
        as_of=AS_OF,
    )
    assert a.status == "insufficient_data"
    assert a.reason == "only one dated value, with no reported growth"


def test_values_too_far_apart_for_a_float_are_insufficient_data() -> None:
    a = assess(
        target_value=Decimal("1e400"),
        direction="up",
        deadline=dt.date(2100, 12, 31),
        baseline=None,
        observations=[
            _point("1", dt.date(2025, 1, 1)),
            _point("1e350", dt.date(2025, 1, 2)),
        ],
        as_of=AS_OF,
    )
    assert a.status == "insufficient_data"
    assert a.reason == "the values are too far apart to compute a growth rate"


def test_a_projection_beyond_a_float_is_left_out() -> None:
    a = assess(
        target_value=Decimal(10**13),
        direction="up",
        deadline=dt.date(2100, 12, 31),
        baseline=None,
        observations=[_point("1", dt.date(2025, 12, 31)), _point("1e9", dt.date(2026, 12, 31))],
        as_of=AS_OF,
    )
    assert a.status == "on_track"
    assert a.projected_value is None
    assert a.needed_growth_pct is not None


VALUES = st.decimals(min_value=Decimal("1e-6"), max_value=Decimal("1e30"), places=6)
DAYS = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 12, 31))


@given(VALUES, VALUES, VALUES, DAYS, DAYS, DAYS, st.one_of(st.none(), st.decimals(-99, 10**6)))
def test_assess_never_raises(
    base: Decimal,
    latest: Decimal,
    goal: Decimal,
    first: dt.date,
    second: dt.date,
    deadline: dt.date,
    growth: Decimal | None,
) -> None:
    first, second = min(first, second), max(first, second)
    points = [
        _point(str(base), first),
        _point(str(latest), second, str(growth) if growth else None),
    ]
    for observations in (points, points[1:]):
        assess(
            target_value=goal,
            direction="up",
            deadline=deadline,
            baseline=None,
            observations=observations,
            as_of=dt.date(2101, 1, 1) if deadline > AS_OF else AS_OF,
        )
