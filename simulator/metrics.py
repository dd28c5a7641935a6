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
    MetricInfo(
        "db_cpu_utilization",
        "ratio",
        "database CPU busy (our queries and other clients'), in [0, 1]; 0 without database.cores",
    ),
    MetricInfo("db_query_time_ms", "ms", "mean time of our queries, lock waits included"),
    MetricInfo("db_active_queries", "queries", "our queries running on the database"),
    MetricInfo("db_lock_waits", "queries", "our queries waiting on a lock"),
    MetricInfo(
        "db_other_clients_error_ratio",
        "ratio",
        "share of the database's other clients' queries failing (collateral damage), in [0, 1]",
    ),
    MetricInfo("cache_hit_ratio", "ratio", "lookups the cache answers, in [0, 1] (with a cache)"),
    MetricInfo("cpu_throttled_ratio", "ratio", "mean share of time pods are CPU-throttled"),
    MetricInfo("disk_utilization", "ratio", "fullest pod's ephemeral volume / its limit"),
    MetricInfo("pod_evictions", "count", "pods evicted since the start (cumulative)", counter=True),
    MetricInfo("tls_handshake_errors", "req/s", "requests failing the TLS handshake per second"),
    MetricInfo("certificate_expiry_days", "days", "days until the soonest certificate expires"),
    MetricInfo("queue_backlog", "messages", "messages waiting in the queue"),
    MetricInfo("queue_lag_seconds", "s", "consumer lag: age of the oldest waiting message"),
    MetricInfo(
        "queue_messages_lost", "messages", "messages purged unprocessed (cumulative)", counter=True
    ),
)

METRIC_NAMES: tuple[str, ...] = tuple(m.name for m in METRIC_INFO)
COUNTER_METRICS: frozenset[str] = frozenset(m.name for m in METRIC_INFO if m.counter)


ACRONYMS = {"gc": "GC", "db": "DB", "cpu": "CPU", "tls": "TLS"}


def metric_title(name: str) -> str:
    """The friendly title the live dashboards and the report's charts share: `gc_pause_ms` ->
    `GC pause (ms)`; ratios are drawn as percentages."""
    info = next((m for m in METRIC_INFO if m.name == name), None)
    words = [ACRONYMS.get(w, w) for w in name.removesuffix("_ms").split("_")]
    label = " ".join(words)
    label = label[:1].upper() + label[1:]
    if info is None:
        return label
    return f"{label} ({'%' if info.unit == 'ratio' else info.unit})"
