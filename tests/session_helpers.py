"""Helpers shared by the session tests: a fake wall clock and scenario text."""

from __future__ import annotations

import threading

from tests.conftest import SCENARIO_DIR

POOL = SCENARIO_DIR / "pool-exhaustion.yaml"
T0 = 1_700_000_000.0


class FakeClock:
    """A wall clock moved by hand; `tick` makes every read step forward (for busy tests)."""

    def __init__(self, start: float = T0, tick: float = 0.0) -> None:
        self.t = start
        self.tick = tick
        self._lock = threading.Lock()

    def __call__(self) -> float:
        with self._lock:
            now = self.t
            self.t += self.tick
            return now

    def advance(self, seconds: float) -> None:
        with self._lock:
            self.t += seconds
