"""One Run per session per process, each behind its own lock.

There is no background thread: whoever reads or writes a session takes its lock, brings its Run up
to date with the store and advances it to the clock's time (advance-on-read). Sessions do not
wait for each other; the lock registry itself is held only to find or make a session's lock.

The cache holds at most `capacity` Runs and forgets the least recently used one beyond that: an
hour-long session's engine holds a few megabytes of journal, and a server runs for weeks. A
forgotten Run is rebuilt from the store by replay the next time its session is read.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

from simulator.session.run import Run

DEFAULT_CAPACITY = 32


class RunCache:
    def __init__(self, capacity: int = DEFAULT_CAPACITY) -> None:
        if capacity < 1:
            raise ValueError(f"a run cache holds at least one run (got {capacity})")
        self.capacity = capacity
        self._runs: OrderedDict[str, Run] = OrderedDict()
        self._locks: dict[str, threading.RLock] = {}
        self._registry = threading.Lock()

    def lock(self, session_id: str) -> threading.RLock:
        with self._registry:
            lock = self._locks.get(session_id)
            if lock is None:
                lock = self._locks[session_id] = threading.RLock()
            return lock

    def get(self, session_id: str) -> Run | None:
        """The cached Run (call with the session's lock held); marks it recently used."""
        with self._registry:
            run = self._runs.get(session_id)
            if run is not None:
                self._runs.move_to_end(session_id)
            return run

    def put(self, session_id: str, run: Run) -> None:
        """Cache `run`, forgetting the least recently used Runs beyond the capacity.

        A forgotten Run may still be in use by a thread holding its session's lock; that thread
        keeps its reference, and the next reader rebuilds the Run from the store."""
        with self._registry:
            self._runs[session_id] = run
            self._runs.move_to_end(session_id)
            while len(self._runs) > self.capacity:
                self._runs.popitem(last=False)

    def drop(self, session_id: str) -> None:
        """Forget a Run whose engine may be ahead of the store (a write that did not commit)."""
        with self._registry:
            self._runs.pop(session_id, None)

    def __contains__(self, session_id: str) -> bool:
        return session_id in self._runs

    def __len__(self) -> int:
        return len(self._runs)
