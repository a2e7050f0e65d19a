"""`report initiatives`: commitments, understandings, proposals and invitations by where
they stand as of a date."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy.orm import Session

from tracker.domain.vocab import INITIATIVE_STATUSES
from tracker.models import Initiative, InitiativeStatus
from tracker.services.curation.kinds import KINDS
from tracker.services.query.listing import ListFilters, list_records

NOT_KNOWN = "(no status recorded)"


@dataclass(frozen=True)
class InitiativeState:
    initiative: Initiative
    step: InitiativeStatus | None  # the latest step dated on or before as-of (or undated)


def initiative_state(initiative: Initiative, as_of: dt.date) -> InitiativeState:
    steps = [s for s in initiative.statuses if s.date_lower is None or s.date_lower <= as_of]
    return InitiativeState(initiative, steps[-1] if steps else None)


def initiatives_by_status(
    session: Session, filters: ListFilters, as_of: dt.date
) -> dict[str, list[InitiativeState]]:
    """Grouped in the order of the lifecycle (proposed, agreed, in progress, done, dropped),
    then "unknown" (the texts do not say), then those with no step by the as-of date. Only
    initiatives made by then (or undated) are counted."""
    grouped: dict[str, list[InitiativeState]] = defaultdict(list)
    for initiative in list_records(session, KINDS["initiative"], filters):
        assert isinstance(initiative, Initiative)
        if initiative.date_lower is not None and initiative.date_lower > as_of:
            continue
        state = initiative_state(initiative, as_of)
        grouped[state.step.status if state.step else NOT_KNOWN].append(state)
    order = [*(s for s in INITIATIVE_STATUSES if s != "unknown"), "unknown", NOT_KNOWN]
    return {status: grouped[status] for status in order if status in grouped}
