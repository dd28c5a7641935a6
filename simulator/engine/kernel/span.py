"""A span of ticks in one kernel call: every tick between two discrete events that needs nothing
of Python, with the offered load, the retries' delay line and the SLO's window sums computed
here instead of in `TrafficModel.tick` and `ImpactTracker.update`.

Between two SimPy events a run is a stretch of ticks that change only floats: the offered load
(a Poisson draw around the daily pattern), the retries coming due, the fleet and the queue
(`tick_kernel`), the resources beyond the request path (`kernel/span_resources.py`), and the
SLO's running window sums. `TickSpans` (engine/tick_span.py) hands such a stretch to
`span_kernel` whenever a pod is ready, and writes the journal entries, the history and the
impact from the rows it filled. Each expression keeps the
order of operations of the Python it stands for, so the floats are the same, bit for bit.

A span starts with the tick at `T_NOW` itself (the tick SimPy woke the traffic process for),
and each tick after it is `dt` later. It stops before a tick at or past `T_LIMIT` (the next
SimPy event) or `T_REFRESH` (the faults' refresh beat), and after a tick that needs Python: a
pod reached its memory limit (`T_OOMS`), a pod's volume filled (`T_EVICTED`) or the SLO's
breach state flipped (`T_FLIPPED`). Before the kernel, `TickSpans` runs what `Engine._tick`
does first at that tick (the faults' sync, the model's refresh).
"""

from __future__ import annotations

import math

import numpy as np

from simulator.engine.kernel.jit import kernel
from simulator.engine.kernel.layout import (
    I_ACCEPTED,
    I_ARRIVALS,
    I_BASE_S,
    I_DB_OTHER_ERRORS,
    I_DB_QUERY_TIME,
    I_DB_UTIL,
    I_DT,
    I_HOLD,
    I_NOISE_0,
    I_NOISE_1,
    I_NOISE_2,
    I_OFFERED,
    I_QUERIES,
    I_REJECTED,
    I_RETRIES,
    I_RETRY_HEAD,
    I_TLS,
    I_TLS_FAILED,
    T_ACTIVE,
    T_AMPLITUDE,
    T_BASE_S,
    T_BASELINE,
    T_DB_OTHER,
    T_DB_QUERY_TIME,
    T_DB_UTIL,
    T_EVICTED,
    T_FLIPPED,
    T_HEAD,
    T_IMPACT_SECONDS,
    T_LAST_SERVED,
    T_LIMIT,
    T_MAX_TICKS,
    T_MOVING,
    T_NOMINAL_QUERY,
    T_NOW,
    T_OOMS,
    T_PEAK,
    T_QUERIES,
    T_REFRESH,
    T_START_HOUR,
    T_TLS,
    T_TRAFFIC,
    T_WINDOW,
)
from simulator.engine.kernel.maths import py_max
from simulator.engine.kernel.span_resources import (
    database_step,
    queries_per_request,
    rate_limited,
    served_resources,
)
from simulator.engine.kernel.tick import tick_kernel


@kernel
def offered_count(span: np.ndarray, now: float, dt: float, draw: float) -> float:
    """Arrivals in the tick at `now` (`TrafficModel._offered`): Poisson, as a normal around
    the daily pattern's mean."""
    amplitude = span[T_AMPLITUDE]
    if amplitude == 0.0:
        daily = 1.0
    else:
        hour = span[T_START_HOUR] + now / 3600.0
        daily = 1.0 + amplitude * math.cos(2.0 * math.pi * (hour - span[T_PEAK]) / 24.0)
    lam = span[T_BASELINE] * daily * span[T_TRAFFIC] * dt
    return py_max(0.0, lam + math.sqrt(lam) * draw)


@kernel
def tick_inputs(
    inp: np.ndarray,
    span: np.ndarray,
    retry_slots: np.ndarray,
    clients: np.ndarray,
    head: int,
    now: float,
    arrival: float,
    noise: np.ndarray,
    draw: int,
) -> int:
    """The tick's own inputs into `inp`, as `TrafficModel.tick` sets them: the offered load,
    the retries due (taken off the delay line), the rate limiter's rejections, TLS failures,
    three noise draws, then the database (`database_inputs`). Returns the delay line's new
    head."""
    dt = inp[I_DT]
    count = offered_count(span, now, dt, arrival)
    due = retry_slots[head]
    retry_slots[head] = 0.0
    head = head + 1 if head + 1 < retry_slots.shape[0] else 0
    arrived, retries = count / dt, due / dt
    offered = arrived + retries
    rejected = rate_limited(clients, offered, dt) if clients.shape[0] else 0.0
    accepted = py_max(0.0, offered - rejected)
    inp[I_REJECTED] = rejected
    tls = span[T_TLS]
    tls_failed = accepted * tls
    inp[I_OFFERED], inp[I_RETRIES] = offered, retries
    inp[I_ACCEPTED], inp[I_TLS_FAILED] = accepted - tls_failed, tls_failed
    inp[I_ARRIVALS] = arrived
    inp[I_TLS] = tls_failed * dt if tls != 0.0 else 0.0
    inp[I_RETRY_HEAD] = head
    inp[I_NOISE_0], inp[I_NOISE_1], inp[I_NOISE_2] = noise[draw], noise[draw + 1], noise[draw + 2]
    database_inputs(inp, span)
    return head


