"""When each claim is tried: action delays, default times, and the `expect.claims` overrides.

Defaults are spread over the incident rather than picked by the author: fixes at 1, 5 and 10
minutes after the fault's onset; stop-gaps when impact starts in the no-response run and 2 and 5
minutes later; harmful actions 1 minute after onset and 2 minutes into the impact. A time is
dropped when what it needs (the bound, the window, the fixes and their recovery) would not fit
before the scenario ends.
"""

from __future__ import annotations

from dataclasses import dataclass

from simulator.durations import format_duration
from simulator.scenario.checks_expect import claim_names_ref
from simulator.scenario.fault_models import ActionMatch, FaultBase
from simulator.scenario.schema import ClaimTiming, Scenario

MINUTE = 60.0
FIX_OFFSETS = (1 * MINUTE, 5 * MINUTE, 10 * MINUTE)
STOP_GAP_OFFSETS = (0.0, 2 * MINUTE, 5 * MINUTE)
HARMFUL_ONSET_OFFSET = 1 * MINUTE
HARMFUL_IMPACT_OFFSET = 2 * MINUTE
RECOVERY = 10 * MINUTE
"""A fix must end impact within its action's delay plus this, unless `within` says otherwise."""
HOLD = 5 * MINUTE
"""After a fix's bound, at least this much of the run must remain to see that impact stays away."""
WINDOW = 5 * MINUTE
"""Default window over which a stop-gap must improve on no response."""
FIX_AFTER = 5 * MINUTE
"""Default time between a harmful action and the fixes that follow it."""


@dataclass(frozen=True)
class Slot:
    """One time a claim is tried at: `at` (seconds) and how it was chosen (`onset+5m`)."""

    at: float
    label: str


def delay_of(scenario: Scenario, action: str) -> float:
    """The action's delay in this scenario: its `actions:` setting, else the default."""
    return scenario.delay_of(action)


def timing_for(scenario: Scenario, fault: FaultBase, ref: ActionMatch) -> ClaimTiming | None:
    """The first `expect.claims` entry about this fault's ref, if any."""
    if scenario.expect is None:
        return None
    return next(
        (
            entry
            for entry in scenario.expect.claims
            if claim_names_ref(entry.ref, ref) and entry.fault in (None, fault.id)
        ),
        None,
    )


def _fmt_offset(base: str, offset: float) -> str:
    return base if offset == 0 else f"{base}+{format_duration(offset)}"


def fix_bound(scenario: Scenario, fault: FaultBase, ref: ActionMatch) -> float:
    timing = timing_for(scenario, fault, ref)
    if timing is not None and timing.within is not None:
        return timing.within
    return delay_of(scenario, ref.action) + RECOVERY


def fix_slots(scenario: Scenario, fault: FaultBase, ref: ActionMatch) -> list[Slot]:
    timing = timing_for(scenario, fault, ref)
    if timing is not None:
        return [Slot(t, "set in expect.claims") for t in timing.at]
    last = scenario.duration - fix_bound(scenario, fault, ref) - HOLD
    return [
        Slot(fault.at + offset, _fmt_offset("onset", offset))
        for offset in FIX_OFFSETS
        if fault.at + offset <= last
    ]


def stop_gap_window(scenario: Scenario, fault: FaultBase, ref: ActionMatch) -> float:
    timing = timing_for(scenario, fault, ref)
    if timing is not None and timing.within is not None:
        return timing.within
    expect = scenario.expect
    return expect.stop_gaps.improves_within if expect and expect.stop_gaps else WINDOW


def stop_gap_slots(
    scenario: Scenario, fault: FaultBase, ref: ActionMatch, impact_start: float | None
) -> list[Slot]:
    timing = timing_for(scenario, fault, ref)
    if timing is not None:
        return [Slot(t, "set in expect.claims") for t in timing.at]
    slots = []
    if impact_start is not None:
        slots = [Slot(impact_start + o, _fmt_offset("impact", o)) for o in STOP_GAP_OFFSETS]
    expect = scenario.expect
    if expect is not None and expect.stop_gaps is not None:
        slots.append(Slot(expect.stop_gaps.at, "expect.stop_gaps.at"))
    last = (
        scenario.duration - delay_of(scenario, ref.action) - stop_gap_window(scenario, fault, ref)
    )
    return [slot for slot in slots if slot.at <= last]


def fix_after(scenario: Scenario, fault: FaultBase, ref: ActionMatch) -> float:
    timing = timing_for(scenario, fault, ref)
    if timing is not None and timing.fix_after is not None:
        return timing.fix_after
    expect = scenario.expect
    return expect.harmful.worse_within if expect and expect.harmful else FIX_AFTER


def harmful_slots(
    scenario: Scenario, fault: FaultBase, ref: ActionMatch, impact_start: float | None
) -> list[Slot]:
    timing = timing_for(scenario, fault, ref)
    if timing is not None:
        return [Slot(t, "set in expect.claims") for t in timing.at]
    slots = [Slot(fault.at + HARMFUL_ONSET_OFFSET, _fmt_offset("onset", HARMFUL_ONSET_OFFSET))]
    if impact_start is not None:
        offset = HARMFUL_IMPACT_OFFSET
        slots.append(Slot(impact_start + offset, _fmt_offset("impact", offset)))
    expect = scenario.expect
    if expect is not None and expect.harmful is not None:
        slots.append(Slot(expect.harmful.at, "expect.harmful.at"))
    last = scenario.duration - fix_after(scenario, fault, ref) - RECOVERY
    return [slot for slot in slots if slot.at <= last]
