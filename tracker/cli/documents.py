"""Documents (the briefing, and any later report document) laid out by Jinja2 templates shipped
in `tracker/templates/`. Code builds the data; the templates lay it out. Every value is escaped
as the renderer escapes a table cell (HTML: entities; Markdown: one line, no raw HTML; both:
control characters made visible) unless it is markup tracker made itself (a table, a chart)."""

from __future__ import annotations

from functools import cache
from typing import Any

import jinja2
from markupsafe import Markup

from tracker.cli.render import html_text, markdown_text


def _html_as_tables_are(value: object) -> object:
    # The table renderer escapes with html.escape; escaping a document's own text the same way
    # keeps one spelling of each entity in a page (markupsafe writes &#34; where it writes &quot;).
    if isinstance(value, Markup) or not isinstance(value, str):
        return value
    return Markup(html_text(value))


def _markdown_as_tables_are(value: object) -> object:
    if isinstance(value, Markup) or not isinstance(value, str):
        return value
    return markdown_text(value)


def css_string(value: object) -> Markup:
    """A quoted CSS string (a print footer's text in a style sheet): every character but
    letters, digits and spaces escaped, so none can end the string or the <style> element."""
    text = str(value)
    escaped = "".join(
        c if c.isascii() and (c.isalnum() or c == " ") else f"\\{ord(c):x} " for c in text
    )
    return Markup(f'"{escaped}"')


@cache
def _environment(html_document: bool) -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("tracker", "templates"),
        autoescape=html_document,
        finalize=_html_as_tables_are if html_document else _markdown_as_tables_are,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    environment.filters["css_string"] = css_string
    return environment


def markup(trusted_html: str) -> Markup:
    """HTML or Markdown that tracker built and escaped itself, passed to a template as it is."""
    return Markup(trusted_html)


def render_template(template: str, **context: Any) -> str:
    """Render `NAME.html.j2` (autoescaped) or `NAME.md.j2` with the given data."""
    is_html = template.endswith(".html.j2")
    return _environment(is_html).get_template(template).render(**context)
