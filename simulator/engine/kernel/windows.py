"""The window reductions of alert rules (`avg_over_time`, `max_over_time`, `min_over_time`) over
a column of the run's metrics matrix, compiled like the tick kernel.

An alert rule over a 5-minute window reads 301 samples every evaluation; Python's `sum`, `max`
and `min` over a fresh slice of the metric's list cost 2-5 us a rule. These loops add and
compare in the very order those builtins do (a sum from 0.0, oldest sample first; `max` keeps
the first of equal values and replaces only on a strictly greater one), so the figures are the
same floats.
"""

from __future__ import annotations

import numpy as np

from simulator.engine.kernel.jit import kernel

W_SUM, W_MAX, W_MIN = 0, 1, 2


@kernel
def window_reduce(matrix: np.ndarray, column: int, start: int, stop: int, op: int) -> float:
    """The sum (`W_SUM`), max or min of `matrix[start:stop, column]`; the window is not empty."""
    if op == W_SUM:
        total = 0.0
        for i in range(start, stop):
            total += matrix[i, column]
        return total
    best = matrix[start, column]
    for i in range(start + 1, stop):
        value = matrix[i, column]
        if op == W_MAX:
            if value > best:
                best = value
        elif value < best:
            best = value
    return best
