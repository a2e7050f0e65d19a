"""One of several processes writing to the same database at once (tests/test_reliability.py).

Usage: python -m tests.concurrency_worker DB WORKER_ID WRITES
Each write is a whole `tracker` command; the process exits 1 if any command failed.
"""

from __future__ import annotations

import sys

from tracker.cli.app import main


def run(db: str, worker: int, writes: int) -> int:
    failures = 0
    for i in range(writes):
        commands = [
            # A new record linked to a party every worker creates on first use: a unique race.
            ["add", "figure", "--title", f"Worker {worker} figure {i}", "--value", str(i),
             "--unit", "count", "--party", "KZ", "--party", "org:Shared Organisation"],
            # Every worker adds values to the same target's measure, each a figure with a slug
            # drawn from the same measure and date: none may overwrite or refuse another.
            ["target", "observe", "shared-target", str(worker * 1000 + i), "--on", "2025"],
        ]  # fmt: skip
        for command in commands:
            if main(["--db", db, "--actor", f"worker-{worker}", *command]) != 0:
                failures += 1
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(run(sys.argv[1], int(sys.argv[2]), int(sys.argv[3])))
