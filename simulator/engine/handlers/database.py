"""The database and its pools: pool size, killing backends, migrations, failover, resizing."""

from __future__ import annotations

from collections.abc import Generator
from typing import TYPE_CHECKING, Any

from simulator.engine.handlers.registry import Params, handles, instant

if TYPE_CHECKING:
    from simulator.engine.core import Engine


@handles("set_pool_size")
def set_pool_size(engine: Engine, params: Params) -> Generator[Any, Any, str]:
    engine.settings.push("pool_size", float(params["size"]), "operator", "set pool size")
    return (yield from instant(f"pool size set to {engine.state.pool_size} per replica"))


def _terminate_idle(engine: Engine) -> int:
    state = engine.state
    count = round(sum(p.leaked for p in state.running_pods()))
    for pod in state.pods:
        pod.leaked = 0.0
    state.terminated_idle_total += count
    state.touch()
    return count


@handles("terminate_idle_connections")
def terminate_idle_connections(engine: Engine, params: Params) -> Generator[Any, Any, str]:
    count = _terminate_idle(engine)
    return (yield from instant(f"terminated {count} idle-in-transaction backends"))


@handles("kill_queries")
def kill_queries(engine: Engine, params: Params) -> Generator[Any, Any, str]:
    if params["filter"] == "idle_in_transaction":
        count = _terminate_idle(engine)
        return (yield from instant(f"terminated {count} idle-in-transaction backends"))
    state = engine.state
    holders = [v for v in state.migrations if v not in state.reverted_migrations]
    state.killed_lock_holders.update(holders)
    state.touch()
    active = engine.metric("db_active_queries")
    detail = f"terminated {active:.0f} long-running queries"
    if holders:
        detail += f" (incl. the migration {holders[-1]}'s lock holder)"
    return (yield from instant(detail))


@handles("revert_migration")
def revert_migration(engine: Engine, params: Params) -> Generator[Any, Any, str]:
    state = engine.state
    pending = [v for v in state.migrations if v not in state.reverted_migrations]
    if not pending:
        return (yield from instant("no migration to revert"))
    state.reverted_migrations.add(pending[-1])
    state.touch()
    engine.record("migration.reverted", version=pending[-1])
    return (yield from instant(f"reverted migration {pending[-1]}"))


@handles("add_index")
def add_index(engine: Engine, params: Params) -> Generator[Any, Any, str]:
    table = str(params["table"])
    engine.state.indexed_tables.add(table)
    engine.state.touch()
    return (yield from instant(f"index created on {table} (CREATE INDEX CONCURRENTLY)"))


def _failover(engine: Engine) -> Generator[Any, Any, None]:
    """Connections drop, queries fail for the failover time, then the replica serves."""
    state = engine.state
    downtime = engine.scenario.service.database.failover_time
    state.db_down_until = engine.env.now + downtime
    state.db_failovers += 1
    for pod in state.pods:
        pod.leaked = 0.0
    state.killed_lock_holders.update(state.migrations)
    state.touch()
    yield engine.env.timeout(downtime)
    state.touch()


@handles("failover_database")
def failover_database(engine: Engine, params: Params) -> Generator[Any, Any, str]:
    yield from _failover(engine)
    return "failed over to the replica; every connection was reset"


@handles("scale_database")
def scale_database(engine: Engine, params: Params) -> Generator[Any, Any, str]:
    cores = float(params["cores"])
    yield from _failover(engine)
    engine.state.db_cores = cores
    engine.state.touch()
    return f"database resized to {cores:g} cores (failover onto the new instance)"
