"""Investigation commands: output computed from the model state at the moment asked.

One module per resource renders what the real tools would show (`kubectl get pods`, `kubectl
top`, `df -h`, psql views, `redis-cli info`, `openssl s_client`, `dig`, `kafka-consumer-groups`),
each registered in `RENDERERS` under its command kind (`simulator/commands.py` lists the kinds
and what each needs). Scenario-supplied `extra_lines` add the fault's flavour and red herrings,
with placeholders filled (live values included); they show only while a fault is active, so they
never give away a fault before it starts or contradict the model after it is fixed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from simulator.commands import missing_part
from simulator.engine.investigation import (  # noqa: F401  (each module registers its kinds)
    cache,
    cpu,
    database,
    disk,
    dns,
    history,
    logs,
    pods,
    queue,
    service,
    static,
    tls,
)
from simulator.engine.investigation.common import clock_time
from simulator.engine.investigation.live import fill_lines
from simulator.engine.investigation.registry import RENDERERS, Renderer

if TYPE_CHECKING:
    from simulator.engine.core import Engine
    from simulator.scenario.schema import Command

__all__ = ["RENDERERS", "Renderer", "clock_time", "investigate", "missing_resource"]


def missing_resource(engine: Engine, kind: str) -> str | None:
    """The one-line answer of a command whose resource the scenario does not model."""
    needed = missing_part(kind, engine.scenario.service)
    if needed is not None:
        return f"{kind}: this service has no service.{needed} in the scenario; nothing to show"
    return None


def investigate(engine: Engine, command: Command) -> list[str]:
    """The output lines of one investigation command, now."""
    missing = missing_resource(engine, command.kind)
    if missing is not None:
        return [missing]
    lines = RENDERERS[command.kind](engine, command)
    if command.extra_lines and engine.faults.any_active():
        lines += fill_lines(engine, list(command.extra_lines))
    return lines
