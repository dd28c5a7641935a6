"""Column layouts of the kernel's arrays: the pods' struct-of-arrays matrix, the scenario's
constants, the tick's inputs, the fleet sums, the tick's outcome, and the metrics row
(`ROW_NAMES`)."""

from __future__ import annotations

from simulator.metrics import METRIC_NAMES

# the ready pods, one row each (struct-of-arrays: a column per field)
P_LEAKED, P_MEMORY, P_CPU_COST, P_LEAK_BYTES, P_LEAK_RATE, P_MEM_RATE, P_OOM = range(7)
POD_FIELDS = 7

# the scenario's constants (fixed for a run)
C_ACQUIRE, C_GC_THRESHOLD, C_GC_PAUSE, C_WORKERS, C_BASELINE_MB = range(5)
C_NOISE, C_CPU_SECONDS, C_ORDERS = range(5, 8)
CONST_SIZE = 8

# The tick's scalar inputs, in one preallocated array: Numba's dispatcher types every argument
# of every call, so one array costs less than two dozen floats and two tuples. The `I_*` up to
# `I_PER_TICK` change every tick; the rest only with a discrete change (`TrafficModel._refresh`).
I_OFFERED, I_RETRIES, I_REJECTED, I_ACCEPTED, I_TLS_FAILED, I_BASE_S, I_HOLD = range(7)
I_NOISE_0, I_NOISE_1, I_NOISE_2 = range(7, 10)
I_QUERIES, I_DB_UTIL, I_DB_QUERY_TIME, I_DB_OTHER_ERRORS, I_TLS = range(10, 15)
I_POOL_CAP, I_POOL_SIZE, I_LIMIT_MB, I_REQUEST_TIMEOUT, I_CLIENT_TIMEOUT = range(15, 20)
I_LOAD_SHEDDING, I_RESTARTS, I_ARRIVALS, I_RETRY_HEAD = range(20, 24)
I_PER_TICK = 24
I_DEP_FAIL, I_DEP_MS, I_DB_CONNECTIONS, I_REFUSED, I_START_MEMORY = range(24, 29)
I_BAD_ERRORS, I_LOCK_WAIT, I_DT = range(29, 32)
# the retry policy in force (`retries.retry_inputs`)
I_RETRY_ATTEMPTS, I_RETRY_BUDGET, I_RETRY_HAS_BUDGET, I_RETRY_FIRST, I_RETRY_LAST = range(32, 37)
INPUT_SIZE = 37

# the fleet's sums over the ready pods (tick_records.Fleet)
F_PODS, F_OK, F_SERVICE, F_WORKER_TIME, F_IN_USE, F_WAITING = range(6)
F_POOL_WAIT, F_PAUSE, F_MAX_MEMORY, F_CPU_USE, F_THROTTLED = range(6, 11)
FLEET_SIZE = 11

# the tick's outcome (requests in the tick), and the workers' backlog carried to the next tick
O_SUCCESS, O_POOL_TIMEOUTS, O_DB_REFUSED, O_DEP_ERR, O_BAD, O_TIMEOUTS = range(6)
O_DROPPED, O_ERRORS, O_SERVED, O_BACKLOG, O_REJECTED, O_TLS = range(6, 12)
OUTCOME_SIZE = 12

