"""The per-tick numeric kernel: the fleet's pools and memory, the workers' queue, outcomes,
latency quantiles and the metrics row, over arrays and floats only.

`TrafficModel.tick` gathers the tick's scalars (offered load after the rate limiter, the
database's state, three noise draws, the settings in force) into one input array (`layout.I_*`)
and calls `tick_kernel` once, with the ready pods as a struct-of-arrays matrix (or
`outage_kernel` when no pod is ready); the kernel writes the metrics row, the outcome split, the
pods' new leak and memory state and the retries it schedules in place. Every expression keeps
the order of operations of the model it replaced, and `py_max`/`py_min` keep Python's
`max`/`min` tie rules, so the compiled kernel, this same code in plain Python, and the engine
before it produce the same floats, bit for bit. The fleet's pods and the workers' queue are
`fleet.py`; the small helpers (`py_max`, the queueing formulas) are `maths.py`.
"""

from __future__ import annotations

import math

import numpy as np

from simulator.engine.kernel.fleet import (
    fleet_step,
    queue_step,
)
from simulator.engine.kernel.jit import kernel
from simulator.engine.kernel.layout import (
    C_ACQUIRE,
    C_CPU_SECONDS,
    C_NOISE,
    C_ORDERS,
    C_WORKERS,
    F_IN_USE,
    F_MAX_MEMORY,
    F_OK,
    F_PAUSE,
    F_PODS,
    F_POOL_WAIT,
    F_SERVICE,
    F_WAITING,
    F_WORKER_TIME,
    I_ACCEPTED,
    I_ARRIVALS,
    I_BAD_ERRORS,
    I_BASE_S,
    I_CLIENT_TIMEOUT,
    I_DB_CONNECTIONS,
    I_DB_OTHER_ERRORS,
    I_DB_QUERY_TIME,
    I_DB_UTIL,
    I_DEP_FAIL,
    I_DEP_MS,
    I_DT,
    I_HOLD,
    I_LIMIT_MB,
    I_LOAD_SHEDDING,
    I_LOCK_WAIT,
    I_NOISE_0,
    I_NOISE_1,
    I_NOISE_2,
    I_OFFERED,
    I_POOL_CAP,
    I_POOL_SIZE,
    I_QUERIES,
    I_REFUSED,
    I_REJECTED,
    I_REQUEST_TIMEOUT,
    I_RESTARTS,
    I_RETRIES,
    I_RETRY_ATTEMPTS,
    I_RETRY_BUDGET,
    I_RETRY_FIRST,
    I_RETRY_HAS_BUDGET,
    I_RETRY_HEAD,
    I_RETRY_LAST,
    I_START_MEMORY,
    I_TLS,
    I_TLS_FAILED,
    O_BACKLOG,
    O_BAD,
    O_DB_REFUSED,
    O_DEP_ERR,
    O_DROPPED,
    O_ERRORS,
    O_POOL_TIMEOUTS,
    O_REJECTED,
    O_SERVED,
    O_SUCCESS,
    O_TIMEOUTS,
    O_TLS,
    R_CPU_UTIL,
    R_DB_CONNECTIONS,
    R_DB_FIRST,
    R_DEP_LATENCY,
    R_ERROR_RATE,
    R_ERROR_RATIO,
    R_GC_PAUSE,
    R_MEMORY_UTIL,
    R_ORDERS,
    R_P50,
    R_P95,
    R_P99,
    R_POOL_UTIL,
    R_POOL_WAITING,
    R_REJECTED_RATE,
    R_REJECTED_RATIO,
    R_REPLICAS,
    R_REQUEST_RATE,
    R_RESOURCES_FIRST,
    R_RESTARTS,
    R_RETRY_RATE,
    R_TLS,
    R_WORKER_UTIL,
)
from simulator.engine.kernel.maths import (
    SERVICE_P50,
    SERVICE_P95,
    SERVICE_P99,
    clamp01,
    observed_quantile,
    py_max,
    py_min,
)

# ---------------------------------------------------------------- one tick


