"""`/metrics` for live sessions: a `prometheus_client` collector over the session store.

Each scrape reads every running or paused session (advance-on-read, like a page refresh) and
exposes its newest tick: one gauge per simulated metric (a counter for cumulative ones such as
`pod_restarts`) labelled `session`, `scenario` and `service`; the session's simulated clock
(`gameday_session_sim_time_seconds`) and speed; the game's own alerts (`gameday_alert_firing`,
1 per firing alert, by `alertname`) and the players' accepted actions (`gameday_actions_total`,
by `role` and `action`), which the Grafana dashboard draws as annotations. Sessions in the lobby
or ended are left out, so Prometheus marks their series stale. Values are the simulated ones: a
rate in req/s is requests per *simulated* second whatever the clock speed
(docs/reference/prometheus.md explains what that means for `rate()` over a scraped counter).

A session that cannot be read (its scenario no longer loads, the store hiccups) is skipped and
counted in `gameday_metrics_errors_total`; one bad session never breaks the scrape.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator
from typing import Protocol

from prometheus_client import CollectorRegistry, start_http_server
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric

from simulator.errors import GamedayError
from simulator.metrics import METRIC_INFO, MetricInfo
from simulator.prometheus.names import LABELS, PREFIX, base_name
from simulator.session import MetricsReading, SessionError, SessionSummary, StoreError

LIVE_STATES = frozenset({"running", "paused"})


class MetricsSource(Protocol):
    """What the collector needs from the session service."""

    def sessions(self) -> list[SessionSummary]: ...

    def metrics(self, session_id: str) -> MetricsReading: ...


class SessionCollector:
    """A custom collector: one reading per live session per scrape."""

    def __init__(self, source: Callable[[], MetricsSource]) -> None:
        self._source = source
        self._lock = threading.Lock()
        self.errors = 0

    def collect(self) -> Iterator[Metric]:
        with self._lock:  # scrapes in parallel would only advance the same engines twice
            readings = list(self._readings())
        yield from metric_families(readings)
        errors = CounterMetricFamily(
            PREFIX + "metrics_errors", "sessions that could not be read for a scrape"
        )
        errors.add_metric([], self.errors)
        yield errors

    def _readings(self) -> Iterator[MetricsReading]:
        source = self._source()
        try:
            summaries = source.sessions()
        except (GamedayError, SessionError, StoreError):
            self.errors += 1
            return
        for summary in summaries:
            if summary.state not in LIVE_STATES:
                continue
            try:
                reading = source.metrics(summary.session_id)
            except (GamedayError, SessionError, StoreError):
                self.errors += 1
                continue
            if reading.values:
                yield reading


def metric_families(readings: Iterable[MetricsReading]) -> Iterator[Metric]:
    """The exposition of some readings: every simulated metric, then the clock."""
    readings = list(readings)
    for info in METRIC_INFO:
        family = _family(info)
        for reading in readings:
            if info.name in reading.values:
                family.add_metric(_labels(reading), reading.values[info.name])
        yield family
    sim_time = GaugeMetricFamily(
        PREFIX + "session_sim_time_seconds", "the session's simulated time", labels=LABELS
    )
    speed = GaugeMetricFamily(
        PREFIX + "session_speed", "simulated seconds per wall-clock second", labels=LABELS
    )
    firing = GaugeMetricFamily(
        PREFIX + "alert_firing",
        "1 while the game's alert is firing (our evaluator)",
        labels=(*LABELS, "alertname"),
    )
    actions = CounterMetricFamily(
        PREFIX + "actions",
        "actions the players had accepted",
        labels=(*LABELS, "role", "action"),
    )
    for reading in readings:
        labels = _labels(reading)
        sim_time.add_metric(labels, reading.sim_time)
        speed.add_metric(labels, reading.speed)
        for alert in reading.firing:
            firing.add_metric([*labels, alert], 1.0)
        for (role, action), count in sorted(reading.actions.items()):
            actions.add_metric([*labels, role, action], count)
    yield from (sim_time, speed, firing, actions)


def _family(info: MetricInfo) -> GaugeMetricFamily | CounterMetricFamily:
    text = f"{info.help} ({info.unit}, simulated)"
    if info.counter:
        return CounterMetricFamily(base_name(info.name), text, labels=LABELS)
    return GaugeMetricFamily(base_name(info.name), text, labels=LABELS)


def _labels(reading: MetricsReading) -> list[str]:
    return [reading.session_id, reading.scenario_id, reading.service]


def serve_metrics(source: Callable[[], MetricsSource], address: str, port: int) -> None:
    """Serve `/metrics` on address:port from a daemon thread (the caller keeps running)."""
    registry = CollectorRegistry(auto_describe=False)
    registry.register(SessionCollector(source))
    start_http_server(port, addr=address, registry=registry)
