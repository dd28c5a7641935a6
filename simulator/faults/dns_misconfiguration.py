"""A DNS change points part of a dependency's record at a wrong address: as resolvers' caches
expire (over the TTL) that share of calls fails, until the record is rolled back."""

from __future__ import annotations

from typing import Literal

from simulator.effects import Effects
from simulator.faults.base import FaultParams, Mechanism, World, fixes
from simulator.scenario.schema_base import Duration, Identifier, Ratio


class DnsMisconfigurationParams(FaultParams):
    type: Literal["dns_misconfiguration"]
    # the dependency whose DNS record changes
    dependency: Identifier
    error_ratio: Ratio = 0.5  # share of resolutions that return the wrong address
    ttl: Duration = 300.0  # the record's TTL: resolvers pick the bad answer up over this long
    # the change, as config history shows it
    change: str = "update A record"

    resources = frozenset({"dns", "config"})
    references = {"dependency": "dependency"}


class DnsMisconfiguration(Mechanism[DnsMisconfigurationParams]):
    params = DnsMisconfigurationParams
    summary = "a share of calls to a dependency go to a wrong address as DNS caches expire"
    effects = {"rollback": fixes("a config rollback restores the record (it is in config history)")}

    @property
    def key(self) -> str:
        return f"dns.{self.fault.dependency}"

    def onset(self, world: World) -> None:
        f = self.fault
        self.started = world.now
        self.config = world.push_config(
            self.key, f.error_ratio, "dns-automation", f"{f.change} {f.dependency}"
        )

    def contribute(self, world: World, fx: Effects) -> None:
        f = self.fault
        if not self.present(world):
            return
        spread = 1.0 if f.ttl <= 0.0 else min(1.0, (world.now - self.started) / f.ttl)
        fx.add_share(fx.dependency_errors, f.dependency, f.error_ratio * spread * self.level)

    def changing(self, world: World) -> bool:
        return world.now - self.started < self.fault.ttl

    def present(self, world: World) -> bool:
        return world.config_in_force(self.config)

    def gone(self, world: World) -> str:
        return f"DNS record for {self.fault.dependency} rolled back"