@kernel
def tick_kernel(
    pods: np.ndarray,
    consts: np.ndarray,
    fleet: np.ndarray,
    row: np.ndarray,
    out: np.ndarray,
    inp: np.ndarray,
    retry_slots: np.ndarray,
) -> int:
    """One tick with at least one ready pod (`pods` has a row per ready pod); returns how many
    of them reached their memory limit (`P_OOM`).

    The tick's scalars come in `inp` (`layout.I_*`: offered load, the database's state, three
    noise draws, the settings in force). Writes the fleet sums, the outcome split and the new
    backlog (`out`, which brings the old backlog in at `O_BACKLOG`), the pods' new state, the
    request-path metrics into `row`, the database and TLS columns (`resource_columns`), and the
    retries its failures bring (into `retry_slots`, the ring of `RetryLine`); the other
    resources' columns are the caller's.
    """
    dt = inp[I_DT]
    accepted, tls_failed, refused = inp[I_ACCEPTED], inp[I_TLS_FAILED], inp[I_REFUSED]
    request_timeout, client_timeout = inp[I_REQUEST_TIMEOUT], inp[I_CLIENT_TIMEOUT]
    limit_mb = inp[I_LIMIT_MB]
    lam = accepted / pods.shape[0]
    ooms = fleet_step(
        pods,
        consts,
        fleet,
        lam,
        dt,
        inp[I_BASE_S],
        inp[I_POOL_CAP],
        refused,
        inp[I_HOLD],
        inp[I_START_MEMORY],
        limit_mb,
    )
    memory_util = clamp01(fleet[F_MAX_MEMORY] / limit_mb)
    n = fleet[F_PODS]
    wt, s_mean = fleet[F_WORKER_TIME] / n, fleet[F_SERVICE] / n
    workers = n * consts[C_WORKERS]
    patience = request_timeout if request_timeout < client_timeout else client_timeout
    # the workers' queue: Erlang C while they keep up, a FIFO backlog served in order when not
    shedding = inp[I_LOAD_SHEDDING] != 0.0
    served, dropped, w50, w95, w99, late, worker_util = queue_step(
        accepted, wt, s_mean, workers, patience, dt, request_timeout, shedding, out
    )
    # the served requests split into successes and each kind of failure
    conn_ok = served * (fleet[F_OK] / n)
    db_refused = served * refused
    pool_timeouts = py_max(0.0, served - conn_ok - db_refused)
    dep_err = conn_ok * inp[I_DEP_FAIL]
    bad = (conn_ok - dep_err) * inp[I_BAD_ERRORS]
    timed_out = (conn_ok - dep_err - bad) * late
    success = conn_ok - dep_err - bad - timed_out
    errors = served - success + dropped + tls_failed * dt
    out[O_SUCCESS], out[O_POOL_TIMEOUTS], out[O_DB_REFUSED] = success, pool_timeouts, db_refused
    out[O_DEP_ERR], out[O_BAD], out[O_TIMEOUTS] = dep_err, bad, timed_out
    out[O_DROPPED], out[O_ERRORS], out[O_SERVED] = dropped, errors, served
    out[O_REJECTED], out[O_TLS] = inp[I_REJECTED] * dt, tls_failed * dt
    if errors > 0.0:
        schedule_retries(retry_slots, inp, errors, served + dropped + tls_failed * dt)
    served_metrics(
        row,
        fleet,
        consts,
        inp,
        errors,
        success,
        timed_out / py_max(1e-9, served + dropped),
        pool_timeouts / py_max(1e-9, served + dropped),
        w50,
        w95,
        w99,
        patience,
        s_mean,
        worker_util,
        memory_util,
    )
    resource_columns(row, served / dt, inp)
    return ooms


@kernel
def outage_kernel(
    row: np.ndarray,
    out: np.ndarray,
    inp: np.ndarray,
    retry_slots: np.ndarray,
    memory_util: float,
) -> None:
    """One tick without a ready pod: the load balancer answers every accepted request 503.

    Writes the outcome (`out`, keeping the backlog), the row (zeros but for the load, the
    errors, the fixed latencies of an empty fleet, the database and TLS columns; the
    caller's resources after) and the retries the failures bring."""
    dt, offered, rejected = inp[I_DT], inp[I_OFFERED], inp[I_REJECTED]
    failing = inp[I_ACCEPTED] + inp[I_TLS_FAILED]
    errors = failing * dt
    backlog = out[O_BACKLOG]
    for i in range(out.shape[0]):
        out[i] = 0.0
    out[O_BACKLOG], out[O_DROPPED] = backlog, errors
    out[O_REJECTED], out[O_TLS] = rejected * dt, inp[I_TLS_FAILED] * dt
    schedule_retries(retry_slots, inp, errors, errors)
    total = offered * dt
    for i in range(row.shape[0]):
        row[i] = 0.0
    row[R_REQUEST_RATE] = offered
    row[R_ERROR_RATE] = failing
    row[R_REJECTED_RATE] = rejected
    row[R_ERROR_RATIO] = clamp01(errors / total) if total > 0 else 0.0
    row[R_REJECTED_RATIO] = clamp01(out[O_REJECTED] / total) if total > 0 else 0.0
    row[R_RETRY_RATE] = inp[I_RETRIES]
    row[R_P50], row[R_P95], row[R_P99] = 1.0, 2.0, 3.0
    row[R_DB_CONNECTIONS] = inp[I_DB_CONNECTIONS]
    row[R_MEMORY_UTIL] = memory_util
    row[R_RESTARTS] = inp[I_RESTARTS]
    resource_columns(row, 0.0, inp)


