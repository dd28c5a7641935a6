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
import weakref

from simulator.session.lru import LRU
from simulator.session.run import Run

DEFAULT_CAPACITY = 32


class RunCache:
    def __init__(self, capacity: int = DEFAULT_CAPACITY) -> None:
        if capacity < 1:
            raise ValueError(f"a run cache holds at least one run (got {capacity})")
        self.capacity = capacity
        self._runs: LRU[str, Run] = LRU(capacity)
        # A session's lock lives while a thread holds a reference to it (a reader or writer
        # inside the session); then it goes, so the registry never grows. Two threads in one
        # session always share a lock: the first one's reference keeps it in the registry.
        self._locks: weakref.WeakValueDictionary[str, threading.RLock] = (
            weakref.WeakValueDictionary()
        )
        self._registry = threading.Lock()

    def lock(self, session_id: str) -> threading.RLock:
        with self._registry:
            lock = self._locks.get(session_id)
            if lock is None:
                lock = threading.RLock()
                self._locks[session_id] = lock
            return lock

    def get(self, session_id: str) -> Run | None:
        """The cached Run (call with the session's lock held); marks it recently used."""
        return self._runs.get(session_id)

    def put(self, session_id: str, run: Run) -> None:
        """Cache `run`, forgetting the least recently used Runs beyond the capacity.

        A forgotten Run may still be in use by a thread holding its session's lock; that thread
        keeps its reference, and the next reader rebuilds the Run from the store."""
        self._runs.put(session_id, run)

    def drop(self, session_id: str) -> None:
        """Forget a Run whose engine may be ahead of the store (a write that did not commit)."""
        self._runs.pop(session_id)

    def locks_held(self) -> int:
        """How many session locks exist now (for the memory tests)."""
        return len(self._locks)

    def __contains__(self, session_id: str) -> bool:
        return session_id in self._runs

    def __len__(self) -> int:
        return len(self._runs)
