"""Pods get less CPU than they need: a noisy neighbour on one node, or a release with a hot loop.
Past the CPU limit the kernel throttles the container and every request takes longer."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from simulator.effects import Effects
from simulator.faults.base import FaultParams, Mechanism, World, buys_time, fixes
from simulator.faults.releases import ReleaseBound
from simulator.scenario.schema_base import Identifier, Ratio
from simulator.scenario.service_models import DeployRecord


class CpuThrottlingParams(FaultParams):
    type: Literal["cpu_throttling"]
    # noisy_neighbour (something else takes a node's CPU) or release (a hot loop)
    cause: Literal["noisy_neighbour", "release"]
    node: Identifier | None = None  # noisy_neighbour: the node it runs on
    steal: Ratio = 0.6  # noisy_neighbour: share of the node's CPU it takes
    cpu_multiplier: Annotated[float, Field(gt=1.0, le=100.0)] = 3.0  # release: CPU per request
    deploy: DeployRecord | None = None  # release: the release with the hot loop

    resources = frozenset({"cpu", "nodes", "pods", "release"})
    requires = "cpu"
    references = {"node": "node"}


class CpuThrottling(ReleaseBound, Mechanism[CpuThrottlingParams]):
    params = CpuThrottlingParams
    summary = "containers hit their CPU limit and are throttled; latency climbs"
    effects = {
        "drain_node": fixes("pods leave the noisy node (noisy_neighbour)"),
        "rollback": fixes("the previous release has no hot loop (release)"),
        "cordon_node": buys_time("new pods avoid the node; pods already there stay"),
        "set_cpu_limit": buys_time(
            "a higher limit throttles less (release); no help on a full node"
        ),
        "scale": buys_time("less load per pod"),
    }

    def onset(self, world: World) -> None:
        if self.fault.cause == "release":
            ReleaseBound.onset(self, world)

    def contribute(self, world: World, fx: Effects) -> None:
        f = self.fault
        if f.cause == "noisy_neighbour" and f.node is not None:
            fx.node_cpu_steal[f.node] = min(
                0.95, fx.node_cpu_steal.get(f.node, 0.0) + f.steal * self.level
            )
        elif self.version is not None:
            fx.cpu_multiplier[self.version] = 1.0 + (f.cpu_multiplier - 1.0) * self.level

    def present(self, world: World) -> bool:
        if self.fault.cause == "noisy_neighbour":
            return any(p.node == self.fault.node for p in world.state.running_pods())
        return ReleaseBound.present(self, world)

    def gone(self, world: World) -> str:
        if self.fault.cause == "noisy_neighbour":
            return f"no pod left on {self.fault.node}"
        return ReleaseBound.gone(self, world)
