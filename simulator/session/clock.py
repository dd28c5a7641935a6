"""The session clock: sim time as a pure function of the clock events and the wall time "now".

The clock keeps no state of its own. Facilitator controls are stored as events with the wall time
at which they happened (start, pause, resume, speed, skip, end); folding them in order gives the
sim time at any wall instant. Every process that reads the same events at the same wall time gets
the same sim time, so nothing needs a background thread or a timer, and a restart loses nothing.

Sim time is capped at the scenario's duration (the clock then reads `ended`); an `end` event
freezes it where it was.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

ClockStateName = Literal["lobby", "running", "paused", "ended"]

START = "clock.start"
PAUSE = "clock.pause"
RESUME = "clock.resume"
SPEED = "clock.speed"
SKIP = "clock.skip"
END = "clock.end"
# Step mode (tabletop, `tabletop.py`): `clock.mode` (value 1 step, 0 live) and `clock.advance`
# (value: the seconds to the next moment; moves a paused clock on like a skip).
MODE = "clock.mode"
ADVANCE = "clock.advance"
CLOCK_KINDS: frozenset[str] = frozenset({START, PAUSE, RESUME, SPEED, SKIP, END, MODE, ADVANCE})

# Readings are rounded to the microsecond: every time handed to the engine and stored with an event
# then survives a JSON or database round trip exactly, so a replay makes the very same calls.
SIM_DECIMALS = 6
MIN_SPEED = 1.0
MAX_SPEED = 10.0


@dataclass(frozen=True)
class ClockEvent:
    """One clock control: its kind, the wall time it happened, and its value (the new speed for
    `clock.speed`, the seconds skipped for `clock.skip`, otherwise None)."""

    kind: str
    wall_time: float
    value: float | None = None


@dataclass(frozen=True)
class ClockReading:
    """What the clock shows at one wall instant."""

    state: ClockStateName
    sim_time: float
    speed: float
    time_up: bool = False  # ended because the scenario's duration was reached
    step: bool = False  # step mode: the clock only moves when the facilitator advances


@dataclass
class _Fold:
    state: ClockStateName
    sim: float
    speed: float
    anchor: float = 0.0  # wall time at which `sim` was last pinned while running
    step: bool = False

    def sim_at(self, wall: float, duration: float) -> float:
        if self.state != "running":
            return self.sim
        return min(duration, self.sim + max(0.0, wall - self.anchor) * self.speed)

    def pin(self, wall: float, duration: float) -> None:
        self.sim = self.sim_at(wall, duration)
        self.anchor = wall


def read_clock(
    events: Iterable[ClockEvent], now: float, duration: float, speed: float = 1.0
) -> ClockReading:
    """The clock at wall time `now`, from its events in the order they were stored.

    `speed` is the session's initial speed. A wall clock that steps backwards never makes sim time
    run backwards. Events that do not fit the state (the service refuses those before storing)
    are ignored, so a reading never fails.
    """
    fold = _Fold("lobby", 0.0, speed)
    for event in events:
        if fold.state == "ended":
            break
        fold.pin(event.wall_time, duration)
        _apply(fold, event, duration)
    sim = round(fold.sim_at(now, duration), SIM_DECIMALS)
    if fold.state != "ended" and fold.state != "lobby" and sim >= duration:
        return ClockReading("ended", duration, fold.speed, time_up=True, step=fold.step)
    return ClockReading(fold.state, min(sim, duration), fold.speed, step=fold.step)


def _apply(fold: _Fold, event: ClockEvent, duration: float) -> None:
    kind = event.kind
    if kind == START and fold.state == "lobby":
        fold.state = "paused" if fold.step else "running"
    elif kind == MODE and event.value is not None and fold.state != "ended":
        fold.step = event.value >= 1
        if fold.step and fold.state == "running":
            fold.state = "paused"
    elif kind == ADVANCE and event.value is not None and fold.state == "paused":
        fold.sim = min(duration, fold.sim + max(0.0, event.value))
    elif kind == PAUSE and fold.state == "running":
        fold.state = "paused"
    elif kind == RESUME and fold.state == "paused":
        fold.state = "running"
    elif kind == SPEED and event.value is not None:
        fold.speed = clamp_speed(event.value)
    elif kind == SKIP and event.value is not None and fold.state in ("running", "paused"):
        fold.sim = min(duration, fold.sim + max(0.0, event.value))
    elif kind == END and fold.state != "lobby":
        fold.state = "ended"


def clamp_speed(value: float) -> float:
    return min(MAX_SPEED, max(MIN_SPEED, float(value)))


def control_problem(kind: str, reading: ClockReading, value: float | None = None) -> str | None:
    """Why a clock control does not fit the clock as read now, or None when it does."""
    state = reading.state
    if state == "ended":
        return "the session has ended"
    if kind == START:
        return None if state == "lobby" else "the session has already started"
    if kind == PAUSE:
        return None if state == "running" else f"the clock is not running (it is {state})"
    if kind in (RESUME, MODE, ADVANCE) and (reading.step or kind != RESUME):
        return _step_problem(kind, reading, value)
    if kind == RESUME:
        return None if state == "paused" else f"the clock is not paused (it is {state})"
    if kind == SPEED:
        if value is None or not MIN_SPEED <= value <= MAX_SPEED:
            return f"speed must be between {MIN_SPEED:g}x and {MAX_SPEED:g}x (got {value})"
        return None
    if kind == SKIP:
        if state == "lobby":
            return "the session has not started"
        if value is None or value <= 0:
            return f"skip ahead by a positive duration (got {value})"
        return None
    if kind == END:
        return None if state != "lobby" else "the session has not started"
    raise ValueError(f"not a clock control: {kind}")


def _step_problem(kind: str, reading: ClockReading, value: float | None) -> str | None:
    """Step mode's controls: switching mode, advancing, and no resuming while in it."""
    if kind == RESUME:
        return "step mode: the clock moves only with Advance (switch to live mode to resume)"
    if kind == MODE:
        return None if value in (0.0, 1.0) else f"mode must be 0 (live) or 1 (step) (got {value})"
    if not reading.step:
        return "the session is not in step mode"
    if reading.state != "paused":
        return f"the clock is not paused at a step (it is {reading.state})"
    return None if value is not None and value > 0 else "nothing left to advance to"
