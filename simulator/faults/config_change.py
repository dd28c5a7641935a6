"""A configuration push sets a value that hurts (a rate limit cut tenfold, a pool too small)."""

from __future__ import annotations

from typing import Literal

from simulator.faults.base import FaultParams, Mechanism, World, fixes
from simulator.scenario.schema_base import Identifier
from simulator.scenario.service_models import ConfigRecord


class ConfigChangeParams(FaultParams):
    type: Literal["config_change"]
    # what the push changes
    setting: Literal["rate_limit", "pool_size", "request_timeout", "retry_max_attempts"]
    # with `setting: rate_limit`: the client whose limit changes
    client: Identifier | None = None
    # the new value: requests per second, connections per pod, seconds, or attempts
    value: float
    # how the push shows in config history (`ago` is ignored: it happens at `at`)
    config: ConfigRecord | None = None

    resources = frozenset({"config", "rate_limit", "pool", "retries"})
    references = {"client": "rate-limit client"}

    @property
    def key(self) -> str:
        return f"rate_limit.{self.client}" if self.setting == "rate_limit" else self.setting


class ConfigChange(Mechanism[ConfigChangeParams]):
    params = ConfigChangeParams
    summary = "a pushed setting is wrong; it hurts until the setting is changed back"
    effects = {
        "rollback": fixes("a config rollback restores the previous value"),
        "set_rate_limit": fixes("setting the client's limit replaces the bad value"),
        "set_pool_size": fixes("setting the pool size replaces the bad value"),
    }

    def onset(self, world: World) -> None:
        f = self.fault
        record = f.config
        by = record.by if record else "config-bot"
        change = record.change if record else f"set {f.key} to {f.value:g}"
        self.config = world.push_config(f.key, f.value, by, change)

    def present(self, world: World) -> bool:
        return world.config_in_force(self.config)

    def gone(self, world: World) -> str:
        return f"{self.fault.key} no longer {self.fault.value:g}"
