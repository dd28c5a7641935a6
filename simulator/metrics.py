"""The metric names the engine emits every tick: the vocabulary of alert rules and dashboards."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class MetricInfo:
    """One metric: its name, unit and what it means (shown in docs and dashboards)."""

    name: str
    unit: str
    help: str
    counter: bool = False


METRIC_INFO: tuple[MetricInfo, ...] = (
    MetricInfo("request_rate", "req/s", "requests arriving per second, retries included"),
    MetricInfo("error_rate", "req/s", "requests answered 5xx (or timed out) per second"),
    MetricInfo("rejected_rate", "req/s", "requests answered 429 by the rate limiter per second"),
    MetricInfo("error_ratio", "ratio", "5xx / requests, in [0, 1]"),
    MetricInfo("rejected_ratio", "ratio", "429 / requests, in [0, 1]"),
    MetricInfo("retry_rate", "req/s", "requests per second that are client retries"),
    MetricInfo("latency_p50_ms", "ms", "median latency of answered requests"),
    MetricInfo("latency_p95_ms", "ms", "95th percentile latency"),
    MetricInfo("latency_p99_ms", "ms", "99th percentile latency"),
    MetricInfo("pool_utilization", "ratio", "connections checked out / pool capacity, in [0, 1]"),
    MetricInfo("pool_waiting", "requests", "requests waiting for a pooled connection"),
    MetricInfo("db_connections", "connections", "connections open on the database server"),
    MetricInfo("worker_utilization", "ratio", "busy workers / workers ready, in [0, 1]"),
    MetricInfo("cpu_utilization", "ratio", "CPU busy fraction across ready replicas, in [0, 1]"),
    MetricInfo("memory_utilization", "ratio", "highest replica's memory / its limit, in [0, 1]"),
    MetricInfo("gc_pause_ms", "ms", "mean garbage-collection pause on the worst replica"),
    MetricInfo("pod_restarts", "count", "pod restarts since the start (cumulative)", counter=True),
    MetricInfo("replicas_ready", "pods", "replicas passing readiness"),
    MetricInfo("dependency_latency_ms", "ms", "mean latency of downstream dependency calls"),
    MetricInfo("orders_per_minute", "orders/min", "the business metric: completed orders"),
)

METRIC_NAMES: tuple[str, ...] = tuple(m.name for m in METRIC_INFO)
COUNTER_METRICS: frozenset[str] = frozenset(m.name for m in METRIC_INFO if m.counter)
