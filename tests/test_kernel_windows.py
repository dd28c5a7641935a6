"""The compiled window reductions of alert rules give what Python's `sum`, `max` and `min` gave
over the same samples, bit for bit (the alert decisions, so the journals, depend on them). The
sum is the left-to-right one of CPython 3.11's `sum` (3.12 compensates), written out here."""

from __future__ import annotations

import operator
from functools import reduce

import numpy as np
import pytest

from simulator.engine.kernel.windows import W_MAX, W_MIN, W_SUM, window_reduce


def _sum(values: list[float]) -> float:
    return reduce(operator.add, values, 0.0)


BUILTINS = {W_SUM: _sum, W_MAX: max, W_MIN: min}


@pytest.mark.parametrize("op", [W_SUM, W_MAX, W_MIN])
def test_window_reduce_is_the_builtin_over_the_slice(op):
    rng = np.random.default_rng(7)
    matrix = rng.standard_normal((400, 5)) * 1e3
    matrix[::7, 2] = 0.1  # ties for max and min
    matrix[5, 2] = -0.0
    for start, stop in ((0, 1), (0, 301), (99, 400), (399, 400), (17, 318)):
        column = matrix[:, 2].tolist()
        expected = BUILTINS[op](column[start:stop])
        got = window_reduce(matrix, 2, start, stop, op)
        assert got == expected
        assert np.signbit(got) == np.signbit(expected)


def test_the_sum_keeps_the_order_of_additions():
    """1e16 + 1 - 1e16 is 0 in order and 1 in another: the order is Python's."""
    matrix = np.array([[1e16], [1.0], [-1e16], [1.0]])
    assert window_reduce(matrix, 0, 0, 4, W_SUM) == _sum(matrix[:, 0].tolist()) == 1.0
