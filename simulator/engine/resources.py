"""Per-tick dynamics of the resources beyond the worker pool: the database's CPU, the cache,
each pod's CPU and ephemeral disk, and the queue. Small pure steps the traffic tick calls only
for the resources a scenario models, so a scenario without them pays nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from simulator.engine.queueing import clamp01
from simulator.engine.state import CacheState, Pod, QueueState, ServiceState
from simulator.scenario.service_models import Cache, Disk, Queue

MAX_QUERY_STRETCH = 20.0  # a saturated database answers at most this much slower
UTILIZATION_MEMORY = 0.7  # smoothing of the database's utilisation from tick to tick
STALE_COALESCING = 0.3  # with serve-stale, concurrent misses for one key make this share of queries


# ---------------------------------------------------------------- database


def query_stretch(utilization: float) -> float:
    """How much longer a query takes at this database utilisation (M/M/1-like, capped)."""
    if utilization >= 1.0 - 1.0 / MAX_QUERY_STRETCH:
        return MAX_QUERY_STRETCH
    return 1.0 / (1.0 - utilization)


@dataclass(slots=True)
class DatabaseLoad:
    """The database's state for one tick."""

    utilization: float
    query_time: float  # mean seconds per query, our queries, lock waits included
    other_errors: float  # share of other clients' queries failing


def database_load(
    state: ServiceState,
    queries_per_s: float,
    base_query: float,
    lock_wait: float,
    refused: float,
) -> DatabaseLoad:
    """Advance the database's utilisation with this tick's queries; stretch query time."""
    cores = state.db_cores
    down = state.fx.db_down
    if cores is None:
        other = 1.0 if down else refused
        return DatabaseLoad(0.0, base_query + lock_wait, other)
    db = state.scenario.service.database
    busy = queries_per_s * base_query + db.other_load + state.fx.db_extra_load
    now = busy / cores
    util = UTILIZATION_MEMORY * state.db_utilization + (1.0 - UTILIZATION_MEMORY) * now
    state.db_utilization = util
    overload = clamp01((util - 1.0) / util) if util > 1.0 else 0.0
    other = 1.0 if down else 1.0 - (1.0 - refused) * (1.0 - overload)
    return DatabaseLoad(util, base_query * query_stretch(util) + lock_wait, other)


# ---------------------------------------------------------------- cache


def cache_query_factor(cache: CacheState, stale: bool) -> float:
    """Database queries per request relative to a warm cache (1.0 when warm)."""
    warm_miss = 1.0 - cache.nominal
    extra = (1.0 - cache.hit_ratio) / warm_miss - 1.0 if warm_miss > 0 else 0.0
    return 1.0 + max(0.0, extra) * (STALE_COALESCING if stale else 1.0)


def warm_cache(cache: CacheState, spec: Cache, traffic_share: float, dt: float) -> None:
    """Misses fill the cache: the hit ratio closes on its usual value at a pace set by traffic."""
    if cache.hit_ratio < cache.nominal:
        pace = min(1.0, dt / spec.warmup * max(0.0, traffic_share)) if spec.warmup > 0 else 1.0
        cache.hit_ratio += (cache.nominal - cache.hit_ratio) * pace


# ---------------------------------------------------------------- CPU


def throttle_factor(utilization: float) -> float:
    """Service-time multiplier for a container using `utilization` of its CPU limit (CFS quota):
    bursts get throttled near the limit, and past it the pod serves only what the quota allows."""
    if utilization <= 0.5:
        return 1.0
    bounded = min(utilization, 1.0)
    return max(1.0, utilization) * (1.0 + 0.3 * ((bounded - 0.5) / 0.5) ** 4)


# ---------------------------------------------------------------- disk


def grow_disk(pod: Pod, spec: Disk, write_mb_per_s: float, dt: float) -> bool:
    """Advance one pod's volume; True when it is full (the kubelet evicts the pod)."""
    rotate = spec.rotate_mb_per_minute / 60.0
    pod.disk_mb = max(spec.baseline_mb, pod.disk_mb + (write_mb_per_s - rotate) * dt)
    return pod.disk_mb >= pod.volume_mb


# ---------------------------------------------------------------- queue


@dataclass(slots=True)
class QueueReading:
    backlog: float
    lag: float
    throughput: float


def step_queue(
    queue: QueueState,
    spec: Queue,
    produced: float,
    stalled: int,
    speed: float,
    now: float,
    dt: float,
) -> QueueReading:
    """Produce and consume one tick. Stalled partitions take their share of new messages and
    consume nothing; the others share the consumers that are not stuck on a stalled partition."""
    parts = spec.partitions
    stalled = min(stalled, parts)
    healthy = parts - stalled
    if stalled == 0 and queue.stalled_backlog > 0.0:
        queue.backlog += queue.stalled_backlog  # the stuck partitions resume
        queue.stalled_backlog = 0.0
    if stalled and queue.stalled_since is None:
        queue.stalled_since = now
    elif not stalled:
        queue.stalled_since = None
    free_consumers = queue.consumers * healthy / parts
    capacity = min(free_consumers, float(healthy)) / spec.consume_time * speed
    queue.stalled_backlog += produced * stalled / parts * dt
    arriving = queue.backlog + produced * healthy / parts * dt
    consumed = min(arriving, capacity * dt)
    queue.backlog = arriving - consumed
    lag = queue.backlog / capacity if capacity > 0 else (now if queue.backlog > 0 else 0.0)
    if queue.stalled_since is not None and queue.stalled_backlog > 0.0:
        lag = max(lag, now - queue.stalled_since)
    return QueueReading(queue.backlog + queue.stalled_backlog, lag, consumed / dt)
