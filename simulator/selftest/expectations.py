"""The `expect` block's own expectations, judged on one seed's no-response and ideal runs:
alerts, impact times, refused actions and metric windows."""

from __future__ import annotations

from collections.abc import Iterator

from simulator.durations import format_duration
from simulator.scenario.schema import IdealExpect, MetricExpect, NoResponseExpect, Scenario
from simulator.selftest import measures
from simulator.selftest.results import Outcome
from simulator.selftest.runs import RunSummary

HEALTHY_ERROR_RATIO = 0.01


def _fmt(t: float | None) -> str:
    return "never" if t is None else format_duration(t)


def no_response(scenario: Scenario, run: RunSummary, seed: int) -> Iterator[Outcome]:
    expect = scenario.expect
    assert expect is not None
    onset = min(f.at for f in scenario.faults)
    healthy = measures.stat(run, "error_ratio", "mean", 0.0, onset) or 0.0
    yield Outcome(
        "baseline healthy before the fault",
        f"error_ratio < {HEALTHY_ERROR_RATIO:.0%}",
        f"{healthy:.3%}",
        healthy < HEALTHY_ERROR_RATIO,
        seed,
    )
    yield from _no_response_alerts(expect.no_response, run, seed)
    yield from _no_response_impact(expect.no_response, run, seed)
    for index, item in enumerate(expect.no_response.metrics):
        yield metric_outcome(f"no response: metrics[{index}]", item, run, seed)


def _no_response_alerts(no: NoResponseExpect, run: RunSummary, seed: int) -> Iterator[Outcome]:
    for window in no.alerts_fire:
        fired = run.alerts.get(window.alert)
        low, high = window.between
        yield Outcome(
            f"no response: {window.alert} fires",
            f"between {_fmt(low)} and {_fmt(high)}",
            _fmt(fired),
            fired is not None and low <= fired <= high,
            seed,
        )
    for alert in no.alerts_quiet:
        fired = run.alerts.get(alert)
        name = f"no response: {alert} stays quiet"
        yield Outcome(name, "never fires", _fmt(fired), fired is None, seed)


def _no_response_impact(no: NoResponseExpect, run: RunSummary, seed: int) -> Iterator[Outcome]:
    if no.impact_starts_by is not None:
        started = run.impact[0][0] if run.impact else None
        yield Outcome(
            "no response: impact starts",
            f"by {_fmt(no.impact_starts_by)}",
            _fmt(started),
            started is not None and started <= no.impact_starts_by,
            seed,
        )
    if no.impact_lasts_to_end:
        cleared = measures.clear_from(run)
        yield Outcome(
            "no response: impact lasts to the end",
            "ongoing at the end",
            "ongoing" if cleared is None else f"ended {_fmt(cleared)}",
            cleared is None,
            seed,
        )


def ideal(scenario: Scenario, run: RunSummary, seed: int) -> Iterator[Outcome]:
    expect = scenario.expect
    assert expect is not None
    wanted: IdealExpect = expect.ideal_response
    refused = run.refused
    yield Outcome(
        "ideal response: every action accepted",
        "0 refused",
        f"{len(refused)} refused" + (f" ({refused[0]})" if refused else ""),
        not refused,
        seed,
    )
    cleared = measures.clear_from(run)
    earliest = wanted.impact_ends_after or 0.0
    yield Outcome(
        "ideal response: impact ends",
        f"after {_fmt(earliest)}, by {_fmt(wanted.impact_ends_by)}",
        _fmt(cleared),
        cleared is not None and earliest <= cleared <= wanted.impact_ends_by,
        seed,
    )
    for index, item in enumerate(wanted.metrics):
        yield metric_outcome(f"ideal response: metrics[{index}]", item, run, seed)


_BOUNDS = {
    "mean_above": ("mean", 1),
    "mean_below": ("mean", -1),
    "min_above": ("min", 1),
    "max_below": ("max", -1),
}


def metric_outcome(prefix: str, item: MetricExpect, run: RunSummary, seed: int) -> Outcome:
    """Every bound of one metric expectation over its window; fails on the first one missed."""
    low, high = item.between
    name = f"{prefix} {item.metric} {_fmt(low)}-{_fmt(high)}"
    expected = ", ".join(f"{kind.replace('_', ' ')} {value:g}" for kind, value in item.bounds())
    if not run.has(item.metric):
        return Outcome(name, expected, "metric not in the journal", False, seed, None, -1.0)
    shown, slack = [], float("inf")
    for kind, value in item.bounds():
        stat, sign = _BOUNDS[kind]
        got = measures.stat(run, item.metric, stat, low, high)
        if got is None:
            return Outcome(name, expected, "no tick in the window", False, seed, None, -1.0)
        shown.append(f"{stat} {got:.4g}")
        slack = min(slack, sign * (got - value))
    return Outcome(name, expected, ", ".join(dict.fromkeys(shown)), slack > 0, seed, None, slack)
