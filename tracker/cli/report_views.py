"""How reports look: their tables, built from the report services' results."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from tracker.cli.render import Column, Date, Document, Quantity, Table
from tracker.domain.humanise import dated, quantity
from tracker.services.reports.agreements import AgreementState
from tracker.services.reports.figures import Measure
from tracker.services.reports.initiatives import InitiativeState
from tracker.services.reports.targets import TargetReport
from tracker.services.reports.timeline import Timeline


def progress_bar(percent: float | None, cells: int = 10) -> str:
    if percent is None:
        return ""
    filled = max(0, min(cells, round(percent / 100 * cells)))
    return "█" * filled + "░" * (cells - filled) + f" {percent:g}%"


def _pct(value: float | None) -> str:
    return "" if value is None else f"{value:g}%"


def _with_date(shown: str, date: str | None, derived: bool = False) -> str:
    if not shown:
        return ""
    parts = (dated(date, None) if date else "", "derived" if derived else "")
    detail = ", ".join(p for p in parts if p)
    return f"{shown} ({detail})" if detail else shown


def _latest_cell(report: TargetReport[Any]) -> str:
    """The latest value as the source gives it; a year-to-date one says so, and what it was
    taken as."""
    a, unit = report.assessment, report.target.unit
    shown = a.partial or a.latest
    if shown is None:
        return ""
    value = quantity(shown.value, unit, report.latest_qualifier)
    if shown.period == "ytd":
        return f"{value} ({dated(shown.label, 'ytd')})"
    return _with_date(value, shown.label)


def _status_cell(report: TargetReport[Any]) -> str:
    a = report.assessment
    words = [a.status.replace("_", " ")]
    if a.partial_estimate:
        words.append("(partial-year estimate)")
    if a.declining:
        words.append("(decline)")
    return " ".join(words)


def targets_table(reports: Sequence[TargetReport[Any]]) -> Table:
    """One row a target; value and date share a cell so the table fits a terminal. The cells
    are read from the report itself: its JSON record (`as_dict`) is built only for JSON."""
    rows: list[dict[str, Any]] = []
    for report in reports:
        target, a = report.target, report.assessment
        unit, base = target.unit, a.base
        rows.append(
            {
                "slug": target.slug,
                "base": _with_date(
                    quantity(report.base_value, unit, base.qualifier if base else None),
                    base.label if base else None,
                    a.base_derived,
                ),
                "latest": _latest_cell(report),
                "target": f"{quantity(target.target_value, unit)} by "
                f"{dated(target.deadline, None) or '(no deadline)'}",
                "observed": _pct(a.observed_growth_pct),
                "required": _pct(a.required_growth_pct),
                "ratio": "" if a.ratio is None else f"{a.ratio:g}",
                "progress": progress_bar(a.progress_pct),
                "needed": _pct(a.needed_growth_pct),
                "projected": Quantity(a.projected_value, unit),
                "status": _status_cell(report),
            }
        )
    return Table(
        columns=[
            Column("slug", "target", wrap=True),
            Column("base", "base", wrap=True),
            Column("latest", "latest", wrap=True),
            Column("target", "goal", wrap=True),
            Column("observed", "growth"),
            Column("required", "required"),
            Column("ratio", "R"),
            Column("progress", "progress"),
            Column("needed", "needed"),
            Column("projected", "projected"),
            Column("status", "status", wrap=True),
        ],
        rows=rows,
        records=lambda: [r.as_dict() for r in reports],
        empty_message="no targets",
    )


def agreements_document(
    groups: dict[str, list[AgreementState]], by: str, as_of: dt.date
) -> Document:
    pivot = Table(
        columns=[Column("group", by), Column("count", "agreements"), Column("stale", "stale")],
        rows=[
            {"group": g, "count": len(states), "stale": sum(s.stale for s in states) or ""}
            for g, states in groups.items()
        ],
        title=f"agreements by {by} as of {as_of.isoformat()}",
        empty_message="no agreements",
    )
    document = Document(tables=[pivot])
    json_groups = []
    for group, states in groups.items():
        rows = [_agreement_row(s) for s in states]
        stale = [{"stale": s.stale, "awaits": s.awaits} for s in states]
        document.tables.append(
            Table(
                columns=[
                    Column("slug", "slug"),
                    Column("kind", "kind"),
                    Column("status", "status"),
                    Column("since", "since"),
                    Column("flag", "flag"),
                    Column("title", "title", wrap=True),
                ],
                rows=rows,
                title=f"{by}: {group} ({len(states)})",
            )
        )
        json_groups.append(
            {
                "group": group,
                "count": len(states),
                "agreements": [
                    {k: v for k, v in r.items() if k != "flag"} | flags
                    for r, flags in zip(rows, stale, strict=True)
                ],
            }
        )
    document.json_value = {"by": by, "as_of": as_of.isoformat(), "groups": json_groups}
    return document


def _agreement_row(state: AgreementState) -> dict[str, Any]:
    step = state.step
    return {
        "slug": state.agreement.slug,
        "kind": state.agreement.kind,
        "status": step.status if step else None,
        "since": Date(step.date if step else None),
        "flag": stale_flag(state.awaits),
        "title": state.agreement.title,
    }


def stale_flag(awaited: str | None) -> str:
    """ "stale: awaits ratification", for a status the stale rule flags (awaiting.py)."""
    return f"stale: awaits {awaited}" if awaited else ""


def timeline_table(found: Timeline) -> Table:
    note = f" ({found.undated} undated records not shown)" if found.undated else ""
    return Table(
        columns=[
            Column("date", "date"),
            Column("what", "what"),
            Column("title", "title", wrap=True),
            Column("slug", "record"),
        ],
        rows=[
            {"date": Date(m.date), "what": m.label, "title": m.title, "slug": f"{m.kind} {m.slug}"}
            for m in found.moments
        ],
        records=[
            {
                "date": m.date,
                "what": m.what,
                "status": m.status,
                "title": m.title,
                "kind": m.kind,
                "slug": m.slug,
            }
            for m in found.moments
        ],
        title=f"timeline{note}" if note else None,
        empty_message=f"nothing dated in that range{note}",
    )


def _measure_label(measure: Measure) -> str:
    flags = [
        w for w, on in (("conflict", measure.conflicting), ("decline", measure.declining)) if on
    ]
    return f"{measure.name} ({', '.join(flags)})" if flags else measure.name


def figures_table(found: list[Measure], conflicts_only: bool) -> Table:
    rows = [
        {
            "measure": _measure_label(measure),
            "value": Quantity(f.value, f.unit, f.qualifier),
            "date": Date(f.date, f.period),
            "title": f.title,
            "sources": ", ".join(dict.fromkeys(c.source.slug for c in f.citations)),
            "slug": f.slug,
        }
        for measure in found
        for f in measure.figures
    ]
    return Table(
        columns=[
            Column("measure", "measure"),
            Column("value", "value"),
            Column("date", "date"),
            Column("title", "title", wrap=True),
            Column("sources", "sources", wrap=True),
        ],
        rows=rows,
        records=[
            {
                "measure": m.name,
                "conflicting": m.conflicting,
                "declining": m.declining,
                "figures": [
                    {
                        "slug": f.slug,
                        "value": f.value,
                        "unit": f.unit,
                        "qualifier": f.qualifier,
                        "date": f.date,
                        "period": f.period,
                        "sources": [c.source.slug for c in f.citations],
                    }
                    for f in m.figures
                ],
            }
            for m in found
        ],
        empty_message="no conflicting figures" if conflicts_only else "no figures",
    )


def initiatives_table(groups: dict[str, list[InitiativeState]], as_of: dt.date) -> Table:
    rows, records = [], []
    for group, states in groups.items():
        for known in states:
            initiative = known.initiative
            since = known.step.date if known.step else None
            record = {
                "status": group,
                "kind": initiative.kind,
                "by": initiative.made_by.code if initiative.made_by else "",
                "to": ", ".join(p.code for p in initiative.addressed_to),
                "slug": initiative.slug,
                "title": initiative.title,
                "since": since,
                "awaits": known.awaits,
            }
            records.append(record)
            shown = {"status": group.replace("_", " "), "since": Date(since)}
            rows.append(record | shown | {"flag": stale_flag(known.awaits)})
    return Table(
        columns=[
            Column("status", "status"),
            Column("since", "since"),
            Column("flag", "flag"),
            Column("kind", "kind"),
            Column("by", "by"),
            Column("to", "to"),
            Column("slug", "slug"),
            Column("title", "title", wrap=True),
        ],
        rows=rows,
        records=records,
        title=f"initiatives as of {as_of.isoformat()}",
        empty_message="no initiatives",
    )
