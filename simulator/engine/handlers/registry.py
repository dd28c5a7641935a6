"""The system-action registry: one handler per action of `simulator.actions.SYSTEM_ACTIONS`.

A handler runs after the action's delay, changes the model, and returns a short description of
what it did for the journal's `action.effect`. It may take time itself (a rollout) by yielding
SimPy events. A test fails when a system action has no handler or a handler no action.
"""

from __future__ import annotations

from collections.abc import Callable, Generator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from simulator.engine.core import Engine

Params = dict[str, Any]
Handler = Callable[["Engine", Params], Generator[Any, Any, str]]

HANDLERS: dict[str, Handler] = {}


def handles(action: str) -> Callable[[Handler], Handler]:
    def register(handler: Handler) -> Handler:
        if action in HANDLERS:
            raise ValueError(f"two handlers for {action}")
        HANDLERS[action] = handler
        return handler

    return register


def instant(result: str) -> Generator[Any, Any, str]:
    """A handler's result when it takes no simulated time."""
    return result
    yield  # makes this a generator
