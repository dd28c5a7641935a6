"""What a span of ticks in the kernel (`kernel/span.py`) reads from the model's state, and what it
gives back: the database, the cache, the queue, the ready pods' volumes and the rate-limited
clients, each in its slots of the span array (`layout.T_*`) or its own matrix.

`TrafficModel.begin_span` puts them in and `TrafficModel.end_span` takes them back, so that after
a span the state is what the same ticks run one by one through `TrafficModel.tick` leave. Each
resource is a pair of functions here: one writes the slots, the other reads them back.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from simulator.engine.kernel.layout import (
    CLIENT_FIELDS,
    DISK_FIELDS,
    K_REJECTED_RECENT,
    K_REJECTED_TOTAL,
    K_TOKENS,
    T_CACHE,
    T_CACHE_NOMINAL,
    T_CACHE_WARMUP,
    T_DB_CORES,
    T_DB_DOWN,
    T_DB_EXTRA_LOAD,
    T_DB_FIXED,
    T_DB_OTHER,
    T_DB_OTHER_LOAD,
    T_DB_QUERY_TIME,
    T_DB_UTIL,
    T_DISK,
    T_DISK_BASELINE,
    T_DISK_KB,
    T_DISK_LOGS,
    T_DISK_OTHERS,
    T_DISK_ROTATE,
    T_EVICTIONS,
    T_HIT_RATIO,
    T_LOCK_WAIT,
    T_Q_BACKLOG,
    T_Q_CONSUME_TIME,
    T_Q_CONSUMERS,
    T_Q_LOST,
    T_Q_PARTITIONS,
    T_Q_PER_REQUEST,
    T_Q_SINCE,
    T_Q_SPEED,
    T_Q_STALLED,
    T_Q_STALLED_BACKLOG,
    T_Q_STALLS,
    T_QUERY,
    T_QUEUE,
    T_REFUSED,
    T_STALE_FACTOR,
)
from simulator.engine.resources import STALE_COALESCING, DatabaseLoad
from simulator.engine.state import CacheState, ClientLimit, Pod, QueueState, ServiceState
from simulator.scenario.service_models import Cache, Disk, Queue

NO_CLIENTS = np.zeros((0, CLIENT_FIELDS))  # no rate-limited client (the kernel never writes it)


# ------------------------------------------------------------------ the database


def put_database(
    span: np.ndarray,
    state: ServiceState,
    static: DatabaseLoad | None,
    query: float,
    lock_wait: float,
    refused: float,
) -> None:
    """The database as fixed over the span (`static`: it has no cores, so its load is the
    refresh's), or its state to move on every tick (cores set)."""
    span[T_DB_FIXED] = static is not None
    if static is not None:
        span[T_DB_UTIL], span[T_DB_QUERY_TIME] = static.utilization, static.query_time
        span[T_DB_OTHER] = static.other_errors
    else:
        span[T_DB_UTIL], span[T_DB_CORES] = state.db_utilization, state.db_cores
        span[T_DB_OTHER_LOAD] = state.scenario.service.database.other_load
        span[T_DB_EXTRA_LOAD], span[T_DB_DOWN] = state.fx.db_extra_load, state.fx.db_down
        span[T_QUERY], span[T_LOCK_WAIT] = query, lock_wait
        span[T_REFUSED] = refused


def take_database(
    span: np.ndarray, state: ServiceState, static: DatabaseLoad | None
) -> DatabaseLoad:
    """The database's load after the span (and its utilisation back on the state)."""
    if static is not None:
        return static
    state.db_utilization = float(span[T_DB_UTIL])
    return DatabaseLoad(state.db_utilization, float(span[T_DB_QUERY_TIME]), float(span[T_DB_OTHER]))


# ------------------------------------------------------------------ the cache


def put_cache(span: np.ndarray, cache: CacheState | None, spec: Cache | None, stale: bool) -> None:
    span[T_CACHE] = cache is not None
    if cache is not None and spec is not None:
        span[T_HIT_RATIO], span[T_CACHE_NOMINAL] = cache.hit_ratio, cache.nominal
        span[T_CACHE_WARMUP] = spec.warmup
        span[T_STALE_FACTOR] = STALE_COALESCING if stale else 1.0


def take_cache(span: np.ndarray, cache: CacheState | None) -> None:
    if cache is not None:
        cache.hit_ratio = float(span[T_HIT_RATIO])


# ------------------------------------------------------------------ the queue


def put_queue(span: np.ndarray, state: ServiceState, spec: Queue | None) -> None:
    queue, fx = state.queue, state.fx
    span[T_QUEUE] = queue is not None
    if queue is None or spec is None:
        return
    span[T_Q_BACKLOG], span[T_Q_STALLED_BACKLOG] = queue.backlog, queue.stalled_backlog
    span[T_Q_STALLED] = queue.stalled_since is not None
    span[T_Q_SINCE] = queue.stalled_since or 0.0
    span[T_Q_CONSUMERS], span[T_Q_LOST] = queue.consumers, queue.lost_total
    span[T_Q_PARTITIONS], span[T_Q_CONSUME_TIME] = spec.partitions, spec.consume_time
    span[T_Q_PER_REQUEST] = spec.messages_per_request
    span[T_Q_STALLS], span[T_Q_SPEED] = fx.stalled_partitions, fx.consumer_speed


def take_queue(span: np.ndarray, queue: QueueState | None) -> None:
    if queue is not None:
        queue.backlog, queue.stalled_backlog = span[[T_Q_BACKLOG, T_Q_STALLED_BACKLOG]].tolist()
        queue.stalled_since = float(span[T_Q_SINCE]) if span[T_Q_STALLED] else None


# ------------------------------------------------------------------ the pods' volumes


def put_disks(
    span: np.ndarray,
    state: ServiceState,
    disk: Disk | None,
    running: Sequence[Pod],
    ready: Sequence[Pod],
    rates: dict[int, float],
) -> np.ndarray | None:
    """The ready pods' volumes as a span fills them (one row each, `layout.D_*`; None when the
    scenario models no disk), and in the span the fullest of the running pods that are not
    ready (theirs stay as they are)."""
    span[T_DISK] = disk is not None
    if disk is None:
        return None
    span[T_DISK_KB], span[T_DISK_LOGS] = disk.log_kb_per_request, state.fx.log_multiplier
    span[T_DISK_ROTATE] = disk.rotate_mb_per_minute / 60.0
    span[T_DISK_BASELINE] = disk.baseline_mb
    span[T_EVICTIONS] = float(state.evictions_total)
    ready_ids = {id(p) for p in ready}
    others = [
        p.disk_mb / p.volume_mb if p.volume_mb else 0.0 for p in running if id(p) not in ready_ids
    ]
    span[T_DISK_OTHERS] = max(others) if others else -math.inf
    return np.array(
        [(p.disk_mb, p.volume_mb, rates.get(id(p), 0.0)) for p in ready], dtype=np.float64
    ).reshape(len(ready), DISK_FIELDS)


def take_disks(disks: np.ndarray, ready: Sequence[Pod]) -> tuple[Pod, ...]:
    """Take back the volumes; return the pods whose volume is full (this tick's evictions)."""
    evicted = []
    for pod, (used, volume, _extra) in zip(ready, disks.tolist(), strict=True):
        pod.disk_mb = used
        if used >= volume:
            evicted.append(pod)
    return tuple(evicted)


# ------------------------------------------------------------------ the rate-limited clients


def put_clients(limited: Sequence[ClientLimit]) -> np.ndarray:
    """The rate-limited clients' token buckets, one row each (`layout.K_*`)."""
    if not limited:
        return NO_CLIENTS
    return np.array(
        [
            (c.share, c.limit_rps or 0.0, c.tokens, c.rejected_total, c.rejected_recent)
            for c in limited
        ],
        dtype=np.float64,
    )


def take_clients(clients: np.ndarray, limited: Sequence[ClientLimit]) -> None:
    for client, values in zip(limited, clients.tolist(), strict=True):
        client.tokens = values[K_TOKENS]
        client.rejected_total = values[K_REJECTED_TOTAL]
        client.rejected_recent = values[K_REJECTED_RECENT]
