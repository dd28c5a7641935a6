"""The fault catalogue: one module per fault type, each with its parameters model and its
mechanism. `FAULT_TYPES` is the registry the scenario union, the JSON Schema, the validator's
lists, the engine and the docs' effects matrix all derive from.

Adding a fault type: write `simulator/faults/<type>.py` with `<Type>Params(FaultParams)` (a
`type: Literal["<type>"]` field, its parameters, `resources`) and `<Type>(Mechanism)`, list the
class below, then add its docs row (`scripts/gen_docs.py` regenerates the tables) and its tests.
"""

from __future__ import annotations

from simulator.faults.bad_deploy import BadDeploy
from simulator.faults.base import (
    ActionMatch,
    ActionRef,
    Effect,
    FaultParams,
    Intensity,
    Mechanism,
    World,
    fault_type_literal,
)
from simulator.faults.cache_flush import CacheFlush
from simulator.faults.cache_node_loss import CacheNodeLoss
from simulator.faults.certificate_expiry import CertificateExpiry
from simulator.faults.config_change import ConfigChange
from simulator.faults.connection_leak import ConnectionLeak
from simulator.faults.consumer_stall import ConsumerStall
from simulator.faults.cpu_throttling import CpuThrottling
from simulator.faults.crash_loop import CrashLoop
from simulator.faults.database_failover import DatabaseFailover
from simulator.faults.dependency_brownout import DependencyBrownout
from simulator.faults.disk_fill import DiskFill
from simulator.faults.dns_misconfiguration import DnsMisconfiguration
from simulator.faults.memory_leak import MemoryLeak
from simulator.faults.poison_message import PoisonMessage
from simulator.faults.retry_amplification import RetryAmplification
from simulator.faults.slow_query import SlowQuery
from simulator.faults.traffic_spike import TrafficSpike

_MECHANISMS: tuple[type[Mechanism], ...] = (
    ConnectionLeak,
    DependencyBrownout,
    RetryAmplification,
    ConfigChange,
    MemoryLeak,
    BadDeploy,
    TrafficSpike,
    SlowQuery,
    CacheFlush,
    CacheNodeLoss,
    CpuThrottling,
    DiskFill,
    CertificateExpiry,
    DnsMisconfiguration,
    PoisonMessage,
    ConsumerStall,
    DatabaseFailover,
    CrashLoop,
)


FAULT_TYPES: dict[str, type[Mechanism]] = {fault_type_literal(m.params): m for m in _MECHANISMS}
FAULT_PARAMS: tuple[type[FaultParams], ...] = tuple(m.params for m in _MECHANISMS)


def mechanism_for(fault: FaultParams) -> Mechanism:
    """A fresh mechanism for one fault of a scenario."""
    return FAULT_TYPES[fault.type](fault)


__all__ = [
    "FAULT_PARAMS",
    "FAULT_TYPES",
    "ActionMatch",
    "ActionRef",
    "Effect",
    "FaultParams",
    "Intensity",
    "Mechanism",
    "World",
    "mechanism_for",
]
