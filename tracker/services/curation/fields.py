"""Validate raw field values (typed on the command line or read from a records file) and apply
them to a record. One set of rules for `add`, `edit`, `import` and `seed load`."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.domain.decimals import canonical
from tracker.domain.inputs import (
    Amount,
    check_slug,
    parse_amount,
    parse_qualifier,
    parse_unit,
    slugify,
)
from tracker.domain.periods import check_period
from tracker.domain.vocab import (
    AGREEMENT_KINDS,
    AGREEMENT_STATUSES,
    DIRECTIONS,
    EVENT_KINDS,
    EVENT_STATUSES,
    INITIATIVE_KINDS,
    INITIATIVE_STATUSES,
    PERIODS,
    SOURCE_KINDS,
)
from tracker.errors import Conflict, InvalidValue
from tracker.models import (
    Agreement,
    AgreementStatus,
    Event,
    EventStatus,
    Figure,
    Initiative,
    InitiativeStatus,
    Source,
    Target,
)
from tracker.models.base import InferenceMixin, RecordMixin
from tracker.services.curation.bulk import building, new, relate
from tracker.services.curation.kinds import Kind, kind_of
from tracker.services.curation.references import citation_list, find_by_ref, parties, party, tags
from tracker.services.curation.values import (
    LONG_TEXT_LIMIT,
    SOURCE_TEXT_LIMIT,
    amount_value,
    choice,
    list_value,
    set_date,
    text_value,
)

COMMON_KEYS = ("slug", "title", "title_original", "note")
FLAG_KEYS = ("parties_inferred", "identity_inferred")
KEYS = {
    "source": (*COMMON_KEYS, "kind", "outlet", "author", "via", "published", "language", "file",
               "url", "publisher", "table_name", "retrieved", "text", "sha256"),
    "event": (*COMMON_KEYS, "kind", "status", "date", "place", "host", "parties", *FLAG_KEYS,
              "people", "tags", "status_history", "citations"),
    "agreement": (*COMMON_KEYS, "kind", "status", "parties", *FLAG_KEYS, "event", "sectors",
                  "status_history", "citations"),
    "initiative": (*COMMON_KEYS, "kind", "status", "made_by", "addressed_to", "parties",
                   *FLAG_KEYS, "sector", "event", "date", "tags", "status_history", "citations"),
    "target": (*COMMON_KEYS, "measure", "parties", *FLAG_KEYS, "unit", "direction",
               "target_value", "deadline", "agreement", "baseline", "tags", "citations"),
    "figure": (*COMMON_KEYS, "measure", "parties", *FLAG_KEYS, "value", "unit", "qualifier",
               "date", "period", "growth_pct", "event", "tags", "citations"),
}  # fmt: skip
# The kinds whose records carry a dated, cited status history, and one step of it.
Tracked = Agreement | Initiative | Event
Step = AgreementStatus | InitiativeStatus | EventStatus
REQUIRED = {
    "source": ("title", "text"),
    "event": ("title", "kind"),
    "agreement": ("title", "kind"),
    "initiative": ("title", "kind"),
    "target": ("title", "target_value", "unit"),
    "figure": ("title", "value", "unit"),
}
STATUS_KEYS = ("status", "date", "note", "citations")
# Lifecycle order: a later stage cannot be dated before an earlier one.
STATUS_RANK = {
    "planned": 1,
    "proposed": 1,
    "under_negotiation": 2,
    "agreed": 2,
    "signed": 3,
    "adopted": 3,
    "approved": 3,
    "in_progress": 3,
    "held": 3,
    "ratified": 4,
    "done": 4,
    "in_force": 5,
}


_ALLOWED: dict[tuple[str, ...], frozenset[str]] = {}  # each tuple of keys, for quick lookups


# ---- whole records -----------------------------------------------------------------------------


def check_keys(fields: Mapping[str, Any], allowed: tuple[str, ...], where: str) -> None:
    if _ALLOWED.setdefault(allowed, frozenset(allowed)).issuperset(fields):
        return
    unknown = [k for k in fields if k not in allowed]
    if unknown:
        raise InvalidValue(f"{where}{unknown[0]}", f"unknown field; accepted: {', '.join(allowed)}")


def unique_slug(
    session: Session, model: type[RecordMixin], base: str, handed_out: set[str] | None = None
) -> str:
    """`base`, or `base-2`, `base-3`...: free in the database and not in `handed_out` (slugs
    of records not written yet), which the chosen slug joins."""
    taken = set(session.scalars(select(model.slug).where(model.slug.startswith(base))))
    taken |= handed_out or set()
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    if handed_out is not None:
        handed_out.add(slug)
    return slug


def apply_fields(
    session: Session,
    record: RecordMixin,
    fields: Mapping[str, Any],
    *,
    creating: bool,
    slug_is_new: bool = False,
) -> None:
    """`slug_is_new`: the caller knows no record has the given slug (an import reads every
    slug once, rather than asking the database once a record)."""
    kind = kind_of(record)
    check_keys(fields, KEYS[kind.name], "")
    if creating:
        for key in REQUIRED[kind.name]:
            if fields.get(key) in (None, "", []) and not _derivable(kind, key, fields):
                raise InvalidValue(key, "required")
    if "title" in fields or creating:
        record.title = text_value(fields.get("title"), "title", required=True)
    _apply_slug(session, kind, record, fields, creating, slug_is_new)
    for key in ("title_original", "note"):
        if key in fields:
            limit = LONG_TEXT_LIMIT if key == "note" else 1000
            setattr(record, key, text_value(fields[key], key, limit=limit))
    if isinstance(record, InferenceMixin):
        for key in FLAG_KEYS:
            if key in fields or creating:
                setattr(record, key, flag_value(fields.get(key), key))
    APPLIERS[kind.name](session, record, fields)


def flag_value(raw: Any, field: str) -> bool:
    if raw is None:
        return False
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, str) and raw.strip().lower() in ("true", "yes", "false", "no"):
        return raw.strip().lower() in ("true", "yes")
    raise InvalidValue(field, f"{raw!r}: expected true or false")


def _derivable(kind: Kind, key: str, fields: Mapping[str, Any]) -> bool:
    """A unit may come with the amount ('$10bn'); a source's text may come from its file."""
    if key == "unit":
        value_key = "target_value" if kind.name == "target" else "value"
        raw = fields.get(value_key)
        return isinstance(raw, str) and parse_amount(raw, value_key).unit is not None
    return False


