"""A release whose pods exit on start (a missing environment variable, a bad config file): they
never become ready, restart with Kubernetes' back-off, and the rolling update stalls."""

from __future__ import annotations

from typing import Literal

from simulator.effects import Effects
from simulator.faults.base import FaultParams, Mechanism, World, buys_time, fixes, hurts
from simulator.faults.releases import ReleaseBound
from simulator.scenario.service_models import DeployRecord


class CrashLoopParams(FaultParams):
    type: Literal["crash_loop"]
    # the release whose pods exit on start; it rolls out at `at`
    deploy: DeployRecord

    resources = frozenset({"release", "pods"})


class CrashLoop(ReleaseBound, Mechanism[CrashLoopParams]):
    params = CrashLoopParams
    summary = (
        "the new release's pods exit on start and back off; the rollout stalls on the old pods"
    )
    effects = {
        "rollback": fixes("the crashing pods are replaced by pods of the previous release"),
        "enable_load_shedding": buys_time("the old pods shed what they cannot serve"),
        "restart_pods": hurts("a restart replaces old, working pods with crashing ones"),
    }

    def contribute(self, world: World, fx: Effects) -> None:
        if self.version is not None:
            fx.crash_on_start.add(self.version)
