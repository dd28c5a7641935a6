"""The renderer registry: one function per command kind, registered with `@renders(kind)`."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from simulator.engine.core import Engine
    from simulator.scenario.schema import Command

Renderer = Callable[["Engine", "Command"], list[str]]

RENDERERS: dict[str, Renderer] = {}


def renders(kind: str) -> Callable[[Renderer], Renderer]:
    """Register the renderer of one command kind (each kind exactly once)."""

    def register(func: Renderer) -> Renderer:
        if kind in RENDERERS:
            raise ValueError(f"two renderers for command kind {kind!r}")
        RENDERERS[kind] = func
        return func

    return register
