"""The briefing's sections as tables, and its source notes: what an official reads, each row
citing the notes ("[2.3]": source 2, its third quote)."""

from __future__ import annotations

from tracker.cli.render import Column, Date, Quantity, Table, human_cell
from tracker.cli.report_views import stale_flag, targets_table
from tracker.domain import humanise
from tracker.models import Event, Figure, Initiative, Source
from tracker.models.base import InferenceMixin
from tracker.services.query.known import known_and_dated
from tracker.services.reports.agreements import AgreementState
from tracker.services.reports.briefing import Briefing
from tracker.services.reports.timeline import Moment

TITLE_LIMIT = 90  # characters of a source's title in its note


def _refs(briefing: Briefing, kind: str, slug: str) -> str:
    return "".join(f"[{ref}]" for ref in briefing.refs.get((kind, slug), []))


def briefing_sections(briefing: Briefing) -> list[tuple[str, Table]]:
    notes = Column("notes", "notes")
    return [
        ("Targets", _targets(briefing)),
        ("Agreements by status", _agreements(briefing, notes)),
        ("Initiatives by status", _initiatives(briefing, notes)),
        (
            "Recent timeline",
            _moments(briefing, briefing.recent, notes, "nothing dated up to the as-of date"),
        ),
        (
            "Ahead, as known on the as-of date",
            _moments(briefing, briefing.ahead, notes, "nothing known to lie ahead"),
        ),
        ("Key figures", _figures(briefing, notes)),
        ("Conflicts and declines", _findings(briefing)),
    ]


def _targets(briefing: Briefing) -> Table:
    table = targets_table(briefing.targets)
    shown = ("base", "latest", "target", "needed", "status")
    # A4 holds about eight columns: growth observed and required, R, the progress bar and
    # the projection are in `report targets`; the chart above the table draws them.
    table.columns = [
        Column("title", "target", wrap=True),
        *(
            Column("needed", "growth needed a year") if c.key == "needed" else c
            for c in table.columns
            if c.key in shown
        ),
        Column("notes", "notes"),
    ]
    for row, report in zip(table.rows, briefing.targets, strict=True):
        row["title"] = report.target.title + _inferences(report.target)
        row["notes"] = _refs(briefing, "target", report.target.slug)
    return table


def _signed(state: AgreementState, briefing: Briefing) -> Date:
    steps = [
        s
        for s in state.agreement.statuses
        if s.status == "signed" and known_and_dated(s, briefing.as_of)
    ]
    return Date(steps[0].date if steps else None)


def _agreements(briefing: Briefing, notes: Column) -> Table:
    rows = [
        {
            "status": group,
            "title": state.agreement.title + _inferences(state.agreement),
            "kind": state.agreement.kind.replace("_", " "),
            "signed": _signed(state, briefing),
            "since": Date(state.step.date if state.step else None),
            "flag": stale_flag(state.awaits),
            "notes": _refs(briefing, "agreement", state.agreement.slug),
        }
        for group, states in briefing.agreements.items()
        for state in states
    ]
    columns = [
        Column("status", "status"),
        Column("title", "agreement", wrap=True),
        Column("kind", "kind"),
        Column("signed", "signed"),
        Column("since", "status since"),
        Column("flag", "flag"),
        notes,
    ]
    return Table(columns, rows, empty_message="no agreements")


def _initiatives(briefing: Briefing, notes: Column) -> Table:
    rows = [
        {
            "status": group.replace("_", " "),
            "title": known.initiative.title + _inferences(known.initiative),
            "kind": known.initiative.kind,
            "by": _by_line(known.initiative),
            "since": Date(known.step.date if known.step else None),
            "flag": stale_flag(known.awaits),
            "notes": _refs(briefing, "initiative", known.initiative.slug),
        }
        for group, states in briefing.initiatives.items()
        for known in states
    ]
    columns = [
        Column("status", "status"),
        Column("title", "initiative", wrap=True),
        Column("kind", "kind"),
        Column("by", "by / to"),
        Column("since", "since"),
        Column("flag", "flag"),
        notes,
    ]
    return Table(columns, rows, empty_message="no initiatives")


