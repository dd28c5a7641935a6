"""The database primary fails and the replica is promoted by itself: every connection drops,
queries fail for the failover time, then run slower on the cold new primary for a while."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from simulator.effects import Effects
from simulator.faults.base import FaultParams, Mechanism, World, hurts
from simulator.scenario.schema_base import Duration


class DatabaseFailoverParams(FaultParams):
    type: Literal["database_failover"]
    # how long queries fail while the replica is promoted
    failover_time: Duration = 30.0
    cold_multiplier: Annotated[float, Field(ge=1.0, le=100.0)] = 2.0  # query time when cold
    warmup: Duration = 300.0  # the new primary's buffer cache warms over this long

    resources = frozenset({"database"})
    self_limiting = True


class DatabaseFailover(Mechanism[DatabaseFailoverParams]):
    params = DatabaseFailoverParams
    summary = "a failover: queries fail for its duration, then run slow on a cold primary"
    effects = {
        "restart_pods": hurts(
            "with maxUnavailable above 0 a restart dips capacity while the primary is cold"
        ),
        "failover_database": hurts("fails over again onto a colder node"),
    }

    def onset(self, world: World) -> None:
        self.started = world.now
        for pod in world.state.pods:
            pod.leaked = 0.0  # every connection drops with the old primary
        world.state.db_failovers += 1

    def contribute(self, world: World, fx: Effects) -> None:
        f = self.fault
        since = world.now - self.started
        if since < f.failover_time:
            fx.db_down = True
            return
        warm = min(1.0, (since - f.failover_time) / f.warmup) if f.warmup > 0 else 1.0
        fx.query_time_multiplier *= 1.0 + (f.cold_multiplier - 1.0) * (1.0 - warm) * self.level

    def changing(self, world: World) -> bool:
        return world.now - self.started < self.fault.failover_time + self.fault.warmup

    def present(self, world: World) -> bool:
        return self.changing(world)

    def gone(self, world: World) -> str:
        return "the new primary is warm"
