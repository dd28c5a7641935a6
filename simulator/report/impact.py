"""Customer impact estimated from the journal's per-tick metrics and ground-truth impact windows."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from simulator.journal import Journal
from simulator.report.model import Impact
from simulator.scenario.schema import Scenario

SLO_OBJECTIVE = 0.999
SLO_DAYS = 30
SECONDS_PER_DAY = 86_400.0


def impact_windows(journal: Journal) -> tuple[tuple[float, float | None], ...]:
    """(start, end) of each ground-truth impact window; end is None when it lasted to the end."""
    windows: list[tuple[float, float | None]] = []
    start: float | None = None
    for entry in journal.of_kind("impact.start", "impact.end"):
        if entry["kind"] == "impact.start":
            start = float(entry["t"])
        elif start is not None:
            windows.append((start, float(entry["t"])))
            start = None
    if start is not None:
        windows.append((start, None))
    return tuple(windows)


def _metrics(journal: Journal) -> Iterator[tuple[float, dict[str, Any]]]:
    for entry in journal.of_kind("metrics"):
        yield float(entry["t"]), entry["values"]


def _in_windows(t: float, windows: tuple[tuple[float, float | None], ...]) -> bool:
    return any(start < t <= (end if end is not None else float("inf")) for start, end in windows)


def _baseline(journal: Journal, name: str, before: float | None) -> float:
    """Mean of a metric over the ticks before `before` (the whole run when there are none)."""
    values = [v.get(name, 0.0) for t, v in _metrics(journal) if before is None or t <= before]
    if not values:
        values = [v.get(name, 0.0) for _, v in _metrics(journal)]
    return sum(values) / len(values) if values else 0.0


def error_minutes(journal: Journal, scenario: Scenario) -> int:
    """Whole minutes of the run whose mean breached any SLO threshold."""
    slo = scenario.service.slo
    buckets: dict[int, list[dict[str, Any]]] = {}
    for t, values in _metrics(journal):
        buckets.setdefault(int((t - 1e-9) // 60), []).append(values)
    bad = 0
    for rows in buckets.values():
        mean = {k: sum(r.get(k, 0.0) for r in rows) / len(rows) for k in _SLO_METRICS}
        if (
            mean["error_ratio"] > slo.error_ratio
            or mean["rejected_ratio"] > slo.rejected_ratio
            or mean["latency_p99_ms"] > slo.latency_p99_ms
        ):
            bad += 1
    return bad


_SLO_METRICS = ("error_ratio", "rejected_ratio", "latency_p99_ms")


def estimate_impact(journal: Journal, scenario: Scenario) -> Impact:
    tick = scenario.tick
    windows = impact_windows(journal)
    end = float(journal.entries[-1]["t"])
    first_impact = windows[0][0] if windows else None
    requests = failed = rejected = orders_lost = 0.0
    base_orders = _baseline(journal, "orders_per_minute", first_impact)
    for t, values in _metrics(journal):
        requests += values.get("request_rate", 0.0) * tick
        failed += values.get("error_rate", 0.0) * tick
        rejected += values.get("rejected_rate", 0.0) * tick
        if _in_windows(t, windows):
            orders_lost += (base_orders - values.get("orders_per_minute", 0.0)) * tick / 60.0
    baseline_rps = _baseline(journal, "request_rate", first_impact)
    budget = (1.0 - SLO_OBJECTIVE) * baseline_rps * SLO_DAYS * SECONDS_PER_DAY
    breached = sorted({b for e in journal.of_kind("impact.start") for b in e.get("breached", [])})
    return Impact(
        requests=requests,
        failed_5xx=failed,
        rejected_429=rejected,
        failed_share=(failed + rejected) / requests if requests else 0.0,
        error_minutes=error_minutes(journal, scenario),
        impact_seconds=sum((e if e is not None else end) - s for s, e in windows),
        impact_windows=windows,
        breached=tuple(breached),
        baseline_rps=baseline_rps,
        orders_lost=max(0.0, orders_lost),
        slo_objective=SLO_OBJECTIVE,
        slo_days=SLO_DAYS,
        slo_budget_requests=budget,
        slo_budget_burned=(failed + rejected) / budget if budget else 0.0,
    )
