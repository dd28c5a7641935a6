"""Alert and inject conditions compiled once into closures over the metric history.

`history.evaluate` walks an expression's tree on every evaluation (every 15 s, for every rule
and every waiting inject); a rule's `Reading` is the same walk unrolled once into nested
closures holding the series they read, so an evaluation is a few calls. Same operands, same
order, same operators: the same floats as `evaluate` (tests/test_readings.py).
"""

from __future__ import annotations

import operator
from collections.abc import Callable

from simulator.engine.history import MetricHistory, divide
from simulator.engine.metric_rows import MatrixSeries
from simulator.scenario.expr import BinOp, Expr, MetricRef, Number, RangeFunc

Reading = Callable[[], float]

_COMPARE: dict[str, Callable[[float, float], bool]] = {
    ">": operator.gt,
    "<": operator.lt,
    ">=": operator.ge,
    "<=": operator.le,
    "==": operator.eq,
    "!=": operator.ne,
}
_ARITHMETIC: dict[str, Callable[[float, float], float]] = {
    "+": operator.add,
    "-": operator.sub,
    "*": operator.mul,
    "/": divide,
}


def compile_reading(expr: Expr, history: MetricHistory) -> Reading:
    """`lambda: evaluate(expr, history)`, unrolled: comparisons and and/or give 1.0 or 0.0."""
    return _COMPILERS[type(expr)](expr, history)


def _number(expr: Expr, _history: MetricHistory) -> Reading:
    assert isinstance(expr, Number)
    value = expr.value
    return lambda: value


def _metric(expr: Expr, history: MetricHistory) -> Reading:
    assert isinstance(expr, MetricRef)
    series = history.values[expr.name]  # a list the history extends, or a matrix column
    if isinstance(series, MatrixSeries):
        return series.newest()
    return lambda: series[-1] if series else 0.0


def _range(expr: Expr, history: MetricHistory) -> Reading:
    assert isinstance(expr, RangeFunc)
    func, metric, window, range_value = expr.func, expr.metric, expr.window, history.range_value
    return history.over_time(func, metric, window) or (lambda: range_value(func, metric, window))


def _binary(expr: Expr, history: MetricHistory) -> Reading:
    assert isinstance(expr, BinOp)
    left, right = compile_reading(expr.left, history), compile_reading(expr.right, history)
    op = expr.op
    if op == "and":
        return lambda: 1.0 if left() and right() else 0.0
    if op == "or":
        return lambda: 1.0 if left() or right() else 0.0
    if op in _COMPARE:
        compare = _COMPARE[op]
        return lambda: 1.0 if compare(left(), right()) else 0.0
    arithmetic = _ARITHMETIC[op]
    return lambda: arithmetic(left(), right())


_COMPILERS: dict[type, Callable[[Expr, MetricHistory], Reading]] = {
    Number: _number,
    MetricRef: _metric,
    RangeFunc: _range,
    BinOp: _binary,
}
