"""The fault catalogue: each fault with its onset, parameters and ground truth (root cause, and
the actions that fix it, buy time, or make it worse)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field

from simulator.scenario.schema_base import (
    ActionName,
    Duration,
    Identifier,
    Model,
    ParamValue,
    Ratio,
)
from simulator.scenario.service_models import ConfigRecord, DeployRecord


def _action_match(value: Any) -> Any:
    """`rollback` is shorthand for `{action: rollback}`."""
    return {"action": value} if isinstance(value, str) else value


class ActionMatch(Model):
    """An action, optionally with the parameters that make it match (`{action: rollback,
    params: {target: deploy}}`)."""

    action: ActionName
    params: dict[str, ParamValue] = {}


ActionRef = Annotated[ActionMatch, BeforeValidator(_action_match)]


class FaultBase(Model):
    id: Identifier
    at: Duration
    duration: Duration | None = None
    root_cause: str
    fixed_by: list[ActionRef] = []  # required (checks) unless the fault has a duration
    mitigated_by: list[ActionRef] = []
    harmful: list[ActionRef] = []


class ConnectionLeak(FaultBase):
    """A release leaves connections idle in transaction; they pile up until pools are full."""

    type: Literal["connection_leak"]
    leaked_per_1k_requests: Annotated[float, Field(gt=0.0, le=1000.0)]
    deploy: DeployRecord | None = None


class DependencyBrownout(FaultBase):
    type: Literal["dependency_brownout"]
    dependency: Identifier
    latency_multiplier: Annotated[float, Field(ge=1.0, le=1000.0)] = 10.0
    error_ratio: Ratio = 0.0


class RetryAmplification(FaultBase):
    """Clients change how they retry (a client SDK release dropped backoff, for instance)."""

    type: Literal["retry_amplification"]
    max_attempts: Annotated[int, Field(ge=1, le=10)]
    backoff: Duration = 0.0
    jitter: bool = False
    flag: Identifier | None = None


class ConfigChange(FaultBase):
    type: Literal["config_change"]
    setting: Literal["rate_limit", "pool_size", "request_timeout", "retry_max_attempts"]
    client: Identifier | None = None
    value: float
    config: ConfigRecord | None = None


class MemoryLeak(FaultBase):
    type: Literal["memory_leak"]
    mb_per_1k_requests: Annotated[float, Field(gt=0.0, le=1000.0)]
    flag: Identifier | None = None
    deploy: DeployRecord | None = None


class BadDeploy(FaultBase):
    type: Literal["bad_deploy"]
    error_ratio: Ratio = 0.0
    added_latency: Duration = 0.0
    deploy: DeployRecord


class TrafficSpike(FaultBase):
    type: Literal["traffic_spike"]
    multiplier: Annotated[float, Field(gt=1.0, le=100.0)]


Fault = Annotated[
    ConnectionLeak
    | DependencyBrownout
    | RetryAmplification
    | ConfigChange
    | MemoryLeak
    | BadDeploy
    | TrafficSpike,
    Field(discriminator="type"),
]
FAULT_TYPES: tuple[str, ...] = (
    "connection_leak",
    "dependency_brownout",
    "retry_amplification",
    "config_change",
    "memory_leak",
    "bad_deploy",
    "traffic_spike",
)
