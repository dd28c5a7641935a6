"""A release (or a feature behind a flag) keeps memory per request; pods grow to OOM kills."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from simulator.effects import Effects
from simulator.faults.base import FaultParams, Mechanism, World, buys_time, fixes
from simulator.faults.releases import ReleaseBound
from simulator.scenario.schema_base import Identifier
from simulator.scenario.service_models import DeployRecord


class MemoryLeakParams(FaultParams):
    type: Literal["memory_leak"]
    # megabytes leaked per 1,000 requests a pod serves
    mb_per_1k_requests: Annotated[float, Field(gt=0.0, le=1000.0)]
    # the feature flag that enables the leaking code; turning it off stops the leak
    flag: Identifier | None = None
    # the leaking release: it rolls out at `at` and only its pods leak
    deploy: DeployRecord | None = None
    # megabytes the pods running at `at` have already leaked (a leak that began before the
    # exercise); spread from 0.85 to 1.15 times this over the pods, oldest first. Not with `deploy`
    leaked_before_mb: Annotated[float, Field(ge=0.0, le=100000.0)] = 0.0

    resources = frozenset({"release", "flags", "memory", "pods"})
    references = {"flag": "feature flag"}


class MemoryLeak(ReleaseBound, Mechanism[MemoryLeakParams]):
    params = MemoryLeakParams
    summary = "memory grows with traffic; GC pauses lengthen; pods are OOM-killed in waves"
    effects = {
        "rollback": fixes("the previous release does not leak"),
        "set_feature_flag": fixes("turning the leaking feature off lets GC reclaim its memory"),
        "restart_pods": buys_time("new pods start with baseline memory"),
        "set_memory_limit": buys_time("more headroom before the OOM kill"),
        "scale": buys_time("less traffic per pod: slower growth"),
    }

    def onset(self, world: World) -> None:
        ReleaseBound.onset(self, world)
        if self.fault.deploy is None and self.fault.leaked_before_mb > 0.0 and self._flag_on(world):
            pods = world.state.running_pods()
            for i, pod in enumerate(pods):
                spread = 1.15 - 0.3 * i / max(1, len(pods) - 1)
                pod.leak_bytes_mb += self.fault.leaked_before_mb * spread
            world.state.touch()

    def _flag_on(self, world: World) -> bool:
        flag = self.fault.flag
        return flag is None or world.state.flags.get(flag, True)

    def contribute(self, world: World, fx: Effects) -> None:
        if self._flag_on(world):
            rate = self.fault.mb_per_1k_requests / 1000.0 * self.level
            fx.memory_mb_per_request[self.version] = rate

    def present(self, world: World) -> bool:
        return self._flag_on(world) and ReleaseBound.present(self, world)

    def gone(self, world: World) -> str:
        if not self._flag_on(world):
            return f"flag {self.fault.flag} off: the leaking feature is disabled"
        return ReleaseBound.gone(self, world)
