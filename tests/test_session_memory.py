"""A server runs for weeks: its caches are bounded, and its memory stays flat over thousands of
sessions. Memory is measured with tracemalloc (Python allocations), never wall-clock time."""

from __future__ import annotations

import gc
import threading
import tracemalloc

import pytest

from simulator.session import SessionService, Store
from simulator.session.cache import RunCache
from simulator.session.lru import LRU
from tests.session_helpers import POOL, FakeClock


def test_lru_keeps_the_most_recently_used() -> None:
    cache: LRU[str, int] = LRU(2)
    cache.put("a", 1)
    cache.put("b", 2)
    assert cache.get("a") == 1  # `a` is now the most recent
    cache.put("c", 3)
    assert ("a" in cache, "b" in cache, "c" in cache) == (True, False, True)
    assert len(cache) == 2
    with pytest.raises(ValueError, match="at least one entry"):
        LRU(0)


def test_session_locks_go_when_nobody_holds_them() -> None:
    runs = RunCache(capacity=4)
    held = runs.lock("kept")
    for k in range(5000):
        with runs.lock(f"s{k}"):
            pass
    gc.collect()
    assert runs.locks_held() == 1
    assert runs.lock("kept") is held  # a lock in use is the one every thread gets


def test_two_threads_in_one_session_share_its_lock() -> None:
    runs = RunCache(capacity=4)
    seen: list[threading.RLock] = []
    first = runs.lock("s")
    with first:
        thread = threading.Thread(target=lambda: seen.append(runs.lock("s")))
        thread.start()
        thread.join()
    assert seen == [first]


@pytest.mark.slow
def test_memory_stays_flat_over_thousands_of_sessions(tmp_path) -> None:
    """1,500 sessions created, started and read, as a busy server would over weeks: the caches
    stay within their capacities and Python's allocations stop growing once they are full."""
    text = POOL.read_text(encoding="utf-8")
    clock = FakeClock()
    service = SessionService(Store(f"sqlite:///{tmp_path / 'many.db'}"), clock)
    checkpoints: dict[int, int] = {}
    tracemalloc.start()
    try:
        for k in range(1, 1501):
            created = service.create_from_text(text, "pool-exhaustion.yaml", seed=k)
            service.start(created.session_id, created.facilitator_secret)
            clock.t += 1.0
            service.status(created.session_id)
            if k in (600, 1500):
                gc.collect()
                checkpoints[k] = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    assert len(service.runs) <= service.runs.capacity
    assert len(service._records) <= service._records.capacity
    growth = checkpoints[1500] - checkpoints[600]
    print(f"\nPython memory from 600 to 1,500 sessions: {growth / 1e6:+.2f} MB")
    assert growth < 3_000_000, f"grew {growth / 1e6:.1f} MB over 900 sessions"
