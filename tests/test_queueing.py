"""Unit tests of the analytic queueing helpers and retry scheduling."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from simulator.engine.queueing import (
    LatencyMix,
    observed_quantile,
    wait_probability,
    wait_quantile,
    wait_tail,
)


def test_mm1_wait_probability_is_exact():
    assert wait_probability(0.5, 1) == pytest.approx(0.5)
    assert wait_probability(0.9, 1) == pytest.approx(0.9)


def test_wait_probability_bounds():
    assert wait_probability(0.0, 10) == 0.0
    assert wait_probability(10.0, 10) == 1.0
    assert wait_probability(1.0, 0) == 1.0


def test_erlang_c_approximation_is_close_for_a_small_pool():
    # Exact Erlang C for c=10, a=8: 0.409. Sakasegawa's form is a few percent off at most.
    assert wait_probability(8.0, 10) == pytest.approx(0.409, abs=0.04)


@given(
    load=st.floats(min_value=0.05, max_value=0.95),
    servers=st.integers(min_value=1, max_value=500),
)
def test_quantiles_are_ordered_and_tails_consistent(load, servers):
    a = load * servers
    p = wait_probability(a, servers)
    q50, q95, q99 = (wait_quantile(q, p, a, servers, 0.05) for q in (0.5, 0.95, 0.99))
    assert 0.0 <= q50 <= q95 <= q99 < math.inf
    if q99 > 0:
        assert wait_tail(q99, p, a, servers, 0.05) == pytest.approx(0.01, rel=1e-6)


def test_slow_failures_take_over_the_top_quantiles():
    mix = LatencyMix(
        slow_timeout=0.02, slow_pool=0.0, patience=5.0, acquire=2.0, service=0.1, jitter=1.0
    )
    assert observed_quantile(0.99, 2.8, 0.0, mix) == 5.0  # 2% time out: p99 is the timeout
    assert observed_quantile(0.50, 0.8, 0.0, mix) == pytest.approx(0.08)
    pool = mix._replace(slow_timeout=0.0, slow_pool=0.2)
    assert observed_quantile(0.95, 1.9, 0.0, pool) == 2.0  # pool timeouts at the acquire timeout
