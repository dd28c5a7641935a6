"""Live configuration of the service: the settings a config change or a rollback touches."""

from __future__ import annotations

from typing import TYPE_CHECKING

from simulator.engine.state import ReleaseRecord

if TYPE_CHECKING:
    from simulator.engine.core import Engine


class Settings:
    def __init__(self, engine: Engine) -> None:
        self.state = engine.state
        self.engine = engine

    def current(self, key: str) -> float | None:
        state = self.state
        if key.startswith("rate_limit."):
            client = self._client(key.removeprefix("rate_limit."))
            return client.limit_rps if client else None
        if key == "pool_size":
            return float(state.pool_size)
        if key == "request_timeout":
            return state.request_timeout
        if key == "retry_max_attempts":
            return float(state.retry.max_attempts)
        return None

    def apply(self, key: str, value: float | None) -> None:
        state = self.state
        if value is None:
            return
        state.touch()
        if key.startswith("rate_limit."):
            client = self._client(key.removeprefix("rate_limit."))
            if client is not None:
                client.limit_rps = value
        elif key == "pool_size":
            state.pool_size = int(value)
        elif key == "request_timeout":
            state.request_timeout = value
        elif key == "retry_max_attempts":
            state.retry.max_attempts = int(value)

    def latest_config(self) -> ReleaseRecord | None:
        configs = [r for r in self.state.releases if r.kind == "config" and not r.rolled_back]
        return configs[-1] if configs else None

    def revert_latest_config(self) -> ReleaseRecord | None:
        """Roll back the newest config change still in force; returns it (None if none)."""
        record = self.latest_config()
        if record is None:
            return None
        record.rolled_back = True
        if record.key and isinstance(record.value, int | float):
            self.apply(record.key, float(record.value))
        return record

    def _client(self, name: str):  # type: ignore[no-untyped-def]
        return next((c for c in self.state.clients if c.name == name), None)
