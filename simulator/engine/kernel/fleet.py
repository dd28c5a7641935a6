"""The fleet in one tick, in the kernel: each ready pod's service time and load, its connection
pool, memory and garbage collection (`advance_pods`), pods alike grouped so each group is
computed once, and the workers' queue (`queue_step`). `tick_kernel` (tick.py) calls
`fleet_step` and `queue_step` once a tick; the order of operations is the model's, as in the
rest of the kernel."""

from __future__ import annotations

import numpy as np

from simulator.engine.kernel.jit import kernel
from simulator.engine.kernel.layout import (
    C_ACQUIRE,
    C_BASELINE_MB,
    C_GC_PAUSE,
    C_GC_THRESHOLD,
    C_WORKERS,
    F_CPU_USE,
    F_IN_USE,
    F_MAX_MEMORY,
    F_OK,
    F_PAUSE,
    F_PODS,
    F_POOL_WAIT,
    F_SERVICE,
    F_THROTTLED,
    F_WAITING,
    F_WORKER_TIME,
    FLEET_SIZE,
    O_BACKLOG,
    P_CPU_COST,
    P_LEAK_BYTES,
    P_LEAK_RATE,
    P_LEAKED,
    P_MEM_RATE,
    P_MEMORY,
    P_OOM,
)
from simulator.engine.kernel.maths import (
    clamp01,
    py_max,
    py_min,
    throttle_factor,
    wait_probability,
    wait_quantile,
    wait_tail,
)

SHED_MAX_WAIT = 0.25  # seconds of queue a load-shedding server keeps before answering 503


@kernel
def service_time(
    memory_mb: float,
    cpu_cost: float,
    lam: float,
    base_s: float,
    limit_mb: float,
    fleet: np.ndarray,
    consts: np.ndarray,
) -> tuple[float, float]:
    """(service seconds, GC pause seconds) of a pod under memory pressure and its CPU limit; the
    CPU sums of the fleet grow by the pod's use and throttling."""
    threshold, gc_pause = consts[C_GC_THRESHOLD], consts[C_GC_PAUSE]
    use = memory_mb / limit_mb
    if use <= threshold:
        mult, pause = 1.0, gc_pause
    else:
        x = py_min(1.0, (use - threshold) / (1.0 - threshold))
        overhead = 0.6 * x * x
        mult, pause = 1.0 / (1.0 - overhead), gc_pause * (1.0 + 40.0 * x * x)
    s_i = base_s * mult
    if cpu_cost > 0.0:  # throttled at the CPU limit; past it, the quota bounds the service rate
        cpu_use = lam * cpu_cost
        throttled = s_i * throttle_factor(cpu_use)
        if cpu_use >= 1.0:
            throttled = py_max(throttled, consts[C_WORKERS] * cpu_cost)
        fleet[F_CPU_USE] += py_min(1.0, cpu_use)
        fleet[F_THROTTLED] += 1.0 - s_i / throttled
        s_i = throttled
    return s_i, pause


@kernel
def pod_load(
    leaked: float,
    memory_mb: float,
    cpu_cost: float,
    count: int,
    lam: float,
    base_s: float,
    pool_cap: float,
    refused: float,
    hold: float,
    limit_mb: float,
    fleet: np.ndarray,
    consts: np.ndarray,
) -> float:
    """Fold `count` pods in one state into the fleet sums; return their connection success."""
    acquire = consts[C_ACQUIRE]
    s_i, pause = service_time(memory_mb, cpu_cost, lam, base_s, limit_mb, fleet, consts)
    usable = pool_cap - leaked
    pool_wait_p99 = 0.0
    if hold <= 0.0:
        ok, p_wait = 1.0, 0.0
    elif usable <= 0.0:
        ok, p_wait, pool_wait_p99 = 0.0, 1.0, acquire
    else:
        a = lam * hold
        if a < usable:
            p_wait = wait_probability(a, usable)
            ok = 1.0 - wait_tail(acquire, p_wait, a, usable, hold)
            pool_wait_p99 = py_min(acquire, wait_quantile(0.99, p_wait, a, usable, hold))
        else:
            p_wait, ok, pool_wait_p99 = 1.0, usable / a, acquire
    ok *= 1.0 - refused
    fleet[F_PODS] += count
    fleet[F_OK] += ok * count
    fleet[F_SERVICE] += s_i * count
    fleet[F_WORKER_TIME] += (ok * s_i + (1.0 - ok) * acquire) * count
    fleet[F_IN_USE] += py_min(pool_cap, leaked + lam * ok * hold) * count
    fleet[F_WAITING] += (lam * (1.0 - ok) * acquire + lam * p_wait * hold * 0.5) * count
    if pool_wait_p99 > fleet[F_POOL_WAIT]:
        fleet[F_POOL_WAIT] = pool_wait_p99
    if pause > fleet[F_PAUSE]:
        fleet[F_PAUSE] = pause
    return ok


