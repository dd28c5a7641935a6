"""The fault catalogue as the scenario format sees it: the discriminated union of every
registered fault type's parameters (`simulator/faults/`), and the shared `ActionMatch`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Union

from pydantic import Field

from simulator.faults import FAULT_PARAMS, FAULT_TYPES, ActionMatch, ActionRef, FaultParams
from simulator.faults.bad_deploy import BadDeployParams as BadDeploy
from simulator.faults.config_change import ConfigChangeParams as ConfigChange
from simulator.faults.connection_leak import ConnectionLeakParams as ConnectionLeak
from simulator.faults.dependency_brownout import DependencyBrownoutParams as DependencyBrownout
from simulator.faults.memory_leak import MemoryLeakParams as MemoryLeak
from simulator.faults.retry_amplification import RetryAmplificationParams as RetryAmplification
from simulator.faults.traffic_spike import TrafficSpikeParams as TrafficSpike

if TYPE_CHECKING:  # the type checker sees the common base; pydantic the tagged union
    Fault = FaultParams
else:
    Fault = Annotated[Union[FAULT_PARAMS], Field(discriminator="type")]  # noqa: UP007
FaultBase = FaultParams
FAULT_NAMES: tuple[str, ...] = tuple(FAULT_TYPES)

__all__ = [
    "FAULT_NAMES",
    "ActionMatch",
    "ActionRef",
    "BadDeploy",
    "ConfigChange",
    "ConnectionLeak",
    "DependencyBrownout",
    "Fault",
    "FaultBase",
    "MemoryLeak",
    "RetryAmplification",
    "TrafficSpike",
]
