"""Ground truth for customer impact: when the service breaches its SLO and when it recovers."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from simulator.engine.core import Engine

SLO_METRICS = ("error_ratio", "rejected_ratio", "latency_p99_ms")


class ImpactTracker:
    """Impact holds while any SLO threshold is breached, averaged over the SLO window."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.slo = engine.scenario.service.slo
        self.active = False
        self.started_at: float | None = None
        self.impact_seconds = 0.0
        self._window = max(1, round(self.slo.window / engine.dt))
        self._series = [engine.history.values[name] for name in SLO_METRICS]
        self._limits = (self.slo.error_ratio, self.slo.rejected_ratio, self.slo.latency_p99_ms)
        self._sums = [0.0, 0.0, 0.0]

    def breaches(self) -> list[str]:
        """The SLO metrics whose mean over the SLO window breaches its threshold."""
        history, slo = self.engine.history, self.slo
        limits = (slo.error_ratio, slo.rejected_ratio, slo.latency_p99_ms)
        return [
            name
            for name, limit in zip(SLO_METRICS, limits, strict=True)
            if history.mean(name, slo.window) > limit
        ]

    def _breached(self) -> bool:
        """The fast path of `breaches`: running window sums of the three SLO metrics."""
        errors, rejected, p99 = self._series
        sums, window = self._sums, self._window
        sums[0] += errors[-1]
        sums[1] += rejected[-1]
        sums[2] += p99[-1]
        n = len(errors)
        if n > window:
            sums[0] -= errors[-1 - window]
            sums[1] -= rejected[-1 - window]
            sums[2] -= p99[-1 - window]
            n = window
        limits = self._limits
        return sums[0] > limits[0] * n or sums[1] > limits[1] * n or sums[2] > limits[2] * n

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
        if self._breached() == self.active:
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
