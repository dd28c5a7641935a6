"""The mutable state of the simulated service: pods, pools, limits, flags, active faults.

One `ServiceState` per run. SimPy processes change it at discrete moments (a pod becomes ready,
a fault starts, an action lands); the traffic tick reads it and advances the continuous parts
(leaked connections, memory, backlog).
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field

from simulator.scenario.schema import Scenario

POD_STARTING = "starting"
POD_READY = "ready"
POD_TERMINATED = "terminated"


@dataclass
class Pod:
    """One replica. `leaked` connections sit idle in transaction until the pod restarts."""

    name: str
    version: str
    started_at: float
    ready_at: float
    state: str = POD_STARTING
    restarts: int = 0
    memory_mb: float = 0.0
    leaked: float = 0.0
    leak_bytes_mb: float = 0.0
    last_oom_at: float | None = None
    crash_streak: int = 0
    oom_pending: bool = False

    @property
    def running(self) -> bool:
        return self.state != POD_TERMINATED


@dataclass
class RetryState:
    max_attempts: int
    backoff: float
    jitter: bool
    budget: float | None = None  # retries allowed per original request (retry budget)


@dataclass
class ClientLimit:
    name: str
    share: float
    limit_rps: float | None
    tokens: float = 0.0
    rejected_total: float = 0.0
    rejected_recent: float = 0.0


@dataclass
class ReleaseRecord:
    """A deploy or config change, as `deploy_history` / `config_history` show it."""

    at: float
    version: str
    by: str
    change: str
    kind: str  # "deploy" | "config"
    key: str = ""
    value: object = None
    rolled_back: bool = False


@dataclass
class ServiceState:
    """Everything the traffic model reads; mutated by processes and actions."""

    scenario: Scenario
    pods: list[Pod]
    target_replicas: int
    pool_size: int
    memory_limit_mb: float
    request_timeout: float
    client_timeout: float
    retry: RetryState
    base_retry: RetryState
    clients: list[ClientLimit]
    flags: dict[str, bool]
    releases: list[ReleaseRecord]
    load_shedding: bool = False
    # fault effects, set by fault processes
    leak_per_request: float = 0.0
    leak_version: str | None = None
    memory_leak_mb_per_request: float = 0.0
    memory_leak_version: str | None = None
    memory_leak_flag: str | None = None
    dependency_latency_multiplier: dict[str, float] = field(default_factory=dict)
    dependency_error_ratio: dict[str, float] = field(default_factory=dict)
    traffic_multiplier: float = 1.0
    bad_version: str | None = None
    bad_error_ratio: float = 0.0
    bad_added_latency: float = 0.0
    terminated_idle_total: int = 0
    pod_counter: int = 0
    restarts_total: int = 0
    # continuous model memory, advanced by the traffic tick
    backlog: float = 0.0
    retry_queue: list[float] = field(default_factory=list)
    last_failures: float = 0.0
    last_pool_timeouts: float = 0.0
    last_db_refused: float = 0.0
    last_dependency_errors: float = 0.0
    last_timeouts: float = 0.0
    revision: int = 0  # bumped by every discrete change; the traffic model caches on it

    def touch(self) -> None:
        """Mark a discrete change (pods, faults, settings) so per-tick caches are rebuilt."""
        self.revision += 1

    def running_pods(self) -> list[Pod]:
        return [p for p in self.pods if p.state != POD_TERMINATED]

    def ready_pods(self) -> list[Pod]:
        return [p for p in self.pods if p.state == POD_READY]

    def current_version(self) -> str:
        deploys = [r for r in self.releases if r.kind == "deploy" and not r.rolled_back]
        return deploys[-1].version if deploys else "v1"

    def new_pod_name(self, version: str) -> str:
        self.pod_counter += 1
        digest = zlib.crc32(f"{self.scenario.id}/{version}/{self.pod_counter}".encode())
        return f"{self.scenario.service.name}-{digest % 0xFFFFF:05x}-{self.pod_counter:02d}"
