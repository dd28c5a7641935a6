"""Fault processes: each fault from the catalogue starts at `at`, changes the service's state,
and (when it has a `duration`) clears by itself. Recovery otherwise comes from actions."""

from __future__ import annotations

from collections.abc import Generator
from typing import TYPE_CHECKING, Any

from simulator.engine.state import ReleaseRecord, RetryState
from simulator.scenario.fault_models import (
    BadDeploy,
    ConfigChange,
    ConnectionLeak,
    DependencyBrownout,
    Fault,
    MemoryLeak,
    RetryAmplification,
    TrafficSpike,
)
from simulator.scenario.service_models import DeployRecord

if TYPE_CHECKING:
    from simulator.engine.core import Engine


class FaultRunner:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.state = engine.state
        self.active: dict[str, Fault] = {}
        self.ended: set[str] = set()

    def start(self) -> None:
        for fault in self.engine.scenario.faults:
            self.engine.env.process(self._run(fault))

    def _run(self, fault: Fault) -> Generator[Any, Any, None]:
        env = self.engine.env
        yield env.timeout(fault.at)
        self.active[fault.id] = fault
        self.engine.record("fault.start", fault=fault.id, type=fault.type)
        self._onset(fault)
        self.state.touch()
        if fault.duration is not None:
            yield env.timeout(fault.duration)
            self._clear(fault)
            self.state.touch()
            self.end(fault.id, by=None, reason="cleared by itself")

    def any_active(self) -> bool:
        """Has a fault started that has not ended?"""
        return any(fault_id not in self.ended for fault_id in self.active)

    def end(self, fault_id: str, by: str | None, reason: str) -> None:
        if fault_id in self.ended or fault_id not in self.active:
            return
        self.ended.add(fault_id)
        self.engine.record("fault.end", fault=fault_id, by=by, reason=reason)

    # ------------------------------------------------------------------ onsets

    def _deploy(self, record: DeployRecord) -> str:
        self.state.releases.append(
            ReleaseRecord(
                at=self.engine.env.now,
                version=record.version,
                by=record.by,
                change=record.change,
                kind="deploy",
            )
        )
        self.engine.env.process(self.engine.pods.roll_to(record.version))
        return record.version

    def _onset(self, fault: Fault) -> None:
        state = self.state
        if isinstance(fault, ConnectionLeak):
            state.leak_per_request = fault.leaked_per_1k_requests / 1000.0
            state.leak_version = self._deploy(fault.deploy) if fault.deploy else None
        elif isinstance(fault, DependencyBrownout):
            state.dependency_latency_multiplier[fault.dependency] = fault.latency_multiplier
            state.dependency_error_ratio[fault.dependency] = fault.error_ratio
        elif isinstance(fault, RetryAmplification):
            if fault.flag is None or not state.flags.get(fault.flag, False):
                state.retry = RetryState(fault.max_attempts, fault.backoff, fault.jitter)
        elif isinstance(fault, ConfigChange):
            self._config_change(fault)
        elif isinstance(fault, MemoryLeak):
            state.memory_leak_mb_per_request = fault.mb_per_1k_requests / 1000.0
            state.memory_leak_flag = fault.flag
            state.memory_leak_version = self._deploy(fault.deploy) if fault.deploy else None
        elif isinstance(fault, BadDeploy):
            state.bad_version = self._deploy(fault.deploy)
            state.bad_error_ratio = fault.error_ratio
            state.bad_added_latency = fault.added_latency
        elif isinstance(fault, TrafficSpike):
            state.traffic_multiplier *= fault.multiplier

    def _clear(self, fault: Fault) -> None:
        state = self.state
        if isinstance(fault, DependencyBrownout):
            state.dependency_latency_multiplier.pop(fault.dependency, None)
            state.dependency_error_ratio.pop(fault.dependency, None)
        elif isinstance(fault, TrafficSpike):
            state.traffic_multiplier /= fault.multiplier
        elif isinstance(fault, RetryAmplification):
            state.retry = state.base_retry
        elif isinstance(fault, ConnectionLeak):
            state.leak_per_request = 0.0
        elif isinstance(fault, MemoryLeak):
            state.memory_leak_mb_per_request = 0.0
        elif isinstance(fault, BadDeploy):
            state.bad_error_ratio = 0.0
            state.bad_added_latency = 0.0
        elif isinstance(fault, ConfigChange):
            self.engine.settings.revert_latest_config()

    def _config_change(self, fault: ConfigChange) -> None:
        settings = self.engine.settings
        key = f"rate_limit.{fault.client}" if fault.setting == "rate_limit" else fault.setting
        previous = settings.current(key)
        settings.apply(key, fault.value)
        record = fault.config
        self.state.releases.append(
            ReleaseRecord(
                at=self.engine.env.now,
                version=f"config-{len(self.state.releases) + 1}",
                by=record.by if record else "config-bot",
                change=record.change if record else f"set {key} to {fault.value:g}",
                kind="config",
                key=key,
                value=previous,
            )
        )
