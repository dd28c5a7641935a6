"""Engine benchmark: one simulated hour per case, best and median of several runs.

Timings are reported, never asserted (machines here are noisy). The rate cases rescale one
scenario's traffic and per-replica capacity together, so only the request rate changes.
"""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass
from pathlib import Path

from simulator.engine import Engine
from simulator.scenario import LoadedScenario, load_scenario

HOUR = 3600.0


@dataclass(frozen=True)
class BenchResult:
    case: str
    best_ms: float
    median_ms: float


def with_duration_and_rate(
    loaded: LoadedScenario, duration: float, rps: float | None = None
) -> LoadedScenario:
    """A copy of a scenario lasting `duration`, optionally rescaled to `rps` baseline traffic.

    Rescaling multiplies each replica's workers and connection pool, the database's
    `max_connections` and the clients' rate limits by the same factor, so utilisation and the
    fault mechanics stay as designed while the request rate changes and the replica count stays.
    """
    scenario = loaded.scenario.model_copy(update={"duration": duration})
    if rps is not None:
        svc = scenario.service
        factor = rps / svc.traffic.baseline_rps
        db = svc.database
        limits = svc.rate_limits
        clients = [
            c.model_copy(
                update={"limit_rps": None if c.limit_rps is None else c.limit_rps * factor}
            )
            for c in limits.clients
        ]
        svc = svc.model_copy(
            update={
                "traffic": svc.traffic.model_copy(update={"baseline_rps": rps}),
                "workers_per_replica": max(1, round(svc.workers_per_replica * factor)),
                "pool": svc.pool.model_copy(
                    update={"size_per_replica": max(1, round(svc.pool.size_per_replica * factor))}
                ),
                "database": db.model_copy(
                    update={
                        "max_connections": max(1, round(db.max_connections * factor)),
                        "other_connections": round(db.other_connections * factor),
                    }
                ),
                "rate_limits": limits.model_copy(update={"clients": clients}),
            }
        )
        scenario = scenario.model_copy(update={"service": svc})
    return LoadedScenario(scenario, loaded.text, loaded.sha256, loaded.filename)


def time_hour(loaded: LoadedScenario, repeat: int) -> tuple[float, float]:
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        engine = Engine(loaded, seed=1)
        engine.finish()
        timings.append((time.perf_counter() - started) * 1000.0 * HOUR / loaded.scenario.duration)
    return min(timings), statistics.median(timings)


def run_benchmarks(paths: list[Path], repeat: int = 5) -> list[BenchResult]:
    results = []
    loaded_all = [load_scenario(p) for p in paths]
    for loaded in loaded_all:
        best, median = time_hour(with_duration_and_rate(loaded, HOUR), repeat)
        results.append(BenchResult(f"{loaded.scenario.id} (1h)", best, median))
    if loaded_all:
        first = loaded_all[0]
        for rps in (100.0, 10_000.0):
            best, median = time_hour(with_duration_and_rate(first, HOUR, rps), repeat)
            results.append(BenchResult(f"{first.scenario.id} at {rps:,.0f} rps (1h)", best, median))
    return results
