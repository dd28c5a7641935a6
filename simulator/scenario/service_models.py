"""The service model's parameters in a scenario: traffic, replicas, pools, database, retries,
rate limits, memory, dependencies, deploy and config history, and the SLO."""

from __future__ import annotations

import math
from typing import Annotated

from pydantic import Field

from simulator.scenario.schema_base import Duration, Identifier, Model, ParamValue, Ratio


class DailyPattern(Model):
    """A sinusoidal day: traffic peaks at `peak_hour` at (1 + amplitude) x baseline."""

    amplitude: Annotated[float, Field(ge=0.0, le=0.9)] = 0.0
    peak_hour: Annotated[float, Field(ge=0.0, lt=24.0)] = 14.0


class Traffic(Model):
    baseline_rps: Annotated[float, Field(gt=0.0, le=1_000_000.0)]
    daily_pattern: DailyPattern = DailyPattern()
    start_hour: Annotated[float, Field(ge=0.0, lt=24.0)] = 10.0
    noise: Annotated[float, Field(ge=0.0, le=0.5)] = 0.03
    orders_per_request: Annotated[float, Field(ge=0.0, le=1.0)] = 0.05


class Pool(Model):
    size_per_replica: Annotated[int, Field(ge=1, le=1000)]
    acquire_timeout: Duration = 1.0
    queries_per_request: Annotated[float, Field(gt=0.0, le=100.0)] = 1.0


class Database(Model):
    """The database every replica's pool talks to, shared with other clients.

    `cores` turns on the CPU model: the database's capacity in query-seconds per second, shared
    by our queries and `other_load` (cores busy with other clients' work). Near saturation query
    time stretches (M/M/c), holding connections longer. Without `cores` query time is constant.
    """

    max_connections: Annotated[int, Field(ge=1, le=100_000)]
    query_time: Duration = 0.005
    other_connections: Annotated[int, Field(ge=0)] = 0
    cores: Annotated[float, Field(gt=0.0, le=1024.0)] | None = None
    other_load: Annotated[float, Field(ge=0.0, le=1024.0)] = 0.0
    failover_time: Duration = 30.0  # how long a (manual) failover or resize drops connections


class RetryPolicy(Model):
    """How clients retry failed requests: `max_attempts: 1` means no retries."""

    max_attempts: Annotated[int, Field(ge=1, le=10)] = 1
    backoff: Duration = 0.0
    jitter: bool = False
    attempt_timeout: Duration | None = None


class RateLimitClient(Model):
    name: Identifier
    share: Ratio
    limit_rps: Annotated[float, Field(ge=0.0)] | None = None


class RateLimits(Model):
    default_client_rps: Annotated[float, Field(gt=0.0)] | None = None
    clients: list[RateLimitClient] = []


class Memory(Model):
    baseline_mb: Annotated[float, Field(gt=0.0)]
    limit_mb: Annotated[float, Field(gt=0.0)]
    gc_pause: Duration = 0.01
    gc_pressure_threshold: Annotated[float, Field(gt=0.0, lt=1.0)] = 0.7


class Cpu(Model):
    """CPU per pod: each request needs `per_request` CPU-seconds; past `limit_cores` the
    container is throttled and requests take longer."""

    limit_cores: Annotated[float, Field(gt=0.0, le=256.0)]
    per_request: Duration


class Disk(Model):
    """Each pod's ephemeral volume: logs written per request, rotated at `rotate_mb_per_minute`."""

    volume_mb: Annotated[float, Field(gt=0.0, le=10_000_000.0)]
    baseline_mb: Annotated[float, Field(ge=0.0)] = 0.0
    log_kb_per_request: Annotated[float, Field(ge=0.0, le=10_000.0)] = 1.0
    rotate_mb_per_minute: Annotated[float, Field(ge=0.0)] = 100.0


class Cache(Model):
    """A cache in front of the database: `hit_ratio` of the queries it answers when warm. Misses
    are database queries; a cold cache warms back over `warmup` at baseline traffic."""

    hit_ratio: Annotated[float, Field(ge=0.0, le=0.99)]
    nodes: Annotated[int, Field(ge=1, le=1000)] = 3
    warmup: Duration = 600.0
    serve_stale_flag: Identifier | None = None  # a feature flag: coalesce concurrent misses


