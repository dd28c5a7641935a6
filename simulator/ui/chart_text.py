"""Charts as text (issue 17): each chart's description, for its accessible name, and the readout
of the latest values under a dashboard, so nobody needs to see a line to know where it stands.

"Error ratio (%): 97.0 % at T+14:00, above the 1 % SLO threshold since T+11:00." The threshold
is the scenario's SLO threshold where the metric has one (`slo_threshold`); "since" is the start
of the current run of points above it.
"""

from __future__ import annotations

from collections.abc import Sequence

from simulator.durations import format_clock
from simulator.report.charts import slo_threshold
from simulator.scenario.schema import Scenario
from simulator.ui.series import Series

__all__ = ["describe", "format_reading", "readout", "slo_threshold", "thresholds"]

WHOLE_UNITS = ("count", "pods", "requests", "connections")  # read as whole numbers


def format_reading(value: float, unit: str) -> str:
    """A metric's value with its unit, as a person reads it: `97.0 %`, `1,234 ms`."""
    if unit == "ratio":
        return f"{value * 100:.1f} %"
    if unit == "ms":
        return f"{value:,.0f} ms"
    if unit in WHOLE_UNITS:
        return f"{value:,.0f} {unit}"
    return f"{value:,.1f} {unit}"


def above_since(s: Series, threshold: float) -> float | None:
    """When the current run of points above `threshold` began (None when the last is not)."""
    start: float | None = None
    for t, v in zip(s.times, s.values, strict=True):
        start = (start if start is not None else t) if v > threshold else None
    return start


def describe(s: Series, threshold: float | None = None) -> str:
    """One sentence: the latest value, when, and where it stands against the threshold."""
    if not s.values:
        return f"{s.title}: no data yet."
    latest = format_reading(s.values[-1], s.unit)
    text = f"{s.title}: {latest} at {format_clock(s.times[-1])}"
    if threshold is None:
        return text + "."
    limit = format_reading(threshold, s.unit)
    since = above_since(s, threshold)
    if since is None:
        return f"{text}, below the {limit} SLO threshold."
    return f"{text}, above the {limit} SLO threshold since {format_clock(since)}."


def readout(series: Sequence[Series], limits: Sequence[float | None]) -> str:
    """The latest value of each chart on one line (under a dashboard)."""
    parts = []
    for s, threshold in zip(series, limits, strict=True):
        if not s.values:
            continue
        part = f"{s.title} {format_reading(s.values[-1], s.unit)}"
        if threshold is not None:
            part += f" (SLO {format_reading(threshold, s.unit)})"
        parts.append(part)
    return "Latest: " + " · ".join(parts) if parts else "Latest: no data yet."


def thresholds(metrics: Sequence[str], scenario: Scenario) -> tuple[float | None, ...]:
    return tuple(slo_threshold(m, scenario) for m in metrics)
