"""Deploy and config history, newest first."""

from __future__ import annotations

from typing import TYPE_CHECKING

from simulator.engine.investigation.common import age, clock_time
from simulator.engine.investigation.registry import renders

if TYPE_CHECKING:
    from simulator.engine.core import Engine
    from simulator.scenario.schema import Command


def _history(engine: Engine, kind: str) -> list[str]:
    now = engine.env.now
    records = [r for r in engine.state.releases if r.kind == kind]
    lines = [f"{'WHEN':<22}{'VERSION':<18}{'BY':<16}CHANGE"]
    for r in reversed(records):
        when = f"{clock_time(engine, r.at)} ({age(now - r.at)} ago)"
        tag = " [rolled back]" if r.rolled_back else ""
        lines.append(f"{when:<22}{r.version:<18}{r.by:<16}{r.change}{tag}")
    return lines


@renders("deploy_history")
def deploy_history(engine: Engine, command: Command) -> list[str]:
    return _history(engine, "deploy")


@renders("config_history")
def config_history(engine: Engine, command: Command) -> list[str]:
    return _history(engine, "config")
