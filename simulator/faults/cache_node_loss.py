"""A cache node is lost: its share of the keys misses until they are warm on the other nodes."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from simulator.faults.base import FaultParams, buys_time, fixes, hurts
from simulator.faults.cold_cache import ColdCache


class CacheNodeLossParams(FaultParams):
    type: Literal["cache_node_loss"]
    # cache nodes lost; their share of the keys (of `cache.nodes`) misses
    nodes_lost: Annotated[int, Field(ge=1, le=100)] = 1

    resources = frozenset({"cache", "database"})
    requires = "cache"


class CacheNodeLoss(ColdCache[CacheNodeLossParams]):
    params = CacheNodeLossParams
    summary = "one cache node's keys miss until they are warm on the other nodes"
    effects = {
        "warm_cache": fixes("a pre-warm job loads the lost node's hot keys"),
        "set_feature_flag": buys_time("serve-stale coalesces concurrent misses into one query"),
        "scale_database": buys_time("more database CPU absorbs the misses"),
        "scale": hurts("more pods send more misses at once"),
    }

    def lost_share(self, nodes: int) -> float:
        return self.fault.nodes_lost / max(1, nodes)
