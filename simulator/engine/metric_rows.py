"""The run's metrics matrix: one preallocated row of floats per tick, in `layout.ROW_NAMES`
order, and the journal's metrics entries built from those rows."""

from __future__ import annotations

from operator import itemgetter
from typing import Any

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
                "t": round(t, 6),
                "kind": "metrics",
                "values": dict(zip(ROW_NAMES, values, strict=False)),
            }
            for t, values in zip(times, rows, strict=True)
        ]

    @staticmethod
    def journal_times(times: list[float]) -> list[float]:
        """Tick times as the journal has them (`Engine.record` rounds the same way). Whole
        seconds (a tick of 1 s, the usual) are their own rounding: one check for them all."""
        if not np.fmod(times, 1.0).any():
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
