"""Checks of a scenario's `expect` metrics and claims: the self-test's metric windows and
per-claim timing (see simulator/selftest/), and the rule a claim uses to name a fault's ref."""

from __future__ import annotations

from simulator.durations import format_duration
from simulator.metrics import METRIC_NAMES
from simulator.scenario.checker import MAX_LISTED, Checker
from simulator.scenario.fault_models import ActionMatch
from simulator.scenario.locations import Path
from simulator.scenario.schema import ClaimTiming, MetricExpect
from simulator.suggest import did_you_mean

_BOUND_NAMES = "mean_above, mean_below, min_above or max_below"


def check_expect_metrics_and_claims(c: Checker) -> None:
    expect = c.scenario.expect
    if expect is None:
        return
    for part, block in (
        ("no_response", expect.no_response),
        ("ideal_response", expect.ideal_response),
    ):
        for index, item in enumerate(block.metrics):
            _check_metric_expect(c, ("expect", part, "metrics", index), item)
    for index, claim in enumerate(expect.claims):
        _check_claim_timing(c, ("expect", "claims", index), claim)


def _check_metric_expect(c: Checker, path: Path, item: MetricExpect) -> None:
    if item.metric not in METRIC_NAMES:
        suggestion = did_you_mean(item.metric, METRIC_NAMES)
        c.at_value((*path, "metric"), "unknown metric", item.metric, suggestion=suggestion)
    for i, moment in enumerate(item.between):
        c.time((*path, "between", i), moment)
    if item.between[0] >= item.between[1]:
        message = "expected the first time to be before the second"
        c.at_value((*path, "between"), message, [format_duration(t) for t in item.between])
    if not item.bounds():
        c.add(c.locations.value(path), path, f"expected at least one of {_BOUND_NAMES}")


def _check_claim_timing(c: Checker, path: Path, claim: ClaimTiming) -> None:
    faults = c.scenario.faults
    ids = [fault.id for fault in faults]
    c.known((*path, "fault"), claim.fault, ids, "fault", "faults")
    for i, moment in enumerate(claim.at):
        c.time((*path, "at", i), moment)
    chosen = [f for f in faults if claim.fault in (None, f.id)]
    listed = [ref for f in chosen for group in _CLAIM_GROUPS for ref in getattr(f, group)]
    if chosen and not any(claim_names_ref(claim.ref, ref) for ref in listed):
        where = f"fault '{claim.fault}'" if claim.fault else "any fault"
        shown = list(dict.fromkeys(_shown_ref(ref) for ref in listed))
        message = f"matches no fixed_by, mitigated_by or harmful ref of {where}"
        if shown and len(shown) <= MAX_LISTED:
            message += f" (listed: {', '.join(shown)})"
        c.at_value((*path, "ref"), message, _shown_ref(claim.ref))


_CLAIM_GROUPS = ("fixed_by", "mitigated_by", "harmful")


def claim_names_ref(pattern: ActionMatch, ref: ActionMatch) -> bool:
    """The same rule as the self-test's: same action, and the params given agree."""
    return pattern.action == ref.action and all(
        ref.params.get(key) == value for key, value in pattern.params.items()
    )


def _shown_ref(ref: ActionMatch) -> str:
    params = ", ".join(f"{k}={v}" for k, v in ref.params.items())
    return f"{ref.action}({params})" if params else ref.action
