"""The parts of a tick beyond the request path that a span runs compiled (`kernel/span.py`):
the clients' rate limiter, the database's load, the cache, the queue, and the columns of the
pods' CPU and the certificates. Each is the Python it stands for (`TrafficModel._rate_limit`,
`resources.database_load`, `resources.cache_query_factor` and `warm_cache`,
`resources.step_queue`, `TrafficModel._other_resources`) with the same order of operations, so
the same floats."""

from __future__ import annotations

import numpy as np

from simulator.engine.kernel.jit import kernel
from simulator.engine.kernel.layout import (
    D_EXTRA,
    D_USED,
    D_VOLUME,
    F_CPU_USE,
    F_PODS,
    F_THROTTLED,
    K_LIMIT,
    K_REJECTED_RECENT,
    K_REJECTED_TOTAL,
    K_SHARE,
    K_TOKENS,
    O_SERVED,
    O_SUCCESS,
    R_CACHE_HIT,
    R_CERT_EXPIRY,
    R_CPU_THROTTLED,
    R_CPU_UTIL,
    R_DISK_UTIL,
    R_EVICTIONS,
    R_QUEUE_BACKLOG,
    R_QUEUE_LAG,
    R_QUEUE_LOST,
    T_BASELINE,
    T_CACHE,
    T_CACHE_NOMINAL,
    T_CACHE_WARMUP,
    T_CERTIFICATES,
    T_CPU,
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
    T_EXPIRES_AT,
    T_HIT_RATIO,
    T_LAST_SERVED,
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
from simulator.engine.kernel.maths import clamp01, py_max, py_min
from simulator.engine.resources import UTILIZATION_MEMORY, query_stretch

stretch = kernel(query_stretch)


@kernel
def rate_limited(clients: np.ndarray, offered: float, dt: float) -> float:
    """Each limited client's token bucket (`TrafficModel._rate_limit`); rejected requests/s."""
    rejected = 0.0
    for i in range(clients.shape[0]):
        demand = offered * clients[i, K_SHARE] * dt
        limit = clients[i, K_LIMIT]
        tokens = py_min(limit, clients[i, K_TOKENS] + limit * dt)
        allowed = demand if demand < tokens else tokens
        clients[i, K_TOKENS] = tokens - allowed
        refused = demand - allowed
        clients[i, K_REJECTED_TOTAL] += refused
        clients[i, K_REJECTED_RECENT] = clients[i, K_REJECTED_RECENT] * 0.98 + refused
        rejected += refused
    return rejected / dt


@kernel
def queries_per_request(span: np.ndarray, queries: float) -> float:
    """Database queries per request: more while the cache is cold (`cache_query_factor`)."""
    if span[T_CACHE] == 0.0:
        return queries
    warm_miss = 1.0 - span[T_CACHE_NOMINAL]
    extra = (1.0 - span[T_HIT_RATIO]) / warm_miss - 1.0 if warm_miss > 0 else 0.0
    return queries * (1.0 + py_max(0.0, extra) * span[T_STALE_FACTOR])


@kernel
def database_step(span: np.ndarray, queries_per_s: float) -> None:
    """The database's state this tick into `T_DB_UTIL`, `T_DB_QUERY_TIME` and `T_DB_OTHER`
    (`resources.database_load`); fixed over the span when the database has no cores."""
    if span[T_DB_FIXED] != 0.0:
        return
    base_query = span[T_QUERY]
    busy = queries_per_s * base_query + span[T_DB_OTHER_LOAD] + span[T_DB_EXTRA_LOAD]
    now = busy / span[T_DB_CORES]
    util = UTILIZATION_MEMORY * span[T_DB_UTIL] + (1.0 - UTILIZATION_MEMORY) * now
    overload = clamp01((util - 1.0) / util) if util > 1.0 else 0.0
    refused = span[T_REFUSED]
    other = 1.0 if span[T_DB_DOWN] != 0.0 else 1.0 - (1.0 - refused) * (1.0 - overload)
    span[T_DB_UTIL] = util
    span[T_DB_QUERY_TIME] = base_query * stretch(util) + span[T_LOCK_WAIT]
    span[T_DB_OTHER] = other


@kernel
def served_resources(
    span: np.ndarray, row: np.ndarray, fleet: np.ndarray, disks: np.ndarray, out: np.ndarray,
    accepted: float, now: float, dt: float,
) -> int:  # fmt: skip
    """After `tick_kernel`: the rate served (the next tick's database reads it), the disks'
    logs, and the resources' columns of the row. Returns how many pods' volumes are full."""
    served_rate = out[O_SERVED] / dt
    span[T_LAST_SERVED] = served_rate
    full = fill_disks(span, disks, accepted, dt) if span[T_DISK] != 0.0 else 0
    resource_row(span, row, fleet, disks, served_rate, span[T_BASELINE], out[O_SUCCESS], now, dt)
    return full


@kernel
def resource_row(
    span: np.ndarray, row: np.ndarray, fleet: np.ndarray, disks: np.ndarray, served_rate: float,
    baseline: float, success: float, now: float, dt: float,
) -> None:  # fmt: skip
    """A served tick's cache, CPU, disk, certificate and queue columns (`_other_resources`):
    the cache warms, the queue takes what the tick's successes produced."""
    if span[T_CACHE] != 0.0:
        hit = span[T_HIT_RATIO]
        row[R_CACHE_HIT] = hit
        share = served_rate / baseline if baseline else 1.0
        nominal, warmup = span[T_CACHE_NOMINAL], span[T_CACHE_WARMUP]
        if hit < nominal:
            pace = py_min(1.0, dt / warmup * py_max(0.0, share)) if warmup > 0 else 1.0
            span[T_HIT_RATIO] = hit + (nominal - hit) * pace
    if span[T_CPU] != 0.0:
        pods = fleet[F_PODS]
        row[R_CPU_UTIL] = fleet[F_CPU_USE] / pods
        row[R_CPU_THROTTLED] = fleet[F_THROTTLED] / pods
    if span[T_DISK] != 0.0:
        disk_row(span, row, disks)
    if span[T_CERTIFICATES] != 0.0:
        row[R_CERT_EXPIRY] = py_max(0.0, span[T_EXPIRES_AT] - now) / 86400.0
    if span[T_QUEUE] != 0.0:
        queue_row(span, row, success / dt * span[T_Q_PER_REQUEST], now, dt)


@kernel
def fill_disks(span: np.ndarray, disks: np.ndarray, accepted: float, dt: float) -> int:
    """Each ready pod's ephemeral volume after this tick's logs (`TrafficModel._fill_disks`,
    `resources.grow_disk`); returns how many are full (the kubelet evicts them)."""
    lam = accepted / disks.shape[0]
    log_rate = lam * span[T_DISK_KB] / 1024.0 * span[T_DISK_LOGS]
    rotate, baseline = span[T_DISK_ROTATE], span[T_DISK_BASELINE]
    full = 0
    for i in range(disks.shape[0]):
        write = log_rate + disks[i, D_EXTRA]
        used = py_max(baseline, disks[i, D_USED] + (write - rotate) * dt)
        disks[i, D_USED] = used
        if used >= disks[i, D_VOLUME]:
            full += 1
    return full


@kernel
def disk_row(span: np.ndarray, row: np.ndarray, disks: np.ndarray) -> None:
    """The fullest running pod's volume (`_max_disk`: the ready pods' and, fixed over the span,
    the starting ones') and the evictions so far."""
    fullest = span[T_DISK_OTHERS]
    for i in range(disks.shape[0]):
        volume = disks[i, D_VOLUME]
        share = disks[i, D_USED] / volume if volume else 0.0
        fullest = share if share > fullest else fullest
    row[R_DISK_UTIL] = clamp01(fullest)
    row[R_EVICTIONS] = span[T_EVICTIONS]


@kernel
def queue_row(span: np.ndarray, row: np.ndarray, produced: float, now: float, dt: float) -> None:
    """Produce and consume one tick (`resources.step_queue`, the same steps): stalled
    partitions take their share and consume nothing; the others share the free consumers."""
    parts = span[T_Q_PARTITIONS]
    stalled = py_min(span[T_Q_STALLS], parts)
    healthy = parts - stalled
    backlog, stalled_backlog = span[T_Q_BACKLOG], span[T_Q_STALLED_BACKLOG]
    if stalled == 0 and stalled_backlog > 0.0:
        backlog += stalled_backlog  # the stuck partitions resume
        stalled_backlog = 0.0
    if stalled != 0 and span[T_Q_STALLED] == 0.0:
        span[T_Q_STALLED], span[T_Q_SINCE] = 1.0, now
    elif stalled == 0:
        span[T_Q_STALLED] = 0.0
    free_consumers = span[T_Q_CONSUMERS] * healthy / parts
    capacity = py_min(free_consumers, healthy) / span[T_Q_CONSUME_TIME] * span[T_Q_SPEED]
    stalled_backlog += produced * stalled / parts * dt
    arriving = backlog + produced * healthy / parts * dt
    consumed = py_min(arriving, capacity * dt)
    backlog = arriving - consumed
    lag = backlog / capacity if capacity > 0 else (now if backlog > 0 else 0.0)
    if span[T_Q_STALLED] != 0.0 and stalled_backlog > 0.0:
        lag = py_max(lag, now - span[T_Q_SINCE])
    span[T_Q_BACKLOG], span[T_Q_STALLED_BACKLOG] = backlog, stalled_backlog
    row[R_QUEUE_BACKLOG] = backlog + stalled_backlog
    row[R_QUEUE_LAG] = lag
    row[R_QUEUE_LOST] = span[T_Q_LOST]
