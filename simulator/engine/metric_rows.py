"""The run's metrics matrix: one preallocated row of floats per tick, in `layout.ROW_NAMES`
order, and the journal's metrics entries built from those rows."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from operator import itemgetter
from typing import Any, overload

import numpy as np

from simulator.engine.kernel.layout import OUTAGE_ORDER, ROW_NAMES
from simulator.metrics import METRIC_NAMES

_OUTAGE_VALUES = itemgetter(*OUTAGE_ORDER)  # a row's values in METRIC_NAMES order


class MetricRows:
    """Rows are handed out in tick order; the matrix doubles when a run outlasts its estimate."""

    def __init__(self, ticks: int, columns: int) -> None:
        self.matrix = np.zeros((max(1, ticks), columns))
        self.count = 0

    def next_row(self) -> np.ndarray:
        """The next tick's row (a view into the matrix), zeroed."""
        if self.count == len(self.matrix):
            self.matrix = np.concatenate([self.matrix, np.zeros_like(self.matrix)])
        row = self.matrix[self.count]
        self.count += 1
        return row

    def room(self) -> int:
        """How many rows can be handed out before the matrix grows; grows it when none can
        (a span of ticks fills at most this many rows in place)."""
        if self.count == len(self.matrix):
            self.matrix = np.concatenate([self.matrix, np.zeros_like(self.matrix)])
        return len(self.matrix) - self.count

    def served_entries(self, first: int, times: list[float]) -> list[dict[str, Any]]:
        """The journal's metrics entries of served ticks from row `first` on, one per tick
        time (rounded as the journal's times are)."""
        rows = self.matrix[first : first + len(times)].tolist()
        return [
            {
                "t": t,
                "kind": "metrics",
                "values": dict(zip(ROW_NAMES, values, strict=False)),
            }
            for t, values in zip(self.journal_times(times), rows, strict=True)
        ]

    @staticmethod
    def journal_times(times: list[float]) -> list[float]:
        """Tick times as the journal has them (`Engine.record` rounds the same way). Whole
        seconds (a tick of 1 s, the usual) are their own rounding: one check for them all."""
        if all(map(float.is_integer, times)):
            return times
        return [round(t, 6) for t in times]

    @staticmethod
    def served_values(row: np.ndarray) -> dict[str, float]:
        """A served tick's journal values: the row's columns in their order."""
        return dict(zip(ROW_NAMES, row.tolist(), strict=True))

    @staticmethod
    def outage_values(row: np.ndarray) -> dict[str, float]:
        """An outage tick's journal values: the same metrics, in `METRIC_NAMES` order."""
        return dict(zip(METRIC_NAMES, _OUTAGE_VALUES(row.tolist()), strict=True))


class MatrixSeries(Sequence[float]):
    """One metric's value at every tick so far: a column of the run's metrics matrix, read
    as a sequence of floats (what `MetricHistory` keeps per watched metric). Nothing is copied
    as ticks come: a span of ticks run in the kernel fills the rows, and the series has them."""

    __slots__ = ("_column", "_rows")

    def __init__(self, rows: MetricRows, column: int) -> None:
        self._rows = rows
        self._column = column

    def __len__(self) -> int:
        return self._rows.count

    def newest(self) -> Callable[[], float]:
        """`lambda: series[-1] if series else 0.0`, reading the matrix directly (a rule's
        `metric > x`, every evaluation)."""
        rows, column = self._rows, self._column

        def read() -> float:
            count = rows.count
            value: float = rows.matrix.item(count - 1, column) if count else 0.0
            return value

        return read

    @overload
    def __getitem__(self, index: int) -> float: ...

    @overload
    def __getitem__(self, index: slice) -> list[float]: ...

    def __getitem__(self, index: int | slice) -> float | list[float]:
        rows = self._rows
        if isinstance(index, slice):
            values: list[float] = rows.matrix[: rows.count, self._column][index].tolist()
            return values
        count = rows.count
        position = index + count if index < 0 else index
        if not 0 <= position < count:
            raise IndexError(index)
        value: float = rows.matrix.item(position, self._column)
        return value
