"""A `promtool test rules` file from a simulated run (`gameday promtool-test`).

The run's metric series become `input_series`, and the engine's alert states at every evaluation
become `alert_rule_test` expectations: at each evaluation time, for each rule, exactly the alerts
our evaluator had firing (none, or one with its labels and annotations). `promtool` then evaluates
the exported rule file over the same series with real Prometheus code, so any disagreement about
when an alert fires or resolves fails the test at the first evaluation where it happens.

Sample times: our evaluator runs at time t before the traffic tick at t is computed, so it reads
the ticks up to t - tick. Prometheus reads every sample stamped at or before t. Each tick's sample
is therefore stamped one tick later than the tick itself (the tick at 10 s is the sample at 11 s);
the first two sample slots are empty (`_x2`).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from simulator.journal import Journal
from simulator.prometheus.names import series_name
from simulator.prometheus.promql import format_duration
from simulator.prometheus.rules import drill_annotations, drill_labels
from simulator.scenario.expr import RangeFunc, metric_refs, parse_expr
from simulator.scenario.schema import Scenario

TEST_SESSION = "promtool"
_TIME_EPSILON = 1e-6


@dataclass(frozen=True)
class FiringChange:
    """An alert began (True) or stopped (False) firing at time t."""

    t: float
    alert: str
    firing: bool


def unit_test_file(scenario: Scenario, journal: Journal, rules_path: str) -> dict[str, Any]:
    """The unit-test file as plain data (write it with `dump_yaml`)."""
    labels = series_labels(scenario)
    test = {
        "interval": format_duration(scenario.tick),
        "input_series": input_series(journal, watched_metrics(scenario), labels),
        "alert_rule_test": alert_rule_tests(scenario, journal, labels),
    }
    return {
        "rule_files": [rules_path],
        "evaluation_interval": format_duration(scenario.paging.evaluation_interval),
        "tests": [test],
    }


def series_labels(scenario: Scenario) -> dict[str, str]:
    return {"session": TEST_SESSION, "scenario": scenario.id, "service": scenario.service.name}


def watched_metrics(scenario: Scenario) -> list[str]:
    """The metrics the alert rules read, in first-use order."""
    names: dict[str, None] = {}
    for rule in scenario.alerts:
        for ref in metric_refs(parse_expr(rule.expr)):
            names[ref.metric if isinstance(ref, RangeFunc) else ref.name] = None
    return list(names)


# ------------------------------------------------------------------ input series


def input_series(
    journal: Journal, metrics: list[str], labels: dict[str, str]
) -> list[dict[str, str]]:
    ticks = [e["values"] for e in journal.entries if e["kind"] == "metrics"]
    selector = ",".join(f'{k}="{v}"' for k, v in labels.items())
    return [
        {
            "series": f"{series_name(m)}{{{selector}}}",
            "values": " ".join(["_x2", *_runs([tick[m] for tick in ticks])]),
        }
        for m in metrics
    ]


def _runs(values: list[float]) -> Iterator[str]:
    """Expanding notation: a run of n equal values v is `v+0x(n-1)`; a single one is `v`."""
    index = 0
    while index < len(values):
        end = index
        while end + 1 < len(values) and values[end + 1] == values[index]:
            end += 1
        value = repr(float(values[index]))
        yield value if end == index else f"{value}+0x{end - index}"
        index = end + 1


# ------------------------------------------------------------------ expectations


def firing_changes(journal: Journal) -> list[FiringChange]:
    return [
        FiringChange(float(e["t"]), e["alert"], e["kind"] == "alert.firing")
        for e in journal.of_kind("alert.firing", "alert.resolved")
    ]


def evaluation_times(scenario: Scenario, journal: Journal) -> list[float]:
    """Every evaluation of the run: multiples of the interval up to the journal's last tick."""
    last = max((float(e["t"]) for e in journal.of_kind("metrics")), default=0.0)
    step = scenario.paging.evaluation_interval
    count = int((last + _TIME_EPSILON) // step)
    return [step * k for k in range(1, count + 1)]


def firing_at(changes: list[FiringChange], t: float) -> set[str]:
    """The alerts firing after the evaluation at time t."""
    firing: set[str] = set()
    for change in changes:
        if change.t > t + _TIME_EPSILON:
            break
        if change.firing:
            firing.add(change.alert)
        else:
            firing.discard(change.alert)
    return firing


def alert_rule_tests(
    scenario: Scenario, journal: Journal, labels: dict[str, str]
) -> list[dict[str, Any]]:
    changes = firing_changes(journal)
    tests = []
    for t in evaluation_times(scenario, journal):
        firing = firing_at(changes, t)
        for rule in scenario.alerts:
            expected = []
            if rule.alert in firing:
                expected.append(
                    {
                        "exp_labels": {**labels, **drill_labels(rule)},
                        "exp_annotations": drill_annotations(rule),
                    }
                )
            tests.append(
                {"eval_time": format_duration(t), "alertname": rule.alert, "exp_alerts": expected}
            )
    return tests
