#!/usr/bin/env python3
"""Benchmarks for tracker, as whole processes, each figure a ratio measured in the same run.

    python benchmarks/run.py --quick     # small sizes, a few minutes
    python benchmarks/run.py             # the sizes of BENCHMARKS.md (long: see there)

Needs the `bench` extra (sqlite-utils) and the sqlite3 shell for the comparisons; prints a
table of measurements and one of goals (ratio, goal, met or not).
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
PYTHON = sys.executable
TRACKER = [PYTHON, "-m", "tracker"]
OTHERS = ("RU", "TJ", "KG", "TM", "CN")
KINDS = ("treaty", "agreement", "programme", "plan", "memorandum")
STATUSES = ("signed", "ratified", "proposed", "in_force")


# GNU time reports the peak memory of the command alone. Linux's own figure for a child
# (wait4's ru_maxrss) also counts this script's memory at the fork, which grows to gigabytes
# while it writes the 10^6-figure file.
GNU_TIME = "/usr/bin/time"


def run_timed(command: list[str], runs: int, env: dict[str, str]) -> tuple[float, int]:
    """Median wall time in seconds and peak resident memory in MB over `runs` runs."""
    gnu_time = os.path.exists(GNU_TIME)
    measured = [GNU_TIME, "-f", "%M", *command] if gnu_time else command
    times, peaks = [], []
    for _ in range(runs):
        start = time.perf_counter()
        process = subprocess.Popen(
            measured, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env
        )
        assert process.stderr is not None
        errors = process.stderr.read().decode(errors="replace")  # until the command ends
        _, status, usage = os.wait4(process.pid, 0)
        times.append(time.perf_counter() - start)
        lines = errors.splitlines()
        if gnu_time and lines and lines[-1].isdigit():
            peaks.append(int(lines.pop()) // 1024)
        else:
            peaks.append(usage.ru_maxrss // 1024)
        if os.waitstatus_to_exitcode(status) != 0:
            raise SystemExit(f"failed: {' '.join(command)}\n" + "\n".join(lines))
    return statistics.median(times), max(peaks)


def paired_ratio(
    numerator: list[str], denominator: list[str], runs: int, env: dict[str, str]
) -> float:
    """The median, over runs taken in turn, of numerator time / denominator time. On a
    shared machine a slow spell lasts minutes: measured minutes apart, the two sides of a
    ratio drifted by a third between two runs of this script; taken in turn, both see it."""
    ratios = []
    for _ in range(runs):
        below, _ = run_timed(denominator, 1, env)
        above, _ = run_timed(numerator, 1, env)
        ratios.append(above / below)
    return statistics.median(ratios)


def source() -> dict[str, object]:
    return {"slug": "synthetic-source", "title": "Synthetic source", "published": "2025",
            "text": "Стороны подписали соглашение о сотрудничестве."}  # fmt: skip


CITE = [{"source": "synthetic-source", "quote": "подписали соглашение"}]


def agreements_file(path: Path, count: int) -> None:
    records = [
        {
            "slug": f"agreement-{i:07d}",
            "title": f"Synthetic agreement {i}",
            "kind": KINDS[i % len(KINDS)],
            "parties": ["KZ", "UZ" if i % 3 else OTHERS[i % len(OTHERS)]],
            "sectors": ["trade"] if i % 2 else ["energy"],
            "status_history": [
                {
                    "status": STATUSES[i % len(STATUSES)],
                    "date": f"{2000 + i % 26}-{1 + i % 12:02d}",
                    "citations": CITE,
                }
            ],
            "citations": CITE,
        }
        for i in range(count)
    ]
    path.write_text(
        json.dumps({"format": "tracker/1", "sources": [source()], "agreements": records})
    )


def targets_file(path: Path, count: int, observations: int) -> None:
    """`count` targets, each with `observations` yearly values: figures of its measure."""
    records = [
        {
            "slug": f"target-{i:06d}",
            "title": f"Synthetic target {i}",
            "measure": f"measure-{i:06d}",
            "parties": ["KZ", "UZ"],
            "unit": "USD",
            "target_value": 10_000_000_000 + i,
            "deadline": "2030",
            "citations": CITE,
        }
        for i in range(count)
    ]
    values = [
        {
            "slug": f"measure-{i:06d}-{2005 + year}",
            "title": f"Value of synthetic target {i} in {2005 + year}",
            "measure": f"measure-{i:06d}",
            "parties": ["KZ", "UZ"],
            "value": 1_000_000_000 + 100_000_000 * year + i,
            "unit": "USD",
            "date": str(2005 + year),
            "period": "year",
            "citations": CITE,
        }
        for i in range(count)
        for year in range(observations)
    ]
    document = {"format": "tracker/1", "sources": [source()], "targets": records, "figures": values}
    path.write_text(json.dumps(document))


def figures_file(path: Path, count: int) -> None:
    records = [
        {"slug": f"figure-{i:07d}", "title": f"Synthetic figure {i}", "value": i,
         "unit": "count", "parties": ["KZ", "UZ"], "date": "2025", "citations": CITE}
        for i in range(count)
    ]  # fmt: skip
    path.write_text(json.dumps({"format": "tracker/1", "sources": [source()], "figures": records}))


# The filtered listing as tracker runs it: each agreement joined to its current status step,
# newest first, undated last.
FILTERED_SQL = """
SELECT a.slug, a.title FROM agreements a
LEFT JOIN agreement_statuses cur ON cur.agreement_id = a.id AND cur.id = (
  SELECT s.id FROM agreement_statuses s WHERE s.agreement_id = a.id
  ORDER BY s.date_lower IS NULL DESC, s.date_lower DESC, s.id DESC LIMIT 1)