# The metrics row: the columns in the order a served tick's journal entry lists them (the
# request path, then the resources' defaults, then the database); an outage tick's entry lists
# the same names in METRIC_NAMES order (`OUTAGE_ORDER` maps them onto the row).
ROW_NAMES: tuple[str, ...] = (
    "request_rate",
    "error_rate",
    "rejected_rate",
    "error_ratio",
    "rejected_ratio",
    "retry_rate",
    "latency_p50_ms",
    "latency_p95_ms",
    "latency_p99_ms",
    "pool_utilization",
    "pool_waiting",
    "db_connections",
    "worker_utilization",
    "cpu_utilization",
    "memory_utilization",
    "gc_pause_ms",
    "pod_restarts",
    "replicas_ready",
    "dependency_latency_ms",
    "orders_per_minute",
    "cache_hit_ratio",
    "cpu_throttled_ratio",
    "disk_utilization",
    "pod_evictions",
    "tls_handshake_errors",
    "certificate_expiry_days",
    "queue_backlog",
    "queue_lag_seconds",
    "queue_messages_lost",
    "db_cpu_utilization",
    "db_query_time_ms",
    "db_active_queries",
    "db_lock_waits",
    "db_other_clients_error_ratio",
)
ROW_SIZE = len(ROW_NAMES)
COLUMN = {name: i for i, name in enumerate(ROW_NAMES)}
# the request path's columns, which the kernels write by name
R_REQUEST_RATE, R_ERROR_RATE = COLUMN["request_rate"], COLUMN["error_rate"]
R_REJECTED_RATE, R_ERROR_RATIO = COLUMN["rejected_rate"], COLUMN["error_ratio"]
R_REJECTED_RATIO, R_RETRY_RATE = COLUMN["rejected_ratio"], COLUMN["retry_rate"]
R_P50, R_P95, R_P99 = COLUMN["latency_p50_ms"], COLUMN["latency_p95_ms"], COLUMN["latency_p99_ms"]
R_POOL_UTIL, R_POOL_WAITING = COLUMN["pool_utilization"], COLUMN["pool_waiting"]
R_DB_CONNECTIONS, R_WORKER_UTIL = COLUMN["db_connections"], COLUMN["worker_utilization"]
R_CPU_UTIL, R_MEMORY_UTIL = COLUMN["cpu_utilization"], COLUMN["memory_utilization"]
R_GC_PAUSE, R_RESTARTS = COLUMN["gc_pause_ms"], COLUMN["pod_restarts"]
R_REPLICAS, R_DEP_LATENCY = COLUMN["replicas_ready"], COLUMN["dependency_latency_ms"]
R_ORDERS = COLUMN["orders_per_minute"]
R_RESOURCES_FIRST = COLUMN["cache_hit_ratio"]  # from here to the database: the resources' own
R_TLS = COLUMN["tls_handshake_errors"]
R_CACHE_HIT, R_CPU_THROTTLED = COLUMN["cache_hit_ratio"], COLUMN["cpu_throttled_ratio"]
R_CERT_EXPIRY = COLUMN["certificate_expiry_days"]
R_QUEUE_BACKLOG, R_QUEUE_LAG = COLUMN["queue_backlog"], COLUMN["queue_lag_seconds"]
R_QUEUE_LOST = COLUMN["queue_messages_lost"]
R_DISK_UTIL, R_EVICTIONS = COLUMN["disk_utilization"], COLUMN["pod_evictions"]
R_DB_FIRST = COLUMN["db_cpu_utilization"]
OUTAGE_ORDER: tuple[int, ...] = tuple(COLUMN[name] for name in METRIC_NAMES)

assert sorted(ROW_NAMES) == sorted(METRIC_NAMES), "the row must hold every metric once"

# A span of ticks run in one kernel call (`kernel/span.py`): its limits, the traffic's numbers,
# and what it hands back. `T_NOW`, `T_HEAD` and `T_IMPACT_SECONDS` go in and come back moved on.
T_NOW, T_LIMIT, T_REFRESH, T_MAX_TICKS, T_HEAD = range(5)
T_BASELINE, T_AMPLITUDE, T_START_HOUR, T_PEAK, T_TRAFFIC, T_TLS = range(5, 11)
T_WINDOW, T_ACTIVE, T_IMPACT_SECONDS, T_MOVING, T_OOMS, T_FLIPPED = range(11, 17)
# the request path's numbers (`TrafficModel`), and the database: fixed over the span (`T_DB_FIXED`,
# its state as refreshed) or moved on every tick (cores set: utilisation in `T_DB_UTIL`)
T_QUERIES, T_BASE_S, T_NOMINAL_QUERY, T_LAST_SERVED = range(17, 21)
T_DB_FIXED, T_DB_UTIL, T_DB_QUERY_TIME, T_DB_OTHER = range(21, 25)
T_DB_CORES, T_DB_OTHER_LOAD, T_DB_EXTRA_LOAD, T_DB_DOWN, T_QUERY, T_LOCK_WAIT = range(25, 31)
T_REFUSED = 31
# the cache (`T_CACHE`: modelled), the pods' CPU columns, the nearest certificate expiry
T_CACHE, T_HIT_RATIO, T_CACHE_NOMINAL, T_CACHE_WARMUP, T_STALE_FACTOR = range(32, 37)
T_CPU, T_CERTIFICATES, T_EXPIRES_AT = range(37, 40)
# the queue (`T_QUEUE`: modelled): its state (`QueueState`), its shape and the faults' effects
T_QUEUE, T_Q_BACKLOG, T_Q_STALLED_BACKLOG, T_Q_STALLED, T_Q_SINCE, T_Q_CONSUMERS = range(40, 46)
T_Q_LOST, T_Q_PARTITIONS, T_Q_CONSUME_TIME, T_Q_PER_REQUEST, T_Q_STALLS, T_Q_SPEED = range(46, 52)
# the pods' ephemeral disks (`T_DISK`: modelled; each ready pod's volume in `disks`)
T_DISK, T_DISK_KB, T_DISK_LOGS, T_DISK_ROTATE, T_DISK_BASELINE, T_DISK_OTHERS = range(52, 58)
T_EVICTIONS, T_EVICTED = range(58, 60)
SPAN_SIZE = 60

# a ready pod's ephemeral volume, one row each (`Pod.disk_mb`, `volume_mb`, its extra writes)
D_USED, D_VOLUME, D_EXTRA = range(3)
DISK_FIELDS = 3

# a rate-limited client, one row each (`ClientLimit`): its share, limit and token bucket
K_SHARE, K_LIMIT, K_TOKENS, K_REJECTED_TOTAL, K_REJECTED_RECENT = range(5)
CLIENT_FIELDS = 5
