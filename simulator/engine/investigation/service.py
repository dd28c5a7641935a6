"""Service-wide views: per-client 429s, the dashboard, dependencies, feature flags."""

from __future__ import annotations

from typing import TYPE_CHECKING

from simulator.durations import format_duration
from simulator.engine.investigation.registry import renders

if TYPE_CHECKING:
    from simulator.engine.core import Engine
    from simulator.scenario.schema import Command


@renders("top_clients")
def top_clients(engine: Engine, command: Command) -> list[str]:
    clients = sorted(engine.state.clients, key=lambda c: -c.rejected_total)
    lines = [f"{'CLIENT':<20}{'SHARE':>7}{'LIMIT rps':>11}{'429s total':>12}{'429/s now':>11}"]
    for c in clients:
        limit = "none" if c.limit_rps is None else f"{c.limit_rps:g}"
        rate = c.rejected_recent * 0.02 / engine.dt
        lines.append(
            f"{c.name:<20}{c.share:>7.0%}{limit:>11}{c.rejected_total:>12.0f}{rate:>11.1f}"
        )
    return lines


@renders("dashboard")
def dashboard(engine: Engine, command: Command) -> list[str]:
    names = (
        "request_rate",
        "error_ratio",
        "rejected_ratio",
        "latency_p99_ms",
        "pool_utilization",
        "worker_utilization",
        "memory_utilization",
        "replicas_ready",
        "orders_per_minute",
    )
    return [f"{name:<22}{engine.metric(name):>12.3f}" for name in names]


@renders("dependency_status")
def dependency_status(engine: Engine, command: Command) -> list[str]:
    state = engine.state
    lines = [f"{'DEPENDENCY':<22}{'LATENCY':>10}{'ERRORS':>9}  TIMEOUT"]
    for dep in state.scenario.service.dependencies:
        latency = dep.latency * state.fx.dependency_latency.get(dep.name, 1.0)
        errors = state.fx.dependency_errors.get(dep.name, 0.0)
        lines.append(
            f"{dep.name:<22}{latency * 1000:>8.0f}ms{errors:>9.1%}  {format_duration(dep.timeout)}"
        )
    return lines


@renders("feature_flags")
def feature_flags(engine: Engine, command: Command) -> list[str]:
    return [f"{flag:<32}{'on' if on else 'off'}" for flag, on in sorted(engine.state.flags.items())]
