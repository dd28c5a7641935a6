"""The engine's invariants over a journal's metrics, as a list of problems (empty when they hold).

Used by the fixed-script invariant tests and the generated random-play tests.
"""

from __future__ import annotations

from simulator.journal import Journal
from simulator.metrics import METRIC_NAMES
from simulator.scenario import LoadedScenario

RATIOS = (
    "error_ratio",
    "rejected_ratio",
    "pool_utilization",
    "worker_utilization",
    "cpu_utilization",
    "memory_utilization",
)


def metric_problems(loaded: LoadedScenario, journal: Journal) -> list[str]:
    """Ratios in [0, 1], quantiles ordered, nothing negative, restarts never decreasing, replicas
    and database connections within their bounds: one line per breach."""
    problems: list[str] = []
    restarts = 0.0
    max_replicas = max(loaded.scenario.service.replicas, 200)
    max_connections = loaded.scenario.service.database.max_connections
    for entry in journal.of_kind("metrics"):
        t, v = entry["t"], entry["values"]
        if set(v) != set(METRIC_NAMES):
            problems.append(f"T={t}: metric names differ: {sorted(set(v) ^ set(METRIC_NAMES))}")
        problems += [f"T={t}: {n}={v[n]} outside [0, 1]" for n in RATIOS if not 0 <= v[n] <= 1]
        if not v["latency_p50_ms"] <= v["latency_p95_ms"] <= v["latency_p99_ms"]:
            problems.append(f"T={t}: latency quantiles out of order")
        problems += [f"T={t}: {n}={x} negative" for n, x in v.items() if x < 0.0]
        if v["pod_restarts"] < restarts:
            problems.append(f"T={t}: pod_restarts went down")
        restarts = v["pod_restarts"]
        if not 0 <= v["replicas_ready"] <= max_replicas:
            problems.append(f"T={t}: replicas_ready={v['replicas_ready']}")
        if v["db_connections"] > max_connections:
            problems.append(f"T={t}: db_connections={v['db_connections']} > {max_connections}")
    return problems
