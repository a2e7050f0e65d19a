"""`report initiatives`: commitments, understandings, proposals and invitations by where
they stand as of a date."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, replace

from sqlalchemy.orm import Session

from tracker.domain.awaiting import awaits
from tracker.domain.vocab import INITIATIVE_STATUSES
from tracker.models import Initiative, InitiativeStatus
from tracker.services.curation.kinds import KINDS
from tracker.services.query.known import latest_known_step
from tracker.services.query.listing import ListFilters, list_records
from tracker.services.reports.agreements import check_stale_years, stale_since

NOT_KNOWN = "(no status recorded)"


@dataclass(frozen=True)
class InitiativeState:
    initiative: Initiative
    step: InitiativeStatus | None  # the latest step known and dated by as-of (or undated)
    awaits: str | None = None  # the next step, when its status is stale (awaiting.py)


def initiative_state(initiative: Initiative, as_of: dt.date, stale_years: int) -> InitiativeState:
    step = latest_known_step(initiative.statuses, as_of)
    next_step = awaits("initiative", initiative.kind, step.status) if step else None
    stale = bool(next_step) and stale_since(step.date_upper if step else None, as_of, stale_years)
    return InitiativeState(initiative, step, next_step if stale else None)


def initiatives_by_status(
    session: Session, filters: ListFilters, as_of: dt.date, stale_years: int = 2
) -> dict[str, list[InitiativeState]]:
    """Grouped in the order of the lifecycle (proposed, agreed, in progress, done, dropped),
    then "unknown" (the texts do not say), then those with no step by the as-of date. Only
    initiatives known and made by then (or undated) are counted."""
    check_stale_years(stale_years, as_of)
    grouped: dict[str, list[InitiativeState]] = defaultdict(list)
    known_then = replace(filters, known_by=as_of)
    for initiative in list_records(session, KINDS["initiative"], known_then):
        assert isinstance(initiative, Initiative)
        if initiative.date_lower is not None and initiative.date_lower > as_of:
            continue
        state = initiative_state(initiative, as_of, stale_years)
        grouped[state.step.status if state.step else NOT_KNOWN].append(state)
    order = [*(s for s in INITIATIVE_STATUSES if s != "unknown"), "unknown", NOT_KNOWN]
    return {status: grouped[status] for status in order if status in grouped}
