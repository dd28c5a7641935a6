"""The database's views: backends (`pg_stat_activity`), statements by mean time
(`pg_stat_statements`), locks (`pg_locks`) and the schema migrations table.

Statement times come from the `db_query_time_ms` metric, split between the slow path of each
active `slow_query` fault and the service's other queries, so the calls-weighted mean of the rows
is the metric itself.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

from simulator.engine.investigation.common import age, clock_time
from simulator.engine.investigation.registry import renders

if TYPE_CHECKING:
    from simulator.engine.core import Engine
    from simulator.faults.slow_query import SlowQueryParams
    from simulator.scenario.schema import Command

# The service's ordinary queries and their shares of its calls (flavour; the times are modelled).
ORDINARY_QUERIES: tuple[tuple[str, float], ...] = (
    ("SELECT * FROM sessions WHERE id = $1", 0.45),
    ("INSERT INTO orders (customer_id, total, created_at) VALUES ($1, $2, now())", 0.35),
    ("UPDATE inventory SET reserved = reserved + $1 WHERE sku = $2", 0.20),
)


@dataclass(frozen=True)
class SlowPath:
    """One active slow_query fault as the database sees it."""

    fault: SlowQueryParams
    factor: float  # query-time multiplier of its slow path at the fault's current level
    lock_wait: float  # seconds each of its queries waits on the migration's lock
    started: float


def slow_paths(engine: Engine) -> list[SlowPath]:
    """The slow_query faults acting now (started, not ended, mechanism in place)."""
    paths = []
    for active in engine.faults.faults.values():
        fault = active.fault
        if fault.type != "slow_query" or active.ended or active.expired:
            continue
        level = active.mechanism.level
        holder_alive = fault.migration.version not in engine.state.killed_lock_holders  # type: ignore[attr-defined]
        lock = fault.lock_wait * level if holder_alive else 0.0  # type: ignore[attr-defined]
        factor = 1.0 + (fault.query_time_multiplier - 1.0) * level  # type: ignore[attr-defined]
        paths.append(SlowPath(fault, factor, lock, fault.at))  # type: ignore[arg-type]
    return paths


def query_rate(engine: Engine) -> float:
    """Our queries per second last tick (active queries over the mean query time: Little's law)."""
    mean = engine.metric("db_query_time_ms") / 1000.0
    return engine.metric("db_active_queries") / mean if mean > 0 else 0.0


def _pid(text: str) -> int:
    return 10000 + zlib.crc32(text.encode()) % 50000


@dataclass(frozen=True)
class Statement:
    query: str
    calls_per_s: float
    mean_s: float


def statements(engine: Engine) -> list[Statement]:
    """The service's statements now: calls per second and mean time, slowest first."""
    calls = query_rate(engine)
    paths = slow_paths(engine)
    fx = engine.state.fx
    mean = engine.metric("db_query_time_ms") / 1000.0
    plain = max(0.0, mean - fx.lock_wait) / fx.query_time_multiplier
    slow_mult = 1.0
    for path in paths:
        slow_mult *= 1.0 + path.fault.share * (path.factor - 1.0)
    ordinary = plain * fx.query_time_multiplier / slow_mult  # other multipliers (a cold primary)
    slow_share = sum(p.fault.share for p in paths)
    rows = [
        Statement(
            f"SELECT * FROM {p.fault.table} WHERE customer_id = $1 ORDER BY created_at DESC",
            calls * p.fault.share,
            ordinary * p.factor + p.lock_wait,
        )
        for p in paths
    ]
    rest = max(0.0, 1.0 - slow_share)
    rows += [Statement(q, calls * rest * share, ordinary) for q, share in ORDINARY_QUERIES]
    return sorted(rows, key=lambda s: -s.mean_s)


@renders("pg_stat_statements")
def pg_stat_statements(engine: Engine, command: Command) -> list[str]:
    """Top statements by mean time, calls per second and their share of the database's time."""
    rows = statements(engine)
    total = sum(s.calls_per_s * s.mean_s for s in rows) or 1.0
    lines = [
        "SELECT calls, mean_exec_time, query FROM pg_stat_statements ORDER BY 2 DESC LIMIT 10;",
        f"{'calls/min':>9} | {'mean_ms':>9} | {'% time':>6} | query",
    ]
    for s in rows:
        share = s.calls_per_s * s.mean_s / total
        lines.append(
            f"{s.calls_per_s * 60:>9.0f} | {s.mean_s * 1000:>9.1f} | {share:>6.1%} | {s.query}"
        )
    lines.append(
        f"database CPU {engine.metric('db_cpu_utilization'):.0%}; "
        f"mean query {engine.metric('db_query_time_ms'):.1f} ms; "
        f"{engine.metric('db_active_queries'):.0f} of our queries active"
    )
    return lines


@renders("pg_locks")
def pg_locks(engine: Engine, command: Command) -> list[str]:
    """Lock waits: the migration holding an exclusive lock, and our queries waiting behind it."""
    now = engine.env.now
    lines = [
        "SELECT pid, mode, granted, relation, wait, query FROM pg_locks JOIN pg_stat_activity",
        f"{'pid':>6} | {'mode':<20} | {'granted':<7} | {'relation':<12} | {'waiting':>9} | query",
    ]
    rows = 0
    calls = query_rate(engine)
    for path in slow_paths(engine):
        if path.lock_wait <= 0.0:
            continue
        f = path.fault
        table = f.table
        lines.append(
            f"{_pid(f.migration.version):>6} | {'AccessExclusiveLock':<20} | {'t':<7} | "
            f"{table:<12} | {age(now - path.started):>9} | {f.migration.change} "
            f"(migration {f.migration.version})"
        )
        count = round(calls * f.share * path.lock_wait)  # Little's law again
        lines.append(
            f"{'':>6} | {'RowExclusiveLock':<20} | {'f':<7} | {table:<12} | "
            f"{path.lock_wait * 1000:>7.0f}ms | {count} x our queries on {table} (mean wait)"
        )
        rows += 2
    lines.append(f"({rows} rows)")
    return lines


@renders("migration_history")
def migration_history(engine: Engine, command: Command) -> list[str]:
    """The schema migrations table, newest first, with reverts and indexes added by hand."""
    state, now = engine.state, engine.env.now
    lines = [f"{'VERSION':<18}{'APPLIED':<22}{'BY':<16}{'STATUS':<10}CHANGE"]
    for at, record in reversed(state.migration_log):
        version, by, change = record.version, record.by, record.change  # type: ignore[attr-defined]
        status = "reverted" if version in state.reverted_migrations else "applied"
        when = f"{clock_time(engine, at)} ({age(now - at)} ago)"
        lines.append(f"{version:<18}{when:<22}{by:<16}{status:<10}{change}")
    for table in sorted(state.indexed_tables):
        lines.append(
            f"{'(manual)':<18}{'':<22}{'operator':<16}{'applied':<10}CREATE INDEX ON {table}"
        )
    if len(lines) == 1:
        lines.append("(no migrations since the start of the exercise)")
    return lines


@renders("pg_stat_activity")
def pg_stat_activity(engine: Engine, command: Command) -> list[str]:
    """Backends by application and state; leaked connections sit idle in transaction."""
    state = engine.state
    svc = state.scenario.service
    leaked = round(sum(p.leaked for p in state.running_pods()))
    total = round(engine.metric("db_connections"))
    active = min(
        total,
        round(engine.metric("pool_utilization") * len(state.ready_pods()) * state.pool_size)
        - leaked,
    )
    active = max(0, active)
    idle = max(0, total - leaked - active - svc.database.other_connections)
    oldest = engine.env.now - engine.fault_started_at("connection_leak")
    lines = [
        "SELECT application_name, state, count(*), max(now() - xact_start) FROM pg_stat_activity",
        f"{'application_name':<22}{'state':<30}{'count':>6}  oldest_xact",
        f"{svc.name:<22}{'active':<30}{active:>6}  00:00:00.2",
        f"{svc.name:<22}{'idle':<30}{idle:>6}",
    ]
    if leaked:
        lines.append(f"{svc.name:<22}{'idle in transaction':<30}{leaked:>6}  {age(oldest)}")
    if svc.database.other_connections:
        lines.append(f"{'other (batch, admin)':<22}{'idle':<30}{svc.database.other_connections:>6}")
    lines.append(f"max_connections = {svc.database.max_connections}; in use = {total}")
    return lines
