"""Engine benchmark: one simulated hour per case, best and median of several runs.

Timings are reported, never asserted (machines here are noisy). Each case also reports what the
run did (its mean error ratio and pod restarts), so a case that takes a cheaper code path (a
crash-looping service answers from the outage path) shows as such. The rate cases run one
scenario's service without its faults, rescaled so only the request rate changes: the mechanics
are the same at every rate, so the times compare the cost of rate alone.
"""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass
from pathlib import Path

from simulator.engine import Engine
from simulator.journal import Journal
from simulator.scenario import LoadedScenario, load_scenario

HOUR = 3600.0
RATES = (100.0, 10_000.0)


@dataclass(frozen=True)
class BenchResult:
    case: str
    best_ms: float
    median_ms: float
    error_ratio: float = 0.0
    restarts: int = 0


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


def without_faults(loaded: LoadedScenario) -> LoadedScenario:
    """The scenario's service running healthy: no faults, so no rate-dependent failure."""
    scenario = loaded.scenario.model_copy(update={"faults": []})
    return LoadedScenario(scenario, loaded.text, loaded.sha256, loaded.filename)


def run_profile(journal: Journal) -> tuple[float, int]:
    """(mean error ratio over the ticks, pod restarts by the end) of a finished run."""
    ratios = [e["values"]["error_ratio"] for e in journal.entries if e["kind"] == "metrics"]
    last = next((e for e in reversed(journal.entries) if e["kind"] == "metrics"), None)
    restarts = int(last["values"]["pod_restarts"]) if last else 0
    return (sum(ratios) / len(ratios) if ratios else 0.0), restarts


def time_hour(loaded: LoadedScenario, repeat: int) -> tuple[float, float, Journal]:
    """(best ms, median ms) per simulated hour, and the last run's journal."""
    timings = []
    journal = None
    for _ in range(max(1, repeat)):
        started = time.perf_counter()
        engine = Engine(loaded, seed=1)
        journal = engine.finish()
        timings.append((time.perf_counter() - started) * 1000.0 * HOUR / loaded.scenario.duration)
    assert journal is not None
    return min(timings), statistics.median(timings), journal


def bench_case(case: str, loaded: LoadedScenario, repeat: int) -> BenchResult:
    best, median, journal = time_hour(loaded, repeat)
    error_ratio, restarts = run_profile(journal)
    return BenchResult(case, best, median, error_ratio, restarts)


def run_benchmarks(paths: list[Path], repeat: int = 5) -> list[BenchResult]:
    results = []
    loaded_all = [load_scenario(p) for p in paths]
    for loaded in loaded_all:
        case = f"{loaded.scenario.id} (1h)"
        results.append(bench_case(case, with_duration_and_rate(loaded, HOUR), repeat))
    if loaded_all:
        healthy = without_faults(loaded_all[0])
        for rps in RATES:
            case = f"{healthy.scenario.id}, no faults, {rps:,.0f} rps (1h)"
            results.append(bench_case(case, with_duration_and_rate(healthy, HOUR, rps), repeat))
    return results
