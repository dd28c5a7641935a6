"""Metric charts for the report: which metrics to draw, their data, and SVG rendering.

Rendering uses matplotlib's object API with the SVG canvas (no pyplot, no global backend switch),
text kept as SVG text, and a fixed hash salt and no date, so the same report gives the same SVG.
"""

from __future__ import annotations

import io
import re
from typing import TYPE_CHECKING

from simulator.journal import Journal, metric_series
from simulator.metrics import METRIC_INFO, METRIC_NAMES, metric_title
from simulator.report.model import ChartData, Marker
from simulator.scenario.schema import Scenario

if TYPE_CHECKING:
    from matplotlib.figure import Figure

BASE_METRICS = ("error_ratio", "latency_p99_ms", "request_rate")
MAX_CHARTS = 7
MAX_POINTS = 600
MERGE_WITHIN = 60.0
MARKER_STYLE = {
    "alert": ("#e08a00", (0, (4, 2))),
    "action": ("#1f5fbf", (0, (2, 2))),
    "harmful": ("#000000", "solid"),
}
LEGEND = (
    "Red shading: customer impact (ground truth). Orange dashed lines: an alert starts firing. "
    "Blue dotted lines: a system action is taken. Black lines: a harmful action. Grey dotted "
    "line: the SLO threshold."
)
_WORD = re.compile(r"[a-z_][a-z0-9_]*")
_INFO = {m.name: m for m in METRIC_INFO}


def referenced_metrics(expr: str) -> list[str]:
    """Metric names an alert expression mentions, in order."""
    return [w for w in _WORD.findall(expr) if w in METRIC_NAMES]


def chart_metrics(journal: Journal, scenario: Scenario) -> list[str]:
    """The base three, then the metrics of every alert that went pending or fired in this run,
    then rejected_ratio when it was part of the impact."""
    active = {e["alert"] for e in journal.of_kind("alert.pending", "alert.firing")}
    chosen = list(BASE_METRICS)
    for rule in scenario.alerts:
        if rule.alert in active:
            chosen += [m for m in referenced_metrics(rule.expr) if m not in chosen]
    breached = {b for e in journal.of_kind("impact.start") for b in e.get("breached", [])}
    if "rejected_ratio" in breached and "rejected_ratio" not in chosen:
        chosen.append("rejected_ratio")
    first = next(journal.of_kind("metrics"), None)
    available = set(first["values"]) if first is not None else set()
    return [m for m in chosen if m in available][:MAX_CHARTS]


def slo_threshold(metric: str, scenario: Scenario) -> float | None:
    slo = scenario.service.slo
    return {
        "error_ratio": slo.error_ratio,
        "rejected_ratio": slo.rejected_ratio,
        "latency_p99_ms": slo.latency_p99_ms,
    }.get(metric)


