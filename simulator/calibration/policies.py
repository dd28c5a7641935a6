"""Scripted players drawn at random from a seeded generator, built only from what a scenario
claims about itself (its faults' `fixed_by`, `mitigated_by` and `harmful` refs) and when its
pages fire, so any valid scenario can be calibrated.

A player acknowledges fast (30 s-3 min after the first page) or slowly (5-15 min), runs 0-8
investigations of 90 s each, then applies one fix per fault that has one. Some players try a
stop-gap first (40% when the scenario has one); some take a harmful action while they
investigate (25% when it has one).
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass

import numpy as np

from simulator.scenario.fault_models import ActionMatch
from simulator.scenario.schema import Scenario
from simulator.selftest.runs import RunSpec, Step

INVESTIGATION = 90.0  # seconds one investigation takes
DECISION = 60.0  # from the last investigation to the fix being taken
FAST_ACK = (30.0, 180.0)
SLOW_ACK = (300.0, 900.0)
MAX_INVESTIGATIONS = 8
STOP_GAP_SHARE = 0.4
HARMFUL_SHARE = 0.25
USER_REPORTS = 600.0  # with no page: users report impact this long after it starts


@dataclass(frozen=True)
class Policy:
    """One scripted player: the run's seed and the system actions it takes, with their times."""

    seed: int
    fix_at: float
    fast_ack: bool
    stop_gap: bool
    harmful: bool
    steps: tuple[Step, ...]

    def spec(self) -> RunSpec:
        return RunSpec(self.seed, self.steps)


def draw_policies(
    scenario: Scenario, detected_at: float, runs: int, seed: int
) -> tuple[Policy, ...]:
    """`runs` players for one scenario; the same arguments always give the same players."""
    rng = np.random.default_rng(np.random.SeedSequence([seed, _stable_hash(scenario.id)]))
    return tuple(_draw(scenario, detected_at, rng) for _ in range(runs))


def _draw(scenario: Scenario, detected_at: float, rng: np.random.Generator) -> Policy:
    fast = bool(rng.random() < 0.5)
    low, high = FAST_ACK if fast else SLOW_ACK
    acked = detected_at + float(rng.uniform(low, high))
    looks = int(rng.integers(0, MAX_INVESTIGATIONS + 1))
    fix_at = round(acked + looks * INVESTIGATION + DECISION)
    fixes, stop_gaps, harms = _claims(scenario)
    steps: list[Step] = [Step.of_ref(_pick(rng, refs), fix_at) for refs in fixes]
    stop_gap = bool(stop_gaps) and bool(rng.random() < STOP_GAP_SHARE)
    if stop_gap:
        steps.append(Step.of_ref(_pick(rng, stop_gaps), round(acked + DECISION)))
    harmful = bool(harms) and bool(rng.random() < HARMFUL_SHARE)
    if harmful:
        at = round(acked + float(rng.uniform(0.0, 1.0)) * looks * INVESTIGATION)
        steps.append(Step.of_ref(_pick(rng, harms), at))
    run_seed = int(rng.integers(1, 2**31 - 1))
    kept = tuple(sorted((s for s in steps if s.at < scenario.duration), key=lambda s: s.at))
    return Policy(run_seed, float(fix_at), fast, stop_gap, harmful, kept)


def _claims(
    scenario: Scenario,
) -> tuple[list[list[ActionMatch]], list[ActionMatch], list[ActionMatch]]:
    """Per fault with fixes, its fixes; every stop-gap; every harmful ref."""
    fixes = [list(f.fixed_by) for f in scenario.faults if f.fixed_by]
    stop_gaps = [ref for f in scenario.faults for ref in f.mitigated_by]
    harms = [ref for f in scenario.faults for ref in f.harmful]
    return fixes, stop_gaps, harms


def _pick(rng: np.random.Generator, refs: list[ActionMatch]) -> ActionMatch:
    return refs[int(rng.integers(0, len(refs)))]


def _stable_hash(text: str) -> int:
    """A hash that does not change between processes (Python's `hash` of a str does)."""
    return zlib.crc32(text.encode())


def detection_time(scenario: Scenario, alerts: dict[str, float], impact: float | None) -> float:
    """When the players learn of the incident: the first paging alert of the no-response run,
    else users' reports some minutes into the impact, else a while after the first fault."""
    paging = set(scenario.paging.page_severities)
    pages = [
        t
        for rule in scenario.alerts
        if rule.labels.get("severity") in paging and (t := alerts.get(rule.alert)) is not None
    ]
    if pages:
        return min(pages)
    if impact is not None:
        return impact + USER_REPORTS
    return min(f.at for f in scenario.faults) + USER_REPORTS
