"""The briefing as a reader gets it: its HTML rendered by a real headless browser to PNG (the
first page, and the chart alone, with the labels measured where the browser laid them out),
its PDF printed by the same browser, and the same bytes for the same database and --as-of.

Set TRACKER_TEST_PNG_DIR to keep the pictures (briefing-page1.png, briefing-chart.png)."""

from __future__ import annotations

import itertools
import json
import os
import re
import shutil
import stat
import struct
import subprocess
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.conftest import Invoke
from tracker.cli.charts import crosses, overlap

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
PDFTOTEXT = shutil.which("pdftotext")  # poppler-utils: only to read the PDF's footer back
needs_browser = pytest.mark.skipif(
    CHROMIUM is None, reason="chromium is not installed (apt-get install chromium)"
)
# No network, no first-run work: this machine's network is closed (see the env notes).
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--hide-scrollbars", "--force-device-scale-factor=1",
]  # fmt: skip
AS_OF = "2025-12-31"
SVG = "{http://www.w3.org/2000/svg}"
A4_POINTS = (595.28, 841.89)
# The curated target's four points, each labelled with its value and date.
LABELS = [
    "target $10bn (2030)",
    "projected $8.78bn (2030)",
    "about $4.36bn (2025?, estimate)",
    "base about $3.79bn (2024?, derived)",
]
# The box of every text of every chart as the browser drew it, in the viewBox's units.
MEASURE = """<script>
document.body.dataset.boxes = JSON.stringify([...document.querySelectorAll("svg")].map(svg => {
  const frame = svg.getBoundingClientRect(), scale = svg.viewBox.baseVal.width / frame.width;
  return {
    view: svg.viewBox.baseVal.width + " " + svg.viewBox.baseVal.height,
    texts: [...svg.querySelectorAll("text")].map(t => {
      const b = t.getBoundingClientRect();  // as drawn: rotated, for the y-axis title
      return {text: t.textContent, label: t.classList.contains("label"),
              box: [b.left, b.top, b.right, b.bottom].map((v, i) =>
                (v - (i % 2 ? frame.top : frame.left)) * scale)};
    }),
  };
}));
</script>"""


def png_size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    width, height = struct.unpack(">II", header[16:24])
    return width, height


