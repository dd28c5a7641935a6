"""A message its consumer cannot process: the consumer retries it for ever and its partition
stalls; the backlog and the consumer lag of that partition grow until the message is skipped."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from simulator.effects import Effects
from simulator.faults.base import FaultParams, Mechanism, World, buys_time, fixes, hurts


class PoisonMessageParams(FaultParams):
    type: Literal["poison_message"]
    # partitions stalled behind a message their consumer cannot process
    partitions: Annotated[int, Field(ge=1, le=1000)] = 1

    resources = frozenset({"queue"})
    requires = "queue"


class PoisonMessage(Mechanism[PoisonMessageParams]):
    params = PoisonMessageParams
    summary = "stalled partitions: their backlog and lag grow while the rest of the queue flows"
    effects = {
        "skip_message": fixes("the consumer commits past the poison message and catches up"),
        "purge_queue": fixes("drops the poison message with every waiting message (data loss)"),
        "scale_consumers": buys_time("no help for the stalled partitions; the others keep up"),
        "restart_consumers": hurts("the consumers restart and hit the same message again"),
    }

    def onset(self, world: World) -> None:
        self.skips_at_onset = world.state.queue.skips if world.state.queue else 0

    def contribute(self, world: World, fx: Effects) -> None:
        if self.present(world):
            fx.stalled_partitions += self.fault.partitions

    def _cleared(self, world: World) -> str | None:
        queue = world.state.queue
        if queue is None:
            return "no queue"
        if queue.skips > self.skips_at_onset:
            return "poison message skipped"
        if queue.purges_since(self.fault.at):
            return "queue purged"
        return None

    def present(self, world: World) -> bool:
        return self._cleared(world) is None

    def gone(self, world: World) -> str:
        return self._cleared(world) or "gone"
