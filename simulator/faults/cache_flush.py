"""The cache in front of the database is emptied (a flush, a bad cache deploy): lookups miss,
misses become database queries, and the cache warms back with traffic."""

from __future__ import annotations

from typing import Literal

from simulator.faults.base import FaultParams, buys_time, fixes, hurts
from simulator.faults.cold_cache import ColdCache
from simulator.scenario.schema_base import Ratio


class CacheFlushParams(FaultParams):
    type: Literal["cache_flush"]
    share: Ratio = 1.0  # share of the keys flushed

    resources = frozenset({"cache", "database"})
    requires = "cache"


class CacheFlush(ColdCache[CacheFlushParams]):
    params = CacheFlushParams
    summary = "a cold cache: misses become database load until traffic warms it again"
    effects = {
        "warm_cache": fixes("a pre-warm job loads the hot keys in one pass"),
        "set_feature_flag": buys_time("serve-stale coalesces concurrent misses into one query"),
        "scale_database": buys_time("more database CPU absorbs the misses"),
        "enable_load_shedding": buys_time("sheds what the database cannot serve"),
        "scale": hurts("more pods send more misses at once"),
    }

    def lost_share(self, nodes: int) -> float:
        return self.fault.share
