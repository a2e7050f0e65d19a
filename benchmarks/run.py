#!/usr/bin/env python3
"""Benchmarks for tracker, as whole processes, each figure a ratio measured in the same run.

    python benchmarks/run.py --quick     # small sizes, a few minutes
    python benchmarks/run.py             # the sizes of BENCHMARKS.md (long: see there)
    python benchmarks/run.py --postgres postgresql+psycopg://USER:PASS@HOST/tracker_bench

Needs the `bench` extra (sqlite-utils) and the sqlite3 shell for the comparisons; prints a
table of measurements, one of each import beside its floor (`floor.py`: the rows it wrote,
replayed into a fresh database at the same schema) and one of goals (ratio, goal, met or not).
With --postgres (or $TRACKER_BENCH_POSTGRES) the imports are also run on PostgreSQL: that
database, and one named like it with `_floor` added, are dropped and created again for each
import, so the name must contain "bench".
"""

from __future__ import annotations

import argparse
import compileall
import json
import math
import os
import platform
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from importlib import metadata
from pathlib import Path

HERE = Path(__file__).resolve().parent
PYTHON = sys.executable
POSTGRES_ENV = "TRACKER_BENCH_POSTGRES"
TRACKER = [PYTHON, "-m", "tracker"]
OTHERS = ("RU", "TJ", "KG", "TM", "CN")
KINDS = ("treaty", "agreement", "programme", "plan", "memorandum")
STATUSES = ("signed", "ratified", "proposed", "in_force")


# GNU time reports the peak memory of the command alone. Linux's own figure for a child
# (wait4's ru_maxrss) also counts this script's memory at the fork, which grows to gigabytes
# while it writes the 10^6-figure file.
GNU_TIME = "/usr/bin/time"


class TreeMemory:
    """The largest resident memory of a process and all its descendants together, sampled
    every 50 ms from /proc (Linux): a large import runs in two processes, and a peak of
    each alone would understate what the machine must hold. 0 where /proc is missing."""

    def __init__(self, pid: int) -> None:
        self.pid, self.peak, self.running = pid, 0, True
        self.thread = threading.Thread(target=self._sample, daemon=True)
        self.thread.start()

    def stop(self) -> int:
        self.running = False
        self.thread.join()
        return self.peak // 1024

    def _sample(self) -> None:
        while self.running and os.path.isdir("/proc"):
            self.peak = max(self.peak, sum(_rss_kb(pid) for pid in _tree(self.pid)))
            time.sleep(0.05)


def _tree(root: int) -> list[int]:
    parents: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as stat:
                    parent = int(stat.read().rpartition(")")[2].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            parents.setdefault(parent, []).append(int(entry))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(parents.get(pid, []))
    return found


def _rss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


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
        tree = TreeMemory(process.pid)
        errors = process.stderr.read().decode(errors="replace")  # until the command ends
        _, status, usage = os.wait4(process.pid, 0)
        times.append(time.perf_counter() - start)
        together = tree.stop()
        lines = errors.splitlines()
        if gnu_time and lines and lines[-1].isdigit():
            peak = int(lines.pop()) // 1024
        else:
            peak = usage.ru_maxrss // 1024
        peaks.append(max(peak, together))
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


def postgres_databases(url: str | None) -> tuple[str, str] | str:
    """The import's and the floor's database URLs, or why PostgreSQL is skipped."""
    if not url:
        return f"no --postgres URL and no ${POSTGRES_ENV}"
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    if parsed.get_backend_name() != "postgresql" or not parsed.database:
        return f"{url!r} is not a postgresql+psycopg:// URL with a database name"
    if "bench" not in parsed.database:
        return f"database {parsed.database!r}: the benchmark drops it; its name must say bench"
    try:
        import psycopg
    except ModuleNotFoundError:
        return "psycopg is not installed (pip install '.[postgres]')"
    parsed = parsed.set(drivername="postgresql+psycopg")
    try:
        recreate_database(parsed.render_as_string(hide_password=False))
    except psycopg.Error as error:
        return f"cannot use {parsed.render_as_string()}: {str(error).strip().splitlines()[0]}"
    floor = parsed.set(database=f"{parsed.database}_floor")
    return (
        parsed.render_as_string(hide_password=False),
        floor.render_as_string(hide_password=False),
    )


def recreate_database(url: str) -> None:
    """Drop the database of `url` and create it again, empty, owned by the URL's user."""
    import psycopg
    from psycopg import sql
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    name = parsed.database
    if not name or "bench" not in name:
        raise SystemExit(f"not a benchmark database: {name!r}")
    maintenance = parsed.set(drivername="postgresql", database="postgres")
    conninfo = maintenance.render_as_string(hide_password=False)
    database = sql.Identifier(name)
    with psycopg.connect(conninfo, autocommit=True) as connection:
        # Not WITH (FORCE): that refuses to end an autovacuum worker (which may be analysing
        # the tables just written) without pg_signal_backend. A plain DROP asks the worker to
        # stop and waits up to 5 s for it; the benchmark's own connections are closed.
        for attempt in range(5):
            try:
                connection.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(database))
                break
            except psycopg.errors.ObjectInUse:
                if attempt == 4:
                    raise
                time.sleep(2)
        connection.execute(sql.SQL("CREATE DATABASE {}").format(database))


