"""Ground truth for customer impact: when the service breaches its SLO and when it recovers."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from simulator.scenario.service_models import Slo

if TYPE_CHECKING:
    from simulator.engine.core import Engine

SLO_METRICS = ("error_ratio", "rejected_ratio", "latency_p99_ms", "queue_lag_seconds")


def slo_limits(slo: Slo) -> tuple[tuple[str, float], ...]:
    """(metric, threshold) for each SLO the scenario sets (queue lag only with `slo.queue_lag`)."""
    limits = [
        ("error_ratio", slo.error_ratio),
        ("rejected_ratio", slo.rejected_ratio),
        ("latency_p99_ms", slo.latency_p99_ms),
    ]
    if slo.queue_lag is not None:
        limits.append(("queue_lag_seconds", slo.queue_lag))
    return tuple(limits)


class ImpactTracker:
    """Impact holds while any SLO threshold is breached, averaged over the SLO window."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.slo = engine.scenario.service.slo
        self.active = False
        self.started_at: float | None = None
        self.impact_seconds = 0.0
        self._window = max(1, round(self.slo.window / engine.dt))
        limits = slo_limits(self.slo)
        self._names = tuple(name for name, _ in limits)
        self._series = [engine.history.values[name] for name in self._names]
        self._limits = tuple(limit for _, limit in limits)
        self._full_limits = tuple(limit * self._window for limit in self._limits)
        self._sums = [0.0] * len(limits)
        self._table = np.array([self._limits, self._full_limits, self._sums], dtype=np.float64)
        self._sums_in_table = False  # spans keep the sums in the table until a Python tick

    @property
    def names(self) -> tuple[str, ...]:
        """The SLO metrics the impact watches."""
        return self._names

    @property
    def window_ticks(self) -> int:
        return self._window

    def window_table(self) -> np.ndarray:
        """The limits, the full-window limits and the running window sums (rows 0, 1 and 2),
        as the span kernel reads and moves them on. The sums then live in the table until a
        tick runs in Python (`_breached`), so spans in a row pass them on as they are."""
        if not self._sums_in_table:
            self._table[2] = self._sums
            self._sums_in_table = True
        return self._table

    def breaches(self) -> list[str]:
        """The SLO metrics whose mean over the SLO window breaches its threshold."""
        history, window = self.engine.history, self.slo.window
        return [
            name
            for name, limit in zip(self._names, self._limits, strict=True)
            if history.mean(name, window) > limit
        ]

    def _breached(self) -> bool:
        """The fast path of `breaches`: running window sums of the SLO metrics (every tick)."""
        if self._sums_in_table:
            self._sums, self._sums_in_table = self._table[2].tolist(), False
        sums, window, series = self._sums, self._window, self._series
        n = len(series[0])
        breached = False
        if n > window:  # a full window: the newest sample in, the one a window ago out
            back = -1 - window
            for i, bound in enumerate(self._full_limits):
                values = series[i]
                total = sums[i] + values[-1] - values[back]
                sums[i] = total
                if total > bound:
                    breached = True
            return breached
        for i, limit in enumerate(self._limits):
            total = sums[i] + series[i][-1]
            sums[i] = total
            if total > limit * n:
                breached = True
        return breached

    def _cause(self) -> dict[str, Any] | None:
        """The action that ended this impact, if one did: the latest system action started during
        the impact (or within an SLO window before it) that can reach a started fault's resources
        or the service's capacity. None when impact ended by itself (a crash wave subsiding, a
        brownout clearing)."""
        engine = self.engine
        since = (self.started_at or 0.0) - self.slo.window
        reach: frozenset[str] = frozenset({"capacity"})
        for fault in engine.faults.active.values():
            reach |= type(fault).resources
        action = engine.desk.latest_touching(reach)
        if action is None or action["t"] < since:
            return None
        return action

    def update(self, dt: float) -> None:
        """Called after every tick."""
        self.settle(self._breached(), dt)

    def settle(self, breached: bool, dt: float) -> None:
        """The tick's impact, given whether the running window sums breach the SLO (a span of
        ticks run by the kernel settles here only its last tick, and only when it flipped)."""
        if breached == self.active:
            if self.active:
                self.impact_seconds += dt
            return
        reasons = self.breaches()
        if reasons and not self.active:
            self.active, self.started_at = True, self.engine.env.now
            self.engine.record("impact.start", breached=reasons)
        elif not reasons and self.active:
            self.active = False
            cause = self._cause()
            fields = (
                {"by": None} if cause is None else {"by": cause["action"], "action_id": cause["id"]}
            )
            self.engine.record("impact.end", started=self.started_at, **fields)
        if self.active:
            self.impact_seconds += dt
