"""Step mode (tabletop): the clock waits at each scripted moment until the facilitator advances.

A session in step mode has its clock paused at a step. Players' moves taken while it waits are
stored as `decision` events (journaled as `decision` entries, nothing changes yet); "Advance"
applies them as actions at this step's time, then runs the engine on to the next moment and
stores a `clock.advance` event (the seconds moved, the time reached, the step's number). The
moments are what the running engine journals, not a list fixed in advance: an alert fires when
the model says so, an inject with a condition arrives when its condition holds. So the next
moment is found by running the session's own engine forward tick by tick until one appears
(`next_moment`); a replay makes the same calls at the same times (the engine does not care how
its advances are chunked), so a step-mode journal replays byte for byte like any other.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from simulator.session.run import Run

DECISION = "decision"  # a stored event: a player's move recorded while the clock waits at a step

# Journal kinds that make a moment: what the facilitator reveals at a step.
MOMENT_KINDS: frozenset[str] = frozenset(
    {
        "inject",
        "alert.firing",
        "page.triggered",
        "page.escalated",
        "hint",
        "fault.start",
        "fault.end",
        "impact.start",
        "impact.end",
    }
)
# The moment kinds players may be told about in a `step` entry (ground truth stays hidden).
PLAYER_MOMENTS: frozenset[str] = frozenset(
    {"inject", "alert.firing", "page.triggered", "page.escalated", "hint"}
)

STEP = "step"
MODE_ENTRY = "exercise.mode"


def hint_times(run: Run) -> list[float]:
    """The facilitation hints' times: a step stops there too (the facilitator may release it)."""
    return sorted(h.at for h in run.loaded.scenario.facilitation.hints)


def next_moment(run: Run) -> float:
    """Run the engine forward from now, a tick at a time, until a moment is journaled or a
    facilitation hint is due; the sim time reached (the scenario's end when none is left)."""
    engine = run.engine
    start = engine.now
    tick = run.loaded.scenario.tick
    hints = [t for t in hint_times(run) if t > start]
    seen = len(engine.journal.entries)
    while engine.now < run.duration and not engine.finished:
        engine.advance(min(run.duration, engine.now + tick))
        new = engine.journal.entries[seen:]
        seen = len(engine.journal.entries)
        if any(e["kind"] in MOMENT_KINDS and e["t"] > start for e in new):
            return float(engine.now)
        if hints and engine.now >= hints[0]:
            return float(engine.now)
    return float(run.duration)


def moments_between(entries: Iterable[dict[str, Any]], after: float, upto: float) -> list[str]:
    """The player-visible moment kinds journaled in (after, upto], in order, once each."""
    kinds: list[str] = []
    for entry in entries:
        kind = entry["kind"]
        if after < entry["t"] <= upto and kind in PLAYER_MOMENTS and kind not in kinds:
            kinds.append(kind)
    return kinds


def step_count(entries: Iterable[dict[str, Any]]) -> int:
    """How many steps a journal has revealed."""
    return sum(1 for e in entries if e["kind"] == STEP)


__all__ = [
    "DECISION",
    "MODE_ENTRY",
    "MOMENT_KINDS",
    "PLAYER_MOMENTS",
    "STEP",
    "moments_between",
    "next_moment",
    "step_count",
]
