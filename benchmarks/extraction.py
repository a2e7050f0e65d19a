"""Recall and precision of `tracker extract` on the five seed texts against the curated dataset.

    python benchmarks/extraction.py

Recall: the share of curated figures, target values and agreements that some proposal
matches (one proposal stands for at most one curated record). Precision: the share of
proposals that match something the curated dataset holds (a record, or a target's observed
value or growth). A proposal matches a figure or target by value and unit, an agreement or
event by quoting (part of) a sentence the curated record cites from the same source.
Extraction runs on an empty database, so every candidate is proposed as new.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from tracker.domain.extraction.candidates import Candidate, extract_candidates
from tracker.services.assistant.extraction import publication_day
from tracker.services.curation.quotes import normalise
from tracker.services.transfer.records_file import read_records_file

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
MEASURED = {"figure": "figures and target values", "target": "figures and target values",
            "agreement": "agreements", "event": "events"}  # fmt: skip


@dataclass(frozen=True)
class Score:
    recalled: int
    curated: int
    held: int
    proposed: int


def measure() -> dict[str, Score]:
    document = read_records_file(SEEDS / "records.yaml").document
    proposals: list[tuple[str, Candidate]] = []
    for source in document["sources"]:
        text = (SEEDS / source["file"]).read_text(encoding="utf-8")
        for candidate in extract_candidates(text, publication_day(source.get("published"))):
            proposals.append((source["slug"], candidate))
    curated = _curated(document)
    scores = {}
    for group in dict.fromkeys(MEASURED.values()):
        kinds = [k for k, g in MEASURED.items() if g == group]
        wanted = [c for c in curated if c[0] in kinds]
        offered = [p for p in proposals if p[1].kind in kinds]
        held = [p for p in offered if any(_matches(p, c) for c in _holdings(document, kinds))]
        scores[group] = Score(_assigned(wanted, offered), len(wanted), len(held), len(offered))
    return scores


def main() -> int:
    print(f"{'what':28} {'recall':>16} {'precision':>16}")
    for group, score in measure().items():
        recall = _share(score.recalled, score.curated)
        print(f"{group:28} {recall:>16} {_share(score.held, score.proposed):>16}")
    return 0


def _curated(document: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    return [
        (kind, record)
        for kind, section in (
            ("figure", "figures"),
            ("target", "targets"),
            ("agreement", "agreements"),
            ("event", "events"),
        )
        for record in document.get(section) or []
    ]


def _holdings(document: dict[str, Any], kinds: list[str]) -> Iterable[tuple[str, dict[str, Any]]]:
    """What counts as held: the records, and a target's observations as figures."""
    for kind, record in _curated(document):
        if kind in kinds:
            yield kind, record
        if kind == "target" and "figure" in kinds:
            for observation in record.get("observations") or []:
                yield "figure", {"value": observation["value"], "unit": record["unit"]}
                if observation.get("growth_pct") is not None:
                    yield "figure", {"value": observation["growth_pct"], "unit": "percent"}


def _matches(proposal: tuple[str, Candidate], curated: tuple[str, dict[str, Any]]) -> bool:
    source, candidate = proposal
    kind, record = curated
    fields = candidate.fields
    if candidate.kind in ("figure", "target") and kind in ("figure", "target"):
        value = fields.get("value", fields.get("target_value"))
        held = record.get("value", record.get("target_value"))
        return Decimal(str(value)) == Decimal(str(held)) and fields["unit"] == record["unit"]
    if candidate.kind != kind:
        return False
    quotes = [normalise(q) for q in candidate.quotes]
    return any(
        citation["source"] == source
        and any(
            normalise(citation["quote"]) in q or q in normalise(citation["quote"]) for q in quotes
        )
        for citation in record.get("citations") or []
    )


def _assigned(
    wanted: list[tuple[str, dict[str, Any]]], offered: list[tuple[str, Candidate]]
) -> int:
    """Curated records matched one-to-one (augmenting paths: a maximum matching)."""
    owner: dict[int, int] = {}

    def place(index: int, seen: set[int]) -> bool:
        for number, proposal in enumerate(offered):
            if number in seen or not _matches(proposal, wanted[index]):
                continue
            seen.add(number)
            if number not in owner or place(owner[number], seen):
                owner[number] = index
                return True
        return False

    return sum(place(index, set()) for index in range(len(wanted)))


def _share(part: int, whole: int) -> str:
    return f"{part}/{whole} = {part / whole:.0%}" if whole else "n/a"


if __name__ == "__main__":
    sys.exit(main())
