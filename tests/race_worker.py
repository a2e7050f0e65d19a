"""One side of a race (tests/test_races.py): warm up, wait for the start signal, run one
`tracker` command, and print its exit code on the last line of stdout.

Usage: python -m tests.race_worker DB GO_FILE ARGS...
Both sides import everything and open the database before the signal, so that their
commands meet inside the database rather than in Python's start-up.
"""

from __future__ import annotations

import contextlib
import io
import sys
import time
from pathlib import Path

from tracker.cli.app import main


def race(db: str, go: Path, args: list[str]) -> int:
    with contextlib.redirect_stdout(io.StringIO()):
        main(["--db", db, "list", "sources", "--limit", "1"])  # imports, connection, schema
        main(["--db", db, "agreement", "--help"])
    print("ready", flush=True)
    deadline = time.monotonic() + 60
    while not go.exists():
        if time.monotonic() > deadline:
            return 99
        time.sleep(0.0005)
    code = main(["--db", db, *args])
    print(f"exit {code}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(race(sys.argv[1], Path(sys.argv[2]), sys.argv[3:]))
