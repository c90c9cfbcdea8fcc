"""A KPI's recent figures drawn at build time as a small inline SVG line chart.

The target and the threshold are dashed lines with their values on the axis, the breach side of the
threshold is shaded, and each figure is a dot whose shape says its status as well as its colour (a
circle met, a diamond at risk, a square breached), so the chart reads without colour. The chart is an
image to assistive technology, named by a sentence that says what it shows; the numbers are in the table
beside it. Only numbers and period names (already parsed, so of a known form) go into the drawing.
"""

from __future__ import annotations

from collections.abc import Sequence

from generator.monitor.evaluation import AT_RISK, BREACHED, Judged, higher_is_better
from generator.site.render.context import figure, period_name
from generator.site.render.text import html_escape
from generator.spec.model import Kpi

WIDTH, HEIGHT = 320, 150
LEFT, RIGHT, TOP, BOTTOM = 44, 10, 12, 26  # room for the value labels and the period labels
FONT = 11
# How many of the latest figures a chart shows, by frequency: about a quarter of days, half a year of weeks.
SHOWN = {"shift": 91, "daily": 91, "weekly": 26, "biweekly": 26, "monthly": 12, "quarterly": 8, "yearly": 5}


def _number(value: float) -> str:
    return f"{value:.4g}"


def trend_chart(kpi: Kpi, points: Sequence[Judged], frequency: str) -> str:
    """The SVG of the KPI's latest figures, or "" when it has none or no target and threshold."""
    shown = list(points[-SHOWN.get(frequency, 26) :])
    if not shown or kpi.target is None or kpi.threshold is None:
        return ""
    values = [p.value for p in shown]
    low = min(*values, kpi.target, kpi.threshold)
    high = max(*values, kpi.target, kpi.threshold)
    pad = (high - low) * 0.08 or abs(high) * 0.05 or 1
    low, high = low - pad, high + pad
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(index: int) -> float:
        return LEFT + (plot_w * index / (len(shown) - 1) if len(shown) > 1 else plot_w / 2)

    def y(value: float) -> float:
        return TOP + plot_h * (high - value) / (high - low)

    parts = []
    # The breach side of the threshold, shaded.
    higher = higher_is_better(kpi)
    edge = y(kpi.threshold)
    zone = (edge, TOP + plot_h) if higher else (TOP, edge)
    parts.append(
        f'<rect class="playbook-chart__breach" x="{LEFT}" y="{zone[0]:.1f}" width="{plot_w}" '
        f'height="{max(0.0, zone[1] - zone[0]):.1f}"/>'
    )
    # Target and threshold: dashed lines, their values on the axis (kept apart when they are close).
    label_y = {"target": y(kpi.target), "threshold": y(kpi.threshold)}
    if abs(label_y["target"] - label_y["threshold"]) < FONT + 1:
        upper, lower = ("target", "threshold") if label_y["target"] < label_y["threshold"] else ("threshold", "target")
        middle = (label_y[upper] + label_y[lower]) / 2
        label_y[upper], label_y[lower] = middle - (FONT + 1) / 2, middle + (FONT + 1) / 2
    for name, value in (("target", kpi.target), ("threshold", kpi.threshold)):
        line_y = y(value)
        parts.append(
            f'<line class="playbook-chart__{name}" x1="{LEFT}" x2="{LEFT + plot_w}" '
            f'y1="{line_y:.1f}" y2="{line_y:.1f}"/>'
            f'<text class="playbook-chart__axis" x="{LEFT - 4}" y="{label_y[name] + FONT / 3:.1f}" '
            f'text-anchor="end">{_number(value)}</text>'
        )
    points_attr = " ".join(f"{x(i):.1f},{y(p.value):.1f}" for i, p in enumerate(shown))
    parts.append(f'<polyline class="playbook-chart__line" points="{points_attr}"/>')
    for index, point in enumerate(shown):
        parts.append(_mark(x(index), y(point.value), point, kpi))
    bottom = HEIGHT - 8
    parts.append(
        f'<text class="playbook-chart__axis" x="{LEFT}" y="{bottom}">{html_escape(period_name(shown[0].period))}</text>'
    )
    if len(shown) > 1:
        parts.append(
            f'<text class="playbook-chart__axis" x="{LEFT + plot_w}" y="{bottom}" text-anchor="end">'
            f"{html_escape(period_name(shown[-1].period))}</text>"
        )
    latest = shown[-1]
    label = (
        f"{kpi.name}: the last {len(shown)} {frequency} figures, from {period_name(shown[0].period)} to "
        f"{period_name(latest.period)}; the latest is {figure(latest.value, kpi)}, {latest.status}; target "
        f"{figure(kpi.target, kpi)}, breach threshold {figure(kpi.threshold, kpi)}"
    )
    return (
        f'<svg class="playbook-chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{html_escape(label)}" '
        f'xmlns="http://www.w3.org/2000/svg">' + "\n".join(parts) + "</svg>"
    )


def _mark(cx: float, cy: float, point: Judged, kpi: Kpi) -> str:
    """A figure's dot, shaped by its status, with its period and value as a tooltip."""
    note = f". {html_escape(' '.join(point.note.split()))}" if point.note else ""
    tip = f"<title>{html_escape(period_name(point.period))}: {figure(point.value, kpi)} ({point.status}){note}</title>"
    kind = point.status.replace(" ", "-")
    if point.status == BREACHED:
        shape = f'<rect x="{cx - 3.5:.1f}" y="{cy - 3.5:.1f}" width="7" height="7"/>'
    elif point.status == AT_RISK:
        corners = ((0, -4.5), (4.5, 0), (0, 4.5), (-4.5, 0))
        shape = '<path d="M' + " L".join(f"{cx + dx:.1f},{cy + dy:.1f}" for dx, dy in corners) + ' Z"/>'
    else:
        shape = f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="3"/>'
    return f'<g class="playbook-chart__point playbook-chart__point--{kind}">{tip}{shape}</g>'
