"""Faults carried by a release: they act on the pods running it and end when none is left."""

from __future__ import annotations

from typing import Any

from simulator.faults.base import World


class ReleaseBound:
    """Mixin for faults with an optional `deploy`: onset rolls the release out; the mechanism is
    present while any running pod still runs it (every pod when the fault has no release)."""

    fault: Any
    version: str | None = None

    def onset(self, world: World) -> None:
        deploy = getattr(self.fault, "deploy", None)
        self.version = world.deploy(deploy) if deploy is not None else None

    def present(self, world: World) -> bool:
        if self.version is None:
            return True
        return any(p.version == self.version for p in world.state.running_pods())

    def gone(self, world: World) -> str:
        return f"no pod runs {self.version} any more"
