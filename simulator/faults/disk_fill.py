"""A pod's ephemeral volume fills: a debug log level, or a release writing temp files or core
dumps. A full volume gets the pod evicted: a new pod with a new name and an empty volume."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from simulator.effects import Effects
from simulator.faults.base import FaultParams, Mechanism, World, buys_time, fixes
from simulator.faults.releases import ReleaseBound
from simulator.scenario.service_models import DeployRecord


class DiskFillParams(FaultParams):
    type: Literal["disk_fill"]
    # log_level (a push sets LOG_LEVEL=debug) or temp_files (a release writes them)
    cause: Literal["log_level", "temp_files"]
    log_multiplier: Annotated[float, Field(gt=1.0, le=1000.0)] = 20.0  # log_level: debug volume
    mb_per_minute: Annotated[float, Field(ge=0.0, le=100_000.0)] = 0.0  # temp_files, per pod
    deploy: DeployRecord | None = None  # temp_files: the release that writes them

    resources = frozenset({"disk", "pods", "config", "release"})
    requires = "disk"


class DiskFill(ReleaseBound, Mechanism[DiskFillParams]):
    params = DiskFillParams
    summary = "ephemeral volumes fill; full pods are evicted and replaced with empty volumes"
    effects = {
        "set_log_level": fixes("back to info: log volume drops below rotation (log_level)"),
        "rollback": fixes("the previous release writes no temp files (temp_files)"),
        "restart_pods": buys_time("new pods start with empty volumes"),
        "expand_volume": buys_time("a bigger volume takes longer to fill"),
    }

    def onset(self, world: World) -> None:
        if self.fault.cause == "log_level":
            self.config = world.push_config(
                "log_level", "debug", "config-bot", "set LOG_LEVEL=debug"
            )
        else:
            ReleaseBound.onset(self, world)

    def contribute(self, world: World, fx: Effects) -> None:
        f = self.fault
        if f.cause == "log_level":
            if world.state.log_level == "debug":
                fx.log_multiplier = max(
                    fx.log_multiplier, 1.0 + (f.log_multiplier - 1.0) * self.level
                )
            return
        fx.disk_mb_per_s[self.version] = f.mb_per_minute / 60.0 * self.level

    def present(self, world: World) -> bool:
        if self.fault.cause == "log_level":
            return world.state.log_level == "debug"
        return ReleaseBound.present(self, world)

    def gone(self, world: World) -> str:
        if self.fault.cause == "log_level":
            return f"log level back to {world.state.log_level}"
        return ReleaseBound.gone(self, world)
