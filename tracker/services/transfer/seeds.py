"""The curated dataset that ships with tracker (`seeds/`), loaded idempotently."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine

from tracker.errors import InvalidValue
from tracker.services.curation.records import Curator
from tracker.services.store.bundled import bundled_dir
from tracker.services.store.database import write_transaction
from tracker.services.transfer.loader import LoadCounts
from tracker.services.transfer.loading import load_records
from tracker.services.transfer.records_file import read_records_file

RECORDS_SUFFIXES = (".yaml", ".yml", ".json")


def seeds_dir() -> Path:
    return bundled_dir("seeds")


def records_files(directory: Path) -> list[Path]:
    if not directory.is_dir():
        raise InvalidValue("DIR", f"{directory}: not a directory")
    found = sorted(p for p in directory.iterdir() if p.suffix.lower() in RECORDS_SUFFIXES)
    if not found:
        raise InvalidValue("DIR", f"{directory}: no records file (*.yaml, *.json) in it")
    return found


def load_seeds(curator: Curator, directory: Path | None = None) -> LoadCounts:
    """Create or update every record of every records file in the directory, by slug."""
    counts = LoadCounts()
    for path in records_files(directory or seeds_dir()):
        loaded = load_records(curator, read_records_file(path), on_conflict="update")
        for outcome in ("created", "updated", "unchanged", "skipped"):
            for kind, n in getattr(loaded, outcome).items():
                for _ in range(n):
                    counts.add(outcome, kind)
    return counts


def load_curated_seeds(engine: Engine) -> int:
    """Load the bundled dataset in one transaction; the number of records it created."""
    return write_transaction(
        engine, lambda session: load_seeds(Curator(session, "tracker")).total("created")
    )