def _apply_slug(
    session: Session,
    kind: Kind,
    record: RecordMixin,
    fields: Mapping[str, Any],
    creating: bool,
    slug_is_new: bool,
) -> None:
    given = fields.get("slug")
    if given in (None, ""):
        if creating:
            record.slug = unique_slug(session, kind.model, slugify(record.title))
        return
    if not isinstance(given, str):
        raise InvalidValue("slug", f"expected text, got {type(given).__name__}")
    slug = check_slug(given)
    if slug.isdigit():
        raise InvalidValue("slug", "must contain a letter (numbers are record ids)")
    if slug_is_new:
        record.slug = slug
        return
    clash = session.scalars(select(kind.model).where(kind.model.slug == slug)).first()
    if clash is not None and clash is not record:
        raise Conflict(f"{kind.name} {slug!r} already exists", "slug")
    record.slug = slug


def _apply_source(session: Session, source: RecordMixin, fields: Mapping[str, Any]) -> None:
    assert isinstance(source, Source)
    if "kind" in fields or source.kind is None:
        source.kind = choice(fields.get("kind") or "text", "kind", SOURCE_KINDS)
    for key in ("outlet", "author", "via", "language", "file", "publisher", "table_name"):
        if key in fields:
            setattr(source, key, text_value(fields[key], key))
    if "retrieved" in fields:
        set_date(source, "retrieved", fields["retrieved"], "retrieved")
    if "url" in fields:
        source.url = text_value(fields["url"], "url", limit=2000)
    if "published" in fields:
        set_date(source, "published", fields["published"], "published")
    if "text" in fields:
        text = text_value(fields["text"], "text", required=True, limit=SOURCE_TEXT_LIMIT)
        source.text = text
        source.sha256 = hashlib.sha256(text.encode("utf-8")).hexdigest()
    if fields.get("sha256") not in (None, source.sha256):
        raise InvalidValue("sha256", "does not match the SHA-256 of the text")


