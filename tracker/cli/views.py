"""How each kind of record looks in a listing and in `show`: columns and rows, no SQL."""

from __future__ import annotations

from typing import Any

from tracker.cli.render import (
    Column,
    Date,
    Document,
    Parties,
    Quantity,
    Table,
    human_cell,
    key_value_table,
)
from tracker.models import Target
from tracker.models.base import RecordMixin
from tracker.services.curation.kinds import Kind
from tracker.services.curation.serialize import to_dict

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
        # Where it stands beats where it was held, in a table that must fit a terminal;
        # the place is in `show` and the JSON.
        Column("status", "status"),
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
    "initiative": [
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


def list_row(kind: Kind, row: dict[str, Any]) -> dict[str, Any]:
    """A listing's table row from services.listing.list_rows' plain row."""
    shown: dict[str, Any] = {"slug": row["slug"], "title": row["title"]}
    if "parties" in row:
        row = {**row, "parties": Parties(tuple(row["parties"]), bool(row.get("parties_inferred")))}
    if kind.name == "source":
        shown |= {
            "published": Date(row["published"]),
            "outlet": row["outlet"],
            "language": row["language"],
        }
    elif kind.name == "event":
        shown |= {
            "date": Date(row["date"]),
            "kind": row["kind"],
            "status": row["status"],
            "parties": row["parties"],
        }
    elif kind.name in ("agreement", "initiative"):
        shown |= {
            "kind": row["kind"],
            "status": row["status"],
            "status_date": Date(row["status_date"]),
            "parties": row["parties"],
        }
    elif kind.name == "target":
        latest = row["latest_value"]
        shown |= {
            "target_value": Quantity(row["target_value"], row["unit"]),
            "deadline": Date(row["deadline"]),
            "latest": None
            if latest is None
            else Quantity(latest, row["unit"], row["latest_qualifier"]),
            "latest_date": Date(row["latest_date"], row["latest_period"]),
            "parties": row["parties"],
        }
    elif kind.name == "figure":
        shown |= {
            "value": Quantity(row["value"], row["unit"], row["qualifier"]),
            "date": Date(row["date"], row["period"]),
            "parties": row["parties"],
        }
    return shown


def list_table(kind: Kind, rows: list[dict[str, Any]]) -> Table:
    return Table(
        columns=LIST_COLUMNS[kind.name],
        rows=[list_row(kind, row) for row in rows],
        empty_message=f"no {kind.plural}",
    )


def list_json(kind: Kind, records: list[RecordMixin]) -> Table:
    """A listing in JSON: the whole records."""
    return Table(
        columns=LIST_COLUMNS[kind.name],
        rows=[],
        records=[to_dict(r) for r in records],
        empty_message=f"no {kind.plural}",
    )


def _citation_table(citations: list[dict[str, Any]], title: str = "citations") -> Table:
    return Table(
        columns=[Column("n", "#"), Column("source", "source"), Column("quote", "quote", wrap=True)],
        rows=[
            {"n": i, "source": c["source"], "quote": c.get("quote") or c.get("locator")}
            for i, c in enumerate(citations, 1)
        ],
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
    if key == "date" and data.get("period"):
        return Date(value, data["period"])
    if key in ("date", "deadline", "published"):
        return Date(value)
    if key in ("value", "target_value"):
        return Quantity(value, data.get("unit"), data.get("qualifier"))
    if key == "baseline" and value:
        shown = human_cell(Quantity(value["value"], data.get("unit")))
        return f"{shown} ({human_cell(Date(value['date'])) or 'undated'})"
    return value


NESTED = ("citations", "status_history")


def detail(kind: Kind, record: RecordMixin) -> Document:
    data = to_dict(record)
    pairs = [(k, _field_cell(k, v, data)) for k, v in data.items() if k not in NESTED]
    document = Document(tables=[key_value_table(pairs, title=f"{kind.name} {record.slug}")])
    document.json_value = data
    if "status_history" in data:
        document.tables.append(status_table(data))
    if isinstance(record, Target):
        document.tables.append(series_table(record))
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


def series_table(target: Target) -> Table:
    """A target's values: the figures of its measure and unit, oldest first."""
    figures = [to_dict(f) for f in target.series]
    return Table(
        columns=[
            Column("n", "#"),
            Column("value", "value"),
            Column("date", "date"),
            Column("growth_pct", "growth %"),
            Column("slug", "figure"),
            Column("sources", "sources"),
        ],
        rows=[
            {
                **f,
                "n": i,
                "value": Quantity(f["value"], f["unit"], f["qualifier"]),
                "date": Date(f["date"], f["period"]),
                "sources": _sources_of(f["citations"]),
            }
            for i, f in enumerate(figures, 1)
        ],
        title=f"values of {target.measure}" if target.measure else "values (no measure set)",
        empty_message="(no values)",
        records=figures,
    )
