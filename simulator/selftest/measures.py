"""Impact measures over a window of one run, and the noise margin two runs must differ by.

Windows are half-open, `start < t <= end`, like `simulator.journal.mean_between`. Every measure
is a total over the window's ticks, so runs of the same scenario compare directly.
"""

from __future__ import annotations

import statistics
from bisect import bisect_right
from collections.abc import Sequence

from simulator.scenario.service_models import Slo
from simulator.selftest.runs import COLLATERAL, LOST, QUEUE_LAG, RunSummary

NOISE_SIGMAS = 2.0
"""A difference counts when it exceeds this many standard deviations of the paired difference
(same seed, with and without the action) across the seeds tried (estimated robustly, 1.4826 x the
median absolute deviation)."""


def _span(summary: RunSummary, start: float, end: float) -> range:
    return range(bisect_right(summary.times, start), bisect_right(summary.times, end))


def _total(summary: RunSummary, metric: str, start: float, end: float, dt: float) -> float:
    values = summary.series.get(metric)
    if values is None:
        return 0.0
    return sum(values[i] for i in _span(summary, start, end)) * dt


def failed_requests(summary: RunSummary, start: float, end: float, dt: float) -> float:
    """Requests answered with an error or a 429: (error_rate + rejected_rate) x tick."""
    return _total(summary, "error_rate", start, end, dt) + _total(
        summary, "rejected_rate", start, end, dt
    )


def arrived_requests(summary: RunSummary, start: float, end: float, dt: float) -> float:
    return _total(summary, "request_rate", start, end, dt)


def orders(summary: RunSummary, start: float, end: float, dt: float) -> float:
    """Orders completed: orders_per_minute x tick / 60."""
    return _total(summary, "orders_per_minute", start, end, dt) / 60.0


def collateral(summary: RunSummary, start: float, end: float, dt: float) -> float:
    """Error-ratio seconds of the database's other clients (0 when the engine has none)."""
    return _total(summary, COLLATERAL, start, end, dt)


def messages_lost(summary: RunSummary, start: float, end: float) -> float:
    """Queue messages purged unprocessed in the window (the counter's increase; 0 without it)."""
    values = summary.series.get(LOST)
    span = _span(summary, start, end)
    if values is None or not span:
        return 0.0
    before = values[span.start - 1] if span.start > 0 else 0.0
    return values[span.stop - 1] - before


def breach_seconds(summary: RunSummary, slo: Slo, start: float, end: float, dt: float) -> float:
    """Seconds in which a tick's error ratio, rejected ratio, p99 or (with `slo.queue_lag`)
    consumer lag is over its SLO threshold."""
    errors = summary.series["error_ratio"]
    rejected = summary.series["rejected_ratio"]
    p99 = summary.series["latency_p99_ms"]
    lag = summary.series.get(QUEUE_LAG) if slo.queue_lag is not None else None
    count = sum(
        1
        for i in _span(summary, start, end)
        if errors[i] > slo.error_ratio
        or rejected[i] > slo.rejected_ratio
        or p99[i] > slo.latency_p99_ms
        or (lag is not None and slo.queue_lag is not None and lag[i] > slo.queue_lag)
    )
    return count * dt


def clear_from(summary: RunSummary) -> float | None:
    """When impact ended for good: 0 when there was none, None when it lasts to the end."""
    if not summary.impact:
        return 0.0
    return summary.impact[-1][1]


def impact_start_after(summary: RunSummary, after: float) -> float | None:
    return next((start for start, _ in summary.impact if start >= after), None)


def relapse_after(summary: RunSummary, after: float) -> float | None:
    """The first impact start after `after`, or None."""
    return next((start for start, _ in summary.impact if start > after), None)


def stat(summary: RunSummary, metric: str, kind: str, start: float, end: float) -> float | None:
    """Mean, min or max of a metric over the window; None when the window has no tick."""
    values = [summary.series[metric][i] for i in _span(summary, start, end)]
    if not values:
        return None
    if kind == "mean":
        return sum(values) / len(values)
    return min(values) if kind == "min" else max(values)


def noise(values: Sequence[float]) -> float:
    """NOISE_SIGMAS robust standard deviations of a measure across seeds (0 for one seed)."""
    if len(values) < 2:
        return 0.0
    middle = statistics.median(values)
    mad = statistics.median(abs(v - middle) for v in values)
    return NOISE_SIGMAS * 1.4826 * mad