def apply_source_fields(session: Session, source: RecordMixin, fields: Mapping[str, Any]) -> None:
    """A source's own fields (its text among them), as an update sets them."""
    _apply_source(session, source, fields)


def _apply_event(session: Session, event: RecordMixin, fields: Mapping[str, Any]) -> None:
    assert isinstance(event, Event)
    if "kind" in fields:
        event.kind = choice(fields["kind"], "kind", EVENT_KINDS)
    if "date" in fields:
        set_date(event, "date", fields["date"], "date")
    if "place" in fields:
        event.place = text_value(fields["place"], "place")
    if "host" in fields:
        relate(event, "host", party(session, fields["host"], "host") if fields["host"] else None)
    if "parties" in fields:
        relate(event, "parties", parties(session, fields["parties"], "parties"))
    if "people" in fields:
        people = list_value(fields["people"], "people")
        event.people = [text_value(p, f"people[{i}]", required=True) for i, p in enumerate(people)]
    if "tags" in fields:
        relate(event, "tags", tags(session, fields["tags"], "tags"))
    _apply_status_history(session, event, fields)
    if "citations" in fields:
        relate(event, "citations", citation_list(session, fields["citations"], "citations"))
    _check_derived_status(event, fields)


def _apply_agreement(session: Session, agreement: RecordMixin, fields: Mapping[str, Any]) -> None:
    assert isinstance(agreement, Agreement)
    if "kind" in fields:
        agreement.kind = choice(fields["kind"], "kind", AGREEMENT_KINDS)
    if "parties" in fields:
        relate(agreement, "parties", parties(session, fields["parties"], "parties"))
    if "event" in fields:
        ref = fields["event"]
        relate(agreement, "event", find_by_ref(session, Event, ref, "event") if ref else None)
    if "sectors" in fields:
        relate(agreement, "tags", tags(session, fields["sectors"], "sectors"))
    _apply_status_history(session, agreement, fields)
    if "citations" in fields:
        relate(agreement, "citations", citation_list(session, fields["citations"], "citations"))
    _check_derived_status(agreement, fields)


def _apply_status_history(session: Session, record: Tracked, fields: Mapping[str, Any]) -> None:
    if "status_history" in fields:
        steps = list_value(fields["status_history"], "status_history")
        statuses = [
            status_step(session, record, step, f"status_history[{i}]")
            for i, step in enumerate(steps)
        ]
        relate(record, "statuses", statuses)
        check_status_order(statuses)


def _check_derived_status(record: Tracked, fields: Mapping[str, Any]) -> None:
    """`status` is derived from the history; a file may repeat it, but must agree with it."""
    if fields.get("status") is not None:
        steps = sorted_steps(record.statuses)
        latest = steps[-1].status if steps else None
        if fields["status"] != latest:
            raise InvalidValue(
                "status",
                f"{fields['status']!r} is not the latest status in status_history "
                f"({latest!r}); change the history instead",
            )


def status_step(session: Session, record: Tracked, raw: Any, where: str) -> Step:
    """A step of `record`'s history, in the vocabulary of its kind."""
    if not isinstance(raw, Mapping):
        raise InvalidValue(where, "expected {status: ..., date: ..., citations: [...]}")
    check_keys(raw, STATUS_KEYS, f"{where}.")
    step: Step
    if isinstance(record, Initiative):
        step = new(
            InitiativeStatus,
            status=choice(raw.get("status"), f"{where}.status", INITIATIVE_STATUSES),
        )
    elif isinstance(record, Event):
        step = new(EventStatus, status=choice(raw.get("status"), f"{where}.status", EVENT_STATUSES))
    else:
        step = new(
            AgreementStatus,
            status=choice(raw.get("status"), f"{where}.status", AGREEMENT_STATUSES),
        )
    set_date(step, "date", raw.get("date"), f"{where}.date")
    step.note = text_value(raw.get("note"), f"{where}.note", limit=LONG_TEXT_LIMIT)
    relate(step, "citations", citation_list(session, raw.get("citations"), f"{where}.citations"))
    return step


