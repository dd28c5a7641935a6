"""The per-tick perturbations faults add to the service model, rebuilt on every discrete change.

The traffic kernel reads the base service (from the scenario and the state actions change) and
these effects; nothing else tells it a fault is active. A mechanism that is gone simply stops
contributing, so the model recovers through its own dynamics (drained pools, warmed caches).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Effects:
    """Everything active faults add; the defaults are a healthy service."""

    traffic_multiplier: float = 1.0
    # per release version (None: every pod), per request
    leak_per_request: dict[str | None, float] = field(default_factory=dict)
    memory_mb_per_request: dict[str | None, float] = field(default_factory=dict)
    error_ratio: dict[str, float] = field(default_factory=dict)
    added_latency: dict[str, float] = field(default_factory=dict)
    cpu_multiplier: dict[str, float] = field(default_factory=dict)
    disk_mb_per_s: dict[str | None, float] = field(default_factory=dict)
    # release versions whose pods exit on start (never ready; crash-loop back-off)
    crash_on_start: set[str] = field(default_factory=set)
    log_multiplier: float = 1.0  # what pods write to their volumes, relative to the usual
    # dependencies: latency multiplier and failure share per call
    dependency_latency: dict[str, float] = field(default_factory=dict)
    dependency_errors: dict[str, float] = field(default_factory=dict)
    # clients' retry policy while a fault changes it: (max_attempts, backoff, jitter, budget)
    retry: tuple[int, float, bool, float | None] | None = None
    # database
    query_time_multiplier: float = 1.0
    lock_wait: float = 0.0  # seconds added to the mean query by lock waits
    db_extra_load: float = 0.0  # cores of other work on the database
    db_down: bool = False
    # nodes: share of each node's CPU taken by something else
    node_cpu_steal: dict[str, float] = field(default_factory=dict)
    # share of requests failing the TLS handshake at our ingress
    ingress_tls_failures: float = 0.0
    # queue
    stalled_partitions: int = 0
    consumer_speed: float = 1.0

    def add_share(self, table: dict[str, float], key: str, share: float) -> None:
        """Combine independent failure shares: 1 - (1 - a)(1 - b)."""
        table[key] = 1.0 - (1.0 - table.get(key, 0.0)) * (1.0 - share)