WHERE EXISTS (SELECT 1 FROM agreement_parties ap JOIN parties p ON p.id = ap.party_id
              WHERE ap.agreement_id = a.id AND p.code = 'KZ')
  AND EXISTS (SELECT 1 FROM agreement_parties ap JOIN parties p ON p.id = ap.party_id
              WHERE ap.agreement_id = a.id AND p.code = 'UZ')
  AND cur.status = 'signed'
ORDER BY cur.date_lower IS NULL, cur.date_lower DESC, a.id DESC
LIMIT 50
"""


def beside_python(name: str) -> str | None:
    """A tool installed in this Python's environment (run without activating it), else on PATH."""
    here = Path(PYTHON).parent / name
    return str(here) if here.exists() else shutil.which(name)


def main() -> None:  # noqa: PLR0915 (a linear script: one step a measurement, read top down)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes (a few minutes)")
    parser.add_argument("--runs", type=int, default=None, help="runs per measurement")
    arguments = parser.parse_args()
    quick = arguments.quick
    runs = arguments.runs or (3 if quick else 5)
    agreement_sizes = (1_000, 3_000) if quick else (1_000, 10_000, 100_000)
    target_count, observation_count = (200, 20) if quick else (10_000, 20)
    figure_count = 10_000 if quick else 1_000_000
    work = Path(tempfile.mkdtemp(prefix="tracker-bench-"))
    env = {**os.environ, "XDG_DATA_HOME": str(work / "user-data"), "COLUMNS": "120"}
    env.pop("TRACKER_DB", None)
    rows: list[tuple[str, float, int]] = []

    def record(label: str, seconds: float, peak: int) -> None:
        rows.append((label, seconds, peak))
        print(f"  {label:<58} {seconds * 1000:9.0f} ms {peak:6d} MB", flush=True)

    def measure(label: str, command: list[str], times: int = runs) -> float:
        seconds, peak = run_timed(command, times, env)
        record(label, seconds, peak)
        return seconds

    def tracker(db: Path, *args: str) -> list[str]:
        return [*TRACKER, "--db", str(db), *args]

    # Installed packages carry their bytecode (pip compiles it); an editable checkout under
    # PYTHONDONTWRITEBYTECODE would compile tracker's modules again on every timed run.
    compileall.compile_dir(HERE.parent / "tracker", quiet=1)
    machine = f"{platform.platform()}, {os.cpu_count()} cores"
    sqlite_utils = beside_python("sqlite-utils")
    if not sqlite_utils:
        print("sqlite-utils not found (pip install '.[bench]'): its comparisons are skipped")
    print(f"machine: {machine}, Python {platform.python_version()}")
    print(f"work directory: {work}\n")
    curated = work / "curated.db"
    subprocess.run(tracker(curated, "init"), check=True, env=env, capture_output=True)

    bare_import = [PYTHON, "-c", "import sqlalchemy.orm, typer, tabulate"]
    minimal_help = [PYTHON, str(HERE / "minimal_typer_app.py"), "--help"]
    measure("python -c 'import sqlalchemy.orm, typer, tabulate'", bare_import)
    measure("minimal Typer app --help", minimal_help)
    measure("tracker --help", [*TRACKER, "--help"])
    measure("tracker list agreements (curated)", tracker(curated, "list", "agreements"))
    filter_args = ["list", "agreements", "--pair", "KZ-UZ", "--status", "signed", "--limit", "50"]
    measure("filtered list --limit 50 (curated)", tracker(curated, *filter_args))
    measure("tracker report targets (curated)", tracker(curated, "report", "targets"))

    import_rate = 0.0
    import_seconds = 0.0
    largest = agreement_sizes[-1]
    for size in agreement_sizes:
        database, records = work / f"agreements-{size}.db", work / f"agreements-{size}.json"
        agreements_file(records, size)
        subprocess.run(
            tracker(database, "init", "--empty"), check=True, env=env, capture_output=True
        )
        seconds = measure(
            f"tracker import {size:,} agreements", tracker(database, "import", str(records)), 1
        )
        if size == largest:
            import_seconds, import_rate = seconds, (size + 1) / seconds
        measure(
            f"tracker list agreements ({size:,})",
            tracker(database, "list", "agreements", "--limit", "50"),
        )
        measure(f"filtered list --limit 50 ({size:,})", tracker(database, *filter_args))
        if size == largest:
            if shutil.which("sqlite3"):
                measure(
                    f"sqlite3 shell, same query ({size:,})",
                    ["sqlite3", str(database), FILTERED_SQL],
                )
            if sqlite_utils:
                measure(f"sqlite-utils query, same query ({size:,})",
                        [sqlite_utils, "query", str(database), FILTERED_SQL])  # fmt: skip

    utils_insert = 0.0
    if sqlite_utils:
        flat = work / "agreements-flat.json"
        rows_data = json.loads((work / f"agreements-{largest}.json").read_text())["agreements"]
        flat.write_text(
            json.dumps([{k: v for k, v in r.items() if isinstance(v, str)} for r in rows_data])
        )
        insert = [sqlite_utils, "insert", str(work / "utils.db"), "agreements", str(flat)]
        utils_insert = measure(f"sqlite-utils insert {largest:,} rows", insert, 1)

    targets_db, targets_json = work / "targets.db", work / "targets.json"
    targets_file(targets_json, target_count, observation_count)
    subprocess.run(tracker(targets_db, "init", "--empty"), check=True, env=env, capture_output=True)
    measure(f"tracker import {target_count:,} targets x {observation_count} values (figures)",
            tracker(targets_db, "import", str(targets_json)), 1)  # fmt: skip
    measure(f"tracker report targets ({target_count:,})", tracker(targets_db, "report", "targets"))

    figures_db, figures_json = work / "figures.db", work / "figures.json"
    figures_file(figures_json, figure_count)
    subprocess.run(tracker(figures_db, "init", "--empty"), check=True, env=env, capture_output=True)
    measure(
        f"tracker import {figure_count:,} figures",
        tracker(figures_db, "import", str(figures_json)),
        1,
    )
    export = tracker(figures_db, "export", "-o", str(work / "out.json"), "--force")
    export_seconds, export_peak = run_timed(export, 1, env)
    record(f"tracker export {figure_count:,} figures", export_seconds, export_peak)
    # The same figures read back from YAML: the parser's events, not a node graph of the file.
    as_yaml, yaml_db = work / "figures.yaml", work / "figures-yaml.db"
    subprocess.run(tracker(figures_db, "export", "--format", "yaml", "-o", str(as_yaml)),
                   check=True, env=env, capture_output=True)  # fmt: skip
    subprocess.run(tracker(yaml_db, "init", "--empty"), check=True, env=env, capture_output=True)
    yaml_mb = as_yaml.stat().st_size / 1e6
    yaml_seconds, yaml_peak = run_timed(tracker(yaml_db, "import", str(as_yaml)), 1, env)
    record(f"tracker import {figure_count:,} figures from YAML ({yaml_mb:.0f} MB)", yaml_seconds,
           yaml_peak)  # fmt: skip

    def ratio(numerator: list[str], denominator: list[str]) -> float:
        return paired_ratio(numerator, denominator, runs, env)

    goals = [
        (
            "list agreements (curated) / bare import",
            ratio(tracker(curated, "list", "agreements"), bare_import),
            "<= 1.3",
        ),
        (
            "tracker --help / minimal Typer app --help",
            ratio([*TRACKER, "--help"], minimal_help),
            "<= 1.2",
        ),
        (
            f"filtered list at {largest:,} / on curated",
            ratio(
                tracker(work / f"agreements-{largest}.db", *filter_args),
                tracker(curated, *filter_args),
            ),
            "<= 1.5",
        ),
        (
            f"report targets at {target_count:,} / on curated",
            ratio(tracker(targets_db, "report", "targets"), tracker(curated, "report", "targets")),
            "<= 3",
        ),
        (f"import {largest:,} agreements: records per second", import_rate, ">= 20000"),
        (
            "import / sqlite-utils insert of the same rows",
            import_seconds / utils_insert if utils_insert else float("nan"),
            "<= 3",
        ),
        (f"export {figure_count:,} figures: peak memory (MB)", float(export_peak), "< 200"),
        (
            f"import {figure_count:,} figures from YAML: peak memory (MB)",
            float(yaml_peak),
            "< 200",
        ),
    ]
    print("\nratios: the first four from runs taken in turn (see paired_ratio)")
    print("\n| goal | measured | target | met |\n| --- | --- | --- | --- |")
    for name, value, target in goals:
        op, bound = target.split()
        met = {"<=": value <= float(bound), ">=": value >= float(bound), "<": value < float(bound)}[
            op
        ]
        print(f"| {name} | {value:,.2f} | {target} | {'yes' if met else 'no'} |")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
