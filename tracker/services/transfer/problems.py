"""Every problem of a records file in one run: each wrong field of each record, the first
MAX_PROBLEMS kept, all counted."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from tracker.errors import Problems, TrackerError

MAX_PROBLEMS = 50
MAX_PROBLEMS_A_RECORD = 20
T = TypeVar("T")


class RecordProblems(Exception):
    """Every field of one record that is wrong."""

    def __init__(self, errors: list[TrackerError]) -> None:
        super().__init__(f"{len(errors)} problem(s)")
        self.errors = errors


# A wrong required field is replaced by one of these to check the rest of the record: left
# out, it would stop every later check at "required".
STAND_INS = {"title": "(stand-in)", "text": "(stand-in)", "unit": "count"}
KIND_STAND_INS = {"event": "other", "agreement": "other", "initiative": "commitment"}


def every_problem(attempt: Callable[[dict[str, Any]], T], fields: dict[str, Any], kind: str) -> T:
    """`attempt(fields)`, or every field it refuses: after each refusal the field is left
    out (or, if required, given a valid stand-in) and the record tried again, so one run
    names each wrong field of the record, not only the first. Raises RecordProblems."""
    errors: list[TrackerError] = []
    tried: set[str] = set()
    trial = fields  # copied only once something is wrong: most records are not
    while True:
        try:
            result = attempt(trial)
        except TrackerError as error:
            key = re.split(r"[.\[]", error.field or "", maxsplit=1)[0]
            if key in tried:  # what the stand-in (or leaving it out) says: nothing new
                raise RecordProblems(errors) from None
            errors.append(error)
            if key not in trial or len(errors) >= MAX_PROBLEMS_A_RECORD:
                raise RecordProblems(errors) from None
            tried.add(key)
            trial = dict(trial)
            stand_in = KIND_STAND_INS.get(kind) if key == "kind" else STAND_INS.get(key)
            if stand_in is None:
                del trial[key]
            else:
                trial[key] = stand_in
            continue
        if errors:
            raise RecordProblems(errors)
        return result


@dataclass
class Found:
    """The problems met so far: the first MAX_PROBLEMS kept, every one counted."""

    problems: list[TrackerError] = field(default_factory=list)
    total: int = 0

    def add(self, error: TrackerError) -> None:
        self.total += 1
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(error)

    def raise_any(self, label: str) -> None:
        if self.total == 1:
            raise self.problems[0]
        if self.total:
            raise Problems(self.problems, label, self.total)