def downsample(
    times: list[float], values: list[float], points: int = MAX_POINTS
) -> tuple[list[float], list[float]]:
    """Means over equal runs of ticks, at most `points` of them (like a coarser scrape): a chart
    900 pixels wide gains nothing from 2,700 points, and the SVG shrinks."""
    step = max(1, -(-len(times) // points))
    if step == 1:
        return times, values
    out_t, out_v = [], []
    for i in range(0, len(times), step):
        chunk = values[i : i + step]
        out_t.append(times[min(i + step, len(times)) - 1])
        out_v.append(sum(chunk) / len(chunk))
    return out_t, out_v


def chart_data(journal: Journal, scenario: Scenario) -> tuple[ChartData, ...]:
    charts = []
    for metric in chart_metrics(journal, scenario):
        times, values = downsample(*metric_series(journal, metric))
        info = _INFO[metric]
        charts.append(
            ChartData(
                metric=metric,
                title=f"{metric_title(metric)}: {info.help}",
                unit=info.unit,
                times=tuple(times),
                values=tuple(values),
                threshold=slo_threshold(metric, scenario),
            )
        )
    return tuple(charts)


# Fixed margins (fractions of the figure) instead of `tight_layout`, which lays every text out
# a second time and was most of a chart's rendering time. They leave room for tick labels up to
# seven characters, the unit label and the title.
MARGINS = {"left": 0.08, "right": 0.985, "top": 0.89, "bottom": 0.16}


def render_svg(
    chart: ChartData,
    markers: tuple[Marker, ...],
    windows: tuple[tuple[float, float | None], ...],
) -> str:
    """One chart as an SVG document (text)."""
    from matplotlib import rc_context

    fig = chart_figure(chart, markers, windows)
    buffer = io.StringIO()
    with rc_context({"svg.hashsalt": "gameday-report", "svg.fonttype": "none"}):
        fig.savefig(buffer, format="svg", metadata={"Date": None})
    return buffer.getvalue()


def chart_figure(
    chart: ChartData,
    markers: tuple[Marker, ...],
    windows: tuple[tuple[float, float | None], ...],
) -> Figure:
    """The matplotlib Figure of one chart, on an SVG canvas (imported here: matplotlib takes
    seconds to import, and only charts need it)."""
    from matplotlib.backends.backend_svg import FigureCanvasSVG
    from matplotlib.figure import Figure
    from matplotlib.ticker import PercentFormatter

    fig = Figure(figsize=(9.0, 2.9), dpi=100)
    FigureCanvasSVG(fig)
    fig.subplots_adjust(**MARGINS)
    ax = fig.add_subplot()
    minutes = [t / 60.0 for t in chart.times]
    last = minutes[-1] if minutes else 0.0
    for start, end in windows:
        stop = end / 60.0 if end is not None else last
        ax.axvspan(start / 60.0, stop, color="#d62728", alpha=0.10, linewidth=0)
    ax.plot(minutes, chart.values, color="#2a6f97", linewidth=1.1)
    if chart.threshold is not None:
        ax.axhline(chart.threshold, color="#777777", linestyle=":", linewidth=1.0)
    _draw_markers(ax, markers)
    if chart.unit == "ratio":
        ax.yaxis.set_major_formatter(PercentFormatter(1.0))
    ax.set_title(chart.title, fontsize=9, loc="left")
    ax.set_xlabel("minutes since the start", fontsize=8)
    ax.set_ylabel(chart.unit, fontsize=8)
    ax.tick_params(labelsize=7)
    ax.set_xlim(0, max(last, 1.0))
    ax.set_ylim(bottom=0)
    ax.grid(alpha=0.25, linewidth=0.5)
    return fig


def label_groups(markers: tuple[Marker, ...], within: float = MERGE_WITHIN) -> list[Marker]:
    """Markers of one kind less than `within` seconds apart share one label (drawn at the first),
    so labels of simultaneous alerts or actions do not print over each other."""
    groups: list[Marker] = []
    for marker in sorted(markers, key=lambda m: (m.kind, m.t)):
        last = groups[-1] if groups else None
        if last is not None and last.kind == marker.kind and marker.t - last.t < within:
            groups[-1] = Marker(last.t, last.kind, f"{last.label}\n{marker.label}")
        else:
            groups.append(marker)
    return groups


def _draw_markers(ax: object, markers: tuple[Marker, ...]) -> None:
    transform = ax.get_xaxis_transform()  # type: ignore[attr-defined]
    for marker in markers:
        color, style = MARKER_STYLE.get(marker.kind, MARKER_STYLE["action"])
        ax.axvline(marker.t / 60.0, color=color, linestyle=style, linewidth=0.9)  # type: ignore[attr-defined]
    for group in label_groups(markers):
        color, _ = MARKER_STYLE.get(group.kind, MARKER_STYLE["action"])
        top = group.kind != "alert"
        ax.text(  # type: ignore[attr-defined]
            group.t / 60.0,
            0.98 if top else 0.02,
            group.label,
            transform=transform,
            rotation=90,
            fontsize=6.5,
            color=color,
            ha="right",
            va="top" if top else "bottom",
        )


def strip_xml_prolog(svg: str) -> str:
    """The <svg> element alone, for inlining in HTML."""
    start = svg.find("<svg")
    return svg[start:] if start >= 0 else svg
