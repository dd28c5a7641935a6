"""The faults' claims (`fixed_by`, `mitigated_by`, `harmful`) as trials: which runs prove each.

A fix is taken alone (with the other lasting faults' own first fix at the same time, so the claim
is about this fault); a stop-gap is compared with no response; a harmful action followed by the
fixes is compared with the fixes alone. `judges.py` turns the runs into outcomes.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from simulator.scenario.fault_models import ActionMatch, FaultBase
from simulator.scenario.schema import Scenario
from simulator.selftest import timing
from simulator.selftest.runs import RunSpec, Step
from simulator.selftest.timing import Slot

GROUPS = ("fixed_by", "mitigated_by", "harmful")


def describe(ref: ActionMatch) -> str:
    if not ref.params:
        return ref.action
    params = ", ".join(f"{k}={v}" for k, v in ref.params.items())
    return f"{ref.action}({params})"


@dataclass(frozen=True)
class Claim:
    group: str
    fault: FaultBase
    ref: ActionMatch

    @property
    def name(self) -> str:
        kind = {"fixed_by": "fix", "mitigated_by": "stop-gap", "harmful": "harmful"}[self.group]
        return f"{kind}: {self.fault.id} {self.group} {describe(self.ref)}"


@dataclass(frozen=True)
class Trial:
    """One claim at one seed and one time, with the runs that prove it: a fix reads `runs[0]`;
    a stop-gap compares `runs[1]` with the no-response `runs[0]`; a harmful action compares
    `runs[1]` (harm, then fixes) with `runs[0]` (fixes alone)."""

    claim: Claim
    seed: int
    slot: Slot
    runs: tuple[RunSpec, ...]
    fixes: tuple[tuple[str, ActionMatch], ...] = ()
    fix_at: float | None = None

    @property
    def group_key(self) -> tuple[str, str]:
        """Trials of one claim at one kind of time, across seeds: the noise is measured here."""
        return (self.claim.name, self.slot.label)


def claims_of(scenario: Scenario) -> list[Claim]:
    return [
        Claim(group, fault, ref)
        for fault in scenario.faults
        for group in GROUPS
        for ref in getattr(fault, group)
    ]


def lasting_fixes(scenario: Scenario, but: FaultBase | None) -> list[tuple[str, ActionMatch]]:
    """The first `fixed_by` of every fault without a duration (except `but`)."""
    return [
        (fault.id, fault.fixed_by[0])
        for fault in scenario.faults
        if fault is not but and fault.duration is None and fault.fixed_by
    ]


def _steps(refs: list[ActionMatch], at: float) -> tuple[Step, ...]:
    return tuple(dict.fromkeys(Step.of_ref(ref, at) for ref in refs))


def trials(scenario: Scenario, seed: int, impact_start: float | None) -> Iterator[Trial]:
    """Every claim's trials at one seed; `impact_start` comes from that seed's no-response run."""
    for claim in claims_of(scenario):
        yield from _TRIALS[claim.group](scenario, claim, seed, impact_start)


def _fix_trials(
    scenario: Scenario, claim: Claim, seed: int, impact_start: float | None
) -> Iterator[Trial]:
    partners = tuple(lasting_fixes(scenario, claim.fault))
    for slot in timing.fix_slots(scenario, claim.fault, claim.ref):
        refs = [claim.ref, *(ref for _, ref in partners)]
        yield Trial(claim, seed, slot, (RunSpec(seed, _steps(refs, slot.at)),), partners)


def _stop_gap_trials(
    scenario: Scenario, claim: Claim, seed: int, impact_start: float | None
) -> Iterator[Trial]:
    for slot in timing.stop_gap_slots(scenario, claim.fault, claim.ref, impact_start):
        run = RunSpec(seed, _steps([claim.ref], slot.at))
        yield Trial(claim, seed, slot, (RunSpec(seed), run))


def _harmful_trials(
    scenario: Scenario, claim: Claim, seed: int, impact_start: float | None
) -> Iterator[Trial]:
    fixes = tuple(lasting_fixes(scenario, None))
    gap = timing.fix_after(scenario, claim.fault, claim.ref)
    for slot in timing.harmful_slots(scenario, claim.fault, claim.ref, impact_start):
        fix_at = slot.at + gap
        fix_steps = _steps([ref for _, ref in fixes], fix_at)
        alone = RunSpec(seed, fix_steps)
        harmed = RunSpec(seed, (Step.of_ref(claim.ref, slot.at), *fix_steps))
        yield Trial(claim, seed, slot, (alone, harmed), fixes, fix_at)


_TRIALS = {"fixed_by": _fix_trials, "mitigated_by": _stop_gap_trials, "harmful": _harmful_trials}
