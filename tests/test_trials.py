"""The harder trials: eight processes making mixed writes at once, and SIGKILL in the middle
of every command that writes the database or a user's file."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from tests.conftest import Invoke
from tests.helpers import start_workers
from tracker.models import Agreement, AgreementStatus, AuditEntry, Citation, Figure
from tracker.services.curation.audit import snapshot
from tracker.services.curation.kinds import KINDS

WORKERS = 8
ROUNDS = 6  # 42 writes a worker: 6 rounds of 6, and a delete and an undo in 3 of them
TEXT = "The two presidents met in Tashkent. They agreed to meet again."


def replayed(session: Session) -> dict[tuple[str, str], Any]:
    """Every record as the audit log leaves it: each change's `after`, in order."""
    state: dict[tuple[str, str], Any] = {}
    for entry in session.scalars(select(AuditEntry).order_by(AuditEntry.id)):
        slug = (entry.after or entry.before or {}).get("slug", entry.slug)
        if entry.action == "update" and entry.before and entry.before.get("slug") != slug:
            state.pop((entry.kind, entry.before["slug"]), None)
        if entry.action == "delete":
            state.pop((entry.kind, slug), None)
        else:
            state[(entry.kind, slug)] = entry.after
    return state


def current(session: Session) -> dict[tuple[str, str], Any]:
    return {
        (kind.name, record.slug): snapshot(record)
        for kind in KINDS.values()
        for record in session.scalars(select(kind.model))
    }


def test_eight_processes_of_mixed_writes_lose_nothing(
    cli: Invoke, db_url: str, db_engine: Engine
) -> None:
    assert cli("init", "--empty").exit_code == 0
    assert cli("add", "source", "--title", "Shared", "--text", TEXT, "--slug", "shared-source",
               "--published", "2025").exit_code == 0  # fmt: skip
    assert cli("add", "target", "--title", "Shared", "--slug", "shared-target", "--target",
               "1000000", "--unit", "count", "--by", "2030", "--measure",
               "shared-measure").exit_code == 0  # fmt: skip
    workers = start_workers(
        "tests.mixed_worker", *([db_url, str(n), str(ROUNDS)] for n in range(WORKERS))
    )
    results = [w.communicate(timeout=900) for w in workers]
    errors = [err for _out, err in results if err]
    assert errors == []
    assert [w.returncode for w in workers] == [0] * WORKERS
    made = WORKERS * ROUNDS
    with Session(db_engine) as session:
        own = select(func.count(Figure.id)).where(Figure.measure.is_(None))
        assert session.scalar(own) == made
        assert session.scalar(select(func.count(Agreement.id))) == made
        assert session.scalar(select(func.count(AgreementStatus.id))) == made
        observed = select(func.count(Figure.id)).where(Figure.measure == "shared-measure")
        assert session.scalar(observed) == made
        assert session.scalar(select(func.count(Figure.id))) == 2 * made
        assert session.scalar(select(func.count(Citation.id))) == made
        # The log replays to what the database holds, record by record.
        assert replayed(session) == current(session)
