"""The briefing's trajectory charts as SVG: the values observed, the path required from the base
to the target, and the projection at observed growth, every chart of a briefing on one time
range. Hand-written SVG, not a plotting library: a few lines, deterministic to the byte (no ids,
no clock), and readable in black and white (line styles and marker shapes, not colour alone)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

from tracker.cli.render import Quantity, html_text, human_cell
from tracker.domain import humanise
from tracker.domain.periods import FULL_PERIODS
from tracker.domain.progress import years_between
from tracker.models import Target
from tracker.services.reports.targets import TargetReport

Span = tuple[dt.date, dt.date]  # the first and the last day every chart of a briefing shows
Box = tuple[float, float, float, float]  # left, top, right, bottom
XY = tuple[float, float]

WIDTH, PLOT_TOP, PLOT_BOTTOM = 680, 12, 226
LABEL_ROOM = 160  # right of the range's end: the labels of the target and the projection
PLOT_RIGHT = WIDTH - LABEL_ROOM
MIN_LEFT = 82
FONT, LABEL_FONT, TICK_FONT = 11, 10.5, 10  # px of the viewBox, about 11 px on A4
# Advances of DejaVu Sans (em), rounded up: labels are kept apart by estimate, as no font
# metrics are at hand (the browser that lays the text out may not even have this font).
NARROW, WIDE = {" ": 0.32, ".": 0.32, ",": 0.32, "(": 0.4, ")": 0.4, "?": 0.54}, 0.74
PAD_YEARS = 0.3  # either side of the range, so that no point sits on an axis
HEADROOM = Decimal("1.12")  # above the highest value: room for its label
MAX_YEAR_TICKS = 12
INK = {"observed": "#1f4e79", "required": "#2a7a3a", "projected": "#b35a00"}
DASHED, DOTTED = 'stroke-dasharray="7 4"', 'stroke-dasharray="0.5 4" stroke-linecap="round"'
HALO = 'paint-order="stroke" stroke="white" stroke-width="3" stroke-linejoin="round"'
# Where a label may go, by preference: (text-anchor, dx, dy of the baseline) from its point.
PLACES = [
    ("end", -8, -8), ("start", 8, -8), ("end", -8, 16), ("start", 8, 16),
    ("middle", 0, -11), ("middle", 0, 20), ("start", -4, -11), ("end", 4, -11),
    ("start", -4, 20), ("end", 4, 20), ("end", -10, 4), ("start", 10, 4),
    ("end", -8, -22), ("start", 8, -22), ("end", -8, 30), ("start", 8, 30),
]  # fmt: skip
# A deadline's points are labelled to their right first: no line goes on past the deadline.
END_PLACES = [("start", 10, 4), ("start", 9, -7), ("start", 9, 15), *PLACES]


@dataclass(frozen=True)
class _Point:
    when: dt.date
    value: Decimal
    label: str
    hollow: bool = False  # derived or estimated, not reported


@dataclass(frozen=True)
class _Trajectory:
    observed: list[_Point]  # in date order, the base among them
    base: _Point
    latest: _Point
    target: _Point
    projected: _Point | None


def _trajectory(report: TargetReport[Target], as_of: dt.date) -> _Trajectory | None:
    target, a = report.target, report.assessment
    if a.base is None or a.latest is None or target.deadline_upper is None:
        return None

    def shown(value: Decimal, qualifier: str | None = None) -> str:
        return human_cell(Quantity(value, target.unit, qualifier))  # "about $4bn", as said

    seen: dict[tuple[dt.date, Decimal], _Point] = {}
    for f in target.series:
        if f.date_upper and f.date_lower and f.date_lower <= as_of and f.period in FULL_PERIODS:
            seen.setdefault(
                (f.date_upper, f.value),
                _Point(
                    f.date_upper,
                    f.value,
                    f"{shown(f.value, f.qualifier)} ({humanise.date(f.date)})",
                ),
            )
    base_when = humanise.date(a.base.label)
    base = seen.get((a.base.when, a.base.value)) or _Point(
        a.base.when,
        a.base.value,
        f"base {shown(a.base.value, a.base.qualifier)} "
        f"({base_when}{', derived' if a.base_derived else ''})",
        hollow=a.base_derived,
    )
    seen[a.base.when, a.base.value] = base
    latest = seen.get((a.latest.when, a.latest.value))
    if latest is None:  # the annualised year to date
        latest = _Point(
            a.latest.when,
            a.latest.value,
            f"{shown(a.latest.value, a.latest.qualifier)} "
            f"({humanise.date(a.latest.label)}, estimate)",
            hollow=True,
        )
        seen[a.latest.when, a.latest.value] = latest
    deadline, by = target.deadline_upper, humanise.date(target.deadline)
    goal = _Point(deadline, target.target_value, f"target {shown(target.target_value)} ({by})")
    projected = None
    if a.projected_value is not None:
        said = f"projected {shown(a.projected_value)} ({by})"
        projected = _Point(deadline, a.projected_value, said)
    observed = sorted(seen.values(), key=lambda p: (p.when, p.value))
    return _Trajectory(observed, base, latest, goal, projected)


def shared_span(reports: Sequence[TargetReport[Target]], as_of: dt.date) -> Span | None:
    """One time range for every chart of a briefing: from the earliest base or value to the
    latest deadline or value. None when no target has a trajectory to draw."""
    days = []
    for report in reports:
        drawn = _trajectory(report, as_of)
        if drawn is not None:
            days += [p.when for p in drawn.observed] + [drawn.target.when]
    return (min(days), max(days)) if days else None


def nice_ticks(low: Decimal, high: Decimal) -> list[Decimal]:
    """Four to six round values from at or below `low` to at or above `high`: steps of 1, 2,
    2.5 or 5 times a power of ten."""
    if high <= low:
        high = low + 1
    magnitude = Decimal(10) ** ((high - low) / 5).adjusted()
    for multiple in ("1", "2", "2.5", "5", "10"):
        step = Decimal(multiple) * magnitude
        first = (low / step).to_integral_value(ROUND_FLOOR)
        last = (high / step).to_integral_value(ROUND_CEILING)
        if last - first <= 5:
            break
    return [(first + i) * step for i in range(int(last - first) + 1)]


def _text_width(text: str, size: float = FONT) -> float:
    em = sum(NARROW.get(c, WIDE if c.isupper() or c in "mw" else 0.64) for c in text)
    return em * size


def _label_box(x: float, y: float, anchor: str, width: float) -> Box:
    left = x - width if anchor == "end" else x - width / 2 if anchor == "middle" else x
    return (left - 1, y - 0.8 * FONT - 1, left + width + 1, y + 0.25 * FONT + 1)


def overlap(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def crosses(segment: tuple[XY, XY], box: Box) -> bool:
    """Whether the segment passes through the box (Liang-Barsky clipping)."""
    (x0, y0), (x1, y1) = segment
    dx, dy = x1 - x0, y1 - y0
    low, high = 0.0, 1.0
    for p, q in ((-dx, x0 - box[0]), (dx, box[2] - x0), (-dy, y0 - box[1]), (dy, box[3] - y0)):
        if p == 0:
            if q < 0:
                return False
        elif p < 0:
            low = max(low, q / p)
        else:
            high = min(high, q / p)
        if low > high:
            return False
    return True


def _place_labels(
    points: list[tuple[XY, str, bool]], segments: list[tuple[XY, XY]], plot: Box
) -> list[tuple[float, float, str]]:
    """For each (point, label, at the deadline), in order, the first place by preference that
    stays inside the plot and off the lines, the markers and the labels already placed;
    failing that, the least bad one. Greedy, and so deterministic."""
    markers = [(x - 5, y - 5, x + 5, y + 5) for (x, y), _, _ in points]
    placed: list[Box] = []
    chosen = []
    for (x, y), text, at_end in points:
        width = _text_width(text, LABEL_FONT)
        best: tuple[float, float, float, str, Box] | None = None
        for rank, (anchor, dx, dy) in enumerate(END_PLACES if at_end else PLACES):
            box = _label_box(x + dx, y + dy, anchor, width)
            cost = rank + 10_000 * (
                box[0] < plot[0] or box[1] < plot[1] or box[2] > plot[2] or box[3] > plot[3]
            )
            cost += 1_000 * sum(overlap(box, other) for other in placed)
            cost += 500 * sum(overlap(box, marker) for marker in markers)
            cost += 100 * sum(crosses(segment, box) for segment in segments)
            if best is None or cost < best[0]:
                best = (cost, x + dx, y + dy, anchor, box)
        assert best is not None
        placed.append(best[4])
        chosen.append((best[1], best[2], best[3]))
    return chosen


def _marker(kind: str, x: float, y: float, hollow: bool = False) -> str:
    ink = INK[kind]
    if kind == "required":  # the target: a diamond
        return (
            f'<path class="marker" d="M{x:.1f},{y - 6:.1f} L{x + 6:.1f},{y:.1f} '
            f'L{x:.1f},{y + 6:.1f} L{x - 6:.1f},{y:.1f} Z" fill="{ink}"/>'
        )
    if kind == "projected":  # the projection's end: a hollow square
        return (
            f'<rect class="marker" x="{x - 4.5:.1f}" y="{y - 4.5:.1f}" width="9" height="9" '
            f'fill="white" stroke="{ink}" stroke-width="1.8"/>'
        )
    fill = "white" if hollow else ink
    return (
        f'<circle class="marker" cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{fill}" stroke="{ink}" '
        'stroke-width="1.8"/>'
    )


def _legend(top: float, hollow: bool, projected: bool) -> tuple[list[str], float]:
    """The line styles and markers, drawn, two to a row: observed, (hollow: derived or
    estimated), the path required to the target, the projection at observed growth."""
    items = [("observed", "", "observed"), ("required", DASHED, "path required to the target"),
             ("projected", DOTTED, "projection at observed growth")]  # fmt: skip
    if not projected:  # achieved, or no growth to carry on
        items.pop()
    if hollow:
        items.insert(1, ("estimate", "", "hollow: derived or estimated"))
    parts = []
    for index, (kind, style, text) in enumerate(items):
        x, y = 20 + (index % 2) * (WIDTH / 2), top + (index // 2) * 18
        if kind == "estimate":
            parts.append(_marker("observed", x + 18, y - 4, hollow=True))
        else:
            parts.append(
                f'<line x1="{x:.1f}" y1="{y - 4:.1f}" x2="{x + 36:.1f}" y2="{y - 4:.1f}" '
                f'stroke="{INK[kind]}" stroke-width="2" {style}/>'
            )
            parts.append(_marker(kind, x + (18 if kind == "observed" else 36), y - 4))
        parts.append(f'<text x="{x + 46:.1f}" y="{y:.1f}">{html_text(text)}</text>')
    y = top + (len(items) - 1) // 2 * 18
    return parts, y + 8


@dataclass(frozen=True)
class _Frame:
    """The plot's scales: days across from the range's start, values up from the lowest tick."""

    start: dt.date
    years: float  # shown across, the padding included
    left: float
    low: float
    high: float

    def x(self, day: dt.date) -> float:
        shown = years_between(self.start, day) + PAD_YEARS
        return self.left + (PLOT_RIGHT - self.left) * shown / self.years

    def y(self, value: Decimal) -> float:
        share = (float(value) - self.low) / (self.high - self.low)
        return PLOT_BOTTOM - (PLOT_BOTTOM - PLOT_TOP) * share

    def xy(self, point: _Point) -> XY:
        return self.x(point.when), self.y(point.value)


def _axes(
    frame: _Frame, ticks: list[Decimal], labels: list[str], end: dt.date, unit: str
) -> list[str]:
    """Gridlines at every value tick and year tick, the two axes, their ticks and titles."""
    left = frame.left
    years = [
        year
        for year in range(frame.start.year - 1, end.year + 2)
        if left <= frame.x(dt.date(year, 12, 31)) <= PLOT_RIGHT
    ]
    step = next(s for s in (1, 2, 5, 10, 20, 50, 100) if len(years) / s <= MAX_YEAR_TICKS)
    grid = ['<g stroke="#d6d6d6" stroke-width="0.8">']
    text = [f'<g font-size="{TICK_FONT}" fill="#333" text-anchor="end">']
    for tick, shown in zip(ticks, labels, strict=True):
        at = frame.y(tick)
        grid.append(
            f'<line class="grid" x1="{left:.1f}" y1="{at:.1f}" x2="{PLOT_RIGHT}" y2="{at:.1f}"/>'
        )
        text.append(
            f'<text class="tick" x="{left - 6:.1f}" y="{at + 4:.1f}">{html_text(shown)}</text>'
        )
    text.append(f'</g><g font-size="{TICK_FONT}" fill="#333" text-anchor="middle">')
    for year in (year for year in years if year % step == 0):
        at = frame.x(dt.date(year, 12, 31))
        grid.append(
            f'<line class="grid" x1="{at:.1f}" y1="{PLOT_TOP}" x2="{at:.1f}" '
            f'y2="{PLOT_BOTTOM + 4}"/>'
        )
        text.append(f'<text class="tick" x="{at:.1f}" y="{PLOT_BOTTOM + 16}">{year}</text>')
    middle = (PLOT_TOP + PLOT_BOTTOM) / 2
    return [
        *grid,
        "</g>",
        f'<path class="axes" d="M{left:.1f},{PLOT_TOP} V{PLOT_BOTTOM} H{PLOT_RIGHT}" '
        'fill="none" stroke="#555"/>',
        *text,
        "</g>",
        f'<text x="{(left + PLOT_RIGHT) / 2:.1f}" y="{PLOT_BOTTOM + 32}" text-anchor="middle" '
        'fill="#333">year (a value stands at the end of its period)</text>',
        f'<text x="14" y="{middle:.1f}" transform="rotate(-90 14 {middle:.1f})" '
        f'text-anchor="middle" fill="#333">{html_text(unit)}</text>',
    ]


def _marks(frame: _Frame, drawn: _Trajectory) -> list[str]:
    """The three lines, their markers, and every point's label placed off them."""
    xy = frame.xy
    lines = [(xy(drawn.base), xy(drawn.target), "required", DASHED)]
    if drawn.projected is not None:
        lines.append((xy(drawn.latest), xy(drawn.projected), "projected", DOTTED))
    segments = [(p, q) for p, q, _, _ in lines]
    segments += [(xy(p), xy(q)) for p, q in zip(drawn.observed, drawn.observed[1:], strict=False)]
    marks = [
        f'<path class="{kind}" d="M{p[0]:.1f},{p[1]:.1f} L{q[0]:.1f},{q[1]:.1f}" fill="none" '
        f'stroke="{INK[kind]}" stroke-width="2" {style}/>'
        for p, q, kind, style in lines
    ]
    path = " ".join(f"{px:.1f},{py:.1f}" for px, py in map(xy, drawn.observed))
    marks.append(
        f'<polyline class="observed" points="{path}" fill="none" '
        f'stroke="{INK["observed"]}" stroke-width="2.2"/>'
    )
    marks += [_marker("observed", *xy(p), hollow=p.hollow) for p in drawn.observed]
    marks.append(_marker("required", *xy(drawn.target)))
    labelled = [(xy(drawn.target), drawn.target.label, True)]
    if drawn.projected is not None:
        marks.append(_marker("projected", *xy(drawn.projected)))
        labelled.append((xy(drawn.projected), drawn.projected.label, True))
    labelled += [(xy(p), p.label, False) for p in reversed(drawn.observed)]
    plot = (frame.left + 2, PLOT_TOP, WIDTH - 4, PLOT_BOTTOM - 2)
    marks.append(f'<g font-size="{LABEL_FONT}" fill="#111" {HALO}>')
    for (x, y, anchor), (_, text, _) in zip(
        _place_labels(labelled, segments, plot), labelled, strict=True
    ):
        marks.append(
            f'<text class="label" x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}">'
            f"{html_text(text)}</text>"
        )
    marks.append("</g>")
    return marks


