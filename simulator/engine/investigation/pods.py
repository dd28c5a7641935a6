"""`kubectl get pods`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from simulator.engine.investigation.common import age
from simulator.engine.investigation.registry import renders
from simulator.engine.state import POD_READY, POD_STARTING

if TYPE_CHECKING:
    from simulator.engine.core import Engine
    from simulator.scenario.schema import Command


@renders("pods")
def pods(engine: Engine, command: Command) -> list[str]:
    """`kubectl get pods`: readiness, status, restarts (with the last OOM kill), memory."""
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
            restarts += f" ({age(now - pod.last_oom_at)} ago)"
        memory = f"{pod.memory_mb:.0f}Mi/{limit:.0f}Mi"
        started = age(now - pod.started_at)
        lines.append(f"{pod.name:<34}{ready:<7}{status:<18}{restarts:<10}{started:<8}{memory}")
    return lines
