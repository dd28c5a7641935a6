"""Clients change how they retry (an SDK release dropped backoff): failures multiply load."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from simulator.effects import Effects
from simulator.faults.base import FaultParams, Mechanism, World, buys_time, fixes, hurts
from simulator.scenario.schema_base import Duration, Identifier

RETRY_BUDGET = 0.1  # retries per original request once clients honour a retry budget


class RetryAmplificationParams(FaultParams):
    type: Literal["retry_amplification"]
    # attempts per request while the fault acts, the first included
    max_attempts: Annotated[int, Field(ge=1, le=10)]
    # delay before a retry (0: the next tick)
    backoff: Duration = 0.0
    # spread retries between half and 1.5 times `backoff`
    jitter: bool = False
    # the SDK's kill switch: turning it on brings back backoff with jitter and a retry budget
    flag: Identifier | None = None

    resources = frozenset({"retries", "flags"})
    references = {"flag": "feature flag"}


class RetryAmplification(Mechanism[RetryAmplificationParams]):
    params = RetryAmplificationParams
    summary = "clients retry at once and often; load multiplies and can stay saturated"
    effects = {
        "set_feature_flag": fixes("the flag turns backoff with jitter and a retry budget on"),
        "enable_load_shedding": buys_time("fast 503s instead of timeouts keep the queue short"),
        "set_rate_limit": buys_time("caps what the retrying clients may send"),
        "restart_pods": hurts(
            "with maxUnavailable above 0 a restart dips capacity and feeds the storm"
        ),
    }

    def contribute(self, world: World, fx: Effects) -> None:
        f = self.fault
        if self.present(world):
            fx.retry = (f.max_attempts, f.backoff, f.jitter, None)
        else:  # the SDK's kill switch: backoff with jitter, and a retry budget
            base = world.state.base_retry
            fx.retry = (max(base.max_attempts, 2), max(base.backoff, 0.2), True, RETRY_BUDGET)

    def present(self, world: World) -> bool:
        flag = self.fault.flag
        return flag is None or not world.state.flags.get(flag, False)

    def gone(self, world: World) -> str:
        return f"flag {self.fault.flag} on: clients back off with jitter"
