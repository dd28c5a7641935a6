"""Live configuration of the service: the settings a config push, an operator or a rollback
touches. Every change is a `ReleaseRecord` of kind `config` (what `config_history` shows), with
the value it replaced, so a rollback restores it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from simulator.engine.state import ClientLimit, ReleaseRecord

if TYPE_CHECKING:
    from simulator.engine.core import Engine

Value = float | str | None


class Settings:
    def __init__(self, engine: Engine) -> None:
        self.state = engine.state
        self.engine = engine

    def current(self, key: str) -> Value:
        state = self.state
        if key.startswith("rate_limit."):
            client = self._client(key.removeprefix("rate_limit."))
            return client.limit_rps if client else None
        if key == "pool_size":
            return float(state.pool_size)
        if key == "request_timeout":
            return state.request_timeout
        if key == "retry_max_attempts":
            return float(state.base_retry.max_attempts)
        if key == "log_level":
            return state.log_level
        return None  # e.g. dns.<dependency>: the fault reads its own record

    def apply(self, key: str, value: Value) -> None:
        state = self.state
        if value is None:
            return
        state.touch()
        if key.startswith("rate_limit."):
            client = self._client(key.removeprefix("rate_limit."))
            if client is not None and not isinstance(value, str):
                client.limit_rps = value
        elif key == "pool_size" and not isinstance(value, str):
            state.pool_size = int(value)
        elif key == "request_timeout" and not isinstance(value, str):
            state.request_timeout = value
        elif key == "retry_max_attempts" and not isinstance(value, str):
            state.base_retry.max_attempts = int(value)
        elif key == "log_level":
            state.log_level = str(value)

    def push(self, key: str, value: float | str, by: str, change: str) -> ReleaseRecord:
        """Apply a new value and record it in the config history (with the value it replaced)."""
        record = ReleaseRecord(
            at=self.engine.env.now,
            version=f"config-{len(self.state.releases) + 1}",
            by=by,
            change=change,
            kind="config",
            key=key,
            value=self.current(key),
            new_value=value,
        )
        self.state.releases.append(record)
        self.apply(key, value)
        return record

    def in_force(self, record: ReleaseRecord) -> bool:
        """Is this config change still the value in force for its key?"""
        if record.rolled_back:
            return False
        newer = [
            r
            for r in self.state.releases
            if r.kind == "config" and r.key == record.key and not r.rolled_back
        ]
        return bool(newer) and newer[-1] is record

    def latest_config(self) -> ReleaseRecord | None:
        configs = [r for r in self.state.releases if r.kind == "config" and not r.rolled_back]
        return configs[-1] if configs else None

    def revert_latest_config(self) -> ReleaseRecord | None:
        """Roll back the newest config change still in force; returns it (None if none)."""
        record = self.latest_config()
        if record is None:
            return None
        record.rolled_back = True
        if record.key and isinstance(record.value, int | float | str):
            self.apply(record.key, record.value)
        self.state.touch()
        return record

    def _client(self, name: str) -> ClientLimit | None:
        return next((c for c in self.state.clients if c.name == name), None)
