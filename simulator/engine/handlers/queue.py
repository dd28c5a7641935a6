"""The queue and its consumer group."""

from __future__ import annotations

from collections.abc import Generator
from typing import TYPE_CHECKING, Any

from simulator.engine.handlers.registry import Params, handles, instant

if TYPE_CHECKING:
    from simulator.engine.core import Engine
    from simulator.engine.state import QueueState


def _queue(engine: Engine) -> QueueState | None:
    return engine.state.queue


@handles("skip_message")
def skip_message(engine: Engine, params: Params) -> Generator[Any, Any, str]:
    queue = _queue(engine)
    if queue is None:
        return (yield from instant("no queue"))
    queue.skips += 1
    engine.state.touch()
    return (yield from instant("consumers committed past the unprocessable message"))


@handles("purge_queue")
def purge_queue(engine: Engine, params: Params) -> Generator[Any, Any, str]:
    queue = _queue(engine)
    if queue is None:
        return (yield from instant("no queue"))
    lost = queue.backlog + queue.stalled_backlog
    queue.lost_total += lost
    queue.backlog = queue.stalled_backlog = 0.0
    queue.purged_at.append(engine.env.now)
    engine.state.touch()
    engine.record("queue.purged", messages_lost=round(lost))
    return (yield from instant(f"purged {lost:.0f} messages (lost)"))


@handles("scale_consumers")
def scale_consumers(engine: Engine, params: Params) -> Generator[Any, Any, str]:
    queue = _queue(engine)
    if queue is None:
        return (yield from instant("no queue"))
    queue.consumers = int(params["consumers"])
    engine.state.touch()
    return (yield from instant(f"consumers scaled to {queue.consumers}"))


@handles("restart_consumers")
def restart_consumers(engine: Engine, params: Params) -> Generator[Any, Any, str]:
    queue = _queue(engine)
    if queue is None:
        return (yield from instant("no queue"))
    queue.restarts += 1
    engine.state.touch()
    return (yield from instant("consumers restarted"))
