"""Records of one traffic tick: the offered load, each pod's share, the fleet's sums, and what
happened beyond the metrics (for logs, investigation and OOM kills)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from simulator.engine.state import Pod


@dataclass(slots=True)
class TickOutcome:
    """What happened in one tick, beyond the metrics: for logs, investigation and OOM kills."""

    pool_timeouts: float = 0.0
    db_refused: float = 0.0
    dependency_errors: float = 0.0
    bad_release_errors: float = 0.0
    timeouts: float = 0.0
    dropped: float = 0.0
    rejected: float = 0.0
    tls_failures: float = 0.0
    success: float = 0.0
    oom: tuple[Pod, ...] = ()
    evicted: tuple[Pod, ...] = ()

    def reset(self, rejected: float) -> None:
        self.pool_timeouts = self.db_refused = self.dependency_errors = 0.0
        self.bad_release_errors = self.timeouts = self.dropped = 0.0
        self.tls_failures = self.success = 0.0
        self.rejected = rejected
        self.oom = ()
        self.evicted = ()


@dataclass(slots=True)
class Load:
    """The tick's offered load, after the rate limiter, in requests per second."""

    offered: float
    arrivals: float
    retries: float
    rejected: float
    accepted: float
    dep_fail: float
    dep_ms: float
    db_connections: float
    tls_failed: float = 0.0


class PodLoad(NamedTuple):
    """One pod's share: connection success, service and worker time, pool occupancy."""

    ok: float
    service: float
    worker_time: float
    in_use: float
    waiting: float
    pool_wait_p99: float
    pause: float


@dataclass(slots=True)
class Fleet:
    """Per-tick constants for every pod, and the sums over the ready pods."""

    base_s: float
    acquire: float
    pool_cap: float
    refused: float
    pool_size: int
    hold: float = 0.0
    pods: int = 0
    ok: float = 0.0
    service: float = 0.0
    worker_time: float = 0.0
    in_use: float = 0.0
    waiting: float = 0.0
    pool_wait_p99: float = 0.0
    pause: float = 0.0
    max_memory: float = 0.0
    cpu_use: float = 0.0
    throttled: float = 0.0

    def add(self, load: PodLoad, count: int) -> None:
        ok, service, worker_time, in_use, waiting, pool_wait_p99, pause = load
        self.pods += count
        self.ok += ok * count
        self.service += service * count
        self.worker_time += worker_time * count
        self.in_use += in_use * count
        self.waiting += waiting * count
        if pool_wait_p99 > self.pool_wait_p99:
            self.pool_wait_p99 = pool_wait_p99
        if pause > self.pause:
            self.pause = pause


class Queueing(NamedTuple):
    """How the workers' queue treated the tick's accepted load: requests served and dropped,
    the wait quantiles (seconds), the share that waited past the clients' patience, and the
    workers' utilisation."""

    served: float
    dropped: float
    w50: float
    w95: float
    w99: float
    late: float
    worker_util: float
