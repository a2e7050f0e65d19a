"""How each kind of record looks in a listing and in `show`: columns and rows, no SQL."""

from __future__ import annotations

from typing import Any

from tracker.cli.render import (
    Column,
    Date,
    Document,
    Quantity,
    Table,
    human_cell,
    key_value_table,
)
from tracker.models import Agreement, Event, Figure, Source, Target
from tracker.models.base import RecordMixin
from tracker.services.kinds import Kind
from tracker.services.serialize import current_status, to_dict

TITLE = Column("title", "title", wrap=True)
LIST_COLUMNS = {
    "source": [
        Column("slug", "slug"),
        Column("published", "published"),
        Column("outlet", "outlet"),
        Column("language", "lang"),
        TITLE,
    ],
    "event": [
        Column("slug", "slug"),
        Column("date", "date"),
        Column("kind", "kind"),
        Column("place", "place"),
        Column("parties", "parties", wrap=True),
        TITLE,
    ],
    "agreement": [
        Column("slug", "slug"),
        Column("kind", "kind"),
        Column("status", "status"),
        Column("status_date", "since"),
        Column("parties", "parties", wrap=True),
        TITLE,
    ],
    "target": [
        Column("slug", "slug"),
        Column("target_value", "target"),
        Column("deadline", "by"),
        Column("latest", "latest"),
        Column("latest_date", "as of"),
        Column("parties", "parties", wrap=True),
        TITLE,
    ],
    "figure": [
        Column("slug", "slug"),
        Column("value", "value"),
        Column("date", "date"),
        Column("parties", "parties", wrap=True),
        TITLE,
    ],
}


def list_row(record: RecordMixin) -> dict[str, Any]:
    row: dict[str, Any] = {"slug": record.slug, "title": record.title}
    if isinstance(record, Source):
        row |= {
            "published": Date(record.published),
            "outlet": record.outlet,
            "language": record.language,
        }
    elif isinstance(record, Event):
        row |= {
            "date": Date(record.date),
            "kind": record.kind,
            "place": record.place,
            "parties": [p.code for p in record.parties],
        }
    elif isinstance(record, Agreement):
        step = current_status(record)
        row |= {
            "kind": record.kind,
            "status": step.status if step else None,
            "status_date": Date(step.date if step else None),
            "parties": [p.code for p in record.parties],
        }
    elif isinstance(record, Target):
        latest = record.observations[-1] if record.observations else None
        row |= {
            "target_value": Quantity(record.target_value, record.unit),
            "deadline": Date(record.deadline),
            "latest": Quantity(latest.value, record.unit, latest.qualifier) if latest else None,
            "latest_date": Date(latest.date if latest else None),
            "parties": [p.code for p in record.parties],
        }
    elif isinstance(record, Figure):
        row |= {
            "value": Quantity(record.value, record.unit, record.qualifier),
            "date": Date(record.date),
            "parties": [p.code for p in record.parties],
        }
    return row


def list_table(kind: Kind, records: list[RecordMixin]) -> Table:
    return Table(
        columns=LIST_COLUMNS[kind.name],
        rows=[list_row(r) for r in records],
        records=lambda: [to_dict(r) for r in records],
        empty_message=f"no {kind.plural}",
    )


def _citation_table(citations: list[dict[str, Any]], title: str = "citations") -> Table:
    return Table(
        columns=[Column("n", "#"), Column("source", "source"), Column("quote", "quote", wrap=True)],
        rows=[{"n": i, **c} for i, c in enumerate(citations, 1)],
        title=title,
        empty_message="(no citations)",
    )


def _sources_of(citations: list[dict[str, Any]]) -> str:
    return ", ".join(dict.fromkeys(c["source"] for c in citations))


SOURCE_TEXT_PREVIEW = 300


def _field_cell(key: str, value: Any, data: dict[str, Any]) -> Any:
    """A record field as `show` displays it (the dict keeps the exact value for JSON)."""
    if key == "text" and isinstance(value, str) and len(value) > SOURCE_TEXT_PREVIEW:
        return f"{value[:SOURCE_TEXT_PREVIEW]}… ({len(value)} characters)"
    if key in ("date", "deadline", "published"):
        return Date(value)
    if key in ("value", "target_value"):
        return Quantity(value, data.get("unit"), data.get("qualifier"))
    if key == "baseline" and value:
        shown = human_cell(Quantity(value["value"], data.get("unit")))
        return f"{shown} ({human_cell(Date(value['date'])) or 'undated'})"
    return value


NESTED = ("citations", "status_history", "observations")


def detail(kind: Kind, record: RecordMixin) -> Document:
    data = to_dict(record)
    pairs = [(k, _field_cell(k, v, data)) for k, v in data.items() if k not in NESTED]
    document = Document(tables=[key_value_table(pairs, title=f"{kind.name} {record.slug}")])
    document.json_value = data
    if "status_history" in data:
        document.tables.append(status_table(data))
    if "observations" in data:
        document.tables.append(observations_table(data))
    if "citations" in data:
        document.tables.append(_citation_table(data["citations"]))
    return document


def status_table(agreement: dict[str, Any]) -> Table:
    return Table(
        columns=[
            Column("n", "#"),
            Column("status", "status"),
            Column("date", "date"),
            Column("note", "note", wrap=True),
            Column("sources", "sources"),
        ],
        rows=[
            {**s, "n": i, "date": Date(s["date"]), "sources": _sources_of(s["citations"])}
            for i, s in enumerate(agreement["status_history"], 1)
        ],
        title="status history",
        empty_message="(no status recorded)",
        records=agreement["status_history"],
    )


def observations_table(target: dict[str, Any]) -> Table:
    return Table(
        columns=[
            Column("n", "#"),
            Column("value", "value"),
            Column("date", "date"),
            Column("growth_pct", "growth %"),
            Column("note", "note", wrap=True),
            Column("sources", "sources"),
        ],
        rows=[
            {
                **o,
                "n": i,
                "value": Quantity(o["value"], target["unit"], o["qualifier"]),
                "date": Date(o["date"]),
                "sources": _sources_of(o["citations"]),
            }
            for i, o in enumerate(target["observations"], 1)
        ],
        title="observations",
        empty_message="(no observations)",
        records=target["observations"],
    )
