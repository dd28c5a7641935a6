"""Pods and nodes: restarts, scaling, limits, volumes, draining and cordoning nodes."""

from __future__ import annotations

from collections.abc import Generator
from typing import TYPE_CHECKING, Any

from simulator.engine.handlers.registry import Params, handles, instant

if TYPE_CHECKING:
    from simulator.engine.core import Engine


@handles("restart_pods")
def restart_pods(engine: Engine, params: Params) -> Generator[Any, Any, str]:
    count = yield from engine.pods.restart_all()
    return f"restarted {count} pods"


@handles("scale")
def scale(engine: Engine, params: Params) -> Generator[Any, Any, str]:
    replicas = int(params["replicas"])
    engine.pods.scale(replicas)
    yield engine.env.timeout(engine.scenario.service.pod_start_time)
    return f"scaled to {replicas} replicas"


@handles("set_memory_limit")
def set_memory_limit(engine: Engine, params: Params) -> Generator[Any, Any, str]:
    engine.state.memory_limit_mb = float(params["mb"])
    count = yield from engine.pods.restart_all()
    return f"memory limit {params['mb']} MB; restarted {count} pods"


@handles("set_cpu_limit")
def set_cpu_limit(engine: Engine, params: Params) -> Generator[Any, Any, str]:
    engine.state.cpu_limit = float(params["cores"])
    count = yield from engine.pods.restart_all()
    return f"CPU limit {float(params['cores']):g} cores; restarted {count} pods"


@handles("expand_volume")
def expand_volume(engine: Engine, params: Params) -> Generator[Any, Any, str]:
    engine.state.volume_mb = float(params["mb"])
    count = yield from engine.pods.restart_all()
    return f"ephemeral storage {params['mb']} MB per pod; restarted {count} pods"


@handles("cordon_node")
def cordon_node(engine: Engine, params: Params) -> Generator[Any, Any, str]:
    engine.state.cordoned.add(str(params["node"]))
    engine.state.touch()
    return (yield from instant(f"node {params['node']} cordoned"))


@handles("drain_node")
def drain_node(engine: Engine, params: Params) -> Generator[Any, Any, str]:
    node = str(params["node"])
    engine.state.cordoned.add(node)
    count = yield from engine.pods.drain(node)
    return f"node {node} drained ({count} pods moved)"