def has_distribution(name: str) -> bool:
    try:
        metadata.version(name)
    except metadata.PackageNotFoundError:
        return False
    return True


def load() -> str:
    """The machine's load averages (1, 5, 15 minutes): other work on a shared machine."""
    return " ".join(f"{value:.1f}" for value in os.getloadavg())


def beside_python(name: str) -> str | None:
    """A tool installed in this Python's environment (run without activating it), else on PATH."""
    here = Path(PYTHON).parent / name
    return str(here) if here.exists() else shutil.which(name)


def main() -> None:  # noqa: PLR0915 (a linear script: one step a measurement, read top down)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes (a few minutes)")
    parser.add_argument("--runs", type=int, default=None, help="runs per measurement")
    parser.add_argument(
        "--postgres",
        metavar="URL",
        default=os.environ.get(POSTGRES_ENV),
        help=f"also import on this PostgreSQL database (default ${POSTGRES_ENV}); it and "
        "NAME_floor are dropped and created again, so NAME must contain 'bench'",
    )
    arguments = parser.parse_args()
    quick = arguments.quick
    runs = arguments.runs or (3 if quick else 5)
    agreement_sizes = (1_000, 10_000) if quick else (1_000, 10_000, 100_000)
    postgres_sizes = agreement_sizes[-2:]
    target_count, observation_count = (200, 20) if quick else (10_000, 20)
    figure_count = 100_000 if quick else 1_000_000
    work = Path(tempfile.mkdtemp(prefix="tracker-bench-"))
    env = {**os.environ, "XDG_DATA_HOME": str(work / "user-data"), "COLUMNS": "120"}
    env.pop("TRACKER_DB", None)
    rows: list[tuple[str, float, int | None]] = []
    # what was imported, engine, import seconds, its peak MB, floor seconds, rows replayed
    floors: list[tuple[str, str, float, int, float, int]] = []

    def record(label: str, seconds: float, peak: int | None) -> None:
        rows.append((label, seconds, peak))
        memory = f"{peak:6d} MB" if peak is not None else ""
        print(f"  {label:<62} {seconds * 1000:9.0f} ms {memory}", flush=True)

    def measure(label: str, command: list[str], times: int = runs) -> float:
        seconds, peak = run_timed(command, times, env)
        record(label, seconds, peak)
        return seconds

    def tracker(db: Path | str, *args: str) -> list[str]:
        return [*TRACKER, "--db", str(db), *args]

    def create_schema(db: Path | str) -> None:
        subprocess.run(tracker(db, "init", "--empty"), check=True, env=env, capture_output=True)

    def empty_copy(db: Path | str) -> Path | str:
        """A database at the schema only, beside `db` (for PostgreSQL: `postgres[1]`)."""
        fresh: Path | str
        if isinstance(db, Path):
            fresh = db.with_name(f"{db.stem}-floor.db")
            for leftover in (fresh, Path(f"{fresh}-wal"), Path(f"{fresh}-shm")):
                leftover.unlink(missing_ok=True)
        else:
            assert not isinstance(postgres, str)
            fresh = postgres[1]
            recreate_database(postgres[1])
        create_schema(fresh)
        return fresh

    def import_beside_floor(what: str, db: Path | str, records: Path) -> tuple[float, int]:
        """Import `records` into `db` (a whole process), then replay the rows it wrote into
        an empty database at the same schema (floor.py times only the writes): the median of
        three replays, or one when the import took over a minute."""
        engine = "SQLite" if isinstance(db, Path) else "PostgreSQL"
        seconds, peak = run_timed(tracker(db, "import", str(records)), 1, env)
        record(f"tracker import {what} ({engine})", seconds, peak)
        replays = []
        for _ in range(1 if seconds > 60 else 3):
            fresh = empty_copy(db)
            replayed = subprocess.run(
                [PYTHON, str(HERE / "floor.py"), str(db), str(fresh), "--json"],
                check=True, env=env, capture_output=True, text=True,
            )  # fmt: skip
            replays.append(json.loads(replayed.stdout))
        if isinstance(fresh, Path):
            fresh.unlink()
        floor = sorted(replays, key=lambda replay: replay["seconds"])[len(replays) // 2]
        written = sum(floor["rows"].values())
        how = "executemany" if engine == "SQLite" else "COPY"
        replayed_times = f"{len(replays)} replay" + ("s" if len(replays) > 1 else "")
        record(f"  floor: its {written:,} rows, {how} ({replayed_times})", floor["seconds"], None)
        floors.append((what, engine, seconds, peak, floor["seconds"], written))
        slowest = sorted(floor["table_seconds"].items(), key=lambda item: -item[1])[:4]
        print("      " + ", ".join(f"{name} {spent:.2f} s" for name, spent in slowest))
        return seconds, peak

    # Installed packages carry their bytecode (pip compiles it); an editable checkout under
    # PYTHONDONTWRITEBYTECODE would compile tracker's modules again on every timed run.
    compileall.compile_dir(HERE.parent / "tracker", quiet=1)
    machine = f"{platform.platform()}, {os.cpu_count()} cores"
    sqlite_utils = beside_python("sqlite-utils")
    if not sqlite_utils:
        print("sqlite-utils not found (pip install '.[bench]'): its comparisons are skipped")
    postgres = postgres_databases(arguments.postgres)
    if isinstance(postgres, str):
        print(f"PostgreSQL skipped: {postgres}")
    print(f"machine: {machine}, load {load()}")
    print(f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}, " + ", ".join(
        f"{name} {metadata.version(name)}" for name in ("SQLAlchemy", "typer", "psycopg")
        if has_distribution(name)
    ))  # fmt: skip
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
        create_schema(database)
        seconds, _ = import_beside_floor(f"{size:,} agreements", database, records)
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
        del rows_data
        insert = [sqlite_utils, "insert", str(work / "utils.db"), "agreements", str(flat)]
        utils_insert = measure(f"sqlite-utils insert {largest:,} rows", insert, 1)

    targets_db, targets_json = work / "targets.db", work / "targets.json"
    targets_file(targets_json, target_count, observation_count)
    create_schema(targets_db)
    measure(f"tracker import {target_count:,} targets x {observation_count} values (figures)",
            tracker(targets_db, "import", str(targets_json)), 1)  # fmt: skip
    measure(f"tracker report targets ({target_count:,})", tracker(targets_db, "report", "targets"))

    figures_db, figures_json = work / "figures.db", work / "figures.json"
    figures_file(figures_json, figure_count)
    create_schema(figures_db)
    _, figures_peak = import_beside_floor(f"{figure_count:,} figures", figures_db, figures_json)
    postgres_figures_peak = float("nan")
    if not isinstance(postgres, str):
        postgres_db, postgres_fresh = postgres
        imports = [
            (f"{size:,} agreements", work / f"agreements-{size}.json") for size in postgres_sizes
        ]
        imports.append((f"{figure_count:,} figures", figures_json))
        for what, records in imports:
            recreate_database(postgres_db)
            create_schema(postgres_db)
            _, peak = import_beside_floor(what, postgres_db, records)
            if records == figures_json:
                postgres_figures_peak = float(peak)
        recreate_database(postgres_db)  # leave both empty: the figures take gigabytes
        recreate_database(postgres_fresh)

    export = tracker(figures_db, "export", "-o", str(work / "out.json"), "--force")
    export_seconds, export_peak = run_timed(export, 1, env)
    record(f"tracker export {figure_count:,} figures", export_seconds, export_peak)
    # The same figures read back from YAML (the parser's events, a record at a time) and from
    # a CSV directory (its files read side by side): both streamed, as JSON is.
    peaks: dict[str, float] = {}
    for fmt, suffix in (("yaml", ".yaml"), ("csv", "-csv")):
        exported, copy_db = work / f"figures{suffix}", work / f"figures-{fmt}.db"
        subprocess.run(tracker(figures_db, "export", "--format", fmt, "-o", str(exported)),
                       check=True, env=env, capture_output=True)  # fmt: skip
        create_schema(copy_db)
        files = exported.iterdir() if exported.is_dir() else [exported]
        size_mb = sum(path.stat().st_size for path in files) / 1e6
        label = f"tracker import {figure_count:,} figures from {fmt.upper()} ({size_mb:.0f} MB)"
        try:
            seconds, peak = run_timed(tracker(copy_db, "import", str(exported)), 1, env)
            record(label, seconds, peak)
            peaks[fmt] = float(peak)
        except SystemExit as failure:  # a refused file is a finding, not the end of the run
            peaks[fmt] = -1
            print(f"  {label}: FAILED\n    " + str(failure).splitlines()[-1], flush=True)
        copy_db.unlink(missing_ok=True)
        shutil.rmtree(exported) if exported.is_dir() else exported.unlink()
    (work / "out.json").unlink(missing_ok=True)

    def ratio(numerator: list[str], denominator: list[str]) -> float:
        return paired_ratio(numerator, denominator, runs, env)

    def import_over_floor(what: str, engine: str) -> float:
        for imported, on, seconds, _, floor, _ in floors:
            if (imported, on) == (what, engine):
                return seconds / floor
        return float("nan")  # not run (PostgreSQL skipped)

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
        *(
            (
                f"import / floor, {what} ({engine})",
                import_over_floor(what, engine),
                "<= 2.0",
            )
            for what in (f"{largest:,} agreements", f"{figure_count:,} figures")
            for engine in ("SQLite", "PostgreSQL")
        ),
        (f"import {figure_count:,} figures (SQLite): peak MB", float(figures_peak), "< 200"),
        (f"import {figure_count:,} figures (PostgreSQL): peak MB", postgres_figures_peak, "< 200"),
        (f"export {figure_count:,} figures: peak memory (MB)", float(export_peak), "< 200"),
        *(
            (f"import {figure_count:,} figures from {fmt.upper()}: peak memory (MB)", peak, "< 200")
            for fmt, peak in peaks.items()
        ),
    ]

    print("\neach import beside its floor (floor.py: its rows replayed into a fresh database)")
    print("\n| import | engine | import | peak | floor (rows) | import / floor |")
    print("| --- | --- | ---: | ---: | ---: | ---: |")
    for what, engine, seconds, peak, floor, written in floors:
        print(f"| {what} | {engine} | {seconds:,.2f} s | {peak:,} MB "
              f"| {floor:,.2f} s ({written:,}) | {seconds / floor:.2f} |")  # fmt: skip

    print("\nratios: the first four from runs taken in turn (see paired_ratio)")
    print("\n| goal | measured | target | met |\n| --- | --- | --- | --- |")
    for name, value, target in goals:
        op, bound = target.split()
        met = {"<=": value <= float(bound), ">=": value >= float(bound), "<": value < float(bound)}[
            op
        ]
        verdict = "skipped" if math.isnan(value) else ("yes" if met else "no")  # NaN: not run
        if value < 0:
            verdict = "failed (see above)"
        print(f"| {name} | {value:,.2f} | {target} | {verdict} |")
    print("\nthe goals before issue 22's floor, for comparison with earlier rounds:")
    print(f"  import {largest:,} agreements (SQLite): {import_rate:,.0f} records per second")
    if utils_insert:
        over_utils = import_seconds / utils_insert
        print(f"  import / sqlite-utils insert of their flat fields: {over_utils:.1f}")
    print(f"load at the end: {load()}")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
