"""Compiled conditions (`engine/readings.py`) give what walking the expression gives
(`history.evaluate`), float for float, on generated expressions and histories."""

from __future__ import annotations

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from simulator.engine.history import MetricHistory, evaluate
from simulator.engine.metric_rows import MetricRows
from simulator.engine.readings import compile_reading
from simulator.scenario.expr import RANGE_FUNCTIONS, BinOp, Expr, MetricRef, Number, RangeFunc

METRICS = ("error_ratio", "request_rate", "latency_p99_ms")
VALUES = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False) | st.sampled_from([0.0, 1.0])


def leaves() -> st.SearchStrategy[Expr]:
    return st.one_of(
        VALUES.map(Number),
        st.sampled_from(METRICS).map(lambda name: MetricRef(name, 0)),
        st.builds(
            RangeFunc,
            st.sampled_from(RANGE_FUNCTIONS),
            st.sampled_from(METRICS),
            st.sampled_from([1.0, 3.0, 60.0]),
            st.just(0),
        ),
    )


def expressions() -> st.SearchStrategy[Expr]:
    ops = st.sampled_from([">", "<", ">=", "<=", "==", "!=", "+", "-", "*", "/", "and", "or"])
    return st.recursive(leaves(), lambda inner: st.builds(BinOp, ops, inner, inner), max_leaves=8)


def same(a: float, b: float) -> bool:
    return (math.isnan(a) and math.isnan(b)) or a == b


@given(
    expr=expressions(),
    series=st.lists(st.tuples(VALUES, VALUES, VALUES), max_size=12),
)
@settings(max_examples=300, deadline=None)
def test_a_compiled_reading_gives_what_evaluate_gives(expr, series):
    history = MetricHistory(set(METRICS), 1.0)
    reading = compile_reading(expr, history)  # compiled before the samples come in
    assert same(reading(), evaluate(expr, history))
    for sample in series:
        history.record(dict(zip(METRICS, sample, strict=True)))
        assert same(reading(), evaluate(expr, history))


@given(
    expr=expressions(),
    series=st.lists(st.tuples(VALUES, VALUES, VALUES), max_size=12),
)
@settings(max_examples=300, deadline=None)
def test_a_compiled_reading_over_the_metrics_matrix_gives_what_evaluate_gives(expr, series):
    """`*_over_time` read off the run's matrix (as in an engine), against the plain lists."""
    rows = MetricRows(4, len(METRICS))  # small: the matrix grows as ticks come
    columns = {name: i for i, name in enumerate(METRICS)}
    history = MetricHistory(set(METRICS), 1.0, rows, columns)
    plain = MetricHistory(set(METRICS), 1.0)
    reading = compile_reading(expr, history)
    for sample in series:
        rows.next_row()[:] = sample
        history.record(dict(zip(METRICS, sample, strict=True)))
        plain.record(dict(zip(METRICS, sample, strict=True)))
        assert same(reading(), evaluate(expr, plain))