@kernel
def database_inputs(inp: np.ndarray, span: np.ndarray) -> None:
    """The queries a request makes (more with a cold cache), the database's state after them,
    and the connection hold time and service time they make (`tick` and `_serve`)."""
    queries = queries_per_request(span, span[T_QUERIES])
    database_step(span, span[T_LAST_SERVED] * queries)
    query_time = span[T_DB_QUERY_TIME]
    inp[I_QUERIES], inp[I_DB_UTIL], inp[I_DB_QUERY_TIME] = queries, span[T_DB_UTIL], query_time
    inp[I_DB_OTHER_ERRORS] = span[T_DB_OTHER]
    hold = query_time * queries
    excess = hold - span[T_NOMINAL_QUERY]
    inp[I_BASE_S] = span[T_BASE_S] + (excess if excess > 0.0 else 0.0)
    inp[I_HOLD] = hold


@kernel
def slo_breached(
    matrix: np.ndarray,
    rows: int,
    window: int,
    columns: np.ndarray,
    limits: np.ndarray,
    full_limits: np.ndarray,
    sums: np.ndarray,
) -> bool:
    """`ImpactTracker._breached` over the matrix's first `rows` rows: the running window sums
    of the SLO metrics take the newest row in (and, with a full window, the row a window ago
    out); True when any sum is over its limit."""
    breached = False
    newest = rows - 1
    if rows > window:
        oldest = newest - window
        for i in range(columns.shape[0]):
            column = columns[i]
            total = sums[i] + matrix[newest, column] - matrix[oldest, column]
            sums[i] = total
            if total > full_limits[i]:
                breached = True
        return breached
    for i in range(columns.shape[0]):
        total = sums[i] + matrix[newest, columns[i]]
        sums[i] = total
        if total > limits[i] * rows:
            breached = True
    return breached


@kernel
def span_kernel(
    pods: np.ndarray,
    consts: np.ndarray,
    fleet: np.ndarray,
    matrix: np.ndarray,
    first_row: int,
    out: np.ndarray,
    inp: np.ndarray,
    retry_slots: np.ndarray,
    arrivals: np.ndarray,
    noise: np.ndarray,
    span: np.ndarray,
    slo: np.ndarray,
    slo_limits: np.ndarray,
    times: np.ndarray,
    clients: np.ndarray,
    disks: np.ndarray,
) -> int:
    """Run ticks from `span[T_NOW]` on, filling matrix rows from `first_row`; return how many.

    `arrivals` and `noise` are the normal draws to come (one and three a tick), `slo` the SLO
    metrics' columns, `slo_limits` their limits, full-window limits and running sums (rows 0, 1
    and 2), `clients` the rate-limited clients (`layout.K_*`), `disks` the ready pods'
    ephemeral volumes (`layout.D_*`). `inp` holds what stays the same
    over the span (`TickSpans` fills it); the tick's own inputs are written here, the tick
    times into `times`, and the span's state (and the clients', the cache's and the
    database's) back into `span` and `clients`."""
    dt = inp[I_DT]
    now = span[T_NOW]
    limit, refresh = span[T_LIMIT], span[T_REFRESH]
    head = int(span[T_HEAD])
    window = int(span[T_WINDOW])
    active = span[T_ACTIVE] != 0.0
    moving = span[T_MOVING] != 0.0
    impact_seconds = span[T_IMPACT_SECONDS]
    ticks, most = 0, int(span[T_MAX_TICKS])
    ooms, flipped, full = 0, False, 0
    while ticks < most:
        if ticks == 0:
            following = now  # SimPy woke the traffic process for this tick
        else:
            following = now + dt  # the very sum the SimPy timeout would schedule
            if limit <= following:
                break
        if refresh <= following:
            break
        now = following
        draw = 3 * ticks
        head = tick_inputs(inp, span, retry_slots, clients, head, now, arrivals[ticks], noise, draw)
        row = matrix[first_row + ticks]
        ooms = tick_kernel(pods, consts, fleet, row, out, inp, retry_slots)
        full = served_resources(span, row, fleet, disks, out, inp[I_ACCEPTED], now, dt)
        times[ticks] = now
        ticks += 1
        breached = slo_breached(
            matrix, first_row + ticks, window, slo, slo_limits[0], slo_limits[1], slo_limits[2]
        )
        flipped = breached != active
        if active and not flipped:
            impact_seconds += dt
        if flipped or (ooms and moving) or full:  # (the model takes OOMs only from moving pods)
            break
    span[T_NOW], span[T_HEAD], span[T_IMPACT_SECONDS] = now, head, impact_seconds
    span[T_OOMS], span[T_FLIPPED] = ooms, 1.0 if flipped else 0.0
    span[T_EVICTED] = full
    return ticks
