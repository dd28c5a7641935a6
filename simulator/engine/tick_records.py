"""Records of one traffic tick: what happened beyond the metrics (for logs, investigation and
OOM kills). The fleet's sums and the queue's figures are arrays of the kernel
(`kernel/layout.py`)."""

from __future__ import annotations

import numpy as np

from simulator.engine.kernel.layout import (
    O_BAD,
    O_DB_REFUSED,
    O_DEP_ERR,
    O_DROPPED,
    O_POOL_TIMEOUTS,
    O_REJECTED,
    O_SUCCESS,
    O_TIMEOUTS,
    O_TLS,
    OUTCOME_SIZE,
)
from simulator.engine.state import Pod


def _field(index: int, doc: str) -> property:
    """A float of the outcome array, read when asked (logs, a queue's producers)."""
    return property(lambda self: float(self.values[index]), doc=doc)


class TickOutcome:
    """What happened in one tick, beyond the metrics: for logs, investigation and OOM kills.

    A view of the kernel's outcome array (`layout.O_*`, requests in the tick), which the
    traffic model reuses every tick: copying eleven fields onto an object every tick cost more
    than the few reads (a `logs` command, a queue's producers) ever do. Like the object it
    replaced, it describes the newest tick until the next one runs."""

    __slots__ = ("evicted", "oom", "values")

    def __init__(self, values: np.ndarray | None = None) -> None:
        self.values = np.zeros(OUTCOME_SIZE) if values is None else values
        self.oom: tuple[Pod, ...] = ()
        self.evicted: tuple[Pod, ...] = ()

    success = _field(O_SUCCESS, "requests that succeeded")
    pool_timeouts = _field(O_POOL_TIMEOUTS, "requests that timed out acquiring a connection")
    db_refused = _field(O_DB_REFUSED, "requests refused a connection (max_connections)")
    dependency_errors = _field(O_DEP_ERR, "requests failed by a dependency")
    bad_release_errors = _field(O_BAD, "requests failed by a bad release")
    timeouts = _field(O_TIMEOUTS, "requests that timed out in the workers' queue")
    dropped = _field(O_DROPPED, "requests dropped (503) with no room or no ready pod")
    rejected = _field(O_REJECTED, "requests rejected by the rate limiter (429)")
    tls_failures = _field(O_TLS, "requests whose TLS handshake failed")