def sorted_steps(steps: Sequence[Step]) -> list[Step]:
    """Dated steps in date order, then undated ones in the order given (as the model orders)."""
    dated = sorted((s for s in steps if s.date_lower), key=lambda s: s.date_lower)  # type: ignore[arg-type,return-value]
    return dated + [s for s in steps if not s.date_lower]


def check_status_order(steps: Sequence[Step], field: str = "status_history") -> None:
    for later in steps:
        for earlier in steps:
            rank_later, rank_earlier = (
                STATUS_RANK.get(later.status),
                STATUS_RANK.get(earlier.status),
            )
            if (
                rank_later
                and rank_earlier
                and rank_later > rank_earlier
                and later.date_upper
                and earlier.date_lower
                and later.date_upper < earlier.date_lower
            ):
                raise InvalidValue(
                    field,
                    f"{later.status} on {later.date} is before {earlier.status} on "
                    f"{earlier.date}; a later stage cannot come first",
                )


def _apply_quantity(
    record: object, fields: Mapping[str, Any], value_key: str, *, unit_attr: str = "unit"
) -> Amount | None:
    """Set the value (and unit and qualifier, when the amount carries them) of a quantity."""
    amount = amount_value(fields[value_key], value_key) if value_key in fields else None
    unit = fields.get("unit")
    if unit not in (None, ""):
        unit = parse_unit(unit) if isinstance(unit, str) else parse_unit(str(unit))
        if amount and amount.unit and amount.unit != unit:
            raise InvalidValue(value_key, f"the amount is in {amount.unit} but unit is {unit}")
        setattr(record, unit_attr, unit)
    elif amount and amount.unit:
        setattr(record, unit_attr, amount.unit)
    if amount is not None:
        setattr(record, value_key, amount.value)
    return amount


def _check_not_negative(value: Decimal | None, unit: str | None, field: str) -> None:
    if value is not None and value < 0 and unit != "percent":
        raise InvalidValue(field, f"{canonical(value)} {unit}: cannot be negative")


def _apply_target(session: Session, target: RecordMixin, fields: Mapping[str, Any]) -> None:
    assert isinstance(target, Target)
    _apply_quantity(target, fields, "target_value")
    _check_not_negative(target.target_value, target.unit, "target_value")
    if "direction" in fields or target.direction is None:
        target.direction = choice(fields.get("direction") or "up", "direction", DIRECTIONS)
    if "deadline" in fields:
        set_date(target, "deadline", fields["deadline"], "deadline")
    if "parties" in fields:
        relate(target, "parties", parties(session, fields["parties"], "parties"))
    if "agreement" in fields:
        ref = fields["agreement"]
        relate(
            target, "agreement", find_by_ref(session, Agreement, ref, "agreement") if ref else None
        )
    if "baseline" in fields:
        baseline = fields["baseline"]
        if baseline is None:
            target.baseline_value = None
            set_date(target, "baseline_date", None, "baseline.date")
        else:
            if not isinstance(baseline, Mapping):
                raise InvalidValue("baseline", "expected {value: ..., date: ...}")
            check_keys(baseline, ("value", "date"), "baseline.")
            target.baseline_value = amount_value(baseline.get("value"), "baseline.value").value
            _check_not_negative(target.baseline_value, target.unit, "baseline.value")
            set_date(target, "baseline_date", baseline.get("date"), "baseline.date")
    if "tags" in fields:
        relate(target, "tags", tags(session, fields["tags"], "tags"))
    if "measure" in fields:
        target.measure = measure_value(fields["measure"])
    if "citations" in fields:
        relate(target, "citations", citation_list(session, fields["citations"], "citations"))
    if (
        target.deadline_upper
        and target.baseline_date_lower
        and target.deadline_upper < target.baseline_date_lower
    ):
        raise InvalidValue("deadline", f"{target.deadline} is before the baseline date")


