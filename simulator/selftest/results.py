"""Self-test results: one `Outcome` per check x seed x time, folded into one `Check` row each.

A row shows the worst case (the lowest slack) with its seed and time; every failing outcome is
kept as a line of its own, so a failure always says which seed and which time, with the numbers.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from simulator.durations import format_duration


@dataclass(frozen=True)
class Outcome:
    """One judged expectation or claim at one seed (and, for claims, one time)."""

    name: str
    expected: str
    measured: str
    passed: bool
    seed: int
    at: float | None = None
    slack: float = 0.0  # how far from failing; the lowest is the worst case

    def where(self) -> str:
        at = "" if self.at is None else f", at {format_duration(self.at)}"
        return f"seed {self.seed}{at}"


@dataclass(frozen=True)
class Check:
    """One row of `gameday check`: a check over every seed and time it was tried at."""

    scenario: str
    name: str
    expected: str
    measured: str
    passed: bool
    tried: int = 1
    failures: tuple[str, ...] = ()


def fold(scenario: str, outcomes: Iterable[Outcome]) -> list[Check]:
    """Group outcomes by name (first-seen order) into rows."""
    groups: dict[str, list[Outcome]] = {}
    for outcome in outcomes:
        groups.setdefault(outcome.name, []).append(outcome)
    return [_row(scenario, name, group) for name, group in groups.items()]


def _row(scenario: str, name: str, group: list[Outcome]) -> Check:
    failed = [o for o in group if not o.passed]
    worst = failed[0] if failed else min(group, key=lambda o: o.slack)
    measured = worst.measured if len(group) == 1 else f"{worst.measured} ({worst.where()})"
    lines = tuple(
        f"{scenario}: {o.name} ({o.where()}): expected {o.expected}; measured {o.measured}"
        for o in failed
    )
    return Check(scenario, name, worst.expected, measured, not failed, len(group), lines)
