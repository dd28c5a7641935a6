"""The cache in front of the database."""

from __future__ import annotations

from collections.abc import Generator
from typing import TYPE_CHECKING, Any

from simulator.engine.handlers.registry import Params, handles, instant

if TYPE_CHECKING:
    from simulator.engine.core import Engine

WARM_SHARE = 0.98  # the pre-warm job loads this share of what is missing (the hot keys)


@handles("warm_cache")
def warm_cache(engine: Engine, params: Params) -> Generator[Any, Any, str]:
    cache = engine.state.cache
    if cache is None:
        return (yield from instant("no cache to warm"))
    before = cache.hit_ratio
    cache.hit_ratio += (cache.nominal - cache.hit_ratio) * WARM_SHARE
    engine.state.touch()
    return (yield from instant(f"cache warmed: hit ratio {before:.0%} -> {cache.hit_ratio:.0%}"))
