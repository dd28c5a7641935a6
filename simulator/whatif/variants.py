"""The counterfactual runs of a played run: each key action moved to when its evidence first
existed, moved later, or removed; plus the best possible response and no response at all.

Every variant keeps the played run's seed and every other action at its stamped time, so it is
a plain `gameday simulate` of an edited action file.
"""

from __future__ import annotations

from dataclasses import dataclass

from simulator.selftest.runs import RunSpec, Step
from simulator.whatif.keys import CHAINED, KeyAction
from simulator.whatif.played import Played

LATER = 300.0
"""How much later the "later" variant takes an action."""
MIN_SHIFT = 30.0
"""A move shorter than this is not worth a sentence (actions land on ticks)."""


@dataclass(frozen=True)
class Variant:
    key: KeyAction
    change: str
    """`earlier`, `later` or `removed`."""
    at: float | None
    """The action's new time (None when removed)."""
    spec: RunSpec


def variants(played: Played, keys: tuple[KeyAction, ...]) -> tuple[Variant, ...]:
    found: list[Variant] = []
    for key in keys:
        if key.key == "harmful":
            found.append(_removed(played, key))
            continue
        earlier = key.evidence_at
        if earlier is not None and key.action.at - earlier >= MIN_SHIFT:
            found.append(_moved(played, key, earlier, "earlier"))
        if key.key not in CHAINED and key.action.at + LATER < played.end:
            found.append(_moved(played, key, key.action.at + LATER, "later"))
        if key.key == "stop_gap":
            found.append(_removed(played, key))
    return tuple(found)


def _moved(played: Played, key: KeyAction, at: float, change: str) -> Variant:
    shift = at - key.action.at
    steps: list[Step] = []
    for action in played.actions:
        step = action.step
        if action is key.action or (key.key in CHAINED and step.at > key.action.at):
            step = Step(max(0.0, step.at + shift), step.role, step.action, step.params)
        steps.append(step)
    return Variant(key, change, at, RunSpec(played.seed, tuple(steps), played.extended_to))


def _removed(played: Played, key: KeyAction) -> Variant:
    steps = tuple(a.step for a in played.actions if a is not key.action)
    return Variant(key, "removed", None, RunSpec(played.seed, steps, played.extended_to))


def no_response(played: Played) -> RunSpec:
    return RunSpec(played.seed, (), played.extended_to)


def best_response(played: Played) -> RunSpec | None:
    """The fastest effective response the scenario claims: at detection, each fault that does
    not end by itself gets its first `fixed_by`. None when nothing was detected or no fault
    has a fix."""
    if played.detected_at is None:
        return None
    steps = tuple(
        Step.of_ref(fault.fixed_by[0], played.detected_at)
        for fault in played.loaded.scenario.faults
        if fault.fixed_by and fault.duration is None
    )
    return RunSpec(played.seed, steps, played.extended_to) if steps else None
