"""The briefing's data for its Markdown or HTML template; the trajectory charts drawn as SVG."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from tracker.cli.documents import markup, render_template
from tracker.cli.render import Column, Date, Quantity, Table, html_text, human_cell, render
from tracker.cli.report_views import targets_table
from tracker.domain import humanise
from tracker.domain.periods import FULL_PERIODS
from tracker.domain.progress import years_between
from tracker.models import Agreement, Figure, Initiative
from tracker.services.reports.briefing import Briefing
from tracker.services.reports.targets import TargetReport


def _refs(briefing: Briefing, kind: str, slug: str) -> str:
    numbers = briefing.refs.get((kind, slug), [])
    return "".join(f"[{n}]" for n in numbers)


def _sections(briefing: Briefing) -> list[tuple[str, Table]]:
    targets = targets_table(briefing.targets)
    targets.columns = [
        Column("title", "target", wrap=True),
        # A4 holds ten columns: R and the growth required from the base are in `report targets`.
        *(c for c in targets.columns if c.key not in ("slug", "base", "ratio", "required")),
        Column("notes", "notes"),
    ]
    for row, report in zip(targets.rows, briefing.targets, strict=True):
        row["title"] = report.target.title
        row["notes"] = _refs(briefing, "target", report.target.slug)
    agreement_rows = [
        {
            "status": group,
            "title": state.agreement.title + _inferences(state.agreement),
            "kind": state.agreement.kind,
            "since": Date(state.step.date if state.step else None),
            "flag": "stale" if state.stale else "",
            "notes": _refs(briefing, "agreement", state.agreement.slug),
        }
        for group, states in briefing.agreements.items()
        for state in states
    ]
    initiative_rows = [
        {
            "status": group.replace("_", " "),
            "title": known.initiative.title + _inferences(known.initiative),
            "kind": known.initiative.kind,
            "by": _by_line(known.initiative),
            "since": Date(known.step.date if known.step else None),
            "notes": _refs(briefing, "initiative", known.initiative.slug),
        }
        for group, states in briefing.initiatives.items()
        for known in states
    ]
    timeline_rows = [
        {
            "date": Date(m.date),
            "what": m.what,
            "title": m.title,
            "notes": _refs(briefing, m.kind, m.slug),
        }
        for m in briefing.recent
    ]
    figure_rows = [
        {
            "value": Quantity(f.value, f.unit, f.qualifier),
            "date": Date(f.date, f.period),
            "title": f.title + _inferences(f),
            "notes": _refs(briefing, "figure", f.slug),
        }
        for measure in briefing.figures
        for f in measure.figures
    ]
    notes = Column("notes", "notes")
    return [
        ("Targets", targets),
        (
            "Agreements by status",
            Table(
                [Column("status", "status"), Column("title", "agreement"), Column("kind", "kind"),
                 Column("since", "since"), Column("flag", "flag"), notes],
                agreement_rows, empty_message="no agreements",
            ),
        ),
        (
            "Initiatives by status",
            Table(
                [Column("status", "status"), Column("title", "initiative"), Column("kind", "kind"),
                 Column("by", "by / to"), Column("since", "since"), notes],
                initiative_rows, empty_message="no initiatives",
            ),
        ),
        (
            "Recent timeline",
            Table(
                [Column("date", "date"), Column("what", "what"), Column("title", "title"), notes],
                timeline_rows, empty_message="nothing dated up to the as-of date",
            ),
        ),
        (
            "Key figures",
            Table(
                [Column("value", "value"), Column("date", "date"), Column("title", "what"), notes],
                figure_rows, empty_message="no figures",
            ),
        ),
    ]  # fmt: skip


def _inferences(record: Agreement | Initiative | Figure) -> str:
    """What the curator inferred, said beside the record: an official reads it as such."""
    said = [
        words
        for words, inferred in (
            ("parties inferred", record.parties_inferred),
            ("one fact in several reports, inferred", record.identity_inferred),
        )
        if inferred
    ]
    return f" ({'; '.join(said)})" if said else ""


def _by_line(initiative: Initiative) -> str:
    """Who made it and to whom: "KZ -> UZ", "KZ, UZ" for a joint one."""
    made = initiative.made_by.code if initiative.made_by else ""
    to = ", ".join(p.code for p in initiative.addressed_to)
    if made and to:
        return f"{made} → {to}"
    return made or ", ".join(p.code for p in initiative.parties)


def _title(briefing: Briefing) -> str:
    import pycountry

    names = []
    for code in briefing.countries:
        country = pycountry.countries.get(alpha_2=code)
        names.append(getattr(country, "common_name", None) or country.name if country else code)
    return "Briefing: " + (" – ".join(names) if names else "all records")


def _source_line(note_source: object, quote: str) -> tuple[str, str]:
    source = note_source
    parts = [
        getattr(source, "title", ""),
        ", ".join(
            p
            for p in (
                getattr(source, "outlet", None),
                f"via {source.via}" if getattr(source, "via", None) else None,  # type: ignore[attr-defined]
                humanise.date(getattr(source, "published", None)) or "undated",
            )
            if p
        ),
    ]
    return f"{parts[0]} ({parts[1]})", quote


def _notes(briefing: Briefing) -> list[dict[str, object]]:
    notes = []
    for note in briefing.notes.items:
        described, quote = _source_line(note.source, note.quote)
        notes.append({"number": note.number, "source": described, "quote": " ".join(quote.split())})
    return notes


def briefing_markdown(briefing: Briefing) -> str:
    return render_template(
        "briefing.md.j2",
        title=_title(briefing),
        as_of=humanise.date(briefing.as_of.isoformat()),
        headline=briefing.headline,
        sections=[
            {"title": t, "table": markup(render(table, "md"))} for t, table in _sections(briefing)
        ],
        notes=_notes(briefing),
    )


def briefing_html(briefing: Briefing) -> str:
    sections = [
        {
            "title": title,
            "charts": [
                markup(trajectory_svg(r, briefing.as_of))
                for r in (briefing.targets if title == "Targets" else [])
            ],
            "table": markup(render(table, "html")),
        }
        for title, table in _sections(briefing)
    ]
    return render_template(
        "briefing.html.j2",
        title=_title(briefing),
        as_of=humanise.date(briefing.as_of.isoformat()),
        headline=briefing.headline,
        sections=sections,
        notes=_notes(briefing),
    )


# ---- the trajectory chart ----------------------------------------------------------------------

WIDTH, HEIGHT, PAD_LEFT, PAD_RIGHT, PAD_Y = 640, 240, 70, 20, 28


def trajectory_svg(report: TargetReport, as_of: dt.date) -> str:
    """Observations, the path required from the base, and the projection at observed growth."""
    target, a = report.target, report.assessment
    caption = f"{html_text(target.title)}: {html_text(a.status.replace('_', ' '))}"
    if a.base is None or a.latest is None or target.deadline_upper is None:
        return f"<figure><figcaption>{caption} (no trajectory to draw)</figcaption></figure>"
    start, end = a.base.when, target.deadline_upper
    span = years_between(start, end) or 1.0
    observed = [
        (f.date_upper, f.value)
        for f in target.series
        if f.date_upper and f.date_lower and f.date_lower <= as_of and f.period in FULL_PERIODS
    ]
    if a.partial_estimate:
        observed.append((a.latest.when, a.latest.value))  # the annualised year to date
    values = [a.base.value, target.target_value, *(v for _, v in observed)]
    if a.projected_value is not None:
        values.append(a.projected_value)
    top = float(max(values)) * 1.1 or 1.0

    def x(day: dt.date) -> float:
        return PAD_LEFT + (WIDTH - PAD_LEFT - PAD_RIGHT) * years_between(start, day) / span

    def y(value: Decimal) -> float:
        return HEIGHT - PAD_Y - (HEIGHT - 2 * PAD_Y) * float(value) / top

    def label(value: Decimal) -> str:
        return html_text(human_cell(Quantity(value, target.unit)))

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" '
        f'role="img" aria-label="{caption}" font-family="DejaVu Sans, Arial" font-size="11">',
        f'<line x1="{PAD_LEFT}" y1="{HEIGHT - PAD_Y}" x2="{WIDTH - PAD_RIGHT}" '
        f'y2="{HEIGHT - PAD_Y}" stroke="#888"/>',
        f'<line x1="{PAD_LEFT}" y1="{PAD_Y}" x2="{PAD_LEFT}" y2="{HEIGHT - PAD_Y}" stroke="#888"/>',
        f'<text x="{PAD_LEFT}" y="{HEIGHT - 8}" text-anchor="middle">{start.year}</text>',
        f'<text x="{x(end):.1f}" y="{HEIGHT - 8}" text-anchor="middle">{end.year}</text>',
        # required path: base to target at the deadline
        f'<line x1="{x(start):.1f}" y1="{y(a.base.value):.1f}" x2="{x(end):.1f}" '
        f'y2="{y(target.target_value):.1f}" stroke="#2a7" stroke-width="2" '
        'stroke-dasharray="6 4"/>',
        f'<circle cx="{x(end):.1f}" cy="{y(target.target_value):.1f}" r="5" fill="#2a7"/>',
        f'<text x="{x(end) - 8:.1f}" y="{y(target.target_value) - 9:.1f}" text-anchor="end" '
        f'fill="#2a7">target {label(target.target_value)}</text>',
    ]
    if a.projected_value is not None:
        parts += [
            f'<line x1="{x(a.latest.when):.1f}" y1="{y(a.latest.value):.1f}" x2="{x(end):.1f}" '
            f'y2="{y(a.projected_value):.1f}" stroke="#c60" stroke-width="2" '
            'stroke-dasharray="2 4"/>',
            f'<text x="{x(end) - 8:.1f}" y="{y(a.projected_value) + 16:.1f}" text-anchor="end" '
            f'fill="#c60">projected {label(a.projected_value)}</text>',
        ]
    points = [(a.base.when, a.base.value)] if a.base_derived else []
    points += observed
    path = " ".join(f"{x(day):.1f},{y(value):.1f}" for day, value in points)
    parts.append(f'<polyline points="{path}" fill="none" stroke="#246" stroke-width="2"/>')
    for day, value in points:
        hollow = (a.base_derived and day == a.base.when) or (
            a.partial_estimate and day == a.latest.when
        )
        fill = "white" if hollow else "#246"
        parts.append(
            f'<circle cx="{x(day):.1f}" cy="{y(value):.1f}" r="4" fill="{fill}" stroke="#246"/>'
        )
    parts.append(
        f'<text x="{x(a.latest.when) + 6:.1f}" y="{y(a.latest.value) - 8:.1f}" fill="#246">'
        f"{label(a.latest.value)} ({html_text(a.latest.label)})</text>"
    )
    parts.append("</svg>")
    legend = (
        "solid: observed"
        + (" (hollow: base derived from reported growth)" if a.base_derived else "")
        + (" (hollow: year to date, annualised)" if a.partial_estimate else "")
        + "; dashed green: path required to the target; "
        "dotted orange: projection at observed growth"
    )
    return f"<figure>{''.join(parts)}<figcaption>{caption}. {legend}.</figcaption></figure>"
