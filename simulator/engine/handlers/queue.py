"""The queue and its consumer group. Every handler needs `service.queue`; without one it says so
(the validator already refuses these actions' claims for a scenario without a queue)."""

from __future__ import annotations

from collections.abc import Callable, Generator
from typing import TYPE_CHECKING, Any

from simulator.engine.handlers.registry import Handler, Params, handles, instant

if TYPE_CHECKING:
    from simulator.engine.core import Engine
    from simulator.engine.state import QueueState

QueueAction = Callable[["Engine", "QueueState", Params], str]


def on_queue(action: str) -> Callable[[QueueAction], Handler]:
    """Register an instant queue action; it runs only when the scenario models a queue."""

    def register(change: QueueAction) -> Handler:
        def handler(engine: Engine, params: Params) -> Generator[Any, Any, str]:
            queue = engine.state.queue
            if queue is None:
                return (yield from instant("no queue"))
            detail = change(engine, queue, params)
            engine.state.touch()
            return (yield from instant(detail))

        return handles(action)(handler)

    return register


@on_queue("skip_message")
def skip_message(engine: Engine, queue: QueueState, params: Params) -> str:
    queue.skips += 1
    return "consumers committed past the unprocessable message"


@on_queue("purge_queue")
def purge_queue(engine: Engine, queue: QueueState, params: Params) -> str:
    lost = queue.backlog + queue.stalled_backlog
    queue.lost_total += lost
    queue.backlog = queue.stalled_backlog = 0.0
    queue.purged_at.append(engine.env.now)
    engine.record("queue.purged", messages_lost=round(lost))
    return f"purged {lost:.0f} messages (lost)"


@on_queue("scale_consumers")
def scale_consumers(engine: Engine, queue: QueueState, params: Params) -> str:
    queue.consumers = int(params["consumers"])
    return f"consumers scaled to {queue.consumers}"


@on_queue("restart_consumers")
def restart_consumers(engine: Engine, queue: QueueState, params: Params) -> str:
    queue.restarts += 1
    return "consumers restarted"
