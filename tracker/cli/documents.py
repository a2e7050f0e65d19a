"""Documents (the briefing, and any later report document) laid out by Jinja2 templates shipped
in `tracker/templates/`. Code builds the data; the templates lay it out. HTML templates escape
every value unless it is markup made by tracker itself (a rendered table, a chart)."""

from __future__ import annotations

import html
from functools import cache
from typing import Any

import jinja2
from markupsafe import Markup


def _escaped_as_tables_are(value: object) -> object:
    # The table renderer escapes with html.escape; escaping a document's own text the same way
    # keeps one spelling of each entity in a page (markupsafe writes &#34; where it writes &quot;).
    if isinstance(value, Markup) or not isinstance(value, str):
        return value
    return Markup(html.escape(value))


@cache
def _environment(html_document: bool) -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("tracker", "templates"),
        autoescape=html_document,
        finalize=_escaped_as_tables_are if html_document else None,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )


def markup(trusted_html: str) -> Markup:
    """HTML that tracker built and escaped itself, passed to a template as it is."""
    return Markup(trusted_html)


def render_template(template: str, **context: Any) -> str:
    """Render `NAME.html.j2` (autoescaped) or `NAME.md.j2` with the given data."""
    is_html = template.endswith(".html.j2")
    return _environment(is_html).get_template(template).render(**context)
