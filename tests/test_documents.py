"""Documents come from the templates in tracker/templates/: HTML escapes every value that is not
tracker's own markup; Markdown takes its text as the data gives it."""

from __future__ import annotations

from pathlib import Path

from tracker.cli.documents import markup, render_template

TEMPLATES = Path(__file__).resolve().parent.parent / "tracker" / "templates"

HOSTILE = '<script>alert("x")</script> & Kazakhstan\'s'


def _briefing(**overrides: object) -> dict[str, object]:
    context: dict[str, object] = {
        "title": HOSTILE,
        "as_of": "21 Nov 2026",
        "headline": [(HOSTILE, "3 <b>")],
        "sections": [{"title": "Targets", "charts": [markup("<svg></svg>")], "table": "T"}],
        "notes": [{"number": 1, "source": HOSTILE, "quotes": [{"ref": "1.1", "text": "«q» <i>"}]}],
    }
    context.update(overrides)
    return context


def test_html_escapes_every_value_as_the_table_renderer_does() -> None:
    page = render_template("briefing.html.j2", **_briefing())
    escaped = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Kazakhstan&#x27;s"
    assert "<script>" not in page
    assert f"<title>{escaped}</title>" in page
    assert f"<h1>{escaped}</h1>" in page
    assert f"<dt>{escaped}</dt><dd>3 &lt;b&gt;</dd>" in page
    assert f'<li value="1">{escaped}\n<ul class="quotes">\n' in page
    assert '<li><span class="ref">1.1</span> ««q» &lt;i&gt;»</li>' in page


def test_html_takes_tracker_markup_as_it_is_and_escapes_a_plain_string_table() -> None:
    page = render_template("briefing.html.j2", **_briefing())
    assert "<h2>Targets</h2>\n<svg></svg>\nT\n<h2>Source notes</h2>" in page
    page = render_template(
        "briefing.html.j2",
        **_briefing(sections=[{"title": "Targets", "charts": [], "table": "<table>"}]),
    )
    assert "<h2>Targets</h2>\n&lt;table&gt;\n" in page


def test_markdown_lays_out_lines_without_html_escaping() -> None:
    text = render_template(
        "briefing.md.j2",
        **_briefing(title="KZ – UZ", headline=[("Targets", "2")], notes=[]),
    )
    assert text == (
        "# KZ – UZ\n\n_As of 21 Nov 2026: only what its sources had published by then. Every "
        "row cites the source notes at the end: [2.3] is source 2, its third quote._\n\n"
        "## Headline numbers\n\n- **Targets:** 2\n\n## Targets\n\nT\n\n"
        "## Source notes\n\nNo sources are cited.\n"
    )
    quoted = render_template(
        "briefing.md.j2",
        **_briefing(title="T", headline=[], sections=[], notes=[
            {"number": 1, "source": "Outlet, 15 Nov 2025: Title",
             "quotes": [{"ref": "1.1", "text": "First"}, {"ref": "1.2", "text": "Second"}]},
        ]),
    )  # fmt: skip
    assert quoted.endswith(
        "## Source notes\n\n1. Outlet, 15 Nov 2025: Title\n    - 1.1 «First»\n    - 1.2 «Second»\n"
    )


def test_templates_are_package_data() -> None:
    assert sorted(p.name for p in TEMPLATES.iterdir()) == ["briefing.html.j2", "briefing.md.j2"]