def measure_value(raw: Any) -> str | None:
    measure = text_value(raw, "measure")
    return check_slug(measure, "measure") if measure else None


def growth_value(raw: Any, field: str = "growth_pct") -> Decimal | None:
    if raw is None or raw == "":
        return None
    growth = amount_value(raw, field).value
    if growth <= -100:
        # The value a year earlier is value / (1 + growth): none is left at -100% or below.
        raise InvalidValue(field, f"{raw!r}: a yearly growth in percent, above -100")
    return growth


def _apply_figure(session: Session, figure: RecordMixin, fields: Mapping[str, Any]) -> None:
    assert isinstance(figure, Figure)
    amount = _apply_quantity(figure, fields, "value")
    _check_not_negative(figure.value, figure.unit, "value")
    if fields.get("qualifier"):
        figure.qualifier = parse_qualifier(fields["qualifier"])
    elif amount is not None:
        figure.qualifier = amount.qualifier or figure.qualifier or "exact"
    if "measure" in fields:
        figure.measure = measure_value(fields["measure"])
    if "date" in fields:
        set_date(figure, "date", fields["date"], "date")
    if "period" in fields:
        figure.period = choice(fields["period"], "period", PERIODS) if fields["period"] else None
    if "growth_pct" in fields:
        figure.growth_pct = growth_value(fields["growth_pct"])
    if "event" in fields:
        ref = fields["event"]
        relate(figure, "event", find_by_ref(session, Event, ref, "event") if ref else None)
    if "date" in fields or "period" in fields:
        check_period(figure.period, figure.date_lower, figure.date_upper, figure.date)
    if "parties" in fields:
        relate(figure, "parties", parties(session, fields["parties"], "parties"))
    if "tags" in fields:
        relate(figure, "tags", tags(session, fields["tags"], "tags"))
    if "citations" in fields:
        relate(figure, "citations", citation_list(session, fields["citations"], "citations"))


def figure_of(session: Session, fields: Mapping[str, Any]) -> Figure:
    """A figure built from `fields` and checked, not written: to compare it with those held."""
    with building():
        figure = new(Figure)
        apply_fields(session, figure, {**fields, "citations": []}, creating=True, slug_is_new=True)
    return figure


def _apply_initiative(session: Session, initiative: RecordMixin, fields: Mapping[str, Any]) -> None:
    assert isinstance(initiative, Initiative)
    if "kind" in fields:
        initiative.kind = choice(fields["kind"], "kind", INITIATIVE_KINDS)
    if "made_by" in fields:
        ref = fields["made_by"]
        relate(initiative, "made_by", party(session, ref, "made_by") if ref else None)
    if "addressed_to" in fields:
        relate(initiative, "addressed_to", parties(session, fields["addressed_to"], "addressed_to"))
    if "parties" in fields:
        relate(initiative, "parties", parties(session, fields["parties"], "parties"))
    if "sector" in fields:
        initiative.sector = text_value(fields["sector"], "sector", limit=120)
    if "event" in fields:
        ref = fields["event"]
        relate(initiative, "event", find_by_ref(session, Event, ref, "event") if ref else None)
    if "date" in fields:
        set_date(initiative, "date", fields["date"], "date")
    if "tags" in fields:
        relate(initiative, "tags", tags(session, fields["tags"], "tags"))
    _apply_status_history(session, initiative, fields)
    if "citations" in fields:
        relate(initiative, "citations", citation_list(session, fields["citations"], "citations"))
    _check_derived_status(initiative, fields)


APPLIERS: dict[str, Callable[[Session, RecordMixin, Mapping[str, Any]], None]] = {
    "source": _apply_source,
    "event": _apply_event,
    "agreement": _apply_agreement,
    "initiative": _apply_initiative,
    "target": _apply_target,
    "figure": _apply_figure,
}