def _moments(briefing: Briefing, moments: list[Moment], notes: Column, empty: str) -> Table:
    rows = [
        {
            "date": Date(m.date),
            "what": m.label.replace("_", " "),
            "title": m.title,
            "notes": _refs(briefing, m.kind, m.slug),
        }
        for m in moments
    ]
    columns = [Column("date", "date"), Column("what", "what"), Column("title", "title"), notes]
    return Table(columns, rows, empty_message=empty)


def _event_line(event: Event | None) -> str:
    if event is None:
        return ""
    when = human_cell(Date(event.date)) if event.date else "undated"
    return f"{event.title} ({when})"


def _figures(briefing: Briefing, notes: Column) -> Table:
    rows = [
        {
            "value": Quantity(f.value, f.unit, f.qualifier),
            "date": Date(f.date, f.period) if f.date else _undated(f),
            "event": _event_line(f.event),
            "title": f.title + _inferences(f),
            "notes": _refs(briefing, "figure", f.slug),
        }
        for measure in briefing.figures
        for f in measure.figures
    ]
    columns = [
        Column("value", "value"),
        Column("date", "date"),
        Column("title", "what", wrap=True),
        Column("event", "reported at", wrap=True),
        notes,
    ]
    return Table(columns, rows, empty_message="no figures")


def _undated(figure: Figure) -> str:
    """A value the source does not date: its span, and that the date is not given."""
    span = f" ({figure.period})" if figure.period else ""
    return f"not given{span}"


def _findings(briefing: Briefing) -> Table:
    by_slug = {f.slug: f for m in briefing.figures for f in m.figures}
    rows = []
    for finding in briefing.findings:
        figures = [by_slug[s] for s in finding.figures if s in by_slug]
        values = "; ".join(
            f"{human_cell(Quantity(f.value, f.unit, f.qualifier))}"
            f" ({human_cell(Date(f.date, f.period)) if f.date else 'undated'})"
            f" {_refs(briefing, 'figure', f.slug)}"
            for f in figures
        )
        rows.append({"measure": finding.measure, "finding": finding.finding, "values": values})
    columns = [
        Column("measure", "measure"),
        Column("finding", "finding", wrap=True),
        Column("values", "values", wrap=True),
    ]
    return Table(columns, rows, empty_message="no conflicting or falling values")


def _inferences(record: InferenceMixin) -> str:
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
    """Who made it and to whom: "KZ → UZ", "KZ, UZ" for a joint one."""
    made = initiative.made_by.code if initiative.made_by else ""
    to = ", ".join(p.code for p in initiative.addressed_to)
    if made and to:
        return f"{made} → {to}"
    return made or ", ".join(p.code for p in initiative.parties)


def short_title(title: str, limit: int = TITLE_LIMIT) -> str:
    """A title as a note shows it: an all-capitals one in sentence case, a long one cut at a
    word with an ellipsis."""
    letters = [c for c in title if c.isalpha()]
    if letters and sum(c.isupper() for c in letters) / len(letters) > 0.8:
        title = title[:1].upper() + title[1:].lower()
    title = " ".join(title.split())
    if len(title) <= limit:
        return title
    cut = title[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,.;:—-")
    return f"{cut}…"


def _source_label(source: Source) -> str:
    """ "Outlet (via X), 15 Nov 2025: Title" — what an official needs to find the text."""
    who = ", ".join(
        p
        for p in (
            source.outlet or source.publisher or source.author,
            f"via {source.via}" if source.via else None,
            humanise.date(source.published) if source.published else "undated",
        )
        if p
    )
    return f"{who}: {short_title(source.title)}"


def source_notes(briefing: Briefing) -> list[dict[str, object]]:
    """Each source once, numbered, with its quotes listed under it."""
    return [
        {
            "number": note.number,
            "source": _source_label(note.source),
            "quotes": [
                {"ref": f"{note.number}.{n}", "text": " ".join(quote.split())}
                for n, quote in enumerate(note.quotes, 1)
            ],
        }
        for note in briefing.notes.sources
    ]
