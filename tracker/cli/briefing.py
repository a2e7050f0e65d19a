"""The briefing's data for its Markdown or HTML template, with the trajectory charts of
`tracker.cli.charts` on one time range."""

from __future__ import annotations

from tracker.cli.briefing_tables import briefing_sections, source_notes
from tracker.cli.charts import shared_span, trajectory_svg
from tracker.cli.documents import markup, render_template
from tracker.cli.render import render
from tracker.domain import humanise
from tracker.services.reports.briefing import Briefing


def _title(briefing: Briefing) -> str:
    import pycountry

    names = []
    for code in briefing.countries:
        country = pycountry.countries.get(alpha_2=code)
        names.append(getattr(country, "common_name", None) or country.name if country else code)
    return "Briefing: " + (" – ".join(names) if names else "all records")


def briefing_markdown(briefing: Briefing) -> str:
    return render_template(
        "briefing.md.j2",
        title=_title(briefing),
        as_of=humanise.date(briefing.as_of.isoformat()),
        headline=briefing.headline,
        sections=[
            {"title": t, "table": markup(render(table, "md"))}
            for t, table in briefing_sections(briefing)
        ],
        notes=source_notes(briefing),
    )


def briefing_html(briefing: Briefing) -> str:
    span = shared_span(briefing.targets, briefing.as_of)  # one time range for every chart
    sections = [
        {
            "title": title,
            "charts": [
                markup(trajectory_svg(r, briefing.as_of, span))
                for r in (briefing.targets if title == "Targets" else [])
            ],
            "table": markup(render(table, "html")),
        }
        for title, table in briefing_sections(briefing)
    ]
    return render_template(
        "briefing.html.j2",
        title=_title(briefing),
        as_of=humanise.date(briefing.as_of.isoformat()),
        headline=briefing.headline,
        sections=sections,
        notes=source_notes(briefing),
    )
