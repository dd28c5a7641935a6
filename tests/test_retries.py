"""Retry scheduling: amplification, backoff, jitter and budgets."""

from __future__ import annotations

import pytest

from simulator.engine import initial_state
from simulator.engine.retries import schedule_retries, take_due_retries
from simulator.engine.retry_line import RetryLine
from simulator.engine.state import RetryState


@pytest.fixture()
def state(shipped):
    return initial_state(shipped["retry-storm.yaml"].scenario)


def test_no_retries_with_a_single_attempt(state):
    state.retry = RetryState(1, 0.0, False)
    schedule_retries(state, 1.0, failures=100, originals=100, attempts=100)
    assert take_due_retries(state) == 0.0


def test_total_failure_retries_all_but_the_last_attempt(state):
    state.retry = RetryState(4, 0.0, False)
    schedule_retries(state, 1.0, failures=400, originals=100, attempts=400)
    assert take_due_retries(state) == pytest.approx(300.0)


def test_backoff_delays_and_jitter_spreads(state):
    state.retry = RetryState(2, 4.0, True)
    schedule_retries(state, 1.0, failures=10, originals=1000, attempts=1000)
    due = [take_due_retries(state) for _ in range(8)]
    assert due[0] == 0.0
    assert sum(due) == pytest.approx(10 * (1 - 0.01 / 1.01))
    assert sum(1 for x in due if x > 0) == 5  # spread over 2..6 ticks ahead


def test_a_retry_budget_caps_retries(state):
    state.retry = RetryState(4, 0.0, False, budget=0.1)
    schedule_retries(state, 1.0, failures=400, originals=100, attempts=400)
    assert take_due_retries(state) == pytest.approx(10.0)


def test_the_retry_line_keeps_tick_order_when_its_ring_wraps_and_grows():
    """The ring gives what a list with `pop(0)` gave, through wrap-around and growth."""
    line, model = RetryLine(capacity=4), []
    for tick in range(40):
        first, last = 1 + tick % 3, 2 + tick % 7  # reaches past the ring, which then grows
        line.add(first, last, float(tick))
        model.extend([0.0] * (last - len(model)))
        for index in range(first - 1, last):
            model[index] += float(tick)
        assert line.pending()[: len(model)] == model
        assert line.take() == model.pop(0)
    assert len(line.slots) >= 8
