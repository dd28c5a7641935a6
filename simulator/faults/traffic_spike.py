"""Demand multiplies for a while (a campaign, a bot, a partner's batch job)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from simulator.effects import Effects
from simulator.faults.base import FaultParams, Mechanism, World, buys_time


class TrafficSpikeParams(FaultParams):
    type: Literal["traffic_spike"]
    # multiplies arrivals while the fault acts
    multiplier: Annotated[float, Field(gt=1.0, le=100.0)]

    resources = frozenset({"traffic"})


class TrafficSpike(Mechanism[TrafficSpikeParams]):
    params = TrafficSpikeParams
    summary = "more requests than usual arrive until the spike passes"
    effects = {
        "scale": buys_time("more replicas carry the extra load"),
        "enable_load_shedding": buys_time("sheds what capacity cannot serve"),
        "set_rate_limit": buys_time("caps the client that sends the extra load"),
    }

    def contribute(self, world: World, fx: Effects) -> None:
        fx.traffic_multiplier *= 1.0 + (self.fault.multiplier - 1.0) * self.level
