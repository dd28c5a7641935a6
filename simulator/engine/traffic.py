"""The per-tick aggregate traffic model (DESIGN section 4).

Each tick turns offered load into outcomes through the service's mechanisms, in request order:
arrivals (Poisson around a daily pattern) plus client retries of earlier failures, the per-client
rate limiter (429s), the database connection pool per replica (leaked connections, acquire
timeouts, `max_connections`), the worker pool (an M/M/c queue while it keeps up, a FIFO backlog
with client timeouts when it does not), downstream dependencies, and memory with GC pressure.
Beyond the request path: the database's CPU stretches query time (and so connection hold time),
a cache turns misses into queries, pods are throttled at their CPU limit, ephemeral volumes fill,
TLS handshakes fail on an expired certificate, and a queue fills when its consumers fall behind
(`resources.py`). Faults act only through `state.fx` (their `Effects`), rebuilt on every discrete
change. Metrics follow from those outcomes; nothing here is a scripted curve.

This module gathers each tick's inputs and keeps the state between ticks; the numeric heart of a
tick (pools, memory, queue, outcomes, latency, the metrics row) is `kernel/tick.py`, compiled with
Numba when it is installed (docs/how-to/performance.md).
"""

from __future__ import annotations

import math

import numpy as np

from simulator.engine import traffic_spans as spans
from simulator.engine.kernel.layout import (
    C_ACQUIRE,
    C_BASELINE_MB,
    C_CPU_SECONDS,
    C_GC_PAUSE,
    C_GC_THRESHOLD,
    C_NOISE,
    C_ORDERS,
    C_WORKERS,
    COLUMN,
    CONST_SIZE,
    DISK_FIELDS,
    F_CPU_USE,
    F_PODS,
    F_THROTTLED,
    FLEET_SIZE,
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
    I_RETRY_HEAD,
    I_RETRY_LAST,
    I_START_MEMORY,
    I_TLS,
    I_TLS_FAILED,
    INPUT_SIZE,
    O_BACKLOG,
    O_SERVED,
    P_LEAK_BYTES,
    P_LEAKED,
    P_MEMORY,
    P_OOM,
    POD_FIELDS,
    ROW_NAMES,
    ROW_SIZE,
    T_AMPLITUDE,
    T_BASE_S,
    T_BASELINE,
    T_CERTIFICATES,
    T_CPU,
    T_EXPIRES_AT,
    T_HEAD,
    T_LAST_SERVED,
    T_MOVING,
    T_NOMINAL_QUERY,
    T_OOMS,
    T_PEAK,
    T_QUERIES,
    T_START_HOUR,
    T_TLS,
    T_TRAFFIC,
)
from simulator.engine.kernel.tick import outage_kernel, tick_kernel
from simulator.engine.metric_rows import MetricRows
from simulator.engine.queueing import clamp01
from simulator.engine.resources import (
    cache_query_factor,
    database_load,
    grow_disk,
    step_queue,
    warm_cache,
)
from simulator.engine.retries import retry_inputs
from simulator.engine.state import Pod, QueueState, ServiceState
from simulator.engine.tick_records import TickOutcome
from simulator.rng import NormalFeed
from simulator.scenario.service_models import Queue


def _call_success(p_fail: float, calls_per_request: float) -> float:
    """Share of requests whose calls to one dependency all succeed. Whole calls fail
    independently; a fraction is the share of requests that make one more call (`0.3`: three
    requests in ten call it), so a dependency that fails every call fails only those requests."""
    whole = math.floor(calls_per_request)
    part = calls_per_request - whole
    return (1.0 - p_fail) ** whole * (1.0 - part * p_fail)


def daily_factor(state: ServiceState, t: float) -> float:
    pattern = state.scenario.service.traffic.daily_pattern
    if pattern.amplitude == 0.0:
        return 1.0
    hour = state.scenario.service.traffic.start_hour + t / 3600.0
    return 1.0 + pattern.amplitude * math.cos(2.0 * math.pi * (hour - pattern.peak_hour) / 24.0)


