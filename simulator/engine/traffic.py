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
"""

from __future__ import annotations

import math

from simulator.engine.queueing import (
    SERVICE_P50,
    SERVICE_P95,
    SERVICE_P99,
    LatencyMix,
    clamp01,
    observed_quantile,
    wait_probability,
    wait_quantile,
    wait_tail,
)
from simulator.engine.resources import (
    cache_query_factor,
    database_load,
    grow_disk,
    step_queue,
    throttle_factor,
    warm_cache,
)
from simulator.engine.retries import schedule_retries, take_due_retries
from simulator.engine.state import Pod, QueueState, ServiceState
from simulator.engine.tick_records import Fleet, Load, PodLoad, Queueing, TickOutcome
from simulator.metrics import METRIC_NAMES
from simulator.rng import NormalFeed
from simulator.scenario.service_models import Queue

RESOURCE_DEFAULTS = {  # the readings of resources a scenario does not model
    "cache_hit_ratio": 0.0,
    "cpu_throttled_ratio": 0.0,
    "disk_utilization": 0.0,
    "pod_evictions": 0.0,
    "tls_handshake_errors": 0.0,
    "certificate_expiry_days": 0.0,
    "queue_backlog": 0.0,
    "queue_lag_seconds": 0.0,
    "queue_messages_lost": 0.0,
}
SHED_MAX_WAIT = 0.25  # seconds of queue a load-shedding server keeps before answering 503


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
    """Advances the continuous state one tick at a time and returns that tick's metrics."""

    def __init__(self, state: ServiceState, dt: float, arrivals: NormalFeed, noise: NormalFeed):
        self.state = state
        self.dt = dt
        self._arrivals = arrivals
        self._noise = noise
        svc = state.scenario.service
        self._svc = svc
        self._nominal_query_s = svc.database.query_time * svc.pool.queries_per_request
        self._noise_level = svc.traffic.noise
        self._cpu_seconds = svc.service_time
        self._orders_per_request = svc.traffic.orders_per_request
        self._revision = -1
        self._now = 0.0
        self._outcome = TickOutcome()  # reused: the engine reads it before the next tick
        self._refresh()

    def _refresh(self) -> None:
        """Recompute what only discrete events change (pods, faults, settings), once per change."""
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
        self._db_static = (
            database_load(state, 0.0, self._query, self._lock_wait, self._grant[1])
            if state.db_cores is None
            else None
        )

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
        """(arrivals, retries) in requests per second for this tick."""
        state, dt = self.state, self.dt
        base = state.scenario.service.traffic.baseline_rps * daily_factor(state, t)
        lam = base * state.fx.traffic_multiplier * dt
        count = max(0.0, lam + math.sqrt(lam) * self._arrivals.next())
        retries = take_due_retries(state)
        return count / dt, retries / dt

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

    # ------------------------------------------------------------------ memory

    def _gc(self, memory_mb: float) -> tuple[float, float]:
        """(service-time multiplier, GC pause seconds) from a pod's memory pressure."""
        mem = self.state.scenario.service.memory
        use = memory_mb / self.state.memory_limit_mb
        if use <= mem.gc_pressure_threshold:
            return 1.0, mem.gc_pause
        x = min(1.0, (use - mem.gc_pressure_threshold) / (1.0 - mem.gc_pressure_threshold))
        overhead = 0.6 * x * x
        return 1.0 / (1.0 - overhead), mem.gc_pause * (1.0 + 40.0 * x * x)

    def _grow_memory(self, pod: Pod, requests: float, rate: float) -> bool:
        """Advance one pod's memory; True when it has reached its limit (an OOM kill)."""
        state = self.state
        if rate > 0.0:
            pod.leak_bytes_mb += requests * rate
        elif pod.leak_bytes_mb > 0.0:  # the leaking code is gone: its caches are collected
            pod.leak_bytes_mb = max(0.0, 0.95 * pod.leak_bytes_mb - 1.0)
        else:
            return False
        pod.memory_mb = self._svc.memory.baseline_mb + pod.leak_bytes_mb
        return pod.memory_mb >= state.memory_limit_mb

    # ------------------------------------------------------------------ per-pod pools

    def _pod_load(
        self, leaked: float, memory_mb: float, cpu_cost: float, lam: float, f: Fleet
    ) -> PodLoad:
        """One pod's pool and worker picture for its leaked connections, memory and CPU."""
        mult, pause = self._gc(memory_mb)
        s_i = f.base_s * mult
        if cpu_cost > 0.0:
            s_i = self._throttled(s_i, lam * cpu_cost, cpu_cost, f)
        hold, acquire = f.hold, f.acquire
        usable = f.pool_cap - leaked
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
                pool_wait_p99 = min(acquire, wait_quantile(0.99, p_wait, a, usable, hold))
            else:
                p_wait, ok, pool_wait_p99 = 1.0, usable / a, acquire
        ok *= 1.0 - f.refused
        return PodLoad(
            ok,
            s_i,
            ok * s_i + (1.0 - ok) * acquire,
            min(f.pool_cap, leaked + lam * ok * hold),
            lam * (1.0 - ok) * acquire + lam * p_wait * hold * 0.5,
            pool_wait_p99,
            pause,
        )

    def _throttled(self, s_i: float, use: float, cpu_cost: float, f: Fleet) -> float:
        """Service time under the CPU limit: mild throttling below it; at or past it the pod
        serves only what its quota allows, so its workers hold each request that much longer."""
        throttled = s_i * throttle_factor(use)
        if use >= 1.0:  # CPU-bound: workers / service time must not exceed quota / CPU per request
            throttled = max(throttled, self._svc.workers_per_replica * cpu_cost)
        f.cpu_use += min(1.0, use)
        f.throttled += 1.0 - s_i / throttled
        return throttled

    def _fleet_load(self, ready: list[Pod], lam: float, f: Fleet) -> list[Pod]:
        """Fold every ready pod into `f`; advance leaks and memory; return pods to OOM-kill.

        Pods in the same state (most of them, most of the time) share one computation.
        """
        dt = self.dt
        counts: dict[tuple[float, float, float], int] = {}
        for pod in ready:
            key = (pod.leaked, pod.memory_mb, pod.cpu_cost)
            counts[key] = counts.get(key, 0) + 1
        ok_by_key: dict[tuple[float, float, float], float] = {}
        for key, count in counts.items():
            if key[1] > f.max_memory:
                f.max_memory = key[1]
            load = self._pod_load(key[0], key[1], key[2], lam, f)
            f.add(load, count)
            ok_by_key[key] = load.ok
        leaks = self._leaks
        if leaks:
            for pod in ready:
                rate = leaks.get(id(pod))
                if rate:
                    ok = ok_by_key[(pod.leaked, pod.memory_mb, pod.cpu_cost)]
                    pod.leaked = min(f.pool_cap, pod.leaked + lam * ok * dt * rate)
        ooms: list[Pod] = []
        rates = self._memory_rates
        for pod in ready:
            rate = rates.get(id(pod), 0.0) if rates else 0.0
            if (rate > 0.0 or pod.leak_bytes_mb > 0.0) and self._grow_memory(pod, lam * dt, rate):
                ooms.append(pod)
        return ooms

    # ------------------------------------------------------------------ the tick

    def tick(self, t: float) -> tuple[dict[str, float], TickOutcome]:
        state, dt = self.state, self.dt
        self._now = t
        if state.revision != self._revision:
            self._refresh()
        svc = self._svc
        arrivals, retries = self._offered(t)
        offered = arrivals + retries
        rejected = self._rate_limit(offered) if self._limited else 0.0
        accepted = max(0.0, offered - rejected)
        tls_failed = accepted * self._tls
        grant, refused, db_conns = self._grant
        load = Load(
            offered,
            arrivals,
            retries,
            rejected,
            accepted - tls_failed,
            self._dep_fail,
            self._dep_ms,
            db_conns,
            tls_failed,
        )
        out = self._outcome
        out.reset(rejected * dt)
        out.tls_failures = tls_failed * dt
        ready = self._ready
        queries = svc.pool.queries_per_request
        if state.cache is not None:
            queries *= cache_query_factor(state.cache, self._stale())
        db = self._db_static or database_load(
            state, state.last_served_rate * queries, self._query, self._lock_wait, refused
        )
        self._db = db
        if not ready:
            state.last_served_rate = 0.0
            metrics, out = self._outage(load, self._max_memory_utilization(), out)
            self._resource_metrics(metrics, None, queries, t)
            return metrics, out
        fleet = Fleet(
            base_s=self._base_s + max(0.0, queries * db.query_time - self._nominal_query_s),
            acquire=svc.pool.acquire_timeout,
            pool_cap=state.pool_size * grant,
            refused=refused,
            pool_size=state.pool_size,
            hold=db.query_time * queries,
            max_memory=self._starting_memory,
        )
        lam = load.accepted / len(ready)
        out.oom = tuple(self._fleet_load(ready, lam, fleet))
        if self._disk_rates or svc.disk is not None:
            out.evicted = tuple(self._fill_disks(ready, lam))
        memory_util = clamp01(fleet.max_memory / state.memory_limit_mb)
        metrics, out = self._serve(load, fleet, svc.workers_per_replica, memory_util, out)
        self._resource_metrics(metrics, fleet, queries, t)
        return metrics, out

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

    def _resource_metrics(
        self, metrics: dict[str, float], fleet: Fleet | None, queries: float, t: float
    ) -> None:
        """The database, cache, CPU, disk, TLS and queue readings of this tick (each only when
        the scenario models that resource; the rest keep the defaults `_serve` wrote)."""
        state, db, dt = self.state, self._db, self.dt
        served = state.last_served_rate
        metrics["db_cpu_utilization"] = clamp01(db.utilization)
        metrics["db_query_time_ms"] = db.query_time * 1000.0
        metrics["db_active_queries"] = served * queries * db.query_time
        metrics["db_lock_waits"] = served * queries * self._lock_wait
        metrics["db_other_clients_error_ratio"] = clamp01(db.other_errors)
        if self._tls:
            metrics["tls_handshake_errors"] = self._outcome.tls_failures / dt
        if not self._extras:
            return
        cache = state.cache
        if cache is not None:
            metrics["cache_hit_ratio"] = cache.hit_ratio
            baseline = self._svc.traffic.baseline_rps
            warm_cache(cache, self._svc.cache, served / baseline if baseline else 1.0, dt)  # type: ignore[arg-type]
        if fleet is not None and fleet.pods and self._cpu_model:
            metrics["cpu_utilization"] = fleet.cpu_use / fleet.pods
            metrics["cpu_throttled_ratio"] = fleet.throttled / fleet.pods
        if self._svc.disk is not None:
            metrics["disk_utilization"] = self._max_disk()
            metrics["pod_evictions"] = float(state.evictions_total)
        if state.certificates:
            metrics["certificate_expiry_days"] = self._expiry_days(t)
        queue, spec = state.queue, self._svc.queue
        if queue is not None and spec is not None:
            self._queue_metrics(metrics, queue, spec, t)

    def _queue_metrics(
        self, metrics: dict[str, float], queue: QueueState, spec: Queue, t: float
    ) -> None:
        fx, dt = self.state.fx, self.dt
        produced = self._outcome.success / dt * spec.messages_per_request
        reading = step_queue(queue, spec, produced, fx.stalled_partitions, fx.consumer_speed, t, dt)
        metrics["queue_backlog"] = reading.backlog
        metrics["queue_lag_seconds"] = reading.lag
        metrics["queue_messages_lost"] = queue.lost_total

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

    def _serve(
        self, load: Load, fleet: Fleet, workers_per_pod: int, memory_util: float, out: TickOutcome
    ) -> tuple[dict[str, float], TickOutcome]:
        """Queue the accepted load on the workers and turn it into outcomes and metrics."""
        n = fleet.pods
        wt, s_mean = fleet.worker_time / n, fleet.service / n
        workers = float(n * workers_per_pod)
        # Clients give up after their own attempt timeout; the server keeps the request queued
        # (and later does the now useless work) until its request timeout.
        timeout, client_timeout = self.state.request_timeout, self.state.client_timeout
        patience = timeout if timeout < client_timeout else client_timeout
        queue = self._queue(load.accepted, wt, s_mean, workers, patience)
        errors = self._outcomes(load, fleet, queue, out)
        answered = max(1e-9, queue.served + queue.dropped)
        mix = LatencyMix(
            out.timeouts / answered,
            out.pool_timeouts / answered,
            patience,
            fleet.acquire,
            s_mean,
            math.exp(self._noise_level * self._noise.next()),
        )
        metrics = self._served_metrics(load, fleet, queue, mix, errors, memory_util, out)
        metrics.update(
            cpu_utilization=self._cpu(out.success, workers),
            orders_per_minute=self._orders(out.success),
        )
        return metrics, out

    def _queue(
        self, accepted: float, wt: float, s_mean: float, workers: float, patience: float
    ) -> Queueing:
        """Erlang-C waiting while the workers keep up; a backlog served in order when not."""
        state, dt = self.state, self.dt
        erlangs = accepted * wt
        if state.backlog <= 0.0 and erlangs < workers * 0.98:
            p_wait = wait_probability(erlangs, workers)
            if p_wait > 0.01:
                w50 = wait_quantile(0.50, p_wait, erlangs, workers, wt)
                w95 = wait_quantile(0.95, p_wait, erlangs, workers, wt)
                w99 = wait_quantile(0.99, p_wait, erlangs, workers, wt)
            else:  # fewer than 1% wait at all: every quantile up to p99 waits zero
                w50 = w95 = w99 = 0.0
            late = wait_tail(max(0.0, patience - s_mean), p_wait, erlangs, workers, wt)
            return Queueing(accepted * dt, 0.0, w50, w95, w99, late, erlangs / workers)
        capacity = workers / wt
        total = state.backlog + accepted * dt
        served = min(total, capacity * dt)
        head_wait = state.backlog / capacity
        remaining = total - served
        limit = capacity * (SHED_MAX_WAIT if state.load_shedding else state.request_timeout)
        dropped = max(0.0, remaining - limit)
        state.backlog = remaining - dropped if remaining - dropped > 1e-6 else 0.0
        late = clamp01((head_wait + s_mean - 0.9 * patience) / (0.2 * patience))
        return Queueing(served, dropped, head_wait, head_wait, head_wait, late, 1.0)

    def _outcomes(self, load: Load, fleet: Fleet, queue: Queueing, out: TickOutcome) -> float:
        """Split the served requests into successes and each kind of failure (into `out`); the
        failures are retried. Returns the tick's errors."""
        state, dt = self.state, self.dt
        served, dropped = queue.served, queue.dropped
        conn_ok = served * (fleet.ok / fleet.pods)
        db_refused = served * fleet.refused
        pool_timeouts = max(0.0, served - conn_ok - db_refused)
        dep_err = conn_ok * load.dep_fail
        bad = (conn_ok - dep_err) * self._bad_errors
        timed_out = (conn_ok - dep_err - bad) * queue.late
        success = conn_ok - dep_err - bad - timed_out
        tls_failed = load.tls_failed * dt
        errors = served - success + dropped + tls_failed
        state.last_served_rate = served / dt
        out.success = success
        if errors > 0.0:
            schedule_retries(state, dt, errors, load.arrivals * dt, served + dropped + tls_failed)
        out.pool_timeouts, out.db_refused = pool_timeouts, db_refused
        out.dependency_errors, out.bad_release_errors = dep_err, bad
        out.timeouts, out.dropped = timed_out, dropped
        return errors

    def _served_metrics(
        self,
        load: Load,
        fleet: Fleet,
        queue: Queueing,
        mix: LatencyMix,
        errors: float,
        memory_util: float,
        out: TickOutcome,
    ) -> dict[str, float]:
        """The tick's metrics when at least one replica serves (CPU and orders added after)."""
        dt, n = self.dt, fleet.pods
        pool_wait, pause = fleet.pool_wait_p99, fleet.pause
        p50 = observed_quantile(0.50, SERVICE_P50, queue.w50, mix)
        p95 = max(
            p50,
            observed_quantile(0.95, SERVICE_P95, queue.w95 + pool_wait * 0.5 + pause * 0.5, mix),
        )
        p99 = max(p95, observed_quantile(0.99, SERVICE_P99, queue.w99 + pool_wait + pause, mix))
        total_requests = load.offered * dt
        return {
            "request_rate": load.offered,
            "error_rate": errors / dt,
            "rejected_rate": load.rejected,
            "error_ratio": clamp01(errors / total_requests) if total_requests > 0 else 0.0,
            "rejected_ratio": clamp01(out.rejected / total_requests) if total_requests > 0 else 0.0,
            "retry_rate": load.retries,
            "latency_p50_ms": p50 * 1000.0,
            "latency_p95_ms": p95 * 1000.0,
            "latency_p99_ms": p99 * 1000.0,
            "pool_utilization": clamp01(fleet.in_use / (n * fleet.pool_size)),
            "pool_waiting": fleet.waiting,
            "db_connections": load.db_connections,
            "worker_utilization": clamp01(queue.worker_util),
            "cpu_utilization": 0.0,
            "memory_utilization": memory_util,
            "gc_pause_ms": pause * 1000.0,
            "pod_restarts": float(self.state.restarts_total),
            "replicas_ready": float(n),
            "dependency_latency_ms": load.dep_ms,
            "orders_per_minute": 0.0,
            **RESOURCE_DEFAULTS,
        }

    def _cpu(self, success: float, workers: float) -> float:
        cpu_work = success * self._cpu_seconds / self.dt / max(1.0, workers)
        return clamp01((0.05 + 1.6 * cpu_work) * math.exp(self._noise_level * self._noise.next()))

    def _orders(self, success: float) -> float:
        orders = success / self.dt * self._orders_per_request * 60.0
        return orders * math.exp(self._noise_level * 0.5 * self._noise.next())

    def _outage(
        self, load: Load, memory_util: float, out: TickOutcome
    ) -> tuple[dict[str, float], TickOutcome]:
        """No ready replica: the load balancer answers every accepted request 503."""
        dt = self.dt
        self._noise.next(), self._noise.next(), self._noise.next()  # keep stream alignment
        errors = (load.accepted + load.tls_failed) * dt
        schedule_retries(self.state, dt, errors, load.arrivals * dt, errors)
        out.dropped = errors
        total = load.offered * dt
        metrics = dict.fromkeys(METRIC_NAMES, 0.0)
        metrics.update(
            request_rate=load.offered,
            error_rate=load.accepted + load.tls_failed,
            rejected_rate=load.rejected,
            error_ratio=clamp01(errors / total) if total > 0 else 0.0,
            rejected_ratio=clamp01(out.rejected / total) if total > 0 else 0.0,
            retry_rate=load.retries,
            latency_p50_ms=1.0,
            latency_p95_ms=2.0,
            latency_p99_ms=3.0,
            db_connections=load.db_connections,
            memory_utilization=memory_util,
            pod_restarts=float(self.state.restarts_total),
        )
        return metrics, out

    def _max_memory_utilization(self) -> float:
        running = self._running
        if not running:
            return 0.0
        return clamp01(max(p.memory_mb for p in running) / self.state.memory_limit_mb)
