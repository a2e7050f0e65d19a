"""One of eight processes making mixed writes to one database at once (tests/test_trials.py).

Usage: python -m tests.mixed_worker DB WORKER_ID ROUNDS
Each round is five commands on this worker's own records (add, edit, cite, status change,
delete then undo of that delete) and one on records every worker shares (an observation of
one target: a figure of its measure), all whole `tracker` commands. The process prints each
failing command's stderr and exits 1 if any failed.
"""

from __future__ import annotations

import contextlib
import io
import json
import sys

from tracker.cli.app import main

SOURCE = "shared-source"
QUOTE = "The two presidents met in Tashkent."


def _tracker(db: str, worker: int, *args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["--db", db, "--actor", f"worker-{worker}", *args])
    return code, out.getvalue(), err.getvalue()


def run(db: str, worker: int, rounds: int) -> int:
    failures = 0

    def write(*args: str) -> str:
        nonlocal failures
        code, out, err = _tracker(db, worker, *args)
        if code != 0:
            failures += 1
            print(f"worker {worker}: {' '.join(args)}: {err.strip()}", file=sys.stderr)
        return out

    for i in range(rounds):
        figure, agreement = f"w{worker}-figure-{i}", f"w{worker}-agreement-{i}"
        write("add", "figure", "--title", f"Worker {worker} figure {i}", "--value", str(i),
              "--unit", "count", "--party", "KZ", "--slug", figure)  # fmt: skip
        write("edit", "figure", figure, "--note", f"checked by worker {worker}")
        write("cite", "figure", figure, SOURCE, QUOTE)
        write("add", "agreement", "--title", f"Worker {worker} agreement {i}", "--kind",
              "memorandum", "--party", "KZ", "--party", "UZ", "--slug", agreement)  # fmt: skip
        write("agreement", "status", agreement, "signed", "--on", "2025")
        write("target", "observe", "shared-target", str(worker * 1000 + i), "--on", "2025")
        if i % 2:  # every other round: delete a figure, then bring it back
            write("delete", "figure", figure, "--yes")
            listed = write("history", "figure", figure, "--limit", "1", "--format", "json")
            if listed:
                write("undo", str(json.loads(listed)[0]["id"]))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(run(sys.argv[1], int(sys.argv[2]), int(sys.argv[3])))
