"""Small model and self-test changes the scenario library needed (issue 12)."""

from __future__ import annotations

from array import array

import pytest

from simulator.engine.traffic import _call_success
from simulator.scenario.service_models import Slo
from simulator.selftest import measures
from simulator.selftest.runs import LOST, QUEUE_LAG, RunSummary


@pytest.mark.parametrize(
    ("p_fail", "calls", "success"),
    [
        (1.0, 0.35, 0.65),  # a dependency failing every call fails only the requests that call it
        (1.0, 1.0, 0.0),
        (0.5, 2.0, 0.25),  # whole calls fail independently
        (0.5, 1.5, 0.375),  # one call for all, a second one for half of them
        (0.1, 0.0, 1.0),
    ],
)
def test_a_fractional_call_is_the_share_of_requests_that_call(
    p_fail: float, calls: float, success: float
) -> None:
    assert _call_success(p_fail, calls) == pytest.approx(success)


def _summary(**series: list[float]) -> RunSummary:
    times = array("d", [float(t) for t in range(1, len(next(iter(series.values()))) + 1)])
    return RunSummary(times, {name: array("d", values) for name, values in series.items()})


def test_messages_lost_is_the_counter_increase_in_the_window() -> None:
    run = _summary(**{LOST: [0, 0, 100, 100, 250, 250]})
    assert measures.messages_lost(run, 0, 6) == 250
    assert measures.messages_lost(run, 3, 6) == 150  # ticks 4-6: from 100 to 250
    assert measures.messages_lost(run, 5, 6) == 0
    assert measures.messages_lost(_summary(error_ratio=[0, 0]), 0, 2) == 0


def test_consumer_lag_past_the_slo_counts_as_breach_only_when_the_slo_sets_it() -> None:
    quiet = {"error_ratio": [0.0] * 4, "rejected_ratio": [0.0] * 4, "latency_p99_ms": [50.0] * 4}
    run = _summary(**quiet, **{QUEUE_LAG: [10.0, 400.0, 500.0, 20.0]})
    assert measures.breach_seconds(run, Slo(queue_lag="5m"), 0, 4, 1.0) == 2
    assert measures.breach_seconds(run, Slo(), 0, 4, 1.0) == 0
