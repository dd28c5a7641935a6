"""A what-if run in the background, so a debrief opens at once and fills in when it is ready.

The runs of a 45-minute exercise take seconds (see docs/reference/what-if.md); a page must not
wait for them. `Job.start` runs them on a thread that spreads the engine runs over every core,
and the page polls `Job.state()` for progress and the result. The result is kept on disk
(`cache.py`), so a server restart, another server process or `gameday report` reuses it.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from simulator.errors import GamedayError
from simulator.journal import Journal
from simulator.selftest.runs import default_jobs
from simulator.whatif.cache import cached_what_if
from simulator.whatif.counterfactuals import WhatIf


@dataclass(frozen=True)
class JobState:
    done: int
    total: int
    result: WhatIf | None
    error: str | None

    @property
    def finished(self) -> bool:
        return self.result is not None or self.error is not None


class Job:
    """One what-if of one journal, started once; thread-safe."""

    def __init__(self, journal: Journal, jobs: int | None = None) -> None:
        self._journal = journal
        self._jobs = jobs or default_jobs()
        self._lock = threading.Lock()
        self._state = JobState(0, 0, None, None)
        self._thread: threading.Thread | None = None

    def start(self) -> Job:
        with self._lock:
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="whatif", daemon=True)
                self._thread.start()
        return self

    def state(self) -> JobState:
        with self._lock:
            return self._state

    def wait(self, timeout: float | None = None) -> JobState:
        thread = self._thread
        if thread is not None:
            thread.join(timeout)
        return self.state()

    def _progress(self, done: int, total: int) -> None:
        with self._lock:
            self._state = JobState(done, total, None, None)

    def _run(self) -> None:
        try:
            result = cached_what_if(self._journal, self._jobs, self._progress)
        except GamedayError as exc:
            self._finish(JobState(0, 0, None, str(exc)))
        except Exception as exc:  # a failed what-if must not break the debrief
            self._finish(JobState(0, 0, None, f"the what-if runs failed: {exc}"))
        else:
            self._finish(JobState(result.runs, result.runs, result, None))

    def _finish(self, state: JobState) -> None:
        with self._lock:
            self._state = state
