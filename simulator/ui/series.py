"""Chart data for the live dashboards: per-metric series (bucket means, at most `max_points`
points) and markers (an alert starts firing, a system action is taken).

Players' markers come from the player-visible journal. The facilitator's charts add the impact
windows (ground truth) with `impact_windows`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from simulator.actions import SYSTEM_ACTIONS
from simulator.metrics import METRIC_INFO, METRIC_NAMES, metric_title
from simulator.report.charts import referenced_metrics
from simulator.scenario.schema import Scenario

BASE_METRICS = ("error_ratio", "latency_p99_ms", "request_rate", "orders_per_minute")
MAX_DEFAULT = 6
MAX_POINTS = 240
INFO = {m.name: m for m in METRIC_INFO}


@dataclass(frozen=True)
class Series:
    metric: str
    title: str
    unit: str
    times: tuple[float, ...]  # sim seconds
    values: tuple[float, ...]


@dataclass(frozen=True)
class ChartMarker:
    t: float
    kind: str  # alert, action
    label: str


def default_metrics(scenario: Scenario) -> list[str]:
    """The base four, then the metrics the scenario's alert rules watch (at most six)."""
    chosen = list(BASE_METRICS)
    for rule in scenario.alerts:
        chosen += [m for m in referenced_metrics(rule.expr) if m not in chosen]
    return chosen[:MAX_DEFAULT]


def series(
    entries: Sequence[dict[str, Any]], metrics: Iterable[str], max_points: int = MAX_POINTS
) -> list[Series]:
    """One Series per known metric, averaged into at most `max_points` buckets."""
    wanted = [m for m in metrics if m in METRIC_NAMES]
    ticks = [e for e in entries if e.get("kind") == "metrics"]
    size = max(1, -(-len(ticks) // max_points))  # ceiling division
    result = []
    for name in wanted:
        times: list[float] = []
        values: list[float] = []
        for start in range(0, len(ticks), size):
            bucket = ticks[start : start + size]
            times.append(float(bucket[-1]["t"]))
            values.append(sum(float(e["values"][name]) for e in bucket) / len(bucket))
        result.append(
            Series(name, metric_title(name), INFO[name].unit, tuple(times), tuple(values))
        )
    return result


def markers(entries: Iterable[dict[str, Any]]) -> list[ChartMarker]:
    """An alert starts firing; an accepted system action is taken (player-visible facts)."""
    found: list[ChartMarker] = []
    for e in entries:
        kind = e.get("kind")
        if kind == "alert.firing":
            found.append(ChartMarker(float(e["t"]), "alert", f"{e['alert']} firing"))
        elif (
            kind == "action"
            and e.get("outcome") == "accepted"
            and e.get("action") in SYSTEM_ACTIONS
        ):
            found.append(ChartMarker(float(e["t"]), "action", f"{e['id']} {e['action']}"))
    return found


def impact_windows(entries: Iterable[dict[str, Any]], now: float) -> list[tuple[float, float]]:
    """Ground truth (facilitator only): (start, end) of each impact window; an open one ends at
    `now`."""
    windows: list[tuple[float, float]] = []
    start: float | None = None
    for e in entries:
        if e.get("kind") == "impact.start" and start is None:
            start = float(e["t"])
        elif e.get("kind") == "impact.end" and start is not None:
            windows.append((start, float(e["t"])))
            start = None
    if start is not None:
        windows.append((start, max(start, now)))
    return windows
