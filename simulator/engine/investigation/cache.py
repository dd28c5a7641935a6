"""Cache statistics (`redis-cli info stats` per node, summed): hit ratio, lookups and misses.

Lookups follow the model: a warm cache answers `hit_ratio` of them and its misses are the
service's usual `queries_per_request`; every extra miss of a cold cache is a database query.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from simulator.engine.investigation.registry import renders

if TYPE_CHECKING:
    from simulator.engine.core import Engine
    from simulator.scenario.schema import Command


def lookups_per_s(engine: Engine) -> float:
    """Cache lookups per second last tick."""
    state = engine.state
    cache = state.cache
    assert cache is not None
    queries = engine.scenario.service.pool.queries_per_request
    warm_miss = 1.0 - cache.nominal
    return state.last_served_rate * queries / warm_miss if warm_miss > 0 else 0.0


def nodes_lost(engine: Engine) -> int:
    """Cache nodes lost by cache_node_loss faults that have not ended."""
    return sum(
        active.fault.nodes_lost  # type: ignore[attr-defined]
        for active in engine.faults.faults.values()
        if active.fault.type == "cache_node_loss" and not active.ended
    )


@renders("cache_stats")
def cache_stats(engine: Engine, command: Command) -> list[str]:
    cache = engine.state.cache
    assert cache is not None
    hit = engine.metric("cache_hit_ratio")
    lookups = lookups_per_s(engine)
    misses = lookups * (1.0 - hit)
    usual = lookups * (1.0 - cache.nominal)
    flag = engine.scenario.service.cache.serve_stale_flag  # type: ignore[union-attr]
    stale = "on" if flag and engine.state.flags.get(flag, False) else "off"
    return [
        f"# Stats (summed over {cache.nodes} nodes)",
        f"keyspace_hit_ratio:{hit:.3f}",
        f"usual_hit_ratio:{cache.nominal:.3f}",
        f"lookups_per_sec:{lookups:.0f}",
        f"keyspace_hits_per_sec:{lookups * hit:.0f}",
        f"keyspace_misses_per_sec:{misses:.0f}",
        f"misses_above_usual_per_sec:{max(0.0, misses - usual):.0f}",
        f"keys_cached:{hit / cache.nominal if cache.nominal else 0.0:.0%} of the usual hot set",
        f"connected_nodes:{max(0, cache.nodes - nodes_lost(engine))}/{cache.nodes}",
        f"serve_stale:{stale}" + (f" (flag {flag})" if flag else ""),
    ]
