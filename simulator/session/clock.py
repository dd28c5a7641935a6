"""The session clock: sim time as a pure function of the clock events and the wall time "now".

The clock keeps no state of its own. Facilitator controls are stored as events with the wall time
at which they happened (start, pause, resume, speed, skip, end); folding them in order gives the
sim time at any wall instant. Every process that reads the same events at the same wall time gets
the same sim time, so nothing needs a background thread or a timer, and a restart loses nothing.

Sim time is capped at the scenario's end (the clock then reads `ended`); an `end` event
freezes it where it was. The end is the scenario's duration until an `extend` event moves it
later (its value is the new end, in sim seconds): extending is a fact in the log like any other
control, so every reader and every replay sees the same end at the same moment.
A session forked from a moment of another (`fork.py`) begins with a `clock.fork` event: its
clock waits in the lobby at that moment and runs on from it once started.
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
EXTEND = "clock.extend"
FORK = "clock.fork"  # value: the sim time the session was forked at (its first clock event)
# Step mode (tabletop, `tabletop.py`): `clock.mode` (value 1 step, 0 live) and `clock.advance`
# (value: the seconds to the next moment; moves a paused clock on like a skip).
MODE = "clock.mode"
ADVANCE = "clock.advance"
CLOCK_KINDS: frozenset[str] = frozenset(
    {START, PAUSE, RESUME, SPEED, SKIP, END, EXTEND, FORK, MODE, ADVANCE}
)

# Readings are rounded to the microsecond: every time handed to the engine and stored with an event
# then survives a JSON or database round trip exactly, so a replay makes the very same calls.
SIM_DECIMALS = 6
MIN_SPEED = 1.0
MAX_SPEED = 10.0
MAX_EXTEND = 3600.0
"""The most one extension may add (sim seconds); extend again for more."""


@dataclass(frozen=True)
class ClockEvent:
    """One clock control: its kind, the wall time it happened, and its value (the new speed for
    `clock.speed`, the seconds skipped for `clock.skip`, the new end for `clock.extend`,
    otherwise None)."""

    kind: str
    wall_time: float
    value: float | None = None


@dataclass(frozen=True)
class ClockReading:
    """What the clock shows at one wall instant."""

    state: ClockStateName
    sim_time: float
    speed: float
    time_up: bool = False  # ended because the scenario's end was reached
    end: float = 0.0  # the scenario's end (its duration, or later once extended)
    step: bool = False  # step mode: the clock only moves when the facilitator advances


@dataclass
class _Fold:
    state: ClockStateName
    sim: float
    speed: float
    end: float
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
    fold = _Fold("lobby", 0.0, speed, duration)
    for event in events:
        if fold.state == "ended":
            break
        fold.pin(event.wall_time, fold.end)
        if fold.state != "lobby" and fold.sim >= fold.end:
            break  # time was up before this event (an extend then comes too late to count)
        _apply(fold, event)
    end = fold.end
    sim = round(fold.sim_at(now, end), SIM_DECIMALS)
    if fold.state != "ended" and fold.state != "lobby" and sim >= end:
        return ClockReading("ended", end, fold.speed, time_up=True, end=end, step=fold.step)
    return ClockReading(fold.state, min(sim, end), fold.speed, end=end, step=fold.step)


def _apply(fold: _Fold, event: ClockEvent) -> None:
    kind = event.kind
    if kind == START and fold.state == "lobby":
        fold.state = "paused" if fold.step else "running"
    elif kind == MODE and event.value is not None and fold.state != "ended":
        fold.step = event.value >= 1
        if fold.step and fold.state == "running":
            fold.state = "paused"
    elif kind == ADVANCE and event.value is not None and fold.state == "paused":
        fold.sim = min(fold.end, fold.sim + max(0.0, event.value))
    elif kind == PAUSE and fold.state == "running":
        fold.state = "paused"
    elif kind == RESUME and fold.state == "paused":
        fold.state = "running"
    elif kind == SPEED and event.value is not None:
        fold.speed = clamp_speed(event.value)
    elif kind == SKIP and event.value is not None and fold.state in ("running", "paused"):
        fold.sim = min(fold.end, fold.sim + max(0.0, event.value))
    elif kind == EXTEND and event.value is not None and fold.state != "ended":
        # in the lobby only in a fork, which starts with the parent's extensions (fork.py)
        fold.end = max(fold.end, event.value)
    elif kind == END and fold.state != "lobby":
        fold.state = "ended"
    elif kind == FORK and event.value is not None and fold.state == "lobby":
        fold.sim = min(fold.end, max(0.0, event.value))


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
        return _speed_problem(value)
    if kind == SKIP:
        return _skip_problem(reading, value)
    if kind == EXTEND:
        return _extend_problem(reading, value)
    if kind == END:
        return None if state != "lobby" else "the session has not started"
    raise ValueError(f"not a clock control: {kind}")


def _speed_problem(value: float | None) -> str | None:
    if value is None or not MIN_SPEED <= value <= MAX_SPEED:
        return f"speed must be between {MIN_SPEED:g}x and {MAX_SPEED:g}x (got {value})"
    return None


def _skip_problem(reading: ClockReading, value: float | None) -> str | None:
    if reading.state == "lobby":
        return "the session has not started"
    if value is None or value <= 0:
        return f"skip ahead by a positive duration (got {value})"
    return None


def _extend_problem(reading: ClockReading, value: float | None) -> str | None:
    """`value` is the new end: later than the current end by at most MAX_EXTEND."""
    if reading.state == "lobby":
        return "the session has not started"
    if value is None or value <= reading.end:
        return "extend by a positive duration"
    if value - reading.end > MAX_EXTEND + 1e-6:
        return f"extend by at most {MAX_EXTEND / 60:g} minutes at a time"
    return None


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