def browser(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    return subprocess.run(
        [CHROMIUM, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", *args],
        check=True, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def keep(picture: Path) -> None:
    """A copy where a person can look at it, when asked for."""
    folder = os.environ.get("TRACKER_TEST_PNG_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        shutil.copyfile(picture, Path(folder) / picture.name)


def briefing_html(cli: Invoke, tmp_path: Path, *extra: str) -> str:
    page = tmp_path / "briefing.html"
    result = cli(
        "report", "briefing", "--pair", "KZ-UZ", "--as-of", AS_OF, "--format", "html",
        "-o", str(page), "--force", *extra,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return page.read_text("utf-8")


def charts_only(page: str, script: str = "") -> str:
    """The briefing's charts in a page of their own, with the briefing's styles."""
    # Without its Content-Security-Policy, which allows no script (MEASURE is one).
    head = re.sub(
        r'<meta http-equiv="Content-Security-Policy"[^>]*>\n',
        "",
        page.split("<body>", maxsplit=1)[0],
    )
    figures = re.findall(r"<figure>.*?</figure>", page, re.S)
    return f"{head}<body>{''.join(figures)}{script}</body></html>"


def svgs(page: str) -> list[ET.Element]:
    return [ET.fromstring(svg) for svg in re.findall(r"<svg .*?</svg>", page, re.S)]


def segments(svg: ET.Element) -> list[tuple[tuple[float, float], tuple[float, float]]]:
    """The chart's three lines, as straight segments."""
    found = []
    for path in svg.iter(f"{SVG}path"):
        if path.get("class") in ("required", "projected"):
            numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", path.get("d", ""))]
            found.append(((numbers[0], numbers[1]), (numbers[2], numbers[3])))
    for line in svg.iter(f"{SVG}polyline"):
        points = [tuple(map(float, p.split(","))) for p in line.get("points", "").split()]
        found += list(itertools.pairwise(points))  # type: ignore[arg-type]
    return found


def marker_boxes(svg: ET.Element) -> list[list[float]]:
    """The boxes of the plot's markers: circles, the target's diamond, the projection's square."""
    [plot] = [g for g in svg.iter(f"{SVG}g") if g.get("class") == "plot"]
    boxes = []
    for marker in plot.iter():
        if marker.get("class") != "marker":
            continue
        if marker.tag == f"{SVG}circle":
            x, y, r = (float(marker.get(k, "0")) for k in ("cx", "cy", "r"))
            boxes.append([x - r, y - r, x + r, y + r])
        elif marker.tag == f"{SVG}rect":
            x, y, w, h = (float(marker.get(k, "0")) for k in ("x", "y", "width", "height"))
            boxes.append([x, y, x + w, y + h])
        else:
            numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", marker.get("d", ""))]
            xs, ys = numbers[0::2], numbers[1::2]
            boxes.append([min(xs), min(ys), max(xs), max(ys)])
    return boxes


def test_the_chart_has_axes_gridlines_styles_and_a_label_for_every_point(
    cli: Invoke, tmp_path: Path
) -> None:
    assert cli("init").exit_code == 0
    [svg] = svgs(briefing_html(cli, tmp_path))
    ticks = [t.text for t in svg.iter(f"{SVG}text") if t.get("class") == "tick"]
    assert ticks == ["$0", "$2.5bn", "$5bn", "$7.5bn", "$10bn", "$12.5bn",
                     "2024", "2025", "2026", "2027", "2028", "2029", "2030"]  # fmt: skip
    texts = [t.text for t in svg.iter(f"{SVG}text")]
    assert "USD" in texts
    assert "year (a value stands at the end of its period)" in texts
    grid = [g for g in svg.iter(f"{SVG}line") if g.get("class") == "grid"]
    assert len(grid) == 6 + 7  # a line at every value tick and every year tick
    styles = {p.get("class"): p.get("stroke-dasharray") for p in svg.iter(f"{SVG}path")}
    assert styles["required"] == "7 4"  # dashed
    assert styles["projected"] == "0.5 4"  # dotted (round caps)
    [observed] = svg.iter(f"{SVG}polyline")
    assert observed.get("stroke-dasharray") is None  # solid
    [plot] = [g for g in svg.iter(f"{SVG}g") if g.get("class") == "plot"]
    markers = [m for m in plot.iter() if m.get("class") == "marker"]
    labels = [t.text for t in plot.iter(f"{SVG}text") if t.get("class") == "label"]
    assert labels == LABELS
    assert len(markers) == len(labels)
    [legend] = [g for g in svg.iter(f"{SVG}g") if g.get("class") == "legend"]
    assert [t.text for t in legend.iter(f"{SVG}text")] == [
        "observed", "hollow: derived or estimated", "path required to the target",
        "projection at observed growth",
    ]  # fmt: skip
    dashes = {line.get("stroke-dasharray") for line in legend.iter(f"{SVG}line")}
    assert dashes == {None, "7 4", "0.5 4"}  # the legend shows the line styles, not colours


def more_targets(cli: Invoke) -> None:
    """Three more targets of KZ-UZ, over other years: one from 2022 to 2027, one going down
    (to 4% by 2028), one achieved with a baseline of 2020."""
    cite = "centralasia-2025-11-15:реализуется 78 совместных проектов"
    targets = [
        ("joint-projects", "150", "count", "2027", "up", [], [("2022", "40"), ("2023", "52"),
                                                                ("2024", "61")]),
        ("unemployment", "4", "percent", "2028", "down", [], [("2021", "7.5"), ("2023", "6.1"),
                                                              ("2024", "6.3")]),
        ("roads", "1000", "km", "2026", "up", ["--baseline", "200", "--baseline-date", "2020"],
         [("2022", "600"), ("2024", "1100")]),
    ]  # fmt: skip
    for slug, value, unit, by, direction, baseline, observed in targets:
        added = cli(
            "add", "target", "--title", f"{slug} to {value} by {by}", "--target", value,
            "--unit", unit, "--by", by, "--direction", direction, *baseline, "--party", "KZ",
            "--party", "UZ", "--measure", f"kz-uz-{slug}", "--slug", slug, "--cite", cite,
        )  # fmt: skip
        assert added.exit_code == 0, added.output
        for year, number in observed:
            seen = cli("target", "observe", slug, number, "--on", year, "--period", "year",
                       "--cite", cite)  # fmt: skip
            assert seen.exit_code == 0, seen.output


def test_every_chart_of_a_briefing_shares_one_time_range(cli: Invoke, tmp_path: Path) -> None:
    assert cli("init").exit_code == 0
    more_targets(cli)
    charts = svgs(briefing_html(cli, tmp_path))
    assert len(charts) == 4
    # From the earliest value (the baseline of 2020) to the latest deadline (2030), in all.
    assert {svg.get("data-span") for svg in charts} == {"2020-12-31/2030-12-31"}
    years = [
        [(t.text, t.get("x")) for t in svg.iter(f"{SVG}text")
         if t.get("class") == "tick" and re.fullmatch(r"\d{4}", t.text or "")]
        for svg in charts
    ]  # fmt: skip
    assert all(chart == years[0] for chart in years)  # the same years at the same places
    assert [year for year, _ in years[0]] == [str(y) for y in range(2020, 2031)]
    labels = {
        svg.get("aria-label"): [t.text for t in svg.iter(f"{SVG}text") if t.get("class") == "label"]
        for svg in charts
    }
    assert labels["joint-projects to 150 by 2027: acceleration needed"] == [
        "target 150 (2027)", "projected 115 (2027)", "61 (2024)", "52 (2023)", "40 (2022)",
    ]  # fmt: skip
    assert labels["unemployment to 4 by 2028: acceleration needed"] == [
        "target 4% (2028)", "projected 5% (2028)", "6.3% (2024)", "6.1% (2023)", "7.5% (2021)",
    ]  # fmt: skip
    # Achieved: no projection, and the legend does not offer one.
    assert labels["roads to 1000 by 2026: achieved"] == [
        "target 1,000 km (2026)", "1,100 km (2024)", "600 km (2022)", "base 200 km (2020)",
    ]  # fmt: skip
    [roads] = [svg for svg in charts if svg.get("aria-label", "").startswith("roads")]
    assert "projection at observed growth" not in [t.text for t in roads.iter(f"{SVG}text")]


@needs_browser
def test_briefing_renders_in_a_headless_browser(cli: Invoke, tmp_path: Path) -> None:
    assert cli("init").exit_code == 0
    page = briefing_html(cli, tmp_path)
    first_page = tmp_path / "briefing-page1.png"
    browser(tmp_path, "--window-size=794,1123", f"--screenshot={first_page}",
            (tmp_path / "briefing.html").as_uri())  # fmt: skip  # A4 at 96 dpi
    keep(first_page)
    assert png_size(first_page) == (794, 1123)
    assert first_page.stat().st_size > 30_000  # text, tables and a chart, not a blank page
    dom = browser(tmp_path, "--dump-dom", (tmp_path / "briefing.html").as_uri()).stdout
    assert "<svg" in dom
    assert "Mutual trade turnover of $10bn by 2030" in dom

    alone = tmp_path / "chart.html"
    alone.write_text(charts_only(page), "utf-8")
    chart = tmp_path / "briefing-chart.png"
    browser(tmp_path, "--window-size=760,420", f"--screenshot={chart}", alone.as_uri())
    keep(chart)
    assert png_size(chart) == (760, 420)
    assert chart.stat().st_size > 15_000


@needs_browser
def test_labels_sit_off_the_lines_markers_and_each_other_inside_the_chart(
    cli: Invoke, tmp_path: Path
) -> None:
    """Measured where the browser laid the text out, not where the code thinks it goes: the
    curated chart, and three more over other years, one going down and one achieved."""
    assert cli("init").exit_code == 0
    more_targets(cli)
    page = briefing_html(cli, tmp_path)
    measured = tmp_path / "measured.html"
    measured.write_text(charts_only(page, MEASURE), "utf-8")
    dom = browser(tmp_path, "--dump-dom", measured.as_uri()).stdout
    raw = re.search(r'data-boxes="([^"]*)"', dom)
    assert raw is not None, "the page's script did not run"
    charts = json.loads(raw[1].replace("&quot;", '"').replace("&amp;", "&"))
    assert len(charts) == len(svgs(page)) == 4
    for chart, svg in zip(charts, svgs(page), strict=True):
        width, height = (float(n) for n in chart["view"].split())
        for text in chart["texts"]:  # nothing clipped: ticks, titles, labels and legend
            left, top, right, bottom = text["box"]
            assert left >= 0, text
            assert top >= 0, text
            assert right <= width, text
            assert bottom <= height, text
        labels = [t for t in chart["texts"] if t["label"]]
        markers = marker_boxes(svg)
        assert len(labels) == len(markers)  # every point labelled
        for i, label in enumerate(labels):
            box = label["box"]
            assert not any(crosses(s, box) for s in segments(svg)), f"{label['text']} on a line"
            assert not any(overlap(box, m) for m in markers), f"{label['text']} on a marker"
            for other in labels[i + 1 :]:
                assert not overlap(box, other["box"]), (label["text"], other["text"])
    assert sorted(t["text"] for t in charts[0]["texts"] if t["label"]) == sorted(LABELS)


@needs_browser
def test_briefing_pdf_is_a4_with_page_numbers_and_the_as_of_date(
    cli: Invoke, tmp_path: Path
) -> None:
    assert cli("init").exit_code == 0
    out = tmp_path / "briefing.pdf"
    args = ("report", "briefing", "--pair", "KZ-UZ", "--as-of", AS_OF, "--format", "pdf")
    result = cli(*args, "-o", str(out))
    assert result.exit_code == 0, result.output
    data = out.read_bytes()
    assert data.startswith(b"%PDF-")
    pages = len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", data))
    assert pages >= 1
    counted = f"{pages} page{'' if pages == 1 else 's'}"
    assert result.stdout == f"wrote {out} (pdf, A4, {counted}, as of {AS_OF})\n"
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", data)
    assert len(boxes) == pages
    for box in boxes:
        assert all(abs(float(n) - a4) < 1 for n, a4 in zip(box, A4_POINTS, strict=True))
    assert stat.S_IMODE(out.stat().st_mode) == 0o600  # a briefing may hold unpublished notes
    assert not list(tmp_path.glob(".briefing.pdf.*"))  # no temporary file left
    again = cli(*args, "-o", str(out))
    assert again.exit_code == 1
    assert "already exists; pass --force" in again.stderr
    # The footer comes from the page's print styles: the as-of date and "page N of M".
    page = briefing_html(cli, tmp_path)
    assert '@bottom-left { content: "As of 31 Dec 2025";' in page
    assert '@bottom-right { content: "page " counter(page) " of " counter(pages);' in page


@needs_browser
@pytest.mark.skipif(
    PDFTOTEXT is None, reason="pdftotext is not installed (apt-get install poppler-utils)"
)
def test_every_page_of_the_pdf_has_the_as_of_date_and_its_number(
    cli: Invoke, tmp_path: Path
) -> None:
    """The footer read back from the PDF itself."""
    assert PDFTOTEXT is not None
    assert cli("init").exit_code == 0
    out = tmp_path / "briefing.pdf"
    printing = ("report", "briefing", "--pair", "KZ-UZ", "--as-of", AS_OF, "--format", "pdf")
    assert cli(*printing, "-o", str(out)).exit_code == 0
    pages = len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", out.read_bytes()))
    text = subprocess.run(
        [PDFTOTEXT, "-layout", str(out), "-"], check=True, capture_output=True, text=True
    ).stdout
    printed = text.split("\f")
    assert len([page for page in printed if page.strip()]) == pages
    for number in range(1, pages + 1):
        footer = printed[number - 1].strip().splitlines()[-1]
        assert re.fullmatch(rf"As of 31 Dec 2025\s+page {number} of {pages}", footer), footer


def test_the_footer_text_is_a_css_string_nothing_can_break_out_of() -> None:
    from tracker.cli.documents import render_template

    page = render_template(
        "briefing.html.j2", title='T"}</style><script>', as_of='1 Jan 2025"; } x',
        headline=[], sections=[], notes=[],
    )  # fmt: skip
    style = page.split("<style>")[1].split("</style>")[0]
    assert '@bottom-left { content: "As of 1 Jan 2025\\22 \\3b  \\7d  x";' in style
    assert '@top-right { content: "T\\22 \\7d \\3c \\2f style\\3e \\3c script\\3e ";' in style
    assert "<script>" not in page


def test_a_pdf_needs_a_file_and_a_browser(
    cli: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert cli("init").exit_code == 0
    to_terminal = cli("report", "briefing", "--format", "pdf")
    assert to_terminal.exit_code == 2
    assert to_terminal.stderr == (
        "tracker: error: --output: needed for --format pdf (a PDF is not written to a terminal)\n"
    )
    monkeypatch.setenv("PATH", str(tmp_path / "nothing-here"))
    out = tmp_path / "b.pdf"
    missing = cli("report", "briefing", "--format", "pdf", "-o", str(out))
    assert missing.exit_code == 1
    assert missing.stderr == (
        "tracker: error: --format: printing a PDF needs Chromium, which is not on PATH: install "
        "it (Debian and Ubuntu: apt-get install chromium) or write --format html\n"
    )
    assert not out.exists()


def test_a_browser_that_fails_to_print_leaves_nothing(
    cli: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert cli("init").exit_code == 0
    fake = tmp_path / "bin" / "chromium"
    fake.parent.mkdir()
    fake.write_text("#!/bin/sh\necho 'cannot open display' >&2\nexit 3\n", "utf-8")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", str(fake.parent))
    out = tmp_path / "b.pdf"
    result = cli("report", "briefing", "--format", "pdf", "-o", str(out))
    assert result.exit_code == 1
    assert result.stderr == (
        f"tracker: error: {fake} did not print the briefing (exit 3): cannot open display\n"
    )
    assert not [p.name for p in tmp_path.iterdir() if "b.pdf" in p.name]  # nor a partial file


def test_markdown_and_html_are_the_same_bytes_for_the_same_database_and_as_of(
    cli: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No clock in them but the as-of date: another time zone, a second later, the same."""
    assert cli("init").exit_code == 0
    args = ("report", "briefing", "--pair", "KZ-UZ", "--as-of", AS_OF)
    first = {fmt: cli(*args, "--format", fmt).stdout_bytes for fmt in ("md", "html")}
    monkeypatch.setenv("TZ", "Pacific/Kiritimati")
    time.tzset()
    try:
        time.sleep(1)
        second = {fmt: cli(*args, "--format", fmt).stdout_bytes for fmt in ("md", "html")}
    finally:
        monkeypatch.undo()
        time.tzset()
    assert first == second
    assert all(len(document) > 5_000 for document in first.values())
