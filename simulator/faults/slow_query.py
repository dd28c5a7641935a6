"""A migration drops an index or changes a plan: one endpoint's queries get slow, holding
connections longer, loading the database, and waiting on locks while the migration runs."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from simulator.effects import Effects
from simulator.faults.base import FaultParams, Mechanism, World, buys_time, fixes, hurts
from simulator.scenario.schema_base import Duration, Identifier, Model, Ratio


class MigrationRecord(Model):
    """The schema migration that caused it, as `migration_history` shows it."""

    version: str
    by: str
    change: str


class SlowQueryParams(FaultParams):
    type: Literal["slow_query"]
    # the table whose queries got slow (what `add_index` must name)
    table: Identifier
    # missing_index (an index fixes it) or plan_change (only reverting the migration does)
    cause: Literal["missing_index", "plan_change"] = "missing_index"
    # how much longer a slow query takes, before the database's own stretch
    query_time_multiplier: Annotated[float, Field(gt=1.0, le=10_000.0)]
    share: Ratio = 1.0  # share of the service's queries that hit the slow path
    lock_wait: Duration = 0.0  # mean lock wait per slow query while the migration holds a lock
    # the schema migration that caused it, as the migration history shows it
    migration: MigrationRecord

    resources = frozenset({"database", "migration"})


class SlowQuery(Mechanism[SlowQueryParams]):
    params = SlowQueryParams
    summary = (
        "one endpoint's queries are slow; pools hold connections longer; the database loads up"
    )
    effects = {
        "revert_migration": fixes("the old schema and its index come back"),
        "add_index": fixes("an index on the table makes the query fast again (missing_index)"),
        "kill_queries": buys_time("killing the lock holder ends the lock waits, not the slow plan"),
        "scale_database": buys_time("more database CPU absorbs the slow queries for a while"),
        "set_pool_size": hurts("more concurrent slow queries on a saturated database"),
        "scale": hurts("more pods send more slow queries at once"),
    }

    def onset(self, world: World) -> None:
        world.state.migrations.append(self.fault.migration.version)
        world.state.migration_log.append((world.now, self.fault.migration))

    def _fixed(self, world: World) -> str | None:
        state, f = world.state, self.fault
        if f.migration.version in state.reverted_migrations:
            return f"migration {f.migration.version} reverted"
        if f.cause == "missing_index" and f.table in state.indexed_tables:
            return f"index added on {f.table}"
        return None

    def contribute(self, world: World, fx: Effects) -> None:
        f = self.fault
        if not self.present(world):
            return
        fx.query_time_multiplier *= 1.0 + f.share * (f.query_time_multiplier - 1.0) * self.level
        if f.lock_wait > 0.0 and f.migration.version not in world.state.killed_lock_holders:
            fx.lock_wait += f.share * f.lock_wait * self.level

    def present(self, world: World) -> bool:
        return self._fixed(world) is None

    def gone(self, world: World) -> str:
        return self._fixed(world) or "gone"
