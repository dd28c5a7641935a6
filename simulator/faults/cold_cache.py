"""What a flushed cache and a lost cache node share: keys go missing at onset, misses become
database queries, and the mechanism is gone once traffic (or a pre-warm job) has warmed the cache
back to within WARM_MARGIN of its usual hit ratio."""

from __future__ import annotations

from typing import TypeVar

from simulator.faults.base import FaultParams, Mechanism, World

WARM_MARGIN = 0.02

P = TypeVar("P", bound=FaultParams)


class ColdCache(Mechanism[P]):
    def lost_share(self, nodes: int) -> float:
        """The share of the cached keys lost at onset."""
        raise NotImplementedError

    def onset(self, world: World) -> None:
        cache = world.state.cache
        if cache is not None:
            cache.hit_ratio *= 1.0 - min(1.0, self.lost_share(cache.nodes) * self.level)

    def present(self, world: World) -> bool:
        cache = world.state.cache
        return cache is not None and cache.hit_ratio < cache.nominal - WARM_MARGIN

    def gone(self, world: World) -> str:
        cache = world.state.cache
        return f"the cache is warm again ({cache.hit_ratio:.0%} hits)" if cache else "no cache"
