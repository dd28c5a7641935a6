"""Application logs, sampled from what failed in the last tick."""

from __future__ import annotations

from typing import TYPE_CHECKING

from simulator.engine.investigation.common import clock_time
from simulator.engine.investigation.registry import renders

if TYPE_CHECKING:
    from simulator.engine.core import Engine
    from simulator.scenario.schema import Command


@renders("logs")
def logs(engine: Engine, command: Command) -> list[str]:
    """Recent log lines, sampled in proportion to what failed in the last tick."""
    out = engine.last_outcome
    svc = engine.scenario.service
    stamp = clock_time(engine, engine.env.now)
    rng = engine.streams.get("logs")
    pods = [p.name for p in engine.state.ready_pods()] or [svc.name]
    kinds: list[tuple[float, str]] = [
        (
            out.pool_timeouts,
            "ERROR HikariPool-1 - Connection is not available, request timed out after "
            f"{svc.pool.acquire_timeout * 1000:.0f}ms (total={engine.state.pool_size}, "
            f"active={engine.state.pool_size}, idle=0, "
            f"waiting={engine.metric('pool_waiting'):.0f})",
        ),
        (out.db_refused, "ERROR org.postgresql.util.PSQLException: FATAL: sorry, too many clients"),
        (out.dependency_errors, _dependency_error(engine)),
        (
            out.bad_release_errors,
            "ERROR unhandled exception in request handler: NullPointerException",
        ),
        (out.timeouts, "WARN request exceeded deadline; client closed connection (499)"),
        (out.dropped, "WARN upstream queue full, shedding request with 503"),
        (out.rejected, "INFO rate limit exceeded, answering 429 Too Many Requests"),
    ]
    lines: list[str] = []
    for amount, text in kinds:
        if amount >= 0.5:
            count = min(4, 1 + int(amount // 50))
            for _ in range(count):
                pod = pods[int(rng.integers(0, len(pods)))]
                lines.append(f"{stamp} {pod} {text}")
    if engine.metric("gc_pause_ms") > 200:
        lines.append(
            f"{stamp} {pods[0]} WARN GC pause {engine.metric('gc_pause_ms'):.0f}ms (G1 Old)"
        )
    if not lines:
        lines.append(
            f"{stamp} {pods[0]} INFO GET /api/checkout 200 {engine.metric('latency_p50_ms'):.0f}ms"
        )
    return lines


def _dependency_error(engine: Engine) -> str:
    deps = engine.scenario.service.dependencies
    name = deps[0].name if deps else "downstream"
    fx = engine.state.fx
    troubled = sorted(set(fx.dependency_latency) | set(fx.dependency_errors))
    if troubled:
        name = troubled[0]
    return f"ERROR call to {name} failed: deadline exceeded"