class Queue(Model):
    """A queue our service produces to (`messages_per_request` for each successful request) and
    a consumer group drains, one consumer per partition at most."""

    name: Identifier
    partitions: Annotated[int, Field(ge=1, le=10_000)] = 12
    consumers: Annotated[int, Field(ge=1, le=10_000)] = 6
    messages_per_request: Annotated[float, Field(ge=0.0, le=100.0)] = 1.0
    consume_time: Duration = 0.01  # per message per consumer


class Certificate(Model):
    """A TLS certificate: `covers` is `ingress` (our own endpoint) or a dependency's name."""

    name: Identifier
    covers: str
    expires_in: Duration = 7776000.0  # 90 days
    share: Ratio = 1.0  # share of the covered traffic that fails the handshake once expired
    issuer: str = "R11 (Let's Encrypt)"


class Rollout(Model):
    """How a deploy, rollback or restart replaces pods (Kubernetes' maxSurge / maxUnavailable,
    as shares of the replicas): by default new pods start before old ones go."""

    max_surge: Ratio = 0.25
    max_unavailable: Ratio = 0.0

    def step(self, total: int) -> tuple[int, int]:
        """(new pods started, old pods stopped first) in one step of a rolling update when
        `total` pods run; one at a time when both shares round to zero. The engine's rolling
        update and the players' help texts use these same numbers."""
        surge = math.ceil(total * self.max_surge)
        unavailable = math.floor(total * self.max_unavailable)
        return (surge, unavailable) if surge + unavailable else (0, 1)

    def batch(self, total: int) -> int:
        """How many pods one step replaces."""
        return sum(self.step(total))


class Dependency(Model):
    name: Identifier
    latency: Duration
    timeout: Duration = 2.0
    calls_per_request: Annotated[float, Field(ge=0.0, le=20.0)] = 1.0


class DeployRecord(Model):
    """A release: in `history.deploys` it happened `ago` before the start; in a fault, at `at`."""

    version: str
    by: str
    change: str
    ago: Duration = 0.0


class ConfigRecord(Model):
    key: str
    value: ParamValue
    by: str
    change: str
    ago: Duration = 0.0


class History(Model):
    deploys: list[DeployRecord] = []
    config_changes: list[ConfigRecord] = []


class Slo(Model):
    """The service level objective: the service is impacted while any threshold is breached."""

    error_ratio: Ratio = 0.01
    rejected_ratio: Ratio = 0.05
    latency_p99_ms: Annotated[float, Field(gt=0.0)] = 2000.0
    window: Duration = 60.0
    queue_lag: Duration | None = None  # with a queue: consumer lag above this is impact


class Service(Model):
    name: Identifier
    replicas: Annotated[int, Field(ge=1, le=200)]
    workers_per_replica: Annotated[int, Field(ge=1, le=10_000)]
    service_time: Duration
    request_timeout: Duration = 10.0
    pod_start_time: Duration = 45.0
    traffic: Traffic
    pool: Pool
    database: Database
    retries: RetryPolicy = RetryPolicy()
    rate_limits: RateLimits = RateLimits()
    memory: Memory
    dependencies: list[Dependency] = []
    nodes: Annotated[list[Identifier], Field(min_length=1)] = ["node-a", "node-b", "node-c"]
    rollout: Rollout = Rollout()
    cpu: Cpu | None = None
    disk: Disk | None = None
    cache: Cache | None = None
    queue: Queue | None = None

    def rollout_time(self) -> float:
        """About how long a rolling update of every replica takes once it starts: one pod start
        time per step (`Rollout.batch`), as the engine's rolling update waits."""
        return math.ceil(self.replicas / self.rollout.batch(self.replicas)) * self.pod_start_time

    certificates: list[Certificate] = []
    feature_flags: dict[Identifier, bool] = {}
    history: History = History()
    slo: Slo = Slo()
