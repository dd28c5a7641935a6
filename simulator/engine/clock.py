"""The engine's SimPy environment, with a shortcut for the traffic process's ticks.

A run is one tick every `dt` (3,600 an hour) and a few hundred other events. Scheduling a SimPy
event per tick costs more than the tick's own Python, so the traffic process runs, after each
tick it was woken for, every further tick that no other event is due before or at: it moves
the clock itself and calls the tick, without an event. That is exactly the order SimPy would
have run them in: an event due at the same time as a tick (an earlier-scheduled timeout, the
`until` of `run`, a process started during the tick) makes the process yield to SimPy again, so
ties keep SimPy's order, and every event is still processed at its own time.
"""

from __future__ import annotations

from collections.abc import Callable

import simpy


class TickClock(simpy.Environment):
    """`simpy.Environment` plus `run_ticks`, the traffic process's event-free ticks."""

    def run_ticks(
        self, dt: float, tick: Callable[[], None], span: Callable[[float], bool] | None = None
    ) -> None:
        """Call `tick` at now + dt, now + 2 dt, ... while no event is due at or before the
        next tick; on return the next tick needs a SimPy event (the caller's timeout).

        `span(limit)`, when given, is tried first: it may run a stretch of those ticks itself,
        all before `limit` (the next event's time), moving the clock with `jump`; it returns
        False when it ran none.

        Must be called from the running process (it moves `now`, as SimPy's `step` does,
        through the environment's `_now`: `simpy.Environment` keeps the clock there and has no
        public setter)."""
        while True:
            following = self._now + dt  # the very sum `timeout(dt)` would schedule
            limit = self.peek()
            if limit <= following:
                return
            if span is not None and span(limit):
                continue
            self._now = following
            tick()

    def jump(self, now: float) -> None:
        """Move the clock to a tick a span ran (`run_ticks`): no event is due before it."""
        self._now = now