def trajectory_svg(report: TargetReport[Target], as_of: dt.date, span: Span | None = None) -> str:
    """The target's chart on `span` (its own range when not given): axes with humanised values
    and years, gridlines, every point labelled with its value and date, and a legend."""
    target, a = report.target, report.assessment
    caption = f"{html_text(target.title)}: {html_text(a.status.replace('_', ' '))}"
    drawn = _trajectory(report, as_of)
    if drawn is None:
        return f"<figure><figcaption>{caption} (no trajectory to draw)</figcaption></figure>"
    start, end = span or (drawn.observed[0].when, drawn.target.when)
    every = [*drawn.observed, drawn.target, *([drawn.projected] if drawn.projected else [])]
    values = [p.value for p in every]
    ticks = nice_ticks(min(Decimal(0), *values), max(values) * HEADROOM)
    labels = [human_cell(Quantity(t, target.unit)) for t in ticks]
    # One left edge for every chart (ticks as wide as "$12.5bn"), so that their years align.
    left = max(MIN_LEFT, 30 + max(_text_width(t, TICK_FONT) for t in labels))
    years = years_between(start, end) + 2 * PAD_YEARS
    frame = _Frame(start, years, left, float(ticks[0]), float(ticks[-1]))
    hollow = any(p.hollow for p in drawn.observed)
    legend, height = _legend(PLOT_BOTTOM + 56, hollow, drawn.projected is not None)
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height:.0f}" '
        f'width="100%" role="img" aria-label="{caption}" data-span="{start}/{end}" '
        f'font-family="DejaVu Sans, Arial, sans-serif" font-size="{FONT}">'
        + "".join(_axes(frame, ticks, labels, end, target.unit))
        + f'<g class="plot">{"".join(_marks(frame, drawn))}</g>'
        + f'<g class="legend">{"".join(legend)}</g>'
        + "</svg>"
    )
    return f"<figure>{svg}<figcaption>{caption}.{_notes(report)}</figcaption></figure>"


def _notes(report: TargetReport[Target]) -> str:
    """What the hollow markers stand for, in words."""
    a = report.assessment
    said = []
    if a.base_derived and a.base is not None and a.latest is not None:
        growth = a.latest.growth_pct
        said.append(
            f"the base is derived from the {humanise.quantity(growth, 'percent')} growth "
            "its source reports"
            if growth is not None
            else "the base is derived"
        )
    if a.partial_estimate and a.partial is not None and a.latest is not None:
        said.append(
            f"{humanise.date(a.latest.label)} is estimated from "
            f"{humanise.dated(a.partial.label, a.partial.period)}, "
            f"{a.partial.months} months annualised"
        )
    return f" Hollow markers: {html_text('; '.join(said))}." if said else ""
