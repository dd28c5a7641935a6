"""Deploys and configuration: rollback of the latest deploy or config change."""

from __future__ import annotations

from collections.abc import Generator
from typing import TYPE_CHECKING, Any

from simulator.engine.handlers.registry import Params, handles, instant

if TYPE_CHECKING:
    from simulator.engine.core import Engine


@handles("rollback")
def rollback(engine: Engine, params: Params) -> Generator[Any, Any, str]:
    if params["target"] == "deploy":
        return (yield from _rollback_deploy(engine))
    record = engine.settings.revert_latest_config()
    return (
        yield from instant(
            f"reverted {record.key or record.change}" if record else "no config to revert"
        )
    )


def _rollback_deploy(engine: Engine) -> Generator[Any, Any, str]:
    state = engine.state
    deploys = [r for r in state.releases if r.kind == "deploy" and not r.rolled_back]
    if len(deploys) < 2:
        return "no earlier deploy to roll back to"
    latest, previous = deploys[-1], deploys[-2]
    latest.rolled_back = True
    engine.record("deploy.rollback", version=latest.version, to=previous.version)
    count = yield from engine.pods.roll_to(previous.version)
    return f"rolled back {latest.version} to {previous.version} ({count} pods replaced)"
