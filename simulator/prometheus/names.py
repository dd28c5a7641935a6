"""Prometheus names for the simulated metrics, shared by `/metrics`, rule files, `promtool` tests
and Grafana dashboards so that the exported rules and panels read exactly the scraped series.

Every name gets the `gameday_` prefix, so drill series never mix with a team's real ones; counters
(`pod_restarts`) end in `_total`, as the exposition format and `prometheus_client` require.
"""

from __future__ import annotations

from simulator.metrics import COUNTER_METRICS

PREFIX = "gameday_"
LABELS: tuple[str, ...] = ("session", "scenario", "service")


def base_name(metric: str) -> str:
    """The name without the counter suffix (what `prometheus_client` is given)."""
    return PREFIX + metric


def series_name(metric: str) -> str:
    """The name of the series in Prometheus (what PromQL reads)."""
    suffix = "_total" if metric in COUNTER_METRICS else ""
    return base_name(metric) + suffix
