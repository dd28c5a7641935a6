"""The mutable state of the simulated service: pods, pools, limits, flags, active faults.

One `ServiceState` per run. SimPy processes change it at discrete moments (a pod becomes ready,
a fault starts, an action lands); the traffic tick reads it and advances the continuous parts
(leaked connections, memory, backlog).
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field

from simulator.effects import Effects
from simulator.engine.retry_line import RetryLine
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
    node: str = ""
    disk_mb: float = 0.0
    volume_mb: float = 0.0
    cpu_limit: float = 0.0
    cpu_cost: float = 0.0  # share of its CPU limit one request per second takes (0: no CPU model)

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
    value: object = None  # config: the value this change replaced (what a rollback restores)
    new_value: object = None  # config: the value it set
    rolled_back: bool = False


@dataclass
class CacheState:
    """The cache's current hit ratio, moving back toward `nominal` as traffic warms it."""

    nominal: float
    hit_ratio: float
    nodes: int


@dataclass
class QueueState:
    """Backlog of the healthy and of the stalled partitions; consumer changes by actions."""

    consumers: int
    backlog: float = 0.0
    stalled_backlog: float = 0.0
    stalled_since: float | None = None
    lost_total: float = 0.0
    skips: int = 0
    restarts: int = 0
    purged_at: list[float] = field(default_factory=list)

    def purges_since(self, t: float) -> bool:
        return any(p >= t for p in self.purged_at)


@dataclass
class CertificateState:
    name: str
    covers: str
    share: float
    expires_at: float
    issuer: str
    renewals: int = 0


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
    # what active faults add this tick, rebuilt by the fault runner on every discrete change
    fx: Effects = field(default_factory=Effects)
    terminated_idle_total: int = 0
    pod_counter: int = 0
    restarts_total: int = 0
    evictions_total: int = 0
    # resources beyond the request path, set up from the scenario (None when not modelled)
    cache: CacheState | None = None
    queue: QueueState | None = None
    certificates: dict[str, CertificateState] = field(default_factory=dict)
    cordoned: set[str] = field(default_factory=set)
    log_level: str = "info"
    cpu_limit: float = 0.0
    volume_mb: float = 0.0
    db_cores: float | None = None
    db_failovers: int = 0
    db_down_until: float = -1.0
    migrations: list[str] = field(default_factory=list)
    migration_log: list[tuple[float, object]] = field(default_factory=list)
    reverted_migrations: set[str] = field(default_factory=set)
    indexed_tables: set[str] = field(default_factory=set)
    killed_lock_holders: set[str] = field(default_factory=set)
    db_utilization: float = 0.0  # last tick's, for the query-time stretch
    last_served_rate: float = 0.0  # requests per second that reached the pools last tick
    # continuous model memory, advanced by the traffic tick
    backlog: float = 0.0
    retry_line: RetryLine = field(default_factory=RetryLine)
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
