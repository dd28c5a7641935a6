"""A downstream dependency slows down and fails a share of calls; it recovers by itself, unless a
fallback behind a feature flag takes its calls first."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from simulator.effects import Effects
from simulator.faults.base import FaultParams, Mechanism, World, buys_time, fixes, hurts
from simulator.scenario.schema_base import Identifier, Ratio


class DependencyBrownoutParams(FaultParams):
    type: Literal["dependency_brownout"]
    # the downstream service that browns out
    dependency: Identifier
    # multiplies the dependency's latency; calls past its timeout fail
    latency_multiplier: Annotated[float, Field(ge=1.0, le=1000.0)] = 10.0
    # share of calls that fail outright
    error_ratio: Ratio = 0.0
    # a feature flag that, turned on, sends the calls to a healthy fallback provider instead
    fallback_flag: Identifier | None = None

    resources = frozenset({"dependency", "flags"})
    references = {"dependency": "dependency", "fallback_flag": "feature flag"}


class DependencyBrownout(Mechanism[DependencyBrownoutParams]):
    params = DependencyBrownoutParams
    summary = "a downstream service is slow and fails calls until it recovers by itself"
    effects = {
        "set_feature_flag": fixes("with `fallback_flag` on, calls go to the fallback provider"),
        "enable_load_shedding": buys_time("answers fast instead of queueing behind slow calls"),
        "restart_pods": hurts(
            "a restart with maxUnavailable > 0 dips capacity while workers wait on it"
        ),
    }

    def _on_fallback(self, world: World) -> bool:
        flag = self.fault.fallback_flag
        return flag is not None and world.state.flags.get(flag, False)

    def present(self, world: World) -> bool:
        return not self._on_fallback(world)

    def gone(self, world: World) -> str:
        return f"flag {self.fault.fallback_flag} on: calls go to the fallback provider"

    def contribute(self, world: World, fx: Effects) -> None:
        if self._on_fallback(world):
            return
        f, dep = self.fault, self.fault.dependency
        fx.dependency_latency[dep] = fx.dependency_latency.get(dep, 1.0) * (
            1.0 + (f.latency_multiplier - 1.0) * self.level
        )
        fx.add_share(fx.dependency_errors, dep, f.error_ratio * self.level)