@kernel
def schedule_retries(slots: np.ndarray, inp: np.ndarray, failures: float, attempts: float) -> None:
    """`retries.schedule_retries` over the ring of `RetryLine` (its head at `I_RETRY_HEAD`):
    failed requests come back after the clients' backoff, spread over the policy's slots.

    With per-attempt failure probability f and k attempts, the share of failed attempts that
    still have an attempt left is 1 - f^(k-1) / (1 + f + ... + f^(k-1)).
    """
    k = inp[I_RETRY_ATTEMPTS]
    if k <= 1.0 or failures <= 0.0:
        return
    f = clamp01(failures / attempts) if attempts > 0 else 1.0
    attempts_per_request = k if f >= 1.0 else (1.0 - f**k) / (1.0 - f)
    retries = failures * (1.0 - f ** (k - 1.0) / attempts_per_request)
    if inp[I_RETRY_HAS_BUDGET] != 0.0:
        retries = py_min(retries, inp[I_RETRY_BUDGET] * (inp[I_ARRIVALS] * inp[I_DT]))
    first, last = int(inp[I_RETRY_FIRST]), int(inp[I_RETRY_LAST])
    share = retries / (last - first + 1)
    head, size = int(inp[I_RETRY_HEAD]), slots.shape[0]
    for index in range(first - 1, last):
        slots[(head + index) % size] += share


@kernel
def served_metrics(
    row: np.ndarray,
    fleet: np.ndarray,
    consts: np.ndarray,
    inp: np.ndarray,
    errors: float,
    success: float,
    slow_timeout: float,
    slow_pool: float,
    wait50: float,
    wait95: float,
    wait99: float,
    patience: float,
    s_mean: float,
    worker_util: float,
    memory_util: float,
) -> None:
    """The request-path columns of a served tick; the resource columns get their defaults."""
    noise_level, acquire = consts[C_NOISE], consts[C_ACQUIRE]
    offered, rejected, dt = inp[I_OFFERED], inp[I_REJECTED], inp[I_DT]
    jitter = math.exp(noise_level * inp[I_NOISE_0])
    n = fleet[F_PODS]
    pool_wait, pause = fleet[F_POOL_WAIT], fleet[F_PAUSE]
    p50 = observed_quantile(
        0.50, SERVICE_P50, wait50, slow_timeout, slow_pool, patience, acquire, s_mean, jitter
    )
    wait95 = wait95 + pool_wait * 0.5 + pause * 0.5
    q95 = observed_quantile(
        0.95, SERVICE_P95, wait95, slow_timeout, slow_pool, patience, acquire, s_mean, jitter
    )
    p95 = py_max(p50, q95)
    wait99 = wait99 + pool_wait + pause
    q99 = observed_quantile(
        0.99, SERVICE_P99, wait99, slow_timeout, slow_pool, patience, acquire, s_mean, jitter
    )
    p99 = py_max(p95, q99)
    total_requests = offered * dt
    workers = n * consts[C_WORKERS]
    cpu_work = success * consts[C_CPU_SECONDS] / dt / py_max(1.0, workers)
    orders = success / dt * consts[C_ORDERS] * 60.0
    row[R_REQUEST_RATE] = offered
    row[R_ERROR_RATE] = errors / dt
    row[R_REJECTED_RATE] = rejected
    row[R_ERROR_RATIO] = clamp01(errors / total_requests) if total_requests > 0 else 0.0
    row[R_REJECTED_RATIO] = clamp01(rejected * dt / total_requests) if total_requests > 0 else 0.0
    row[R_RETRY_RATE] = inp[I_RETRIES]
    row[R_P50] = p50 * 1000.0
    row[R_P95] = p95 * 1000.0
    row[R_P99] = p99 * 1000.0
    row[R_POOL_UTIL] = clamp01(fleet[F_IN_USE] / (n * inp[I_POOL_SIZE]))
    row[R_POOL_WAITING] = fleet[F_WAITING]
    row[R_DB_CONNECTIONS] = inp[I_DB_CONNECTIONS]
    row[R_WORKER_UTIL] = clamp01(worker_util)
    row[R_CPU_UTIL] = clamp01((0.05 + 1.6 * cpu_work) * math.exp(noise_level * inp[I_NOISE_1]))
    row[R_MEMORY_UTIL] = memory_util
    row[R_GC_PAUSE] = pause * 1000.0
    row[R_RESTARTS] = inp[I_RESTARTS]
    row[R_REPLICAS] = n
    row[R_DEP_LATENCY] = inp[I_DEP_MS]
    row[R_ORDERS] = orders * math.exp(noise_level * 0.5 * inp[I_NOISE_2])
    for i in range(R_RESOURCES_FIRST, R_DB_FIRST):
        row[i] = 0.0


@kernel
def resource_columns(row: np.ndarray, served_rate: float, inp: np.ndarray) -> None:
    """The database's columns, and the TLS column when handshakes fail, of any tick (the
    database's state and the TLS failures from the tick's inputs)."""
    queries, query_time = inp[I_QUERIES], inp[I_DB_QUERY_TIME]
    row[R_DB_FIRST] = clamp01(inp[I_DB_UTIL])
    row[R_DB_FIRST + 1] = query_time * 1000.0
    row[R_DB_FIRST + 2] = served_rate * queries * query_time
    row[R_DB_FIRST + 3] = served_rate * queries * inp[I_LOCK_WAIT]
    row[R_DB_FIRST + 4] = clamp01(inp[I_DB_OTHER_ERRORS])
    tls_failures = inp[I_TLS]
    if tls_failures != 0.0:
        row[R_TLS] = tls_failures / inp[I_DT]
