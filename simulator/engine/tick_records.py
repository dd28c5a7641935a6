"""Records of one traffic tick: the offered load, and what happened beyond the metrics (for logs,
investigation and OOM kills). The fleet's sums and the queue's figures are arrays of the kernel
(`kernel/layout.py`)."""

from __future__ import annotations

from dataclasses import dataclass

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
