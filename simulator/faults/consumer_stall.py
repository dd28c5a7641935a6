"""Consumers slow down or hang (stuck threads, a lock in the consumer): throughput drops, the
backlog and consumer lag grow until the consumers are restarted."""

from __future__ import annotations

from typing import Literal

from simulator.effects import Effects
from simulator.faults.base import FaultParams, Mechanism, World, buys_time, fixes
from simulator.scenario.schema_base import Ratio


class ConsumerStallParams(FaultParams):
    type: Literal["consumer_stall"]
    throughput: Ratio = 0.1  # what the stuck consumers still process, as a share of normal

    resources = frozenset({"queue"})
    requires = "queue"


class ConsumerStall(Mechanism[ConsumerStallParams]):
    params = ConsumerStallParams
    summary = "consumers process a fraction of their usual rate; lag grows"
    effects = {
        "restart_consumers": fixes("fresh consumers without the stuck threads"),
        "scale_consumers": buys_time("more consumers, each still slow"),
    }

    def onset(self, world: World) -> None:
        queue = world.state.queue
        self.restarts_at_onset = queue.restarts if queue else 0

    def contribute(self, world: World, fx: Effects) -> None:
        if self.present(world):
            fx.consumer_speed *= 1.0 - (1.0 - self.fault.throughput) * self.level

    def present(self, world: World) -> bool:
        queue = world.state.queue
        return queue is not None and queue.restarts == self.restarts_at_onset

    def gone(self, world: World) -> str:
        return "consumers restarted"
