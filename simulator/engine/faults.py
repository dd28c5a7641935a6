"""The fault runner: starts each fault of the scenario at its time, keeps the model's `Effects`
in step with the active mechanisms, and records `fault.end` only when a mechanism is gone (or a
fault with a `duration` clears by itself). Nothing here reads `fixed_by`: those are claims.

Effects are rebuilt on every discrete change of the model (a pod replaced, a flag flipped, a
config pushed) and, while some mechanism changes with time (a ramp, a DNS TTL, a warming cache),
every REFRESH seconds.
"""

from __future__ import annotations

from collections.abc import Generator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from simulator.actions import ACTIONS
from simulator.effects import Effects
from simulator.engine.state import RetryState
from simulator.faults import FaultParams, Mechanism, mechanism_for

if TYPE_CHECKING:
    from simulator.engine.core import Engine

REFRESH = 5.0  # seconds between effect rebuilds while a mechanism changes with time


@dataclass
class ActiveFault:
    fault: FaultParams
    mechanism: Mechanism
    expired: bool = False
    ended: bool = False


class FaultRunner:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.state = engine.state
        self.faults: dict[str, ActiveFault] = {}
        self._synced_revision = -1
        self._next_refresh = float("inf")

    @property
    def active(self) -> dict[str, FaultParams]:
        """Faults that have started, by id (ended ones included)."""
        return {fid: a.fault for fid, a in self.faults.items()}

    @property
    def ended(self) -> set[str]:
        return {fid for fid, a in self.faults.items() if a.ended}

    def start(self) -> None:
        for fault in self.engine.scenario.faults:
            self.engine.env.process(self._run(fault))

    def any_active(self) -> bool:
        """Has a fault started that has not ended?"""
        return any(not a.ended for a in self.faults.values())

    def _run(self, fault: FaultParams) -> Generator[Any, Any, None]:
        env = self.engine.env
        yield env.timeout(fault.at)
        active = ActiveFault(fault, mechanism_for(fault))
        self.faults[fault.id] = active
        self.engine.record("fault.start", fault=fault.id, type=fault.type)
        active.mechanism.onset(self.engine)
        self.rebuild()
        if fault.duration is not None:
            yield env.timeout(fault.duration)
            active.expired = True
            active.mechanism.expire(self.engine)
            self.rebuild()
            self._end(active, by=None, reason="cleared by itself")

    # ------------------------------------------------------------------ effects

    def rebuild(self) -> None:
        """Recompute the effects of every started, unexpired fault; the model refreshes."""
        engine, now = self.engine, self.engine.env.now
        fx = Effects()
        changing = False
        for active in self.faults.values():
            if active.expired:
                continue
            mechanism, intensity = active.mechanism, active.fault.intensity
            if intensity is not None:
                mechanism.level = intensity.level(now - active.fault.at)
                changing = changing or intensity.changes()
            mechanism.contribute(engine, fx)
            changing = changing or mechanism.changing(engine)
        self.state.fx = fx
        base = self.state.base_retry
        self.state.retry = RetryState(*fx.retry) if fx.retry is not None else base
        self._next_refresh = now + REFRESH if changing else float("inf")
        self.state.touch()
        self._synced_revision = self.state.revision

    def quiet_until(self) -> float:
        """Until when `sync` has nothing to do (its refresh beat; -inf after a discrete change
        it has not rebuilt for): the ticks before it may run without calling it."""
        if self.state.revision != self._synced_revision:
            return float("-inf")
        return self._next_refresh

    def sync(self) -> None:
        """Called before every tick: after a discrete change (or on the refresh beat) rebuild the
        effects and end the faults whose mechanism is gone."""
        if (
            self.state.revision == self._synced_revision
            and self.engine.env.now < self._next_refresh
        ):
            return
        self.rebuild()
        for active in self.faults.values():
            if (
                not active.ended
                and not active.expired
                and not active.mechanism.present(self.engine)
            ):
                self._end(active, *self._cause(active))

    def _cause(self, active: ActiveFault) -> tuple[dict[str, Any] | None, str]:
        reason = active.mechanism.gone(self.engine)
        reach = type(active.fault).resources
        action = self.engine.desk.latest_touching(reach)
        return action, reason

    def _end(self, active: ActiveFault, by: dict[str, Any] | None, reason: str) -> None:
        if active.ended:
            return
        active.ended = True
        fields: dict[str, Any] = {"fault": active.fault.id, "by": None, "reason": reason}
        if by is not None:
            fields.update(by=by["action"], action_id=by["id"])
        self.engine.record("fault.end", **fields)


def touches(action: str, resources: frozenset[str]) -> bool:
    """Can this action reach any of these model resources (from the action registry)?"""
    return bool(set(ACTIONS[action].resources) & resources)
