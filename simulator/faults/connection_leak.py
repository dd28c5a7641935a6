"""A release leaves database connections idle in transaction; they pile up until pools are full."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from simulator.effects import Effects
from simulator.faults.base import FaultParams, Mechanism, World, buys_time, fixes, hurts
from simulator.faults.releases import ReleaseBound
from simulator.scenario.service_models import DeployRecord


class ConnectionLeakParams(FaultParams):
    type: Literal["connection_leak"]
    # connections leaked per 1,000 requests a pod serves; they stay checked out (idle in
    # transaction)
    leaked_per_1k_requests: Annotated[float, Field(gt=0.0, le=1000.0)]
    # the leaking release: it rolls out at `at` and only its pods leak (without it every pod leaks
    # from `at`)
    deploy: DeployRecord | None = None

    resources = frozenset({"release", "pods", "pool", "database"})


class ConnectionLeak(ReleaseBound, Mechanism[ConnectionLeakParams]):
    params = ConnectionLeakParams
    summary = "connections left idle in transaction accumulate with traffic until pools are full"
    effects = {
        "rollback": fixes("pods of the previous release do not leak; old pods and their leaks go"),
        "restart_pods": buys_time("new pods start with empty pools, then leak again"),
        "terminate_idle_connections": buys_time("frees the leaked connections; the leak goes on"),
        "kill_queries": buys_time(
            "killing idle-in-transaction backends frees the pools for a while"
        ),
        "failover_database": buys_time("a failover drops every connection, leaked ones too"),
        "set_pool_size": hurts("past max_connections the database refuses new connections"),
        "scale": hurts("more pools past max_connections: the database refuses everyone"),
    }

    def contribute(self, world: World, fx: Effects) -> None:
        rate = self.fault.leaked_per_1k_requests / 1000.0 * self.level
        fx.leak_per_request[self.version] = fx.leak_per_request.get(self.version, 0.0) + rate
