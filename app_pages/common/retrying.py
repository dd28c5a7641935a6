"""Retrying a store call that failed for a passing reason (a dropped connection, a database that
is restarting), with backoff, inside a small time budget.

Only `StoreError`s are retried, and only while the attempts so far took less than `BUDGET_S`: a
refused connection fails fast and is worth a few more tries; a page's write waits 2 s for a
SQLite lock another writer holds (`service.PAGE_BUSY_TIMEOUT_MS`), so a held lock is tried three
times and reported after about 7 s (the page says it was not stored and offers a Retry).
Callers pass a call that is safe to repeat: actions carry a client id, so the session stores a
repeated action once.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

from simulator.session import StoreError

T = TypeVar("T")
DELAYS_S = (0.2, 0.5, 1.0, 2.0)
BUDGET_S = 5.0


def with_backoff(call: Callable[[], T], budget_s: float = BUDGET_S) -> T:
    """`call()`, tried again after each delay in `DELAYS_S` while it raises `StoreError` and the
    budget lasts; the last error is raised."""
    started = time.monotonic()
    for delay in DELAYS_S:
        try:
            return call()
        except StoreError:
            if time.monotonic() - started + delay > budget_s:
                raise
        time.sleep(delay)
    return call()
