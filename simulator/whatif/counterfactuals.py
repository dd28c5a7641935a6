"""Planning and running every counterfactual of a played run, and the result as a whole."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from simulator.journal import Journal
from simulator.report.timeline import describe_params
from simulator.selftest.runs import RunSpec, Step
from simulator.whatif.costs import Cost, cost_of, error_budget, noticeable
from simulator.whatif.findings import Finding, finding
from simulator.whatif.keys import KeyAction, key_actions
from simulator.whatif.played import Played, played_from
from simulator.whatif.runner import Progress, run_specs
from simulator.whatif.variants import Variant, best_response, no_response, variants


@dataclass(frozen=True)
class WhatIf:
    played: Cost
    no_response: Cost
    best: Cost | None
    """The fastest effective response the scenario claims; None when nothing was detected."""
    findings: tuple[Finding, ...] = field(default_factory=tuple)
    runs: int = 0

    @property
    def standing(self) -> float | None:
        """Where the team's failed requests sit between no response (0.0) and the best possible
        response (1.0); None when the two are not measurably apart."""
        if self.best is None:
            return None
        span = self.no_response.failed_requests - self.best.failed_requests
        if span <= 0:
            return None
        share = (self.no_response.failed_requests - self.played.failed_requests) / span
        return max(0.0, min(1.0, share))

    def to_dict(self) -> dict[str, object]:
        return {
            "played": self.played.to_dict(),
            "no_response": self.no_response.to_dict(),
            "best": None if self.best is None else self.best.to_dict(),
            "standing": self.standing,
            "runs": self.runs,
            "findings": [f.to_dict() for f in self.findings],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> WhatIf:
        """The inverse of `to_dict` (costs as rounded there); `standing` is derived again."""
        best = data["best"]
        return cls(
            played=Cost.from_dict(data["played"]),
            no_response=Cost.from_dict(data["no_response"]),
            best=None if best is None else Cost.from_dict(best),
            findings=tuple(Finding.from_dict(f) for f in data["findings"]),
            runs=int(data["runs"]),
        )


@dataclass(frozen=True)
class Plan:
    played: Played
    keys: tuple[KeyAction, ...]
    variants: tuple[Variant, ...]
    actual: RunSpec
    none: RunSpec
    best: RunSpec | None

    @property
    def specs(self) -> tuple[RunSpec, ...]:
        extra = () if self.best is None else (self.best,)
        return (self.actual, self.none, *extra, *(v.spec for v in self.variants))


def plan(journal: Journal) -> Plan:
    """What a what-if of `journal` runs (cheap: no engine run yet)."""
    played = played_from(journal)
    keys = key_actions(played, journal)
    return Plan(
        played,
        keys,
        variants(played, keys),
        RunSpec(played.seed, played.steps, played.extended_to),
        no_response(played),
        best_response(played),
    )


def what_if(journal: Journal, jobs: int = 1, progress: Progress | None = None) -> WhatIf:
    """Run every counterfactual of `journal` (`jobs` worker processes) and word the findings."""
    p = plan(journal)
    scenario, end = p.played.loaded.scenario, p.played.end
    results = run_specs(p.played.loaded, p.specs, jobs, progress)
    actual_summary = results[p.actual]
    budget = error_budget(actual_summary, scenario)

    def cost(spec: RunSpec) -> Cost:
        return cost_of(results[spec], scenario, budget, end)

    actual = cost(p.actual)
    found = tuple(
        finding(
            v,
            actual,
            changed := cost(v.spec),
            _label(v.key.action.step),
            noticeable(
                actual.failed_requests - changed.failed_requests, actual_summary, scenario, end
            ),
        )
        for v in p.variants
    )
    return WhatIf(
        played=actual,
        no_response=cost(p.none),
        best=None if p.best is None else cost(p.best),
        findings=found,
        runs=len(results),
    )


def _label(step: Step) -> str:
    params = describe_params(dict(step.params))
    return f"{step.action}({params})" if params else step.action
