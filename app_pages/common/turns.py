"""Page runs take turns: at most `AT_ONCE` script runs of this process draw at the same time.

Streamlit runs every page and fragment run in a thread of its own, and sends what they draw from
one event-loop thread. With 60 consoles each refreshing every second, dozens of runs were runnable
at once; they shared one interpreter lock with the event loop, which then got its turn so rarely
that a console opened under that load saw nothing for tens of seconds, and fragment runs took so
long that the next second's request superseded them (issue 13: one refresh in 30 s at 60
participants on one process). A run waiting for its turn holds no lock the others need, so the
event loop sends what the runs in turn drew while the rest wait.

`taking_turns(fn)` wraps a page's or fragment's function; a run inside a run (a fragment drawn by
the page's full run) is already in turn. A run that has waited `PATIENCE_S` goes ahead without a
turn, so a run that is slow for another reason (a store that does not answer, an action retried
with backoff) delays the others by that much at most.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import ParamSpec, TypeVar

AT_ONCE = 2  # runs drawing at once: one computing while another waits on the store
PATIENCE_S = 2.0
P = ParamSpec("P")
R = TypeVar("R")

_gate = threading.BoundedSemaphore(AT_ONCE)
_depth = threading.local()


@contextmanager
def turn() -> Iterator[None]:
    """Wait for a turn (at most `PATIENCE_S`; re-entrant within one thread), hold it for the
    block."""
    depth: int = getattr(_depth, "n", 0)
    held = depth == 0 and _gate.acquire(timeout=PATIENCE_S)
    _depth.n = depth + 1
    try:
        yield
    finally:
        _depth.n = depth
        if held:
            _gate.release()


def taking_turns(fn: Callable[P, R]) -> Callable[P, R]:
    """`fn` run in turn (see the module docstring)."""

    @functools.wraps(fn)
    def wrapped(*args: P.args, **kwargs: P.kwargs) -> R:
        with turn():
            return fn(*args, **kwargs)

    return wrapped
