"""The service's own switches: rate limits, feature flags, load shedding, log level."""

from __future__ import annotations

from collections.abc import Generator
from typing import TYPE_CHECKING, Any

from simulator.engine.handlers.registry import Params, handles, instant

if TYPE_CHECKING:
    from simulator.engine.core import Engine


@handles("set_rate_limit")
def set_rate_limit(engine: Engine, params: Params) -> Generator[Any, Any, str]:
    key = f"rate_limit.{params['client']}"
    engine.settings.push(key, float(params["rps"]), "operator", f"set {key}")
    return (yield from instant(f"rate limit for {params['client']} set to {params['rps']} rps"))


@handles("set_feature_flag")
def set_feature_flag(engine: Engine, params: Params) -> Generator[Any, Any, str]:
    flag, enabled = str(params["flag"]), bool(params["enabled"])
    engine.state.flags[flag] = enabled
    engine.state.touch()
    return (yield from instant(f"flag {flag} {'enabled' if enabled else 'disabled'}"))


@handles("enable_load_shedding")
def enable_load_shedding(engine: Engine, params: Params) -> Generator[Any, Any, str]:
    engine.state.load_shedding = True
    engine.state.touch()
    return (yield from instant("load shedding enabled"))


@handles("set_log_level")
def set_log_level(engine: Engine, params: Params) -> Generator[Any, Any, str]:
    level = str(params["level"])
    engine.settings.push("log_level", level, "operator", f"set LOG_LEVEL={level}")
    return (yield from instant(f"log level set to {level}"))
