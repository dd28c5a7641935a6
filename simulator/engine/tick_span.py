"""Spans of ticks: the traffic process's event-free ticks run many at a time in the kernel.

`TickClock.run_ticks` runs every tick that no SimPy event is due before. When a pod is ready
(`TrafficModel.spannable`), those ticks change only floats (after what `Engine._tick` does first:
the faults' sync, the model's refresh), so `span_kernel` (kernel/span.py) runs them in one call,
filling the metrics matrix's rows. Here they then become what `Engine._tick` makes of a tick:
a journal entry per tick (the same values, in the row's order), the alert history's samples,
the impact's running sums and seconds. A span stops after a tick that needs Python (an OOM
kill, the SLO breach flipping, a full volume), and that tick is settled here as `_tick` would
have.
"""

from __future__ import annotations

import math
from functools import partial
from typing import TYPE_CHECKING

import numpy as np

from simulator.engine.kernel.layout import (
    COLUMN,
    SPAN_SIZE,
    T_ACTIVE,
    T_FLIPPED,
    T_IMPACT_SECONDS,
    T_LIMIT,
    T_MAX_TICKS,
    T_NOW,
    T_REFRESH,
    T_WINDOW,
)
from simulator.engine.kernel.span import span_kernel
from simulator.journal import DeferredMetrics

if TYPE_CHECKING:
    from simulator.engine.core import Engine

MOST_TICKS = 1024  # a span's longest stretch (the draws and times it lays out ahead)


class TickSpans:
    """Runs the engine's event-free ticks as spans in the kernel when it can (`run`)."""

    enabled = True  # False: every tick in Python (the tests compare the two)

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._span = np.zeros(SPAN_SIZE)
        self._times = np.zeros(MOST_TICKS)
        self._slo = np.array([COLUMN[name] for name in engine.impact.names], dtype=np.int64)
        # the history reads its series off the matrix (`MatrixSeries`): the rows a span fills
        # are its samples, with nothing to copy
        self._history_on_matrix = not engine.history.listed()

    def run(self, limit: float) -> bool:
        """Run the ticks after now and before `limit` as one span, or return False when the
        next tick must run in Python (`Engine._tick`). The clock moves to that tick either way,
        as `TickClock.run_ticks` moves it before a tick in Python."""
        env = self.engine.env
        env.jump(env.now + self.engine.dt)  # the very sum `run_ticks` makes
        return self._run(limit)

    def run_now(self) -> bool:
        """Run the tick due now (SimPy woke the traffic process for it) and the ones after it
        before the next event as one span, or return False when it must run in Python."""
        return self._run(self.engine.env.peek())

    def _run(self, limit: float) -> bool:
        """A span from the tick at the clock's time. What `Engine._tick` does before the model's
        numbers runs here first (the faults' sync, the model's refresh after a discrete change),
        so a span may start right after an action, a pod's change or the faults' refresh beat;
        a tick the kernel cannot run then finds them done."""
        engine = self.engine
        model, env = engine.model, engine.env
        if not (self.enabled and self._history_on_matrix):
            return False
        engine.faults.sync()
        model.prepare(env.now)
        if not model.spannable():
            return False
        rows = model.rows
        # the ticks before the next event, at most (so the draws laid out ahead are few)
        before_limit = int((limit - env.now) / engine.dt) + 2 if limit < math.inf else MOST_TICKS
        first, most = rows.count, min(MOST_TICKS, rows.room(), before_limit)
        impact, span = engine.impact, self._span
        span[T_NOW], span[T_LIMIT] = env.now, limit
        span[T_REFRESH], span[T_MAX_TICKS] = engine.faults.quiet_until(), most
        span[T_WINDOW], span[T_ACTIVE] = impact.window_ticks, impact.active
        span[T_IMPACT_SECONDS] = impact.impact_seconds
        arrivals, noise = model.begin_span(span, most)
        pods, consts, fleet, inp, out, retry_slots, clients, disks = model.span_arrays()
        table = impact.window_table()
        ticks = span_kernel(
            pods, consts, fleet, rows.matrix, first, out, inp, retry_slots,
            arrivals, noise, span, self._slo, table, self._times, clients, disks,
        )  # fmt: skip
        if ticks == 0:
            return False
        now = float(span[T_NOW])
        model.end_span(ticks, now, span)
        impact.impact_seconds = float(span[T_IMPACT_SECONDS])
        self._record(first, ticks)
        env.jump(now)
        self._settle_last(bool(span[T_FLIPPED]))
        return True

    def _record(self, first: int, ticks: int) -> None:
        """The span's journal entries (deferred: built from the rows when the journal is read);
        the alert history reads the same rows."""
        engine = self.engine
        rows = engine.model.rows
        times = self._times[:ticks].tolist()
        engine.journal.defer(
            DeferredMetrics(
                partial(rows.journal_times, times), partial(rows.served_entries, first, times)
            )
        )
        engine.last_row_served()
        engine.last_outcome = engine.model.outcome

    def _settle_last(self, flipped: bool) -> None:
        """What the span's last tick needs of Python: the impact starting or ending, OOM kills,
        evictions (in `Engine._tick`'s order)."""
        engine = self.engine
        if flipped:
            engine.impact.settle(not engine.impact.active, engine.dt)
        outcome = engine.model.outcome
        for pod in outcome.oom:
            engine.pods.oom_kill(pod)
        for pod in outcome.evicted:
            engine.pods.evict(pod)
