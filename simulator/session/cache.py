"""One Run per session per process, each behind its own lock.

There is no background thread: whoever reads or writes a session takes its lock, brings its Run up
to date with the store and advances it to the clock's time (advance-on-read). Sessions do not
wait for each other; the lock registry itself is held only to find or make a session's lock.
"""

from __future__ import annotations

import threading

from simulator.session.run import Run


class RunCache:
    def __init__(self) -> None:
        self._runs: dict[str, Run] = {}
        self._locks: dict[str, threading.RLock] = {}
        self._registry = threading.Lock()

    def lock(self, session_id: str) -> threading.RLock:
        with self._registry:
            lock = self._locks.get(session_id)
            if lock is None:
                lock = self._locks[session_id] = threading.RLock()
            return lock

    def get(self, session_id: str) -> Run | None:
        """The cached Run (call with the session's lock held)."""
        return self._runs.get(session_id)

    def put(self, session_id: str, run: Run) -> None:
        self._runs[session_id] = run

    def drop(self, session_id: str) -> None:
        """Forget a Run whose engine may be ahead of the store (a write that did not commit)."""
        self._runs.pop(session_id, None)

    def __contains__(self, session_id: str) -> bool:
        return session_id in self._runs
