"""What a run cost its customers, over the whole exercise: the measures every counterfactual is
compared on. The runs of one what-if share their seed (the same arrivals and noise), so their
differences are the actions' effects."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import asdict, dataclass

from simulator.report.impact import SECONDS_PER_DAY, SLO_DAYS, SLO_OBJECTIVE
from simulator.scenario.schema import Scenario
from simulator.selftest.measures import arrived_requests, breach_seconds, failed_requests, orders
from simulator.selftest.runs import RunSummary


@dataclass(frozen=True)
class Cost:
    failed_requests: float
    """Requests answered with an error or a 429."""
    orders: float
    """Orders completed (more is better)."""
    breach_seconds: float
    """Seconds over an SLO threshold."""
    impact_seconds: float
    """Seconds of customer impact (ground truth), to the end of the exercise."""
    budget_share: float
    """Failed requests as a share of the 30-day error budget (as the report computes it)."""

    def to_dict(self) -> dict[str, float]:
        return {k: round(v, 4) for k, v in asdict(self).items()}

    @classmethod
    def from_dict(cls, data: dict[str, float]) -> Cost:
        return cls(**{f: float(data[f]) for f in cls.__dataclass_fields__})


def error_budget(summary: RunSummary, scenario: Scenario) -> float:
    """Requests the 30-day error budget allows at the traffic before impact (the report's rule),
    from one run; every run of a what-if is measured against the same budget."""
    first = summary.impact[0][0] if summary.impact else None
    rates = summary.series.get("request_rate")
    if not rates:
        return 0.0
    upto = bisect_right(summary.times, first) if first is not None else len(rates)
    window = rates[:upto] if upto else rates
    baseline_rps = sum(window) / len(window)
    return (1.0 - SLO_OBJECTIVE) * baseline_rps * SLO_DAYS * SECONDS_PER_DAY


def cost_of(summary: RunSummary, scenario: Scenario, budget: float, end: float) -> Cost:
    """The run's cost from the start to `end` (the scenario's end in the played run)."""
    dt = scenario.tick
    failed = failed_requests(summary, 0.0, end, dt)
    impact = sum((stop if stop is not None else end) - start for start, stop in summary.impact)
    return Cost(
        failed_requests=failed,
        orders=orders(summary, 0.0, end, dt),
        breach_seconds=breach_seconds(summary, scenario.service.slo, 0.0, end, dt),
        impact_seconds=impact,
        budget_share=failed / budget if budget > 0 else 0.0,
    )


def noticeable(difference: float, summary: RunSummary, scenario: Scenario, end: float) -> bool:
    """Is a difference in failed requests larger than 1% of the requests that arrived up to
    `end` (the self-test's margin floor)? Smaller ones are reported as no measurable difference."""
    arrived = arrived_requests(summary, 0.0, end, scenario.tick)
    return abs(difference) > 0.01 * arrived
