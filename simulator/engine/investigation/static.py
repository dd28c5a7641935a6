"""`static`: the scenario's own output lines, for what the model does not compute (a vendor
console, a ticket queue). Placeholders are filled, live ones included."""

from __future__ import annotations

from typing import TYPE_CHECKING

from simulator.engine.investigation.live import fill_lines
from simulator.engine.investigation.registry import renders

if TYPE_CHECKING:
    from simulator.engine.core import Engine
    from simulator.scenario.schema import Command


@renders("static")
def static(engine: Engine, command: Command) -> list[str]:
    return fill_lines(engine, list(command.output))