class TrafficModel:
    """Advances the continuous state one tick at a time and returns that tick's metrics.

    The numeric heart of a tick (the fleet's pools and memory, the workers' queue, outcomes and
    latency) is `kernel.tick.tick_kernel`, compiled with Numba when it is installed. The ready
    pods' continuous state lives in a struct-of-arrays matrix rebuilt on every discrete change
    (`state.revision`) and copied back to the `Pod` objects after every tick that changes it;
    each tick writes one row of the run's metrics matrix (`MetricRows`), and the journal's
    metrics entry is built from that row.
    """

    def __init__(self, state: ServiceState, dt: float, arrivals: NormalFeed, noise: NormalFeed):
        self.state = state
        self.dt = dt
        self._arrivals = arrivals
        self._noise = noise
        svc = state.scenario.service
        self._svc = svc
        self._nominal_query_s = svc.database.query_time * svc.pool.queries_per_request
        self._noise_level = svc.traffic.noise
        traffic = svc.traffic  # the scenario is frozen: its numbers are read once
        self._baseline_rps, self._start_hour = traffic.baseline_rps, traffic.start_hour
        self._amplitude = traffic.daily_pattern.amplitude
        self._peak = traffic.daily_pattern.peak_hour
        self._revision = -1
        self._stale_pods = False  # the pods' matrix is ahead of the Pod objects (`sync_pods`)
        self._now = 0.0
        self._outcome = TickOutcome()  # reused: the engine reads it before the next tick
        self._queries_per_request = svc.pool.queries_per_request
        self._consts = self._constants()
        self._inp = np.zeros(INPUT_SIZE)
        self._inp[I_DT] = dt
        self._fleet = np.zeros(FLEET_SIZE)
        self._clients = spans.NO_CLIENTS  # the limited clients as a span reads them
        self._disks = np.zeros((0, DISK_FIELDS))  # the ready pods' volumes, as a span fills them
        self.rows = MetricRows(int(state.scenario.duration / dt) + 2, ROW_SIZE)
        self._refresh()

    def _constants(self) -> np.ndarray:
        """The scenario's numbers the kernel reads every tick (`layout.C_*`)."""
        svc, consts = self._svc, np.zeros(CONST_SIZE)
        memory = self.state.scenario.service.memory
        consts[C_ACQUIRE] = svc.pool.acquire_timeout
        consts[C_GC_THRESHOLD] = memory.gc_pressure_threshold
        consts[C_GC_PAUSE] = memory.gc_pause
        consts[C_WORKERS] = svc.workers_per_replica
        consts[C_BASELINE_MB] = svc.memory.baseline_mb
        consts[C_NOISE] = svc.traffic.noise
        consts[C_CPU_SECONDS] = svc.service_time
        consts[C_ORDERS] = svc.traffic.orders_per_request
        return consts

    def _refresh(self) -> None:
        """Recompute what only discrete events change (pods, faults, settings), once per change."""
        self.sync_pods()
        state, fx, svc = self.state, self.state.fx, self._svc
        self._revision = state.revision
        self._running = state.running_pods()
        self._ready = [p for p in self._running if p.state == "ready"]
        self._grant = self._db_grant(self._running)
        dep_added, self._dep_fail, self._dep_ms = self._dependency()
        added, errors = self._release_effects()
        self._base_s = svc.service_time + dep_added + added
        self._bad_errors = errors
        self._leaks = self._per_pod(fx.leak_per_request)
        self._memory_rates = self._per_pod(fx.memory_mb_per_request)
        self._disk_rates = self._per_pod(fx.disk_mb_per_s) if svc.disk else {}
        self._limited = [c for c in state.clients if c.limit_rps is not None]
        self._starting_memory = (
            svc.memory.baseline_mb if len(self._ready) < len(self._running) else 0.0
        )
        self._query = svc.database.query_time * fx.query_time_multiplier
        self._lock_wait = fx.lock_wait
        self._tls = fx.ingress_tls_failures
        self._cpu_model = svc.cpu is not None
        if self._cpu_model:
            self._price_cpu()
        self._extras = bool(
            state.cache or state.queue or state.certificates or svc.disk or self._cpu_model
        )
        self._inputs_of_refresh()
        self._db_static = (
            database_load(state, 0.0, self._query, self._lock_wait, self._grant[1])
            if state.db_cores is None
            else None
        )
        self._gather_pods()
        # what a span of ticks in the kernel can run (`begin_span`): a tick with a ready pod
        self._plain = bool(self._ready)

    def _inputs_of_refresh(self) -> None:
        """The kernel's inputs that only a discrete change moves (`layout.I_*` past
        `I_PER_TICK`)."""
        inp = self._inp
        inp[I_DEP_FAIL], inp[I_DEP_MS], inp[I_BAD_ERRORS] = (
            self._dep_fail,
            self._dep_ms,
            self._bad_errors,
        )
        inp[I_REFUSED], inp[I_DB_CONNECTIONS] = self._grant[1], self._grant[2]
        inp[I_START_MEMORY], inp[I_LOCK_WAIT] = self._starting_memory, self._lock_wait
        policy = retry_inputs(self.state.retry, self.dt)
        inp[I_RETRY_ATTEMPTS : I_RETRY_LAST + 1] = policy
        self.state.retry_line.reserve(int(policy[-1]))

    def _gather_pods(self) -> None:
        """The ready pods as the kernel's struct-of-arrays matrix (`layout.P_*` columns).

        Code that changes a pod's leaked connections or memory between ticks marks the change
        with `state.touch()` (as it must for every cached quantity here), so gathering once per
        change is enough; the tick copies the new values back while any of them moves.
        """
        leaks, rates, ready = self._leaks, self._memory_rates, self._ready
        self._pods = np.array(
            [
                (
                    p.leaked,
                    p.memory_mb,
                    p.cpu_cost,
                    p.leak_bytes_mb,
                    leaks.get(id(p), 0.0),
                    rates.get(id(p), 0.0),
                    0.0,
                )
                for p in ready
            ],
            dtype=np.float64,
        ).reshape(len(ready), POD_FIELDS)
        self._moving = bool(leaks or rates or any(p.leak_bytes_mb > 0.0 for p in ready))

    def column(self, name: str) -> np.ndarray | None:
        """Metric `name` of every tick so far (a copy of a column of the metrics matrix), or
        None."""
        index = COLUMN.get(name)
        if index is None:
            return None
        return np.ascontiguousarray(self.rows.matrix[: self.rows.count, index])

    def sync_pods(self) -> None:
        """Copy the kernel's newest leaks and memory onto the `Pod` objects, if they moved.

        Only the kernel changes them between discrete events, so the copy waits until something
        else may read or change a pod: a refresh, an OOM kill or an eviction in the tick, and
        the traffic process handing control back to SimPy (`Engine._traffic`)."""
        if self._stale_pods:
            self._stale_pods = False
            self._copy_back(self._pods, self._ready)

    def _per_pod(self, rates: dict[str | None, float]) -> dict[int, float]:
        """Per running pod (by id), the rate that applies to its release (None: every pod)."""
        if not rates:
            return {}
        every = rates.get(None, 0.0)
        out = {}
        for pod in self._running:
            rate = every + rates.get(pod.version, 0.0)
            if rate > 0.0:
                out[id(pod)] = rate
        return out

    def _release_effects(self) -> tuple[float, float]:
        """(added seconds, failure share) across ready pods from releases that slow or fail."""
        fx, ready = self.state.fx, self._ready
        if not ready or not (fx.added_latency or fx.error_ratio):
            return 0.0, 0.0
        added = sum(fx.added_latency.get(p.version, 0.0) for p in ready) / len(ready)
        errors = sum(fx.error_ratio.get(p.version, 0.0) for p in ready) / len(ready)
        return added, errors

    def _price_cpu(self) -> None:
        """Each pod's CPU cost per request/s as a share of what its node lets it use."""
        fx, cpu = self.state.fx, self._svc.cpu
        assert cpu is not None
        for pod in self._running:
            room = pod.cpu_limit * (1.0 - fx.node_cpu_steal.get(pod.node, 0.0))
            need = cpu.per_request * fx.cpu_multiplier.get(pod.version, 1.0)
            pod.cpu_cost = need / room if room > 0 else math.inf

    # ------------------------------------------------------------------ load

    def _offered(self, t: float) -> tuple[float, float]:
        """(arrivals, retries) in requests per second for this tick (`daily_factor` with the
        frozen scenario's numbers read once, and `take_due_retries`, inlined: every tick)."""
        state, dt = self.state, self.dt
        if self._amplitude == 0.0:
            daily = 1.0
        else:
            hour = self._start_hour + t / 3600.0
            daily = 1.0 + self._amplitude * math.cos(2.0 * math.pi * (hour - self._peak) / 24.0)
        lam = self._baseline_rps * daily * state.fx.traffic_multiplier * dt
        count = max(0.0, lam + math.sqrt(lam) * self._arrivals.next())
        return count / dt, state.retry_line.take() / dt

    def _rate_limit(self, offered: float) -> float:
        """Apply each named client's token bucket; return rejected requests per second."""
        rejected = 0.0
        dt = self.dt
        for client in self._limited:
            demand = offered * client.share * dt
            limit = client.limit_rps or 0.0
            client.tokens = min(limit, client.tokens + limit * dt)
            allowed = demand if demand < client.tokens else client.tokens
            client.tokens -= allowed
            refused = demand - allowed
            client.rejected_total += refused
            client.rejected_recent = client.rejected_recent * 0.98 + refused
            rejected += refused
        return rejected / dt

    # ------------------------------------------------------------------ dependencies

    def _dependency(self) -> tuple[float, float, float]:
        """(added service seconds per request, failure probability per request, mean call ms)."""
        fx = self.state.fx
        added, ok, mean_ms = 0.0, 1.0, 0.0
        for dep in self._svc.dependencies:
            mult = fx.dependency_latency.get(dep.name, 1.0)
            mean = dep.latency * mult
            p_timeout = math.exp(-dep.timeout / mean) if mean > 0 else 0.0
            p_fail = 1.0 - (1.0 - fx.dependency_errors.get(dep.name, 0.0)) * (1 - p_timeout)
            added += min(mean, dep.timeout) * dep.calls_per_request
            ok *= _call_success(p_fail, dep.calls_per_request)
            mean_ms = max(mean_ms, min(mean, dep.timeout) * 1000.0)
        return added, 1.0 - ok, mean_ms

    # ------------------------------------------------------------------ database grant

    def _db_grant(self, running: list[Pod]) -> tuple[float, float, float]:
        """(usable share of each pool, refused fraction, open connections) under max_connections.

        Pools try to hold `pool_size` connections each. Past `max_connections` the database
        refuses new ones; pools keep retrying and hand the error to waiting requests, so every
        replica sees a share of its requests fail with "too many clients".
        """
        state = self.state
        db = state.scenario.service.database
        if state.fx.db_down or state.db_down_until > self._now:
            return 0.0, 1.0, float(db.other_connections)
        room = max(0.0, float(db.max_connections - db.other_connections))
        demand = float(len(running) * self.state.pool_size)
        if demand <= room or demand == 0.0:
            return 1.0, 0.0, demand + db.other_connections
        return room / demand, 1.0 - room / demand, float(db.max_connections)

    # ------------------------------------------------------------------ the tick

    def tick(self, t: float) -> tuple[dict[str, float], TickOutcome]:
        """This tick's metrics (a journal entry's values) and outcome.

        The offered load, the rate limiter and the database are gathered here into the kernel's
        input array (`_inp`); the kernel (`_serve`, or `outage_kernel` without a ready pod)
        does the rest and writes the tick's row of the metrics matrix."""
        state, dt, inp = self.state, self.dt, self._inp
        self.prepare(t)
        arrivals, retries = self._offered(t)
        offered = arrivals + retries
        rejected = self._rate_limit(offered) if self._limited else 0.0
        accepted = max(0.0, offered - rejected)
        tls_failed = accepted * self._tls
        inp[I_OFFERED], inp[I_RETRIES], inp[I_REJECTED] = offered, retries, rejected
        inp[I_ACCEPTED], inp[I_TLS_FAILED] = accepted - tls_failed, tls_failed
        inp[I_ARRIVALS], inp[I_TLS] = arrivals, tls_failed * dt if self._tls else 0.0
        queries = self._queries_per_request
        if state.cache is not None:
            queries *= cache_query_factor(state.cache, self._stale())
        db = self._db_static or database_load(
            state, state.last_served_rate * queries, self._query, self._lock_wait, self._grant[1]
        )
        self._db = db
        inp[I_QUERIES], inp[I_DB_UTIL], inp[I_DB_QUERY_TIME] = (
            queries,
            db.utilization,
            db.query_time,
        )
        inp[I_DB_OTHER_ERRORS], inp[I_RESTARTS] = db.other_errors, state.restarts_total
        inp[I_RETRY_HEAD] = state.retry_line.head
        out = self._outcome
        out.oom = out.evicted = ()
        row = self.rows.next_row()
        if not self._ready:
            return self._outage_tick(row, t)
        self._serve(row, accepted - tls_failed, db.query_time * queries)
        if self._extras:
            self._other_resources(row, True, t)
        return dict(zip(ROW_NAMES, row.tolist(), strict=False)), out  # served_values, inlined

    @property
    def outcome(self) -> TickOutcome:
        """The newest tick's outcome (one object, reused every tick)."""
        return self._outcome

    # ------------------------------------------------------------------ spans of ticks

    def prepare(self, t: float) -> None:
        """What a tick at `t` does first: refresh what only discrete changes move, if one came."""
        self._now = t
        if self.state.revision != self._revision:
            self._refresh()

    def spannable(self) -> bool:
        """Can the next ticks run as a span in the kernel (`engine/tick_span.py`)? When a pod
        is ready and nothing changed since the last refresh (`prepare`)."""
        return self._plain and self.state.revision == self._revision

    def begin_span(self, span: np.ndarray, most: int) -> tuple[np.ndarray, np.ndarray]:
        """Fill what stays the same over a span of at most `most` ticks: the kernel's inputs
        that `tick` and `_serve` set every tick to the same values, the traffic's numbers and
        the resources' state (`layout.T_*`, `_span_resources`). Returns the arrivals' and the
        noise's draws to come (one and three a tick; `end_span` takes those used)."""
        state, inp = self.state, self._inp
        inp[I_RESTARTS] = state.restarts_total
        pool_size = state.pool_size
        inp[I_POOL_CAP], inp[I_POOL_SIZE] = pool_size * self._grant[0], pool_size
        inp[I_LIMIT_MB], inp[I_LOAD_SHEDDING] = state.memory_limit_mb, state.load_shedding
        inp[I_REQUEST_TIMEOUT], inp[I_CLIENT_TIMEOUT] = state.request_timeout, state.client_timeout
        self._outcome.values[O_BACKLOG] = state.backlog
        span[T_HEAD] = state.retry_line.head
        span[T_BASELINE], span[T_AMPLITUDE] = self._baseline_rps, self._amplitude
        span[T_START_HOUR], span[T_PEAK] = self._start_hour, self._peak
        span[T_TRAFFIC], span[T_TLS] = state.fx.traffic_multiplier, self._tls
        span[T_MOVING] = self._moving
        self._span_resources(span)
        arrivals, first = self._arrivals.ahead(most)
        noise, first_noise = self._noise.ahead(3 * most)
        return arrivals[first:], noise[first_noise:]

    def _span_resources(self, span: np.ndarray) -> None:
        """The request path's numbers and the resources' state as a span reads them
        (`traffic_spans`): the database, the cache, the queue, the volumes, the limited
        clients, and whether the pods' CPU and the certificates have columns to write."""
        state, svc = self.state, self._svc
        span[T_QUERIES], span[T_BASE_S] = self._queries_per_request, self._base_s
        span[T_NOMINAL_QUERY], span[T_LAST_SERVED] = self._nominal_query_s, state.last_served_rate
        spans.put_database(
            span, state, self._db_static, self._query, self._lock_wait, self._grant[1]
        )
        spans.put_cache(span, state.cache, svc.cache, self._stale())
        span[T_CPU], span[T_CERTIFICATES] = self._cpu_model, bool(state.certificates)
        if state.certificates:
            span[T_EXPIRES_AT] = min(c.expires_at for c in state.certificates.values())
        spans.put_queue(span, state, svc.queue)
        disks = spans.put_disks(span, state, svc.disk, self._running, self._ready, self._disk_rates)
        if disks is not None:
            self._disks = disks
        self._clients = spans.put_clients(self._limited)

    def _end_span_resources(self, span: np.ndarray) -> None:
        """Take back the resources' state a span moved on (`_span_resources`)."""
        state = self.state
        self._db = spans.take_database(span, state, self._db_static)
        spans.take_cache(span, state.cache)
        spans.take_queue(span, state.queue)
        if self._limited:
            spans.take_clients(self._clients, self._limited)

    def _end_span_disks(self) -> None:
        """Take back the volumes; the pods whose volume is full are this tick's evictions."""
        if self._svc.disk is None:
            return
        self._outcome.evicted = evicted = spans.take_disks(self._disks, self._ready)
        if evicted:
            self.sync_pods()

    def end_span(self, ticks: int, now: float, span: np.ndarray) -> None:
        """Take back what a span of `ticks` ticks moved on, as `tick` would have left it."""
        state, out = self.state, self._outcome
        self._end_span_resources(span)
        self._arrivals.skip(ticks)
        self._noise.skip(3 * ticks)
        self.rows.count += ticks
        self._now = now
        state.retry_line.head = int(span[T_HEAD])
        values = out.values
        state.backlog, state.last_served_rate = (
            values.item(O_BACKLOG),
            values.item(O_SERVED) / self.dt,
        )
        out.oom = out.evicted = ()
        if self._moving:
            self._stale_pods = True
            if span[T_OOMS]:
                self._stale_pods = False
                out.oom = self._copy_back(self._pods, self._ready)
        self._end_span_disks()

    def span_arrays(self) -> tuple[np.ndarray, ...]:
        """The kernel's arrays a span runs on: pods, constants, fleet, inputs, outcome, the
        retries' delay line, the rate-limited clients (`_span_resources` builds them)."""
        return (
            self._pods,
            self._consts,
            self._fleet,
            self._inp,
            self._outcome.values,
            self.state.retry_line.slots,
            self._clients,
            self._disks,
        )

    def _outage_tick(self, row: np.ndarray, t: float) -> tuple[dict[str, float], TickOutcome]:
        """No ready replica: the load balancer answers every accepted request 503."""
        state, out = self.state, self._outcome
        state.last_served_rate = 0.0
        self._noise.next3()  # the draws a served tick makes: keeps the stream aligned
        memory_util = self._max_memory_utilization()
        outage_kernel(row, out.values, self._inp, state.retry_line.slots, memory_util)
        self._other_resources(row, False, t)
        return self.rows.outage_values(row), out

    def _serve(self, row: np.ndarray, accepted: float, hold: float) -> None:
        """Run the kernel over the ready pods (`_inp` holds the tick's load and the database);
        copy its outcome back into the model's state."""
        state, dt, inp = self.state, self.dt, self._inp
        excess = hold - self._nominal_query_s
        inp[I_BASE_S] = self._base_s + (excess if excess > 0.0 else 0.0)
        inp[I_HOLD] = hold
        inp[I_NOISE_0], inp[I_NOISE_1], inp[I_NOISE_2] = self._noise.next3()
        pool_size = state.pool_size
        inp[I_POOL_CAP], inp[I_POOL_SIZE] = pool_size * self._grant[0], pool_size
        inp[I_LIMIT_MB], inp[I_LOAD_SHEDDING] = state.memory_limit_mb, state.load_shedding
        inp[I_REQUEST_TIMEOUT], inp[I_CLIENT_TIMEOUT] = state.request_timeout, state.client_timeout
        values, pods = self._outcome.values, self._pods
        values[O_BACKLOG] = state.backlog
        ooms = tick_kernel(
            pods, self._consts, self._fleet, row, values, inp, state.retry_line.slots
        )
        o = values.tolist()
        state.backlog = o[O_BACKLOG]
        state.last_served_rate = o[O_SERVED] / dt
        if self._moving:
            self._stale_pods = True
            if ooms:
                self._stale_pods = False
                self._outcome.oom = self._copy_back(pods, self._ready)
        if self._disk_rates or self._svc.disk is not None:
            self._fill(accepted)

    def _fill(self, accepted: float) -> None:
        """The ephemeral volumes of a served tick; the pods that filled theirs are evicted."""
        ready = self._ready
        evicted = tuple(self._fill_disks(ready, accepted / len(ready)))
        self._outcome.evicted = evicted
        if evicted:
            self.sync_pods()

    @staticmethod
    def _copy_back(pods: np.ndarray, ready: list[Pod]) -> tuple[Pod, ...]:
        """Write the kernel's new leaks and memory onto the pods; return the pods to OOM-kill."""
        ooms = []
        for pod, values in zip(ready, pods.tolist(), strict=True):
            pod.leaked = values[P_LEAKED]
            pod.memory_mb = values[P_MEMORY]
            pod.leak_bytes_mb = values[P_LEAK_BYTES]
            if values[P_OOM]:
                ooms.append(pod)
        return tuple(ooms)

    def _stale(self) -> bool:
        flag = self._svc.cache.serve_stale_flag if self._svc.cache else None
        return flag is not None and self.state.flags.get(flag, False)

    def _fill_disks(self, ready: list[Pod], lam: float) -> list[Pod]:
        """Advance every ready pod's ephemeral volume; return the pods to evict."""
        disk, dt = self._svc.disk, self.dt
        assert disk is not None
        log_rate = lam * disk.log_kb_per_request / 1024.0 * self.state.fx.log_multiplier
        rates = self._disk_rates
        return [
            pod for pod in ready if grow_disk(pod, disk, log_rate + rates.get(id(pod), 0.0), dt)
        ]

    def _other_resources(self, row: np.ndarray, served: bool, t: float) -> None:
        """The cache, CPU, disk, certificate and queue readings of this tick (each only when
        the scenario models that resource; the rest keep the defaults the row has)."""
        if not self._extras:
            return
        state, dt = self.state, self.dt
        served_rate = state.last_served_rate
        cache = state.cache
        if cache is not None:
            row[COLUMN["cache_hit_ratio"]] = cache.hit_ratio
            baseline = self._svc.traffic.baseline_rps
            rate = served_rate / baseline if baseline else 1.0
            warm_cache(cache, self._svc.cache, rate, dt)  # type: ignore[arg-type]
        if served and self._cpu_model:
            pods, cpu_use, throttled = self._fleet[[F_PODS, F_CPU_USE, F_THROTTLED]].tolist()
            row[COLUMN["cpu_utilization"]] = cpu_use / pods
            row[COLUMN["cpu_throttled_ratio"]] = throttled / pods
        if self._svc.disk is not None:
            row[COLUMN["disk_utilization"]] = self._max_disk()
            row[COLUMN["pod_evictions"]] = float(state.evictions_total)
        if state.certificates:
            row[COLUMN["certificate_expiry_days"]] = self._expiry_days(t)
        queue, spec = state.queue, self._svc.queue
        if queue is not None and spec is not None:
            self._queue_metrics(row, queue, spec, t)

    def _queue_metrics(self, row: np.ndarray, queue: QueueState, spec: Queue, t: float) -> None:
        fx, dt = self.state.fx, self.dt
        produced = self._outcome.success / dt * spec.messages_per_request
        reading = step_queue(queue, spec, produced, fx.stalled_partitions, fx.consumer_speed, t, dt)
        row[COLUMN["queue_backlog"]] = reading.backlog
        row[COLUMN["queue_lag_seconds"]] = reading.lag
        row[COLUMN["queue_messages_lost"]] = queue.lost_total

    def _max_disk(self) -> float:
        running = self._running
        if not running:
            return 0.0
        return clamp01(max(p.disk_mb / p.volume_mb if p.volume_mb else 0.0 for p in running))

    def _expiry_days(self, t: float) -> float:
        certs = self.state.certificates
        if not certs:
            return 0.0
        return max(0.0, min(c.expires_at for c in certs.values()) - t) / 86400.0

    def _max_memory_utilization(self) -> float:
        running = self._running
        if not running:
            return 0.0
        return clamp01(max(p.memory_mb for p in running) / self.state.memory_limit_mb)
