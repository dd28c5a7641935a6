"""Investigation commands: output computed from the model state at the moment asked.

Each command kind renders what its real-world counterpart would show (`kubectl get pods`,
application logs, `pg_stat_activity`, deploy and config history, top clients by 429s, ...).
Scenario-supplied `extra_lines` add the fault's flavour and red herrings, with placeholders
filled; they show only while a fault is active, so they never give away a fault before it starts
or contradict the model after it is fixed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from simulator.durations import format_duration
from simulator.engine.state import POD_READY, POD_STARTING
from simulator.scenario.schema import Command

if TYPE_CHECKING:
    from simulator.engine.core import Engine


def clock_time(engine: Engine, t: float) -> str:
    """The simulated wall-clock time of day (`14:03:11`), from the scenario's start hour."""
    seconds = int(engine.scenario.service.traffic.start_hour * 3600 + t) % 86400
    return f"{seconds // 3600:02d}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"


def _age(seconds: float) -> str:
    return format_duration(max(0.0, seconds)) if seconds < 86400 else f"{int(seconds // 86400)}d"


def _pods(engine: Engine) -> list[str]:
    now = engine.env.now
    lines = [f"{'NAME':<34}{'READY':<7}{'STATUS':<18}{'RESTARTS':<10}{'AGE':<8}MEMORY"]
    limit = engine.state.memory_limit_mb
    for pod in engine.state.running_pods():
        if pod.state == POD_READY:
            ready, status = "1/1", "Running"
        elif pod.last_oom_at is not None and now < pod.started_at:
            ready, status = "0/1", "CrashLoopBackOff"
        else:
            ready, status = "0/1", "ContainerCreating" if pod.state == POD_STARTING else "Unknown"
        restarts = str(pod.restarts)
        if pod.last_oom_at is not None:
            restarts += f" ({_age(now - pod.last_oom_at)} ago)"
        memory = f"{pod.memory_mb:.0f}Mi/{limit:.0f}Mi"
        age = _age(now - pod.started_at)
        lines.append(f"{pod.name:<34}{ready:<7}{status:<18}{restarts:<10}{age:<8}{memory}")
    return lines


def _logs(engine: Engine) -> list[str]:
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


def _pg_stat_activity(engine: Engine) -> list[str]:
    state = engine.state
    svc = state.scenario.service
    leaked = round(sum(p.leaked for p in state.running_pods()))
    total = round(engine.metric("db_connections"))
    active = min(
        total,
        round(engine.metric("pool_utilization") * len(state.ready_pods()) * state.pool_size)
        - leaked,
    )
    active = max(0, active)
    idle = max(0, total - leaked - active - svc.database.other_connections)
    oldest = engine.env.now - engine.fault_started_at("connection_leak")
    lines = [
        "SELECT application_name, state, count(*), max(now() - xact_start) FROM pg_stat_activity",
        f"{'application_name':<22}{'state':<30}{'count':>6}  oldest_xact",
        f"{svc.name:<22}{'active':<30}{active:>6}  00:00:00.2",
        f"{svc.name:<22}{'idle':<30}{idle:>6}",
    ]
    if leaked:
        lines.append(f"{svc.name:<22}{'idle in transaction':<30}{leaked:>6}  {_age(oldest)}")
    if svc.database.other_connections:
        lines.append(f"{'other (batch, admin)':<22}{'idle':<30}{svc.database.other_connections:>6}")
    lines.append(f"max_connections = {svc.database.max_connections}; in use = {total}")
    return lines


def _history(engine: Engine, kind: str) -> list[str]:
    now = engine.env.now
    records = [r for r in engine.state.releases if r.kind == kind]
    lines = [f"{'WHEN':<22}{'VERSION':<18}{'BY':<16}CHANGE"]
    for r in reversed(records):
        when = f"{clock_time(engine, r.at)} ({_age(now - r.at)} ago)"
        tag = " [rolled back]" if r.rolled_back else ""
        lines.append(f"{when:<22}{r.version:<18}{r.by:<16}{r.change}{tag}")
    return lines


def _top_clients(engine: Engine) -> list[str]:
    clients = sorted(engine.state.clients, key=lambda c: -c.rejected_total)
    lines = [f"{'CLIENT':<20}{'SHARE':>7}{'LIMIT rps':>11}{'429s total':>12}{'429/s now':>11}"]
    for c in clients:
        limit = "none" if c.limit_rps is None else f"{c.limit_rps:g}"
        rate = c.rejected_recent * 0.02 / engine.dt
        lines.append(
            f"{c.name:<20}{c.share:>7.0%}{limit:>11}{c.rejected_total:>12.0f}{rate:>11.1f}"
        )
    return lines


def _dashboard(engine: Engine) -> list[str]:
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


def _dependency_status(engine: Engine) -> list[str]:
    state = engine.state
    lines = [f"{'DEPENDENCY':<22}{'LATENCY':>10}{'ERRORS':>9}  TIMEOUT"]
    for dep in state.scenario.service.dependencies:
        latency = dep.latency * state.fx.dependency_latency.get(dep.name, 1.0)
        errors = state.fx.dependency_errors.get(dep.name, 0.0)
        lines.append(
            f"{dep.name:<22}{latency * 1000:>8.0f}ms{errors:>9.1%}  {format_duration(dep.timeout)}"
        )
    return lines


def _feature_flags(engine: Engine) -> list[str]:
    return [f"{flag:<32}{'on' if on else 'off'}" for flag, on in sorted(engine.state.flags.items())]


_RENDERERS: dict[str, Callable[[Engine], list[str]]] = {
    "pods": _pods,
    "logs": _logs,
    "pg_stat_activity": _pg_stat_activity,
    "deploy_history": lambda e: _history(e, "deploy"),
    "config_history": lambda e: _history(e, "config"),
    "top_clients": _top_clients,
    "dashboard": _dashboard,
    "dependency_status": _dependency_status,
    "feature_flags": _feature_flags,
}


def investigate(engine: Engine, command: Command) -> list[str]:
    """The output lines of one investigation command, now."""
    lines = _RENDERERS[command.kind](engine)
    if command.extra_lines and engine.faults.any_active():
        values = engine.narrator.values()
        lines += [engine.narrator.fill(line, values) for line in command.extra_lines]
    return lines