@kernel
def group_pods(pods: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(each pod's group: the row of its first member, pods per group) by (leaked, memory, CPU
    cost): pods in one state share one computation, in first-seen order."""
    n = pods.shape[0]
    group = np.empty(n, dtype=np.int64)
    count = np.zeros(n, dtype=np.int64)
    for i in range(n):
        group[i] = i
        for j in range(i):
            if (
                group[j] == j
                and pods[j, P_LEAKED] == pods[i, P_LEAKED]
                and pods[j, P_MEMORY] == pods[i, P_MEMORY]
                and pods[j, P_CPU_COST] == pods[i, P_CPU_COST]
            ):
                group[i] = j
                break
        count[group[i]] += 1
    return group, count


@kernel
def advance_pods(
    pods: np.ndarray,
    ok: np.ndarray,
    group: np.ndarray,
    lam: float,
    dt: float,
    pool_cap: float,
    limit_mb: float,
    baseline_mb: float,
) -> int:
    """Leaked connections and memory after this tick's `lam * dt` requests per pod; a pod at
    its memory limit gets `P_OOM` set. Returns how many did."""
    n = pods.shape[0]
    for i in range(n):
        rate = pods[i, P_LEAK_RATE]
        if rate != 0.0:
            leaked = pods[i, P_LEAKED] + lam * ok[group[i]] * dt * rate
            pods[i, P_LEAKED] = py_min(pool_cap, leaked)
    requests = lam * dt
    ooms = 0
    for i in range(n):
        pods[i, P_OOM] = 0.0
        rate = pods[i, P_MEM_RATE]
        if rate > 0.0:
            pods[i, P_LEAK_BYTES] += requests * rate
        elif pods[i, P_LEAK_BYTES] > 0.0:
            pods[i, P_LEAK_BYTES] = py_max(0.0, 0.95 * pods[i, P_LEAK_BYTES] - 1.0)
        else:
            continue
        pods[i, P_MEMORY] = baseline_mb + pods[i, P_LEAK_BYTES]
        if pods[i, P_MEMORY] >= limit_mb:
            pods[i, P_OOM] = 1.0
            ooms += 1
    return ooms


@kernel
def fleet_step(
    pods: np.ndarray,
    consts: np.ndarray,
    fleet: np.ndarray,
    lam: float,
    dt: float,
    base_s: float,
    pool_cap: float,
    refused: float,
    hold: float,
    start_memory: float,
    limit_mb: float,
) -> int:
    """The fleet's sums over the ready pods (`lam` requests/s each), then their leaks; returns
    how many pods reached their memory limit."""
    for i in range(FLEET_SIZE):
        fleet[i] = 0.0
    fleet[F_MAX_MEMORY] = start_memory
    n_pods = pods.shape[0]
    group, count = group_pods(pods)
    ok = np.zeros(n_pods)
    for i in range(n_pods):
        if group[i] == i:
            if pods[i, P_MEMORY] > fleet[F_MAX_MEMORY]:
                fleet[F_MAX_MEMORY] = pods[i, P_MEMORY]
            ok[i] = pod_load(
                pods[i, P_LEAKED],
                pods[i, P_MEMORY],
                pods[i, P_CPU_COST],
                count[i],
                lam,
                base_s,
                pool_cap,
                refused,
                hold,
                limit_mb,
                fleet,
                consts,
            )
    return advance_pods(pods, ok, group, lam, dt, pool_cap, limit_mb, consts[C_BASELINE_MB])


@kernel
def queue_step(
    accepted: float,
    wt: float,
    s_mean: float,
    workers: float,
    patience: float,
    dt: float,
    request_timeout: float,
    load_shedding: bool,
    out: np.ndarray,
) -> tuple[float, float, float, float, float, float, float]:
    """Erlang-C waiting while the workers keep up; a backlog served in order when not (carried
    in `out[O_BACKLOG]`). Returns (served, dropped, w50, w95, w99, late share, utilisation)."""
    erlangs = accepted * wt
    backlog = out[O_BACKLOG]
    if backlog <= 0.0 and erlangs < workers * 0.98:
        p_wait = wait_probability(erlangs, workers)
        if p_wait > 0.01:
            w50 = wait_quantile(0.50, p_wait, erlangs, workers, wt)
            w95 = wait_quantile(0.95, p_wait, erlangs, workers, wt)
            w99 = wait_quantile(0.99, p_wait, erlangs, workers, wt)
        else:  # fewer than 1% wait at all: every quantile up to p99 waits zero
            w50 = w95 = w99 = 0.0
        late = wait_tail(py_max(0.0, patience - s_mean), p_wait, erlangs, workers, wt)
        return accepted * dt, 0.0, w50, w95, w99, late, erlangs / workers
    capacity = workers / wt
    total = backlog + accepted * dt
    served = py_min(total, capacity * dt)
    head_wait = backlog / capacity
    remaining = total - served
    limit = capacity * (SHED_MAX_WAIT if load_shedding else request_timeout)
    dropped = py_max(0.0, remaining - limit)
    out[O_BACKLOG] = remaining - dropped if remaining - dropped > 1e-6 else 0.0
    late = clamp01((head_wait + s_mean - 0.9 * patience) / (0.2 * patience))
    return served, dropped, head_wait, head_wait, head_wait, late, 1.0
