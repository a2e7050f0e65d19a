"""`report agreements`: counts by status, kind, year, sector or party, as of a date."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, replace

from dateutil.relativedelta import relativedelta
from sqlalchemy.orm import Session

from tracker.domain.awaiting import awaits
from tracker.errors import InvalidValue
from tracker.models import Agreement, AgreementStatus
from tracker.services.curation.kinds import KINDS
from tracker.services.query.known import latest_known_step
from tracker.services.query.listing import ListFilters, list_records

GROUPINGS = ("status", "kind", "year", "sector", "party")
UNKNOWN = "(unknown)"


@dataclass(frozen=True)
class AgreementState:
    agreement: Agreement
    step: AgreementStatus | None  # the latest step known and dated by as-of (or undated)
    # Its status awaits a next step (awaiting.py) and has not changed for longer than the
    # stale period: then `awaits` names that step.
    stale: bool
    awaits: str | None = None


def stale_since(step_upper: dt.date | None, as_of: dt.date, stale_years: int) -> bool:
    return bool(step_upper and step_upper < as_of - relativedelta(years=stale_years))


def check_stale_years(stale_years: int, as_of: dt.date) -> None:
    if stale_years < 1:
        raise InvalidValue("--stale-after", "must be at least 1 year")
    if stale_years >= as_of.year:  # no calendar date lies that long before the as-of date
        raise InvalidValue("--stale-after", f"must be 1 to {as_of.year - 1} years")


def state_as_of(agreement: Agreement, as_of: dt.date, stale_years: int) -> AgreementState:
    step = latest_known_step(agreement.statuses, as_of)
    next_step = awaits("agreement", agreement.kind, step.status) if step else None
    stale = bool(next_step) and stale_since(step.date_upper if step else None, as_of, stale_years)
    return AgreementState(agreement, step, stale, next_step if stale else None)


def _groups(state: AgreementState, by: str) -> list[str]:
    agreement, step = state.agreement, state.step
    if by == "status":
        return [step.status if step else UNKNOWN]
    if by == "kind":
        return [agreement.kind]
    if by == "year":
        return [str(step.date_lower.year) if step and step.date_lower else UNKNOWN]
    if by == "sector":
        return [t.name for t in agreement.tags] or [UNKNOWN]
    return [p.code for p in agreement.parties] or [UNKNOWN]


def agreements_by(
    session: Session, filters: ListFilters, by: str, as_of: dt.date, stale_years: int
) -> dict[str, list[AgreementState]]:
    if by not in GROUPINGS:
        raise InvalidValue("--by", f"unknown grouping {by!r}; accepted: {', '.join(GROUPINGS)}")
    check_stale_years(stale_years, as_of)
    grouped: dict[str, list[AgreementState]] = defaultdict(list)
    known_then = replace(filters, known_by=as_of)
    for agreement in list_records(session, KINDS["agreement"], known_then):
        assert isinstance(agreement, Agreement)
        state = state_as_of(agreement, as_of, stale_years)
        for group in _groups(state, by):
            grouped[group].append(state)
    # Largest groups first, then by name; unknown last.
    return dict(sorted(grouped.items(), key=lambda kv: (kv[0] == UNKNOWN, -len(kv[1]), kv[0])))
