"""The engine's event-free ticks (`TickClock.run_ticks`) run in exactly the order one SimPy
timeout per tick would: events due at a tick's time, scheduled before it, come first; events
started during a tick come right after it; `run(until=...)` stops at the same place; and the
random feed's three-at-once draw consumes the stream like three single draws."""

from __future__ import annotations

from collections.abc import Callable, Generator
from typing import Any

import numpy as np
import simpy

from simulator.engine.clock import TickClock
from simulator.rng import _BLOCK, NormalFeed

DT = 1.0


def _world(env: simpy.Environment, fast: bool) -> list[tuple[float, str]]:
    """A ticker plus other processes whose events fall on, between and during ticks."""
    seen: list[tuple[float, str]] = []

    def other(name: str, delays: tuple[float, ...]) -> Generator[Any, Any, None]:
        for delay in delays:
            yield env.timeout(delay)
            seen.append((env.now, name))

    def started_by_tick() -> Generator[Any, Any, None]:
        seen.append((env.now, "started"))
        yield env.timeout(0.5)
        seen.append((env.now, "started+0.5"))

    def tick() -> None:
        seen.append((env.now, "tick"))
        if env.now in (4.0, 9.0):
            env.process(started_by_tick())

    def ticker() -> Generator[Any, Any, None]:
        while True:
            yield env.timeout(DT)
            tick()
            if fast:
                assert isinstance(env, TickClock)
                env.run_ticks(DT, tick)

    env.process(other("early", (3.0, 2.5, 0.25, 4.25)))  # on ticks 3 and 10, between others
    env.process(ticker())
    env.process(other("late", (3.0, 3.0, 0.5)))  # on ticks 3 and 6, scheduled after the ticker
    return seen


def _run(make: Callable[[], simpy.Environment], fast: bool) -> list[tuple[float, str]]:
    env = make()
    seen = _world(env, fast)
    for until in (2.0, 2.0 + 1e-9, 7.5, 12.0, 20.5):
        env.run(until=until)
        seen.append((env.now, "stop"))
    return seen


def test_event_free_ticks_keep_simpys_order():
    slow = _run(simpy.Environment, fast=False)
    fast = _run(TickClock, fast=True)
    assert fast == slow
    assert (3.0, "early") in fast and (10.0, "tick") in fast and (9.5, "started+0.5") in fast
    ticks = [t for t, what in fast if what == "tick"]
    assert ticks == [float(t) for t in range(1, 21)]


def test_three_draws_at_once_consume_the_stream_like_three_single_draws():
    one = NormalFeed(np.random.default_rng(7))
    three = NormalFeed(np.random.default_rng(7))
    singles = [one.next() for _ in range(3 * _BLOCK + 3)]
    batched: list[float] = [three.next()]  # off by one, so a triple straddles each block's end
    while len(batched) < len(singles):
        batched.extend(three.next3())
    assert batched[: len(singles)] == singles
