"""Recent metric values for alert rules, inject conditions and the SLO.

Only the metrics some rule reads are kept. Recording is one append per metric per tick; window
functions are computed when a rule is evaluated (every `evaluation_interval`): `*_over_time`
over the run's metrics matrix by a compiled loop when the engine hands it over
(`kernel/windows.py`), else by Python's `sum`/`max`/`min` over the kept list.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

from simulator.engine.kernel.windows import W_MAX, W_MIN, W_SUM, window_reduce
from simulator.engine.metric_rows import MatrixSeries, MetricRows
from simulator.scenario.expr import BinOp, Expr, MetricRef, Number, RangeFunc

_COMPARE = {
    ">": lambda a, b: a > b,
    "<": lambda a, b: a < b,
    ">=": lambda a, b: a >= b,
    "<=": lambda a, b: a <= b,
    "==": lambda a, b: a == b,
    "!=": lambda a, b: a != b,
}


_OVER_TIME: dict[str, Callable[[Sequence[float]], float]] = {
    "avg_over_time": lambda values: sum(values) / len(values),
    "max_over_time": max,
    "min_over_time": min,
}
_REDUCTION = {"avg_over_time": W_SUM, "max_over_time": W_MAX, "min_over_time": W_MIN}


class MetricHistory:
    """Per-tick series of the watched metrics.

    `rows` and `columns`: the run's metrics matrix (every metric of every tick, one row a tick,
    the same floats as the journal's values) and its column per metric. Given them, each
    series is its matrix column (`MatrixSeries`) and `record` has nothing to do; `*_over_time`
    reads the matrix through a compiled loop. Without them (a journal read back, a test), the
    series are lists that `record` appends to."""

    def __init__(
        self,
        metrics: set[str],
        dt: float,
        rows: MetricRows | None = None,
        columns: dict[str, int] | None = None,
    ) -> None:
        self.dt = dt
        self._rows = rows
        self._columns = columns or {}
        self.values: dict[str, Sequence[float]] = {}
        # each listed series' bound `append`: recording is every tick, for every watched metric
        self._appends: list[tuple[str, Callable[[float], None]]] = []
        for name in sorted(metrics):
            column = self._columns.get(name)
            if rows is not None and column is not None:
                self.values[name] = MatrixSeries(rows, column)
            else:
                series: list[float] = []
                self.values[name] = series
                self._appends.append((name, series.append))

    def listed(self) -> bool:
        """Does any series keep its own list (filled by `record`) rather than read the matrix?"""
        return bool(self._appends)

    def record(self, metrics: dict[str, float]) -> None:
        for name, append in self._appends:
            append(metrics[name])

    def latest(self, name: str) -> float:
        series = self.values[name]
        return series[-1] if series else 0.0

    def window(self, name: str, seconds: float) -> int:
        """How many recent ticks a window covers (at least one, at most what exists)."""
        return max(1, min(len(self.values[name]), round(seconds / self.dt)))

    def closed_window(self, name: str, seconds: float) -> int:
        """How many recent ticks `*_over_time` reads: the samples in [t - window, t], both ends
        included as in Prometheus 2.x, so one more than `window` (capped at what exists). `rate`,
        `increase` and `delta` already span the same samples (see range_value)."""
        return max(1, min(len(self.values[name]), round(seconds / self.dt) + 1))

    def mean(self, name: str, seconds: float) -> float:
        series = self.values[name]
        if not series:
            return 0.0
        n = self.window(name, seconds)
        return sum(series[-n:]) / n

    def over_time(self, func: str, name: str, seconds: float) -> Callable[[], float] | None:
        """`lambda: range_value(func, name, seconds)` for a `*_over_time` function read off
        the run's metrics matrix, with the window and column worked out once (an alert rule's
        reading, every evaluation); None when this history has no matrix for `name`."""
        column, rows, series = self._columns.get(name), self._rows, self.values[name]
        if func not in _OVER_TIME or column is None or rows is None:
            return None
        span, reduction, average = (
            round(seconds / self.dt) + 1,
            _REDUCTION[func],
            func == "avg_over_time",
        )
        fallback, listed = _OVER_TIME[func], not isinstance(series, MatrixSeries)

        def reading() -> float:
            count = len(series) if listed else rows.count
            if not count:
                return 0.0
            n = max(1, min(count, span))  # `closed_window`
            if rows.count != count:
                return fallback(series[-n:])
            value = float(window_reduce(rows.matrix, column, count - n, count, reduction))
            return value / n if average else value

        return reading

    def range_value(self, func: str, name: str, seconds: float) -> float:
        series = self.values[name]
        if not series:
            return 0.0
        if func in _OVER_TIME:
            n = self.closed_window(name, seconds)
            column, rows = self._columns.get(name), self._rows
            if column is None or rows is None or rows.count != len(series):
                return _OVER_TIME[func](series[-n:])
            stop = rows.count
            value = float(window_reduce(rows.matrix, column, stop - n, stop, _REDUCTION[func]))
            return value / n if func == "avg_over_time" else value
        n = self.window(name, seconds)  # at most the samples there are
        change = series[-1] - (series[-n] if len(series) <= n else series[-n - 1])
        if func == "rate":
            return change / (n * self.dt)
        return change  # increase, delta


def metrics_of(expr: Expr) -> set[str]:
    if isinstance(expr, MetricRef):
        return {expr.name}
    if isinstance(expr, RangeFunc):
        return {expr.metric}
    if isinstance(expr, BinOp):
        return metrics_of(expr.left) | metrics_of(expr.right)
    return set()


def evaluate(expr: Expr, history: MetricHistory) -> float:
    """Evaluate an expression; comparisons and and/or give 1.0 (true) or 0.0 (false)."""
    if isinstance(expr, Number):
        return expr.value
    if isinstance(expr, MetricRef):
        return history.latest(expr.name)
    if isinstance(expr, RangeFunc):
        return history.range_value(expr.func, expr.metric, expr.window)
    left = evaluate(expr.left, history)
    op = expr.op
    if op == "and":
        return 1.0 if left and evaluate(expr.right, history) else 0.0
    if op == "or":
        return 1.0 if left or evaluate(expr.right, history) else 0.0
    right = evaluate(expr.right, history)
    if op in _COMPARE:
        return 1.0 if _COMPARE[op](left, right) else 0.0
    if op == "+":
        return left + right
    if op == "-":
        return left - right
    if op == "*":
        return left * right
    return divide(left, right)


def divide(left: float, right: float) -> float:
    """IEEE division as in PromQL: x/0 is +-Inf, 0/0 is NaN (and NaN compares false)."""
    if right != 0.0:
        return left / right
    return math.copysign(math.inf, left) if left != 0.0 else math.nan
