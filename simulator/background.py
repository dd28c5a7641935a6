"""Work that takes seconds, run on a thread so a page opens at once and fills in when it is ready
(the debrief's what-if, the cohort debrief). The page polls `Background.state()` for progress
and the result; a failure becomes a message in the state, never an exception on the page."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, Self, TypeVar

from simulator.errors import GamedayError

T = TypeVar("T")

Progress = Callable[[int, int], None]
"""Called by the work with (steps done, steps in all) as it goes."""


@dataclass(frozen=True)
class JobState(Generic[T]):
    done: int
    total: int
    result: T | None
    error: str | None

    @property
    def finished(self) -> bool:
        return self.result is not None or self.error is not None


class Background(Generic[T]):
    """One piece of work, started once on a daemon thread; thread-safe.

    `failed` words an unexpected exception ("the what-if runs failed"); a GamedayError's own
    message is kept as it is (it already says what is wrong)."""

    def __init__(self, work: Callable[[Progress], T], name: str, failed: str) -> None:
        self._work = work
        self._name = name
        self._failed = failed
        self._lock = threading.Lock()
        self._state: JobState[T] = JobState(0, 0, None, None)
        self._thread: threading.Thread | None = None

    def start(self) -> Self:
        with self._lock:
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name=self._name, daemon=True)
                self._thread.start()
        return self

    def state(self) -> JobState[T]:
        with self._lock:
            return self._state

    def wait(self, timeout: float | None = None) -> JobState[T]:
        thread = self._thread
        if thread is not None:
            thread.join(timeout)
        return self.state()

    def _progress(self, done: int, total: int) -> None:
        with self._lock:
            self._state = JobState(done, total, None, None)

    def _run(self) -> None:
        try:
            result = self._work(self._progress)
        except GamedayError as exc:
            self._finish(None, str(exc))
        except Exception as exc:  # a failed job must not break the page that shows it
            self._finish(None, f"{self._failed}: {exc}")
        else:
            self._finish(result, None)

    def _finish(self, result: T | None, error: str | None) -> None:
        with self._lock:
            total = max(self._state.total, 1) if result is not None else 0
            self._state = JobState(total, total, result, error)
