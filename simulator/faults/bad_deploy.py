"""A release fails a share of requests and/or adds latency on the pods that run it."""

from __future__ import annotations

from typing import Literal

from simulator.effects import Effects
from simulator.faults.base import FaultParams, Mechanism, World, fixes
from simulator.faults.releases import ReleaseBound
from simulator.scenario.schema_base import Duration, Ratio
from simulator.scenario.service_models import DeployRecord


class BadDeployParams(FaultParams):
    type: Literal["bad_deploy"]
    # share of requests the new release fails
    error_ratio: Ratio = 0.0
    # service time the new release adds to every request
    added_latency: Duration = 0.0
    # the release; it rolls out at `at`
    deploy: DeployRecord

    resources = frozenset({"release", "pods"})


class BadDeploy(ReleaseBound, Mechanism[BadDeployParams]):
    params = BadDeployParams
    summary = "the new release fails requests or is slower on every pod that runs it"
    effects = {"rollback": fixes("pods of the previous release serve normally")}

    def contribute(self, world: World, fx: Effects) -> None:
        version = self.version or ""
        fx.error_ratio[version] = self.fault.error_ratio * self.level
        fx.added_latency[version] = self.fault.added_latency * self.level
