"""A limit on guessing: too many wrong join codes for one session, and further attempts are
refused for a while.

After `max_failures` wrong attempts of one kind (the service uses one: `join code`) for one
session within `window` seconds, every attempt of that kind for that session, right or wrong,
is refused for `lockout` seconds with `TooManyAttempts`, whose message says when to try again.
Facilitator secrets are not limited: at 196 bits they cannot be guessed, and a lockout would let
anyone who knows a session id take the controls away from its facilitator.

The limiter lives in the process (one per `SessionService`); it reads the service's injected
clock, so tests move time by hand. Several server processes each keep their own count (a
guesser gets `max_failures` per process per window), and a restart forgets it: it is a brake
on guessing through the web app, not a lock. Command-line users have the store itself.
"""

from __future__ import annotations

import math
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

from simulator.durations import format_duration
from simulator.session.errors import TooManyAttempts

JOIN_CODE = "join code"


@dataclass(frozen=True)
class AttemptLimits:
    """`max_failures` wrong attempts within `window` seconds lock out for `lockout` seconds."""

    max_failures: int = 10
    window: float = 600.0
    lockout: float = 300.0


class AttemptLimiter:
    """Wrong attempts per (session, kind) in a sliding window, and the lockouts they caused."""

    def __init__(self, clock: Callable[[], float], limits: AttemptLimits | None = None) -> None:
        self.clock = clock
        self.limits = limits if limits is not None else AttemptLimits()
        self._failures: dict[tuple[str, str], deque[float]] = {}
        self._locked_until: dict[tuple[str, str], float] = {}
        self._lock = threading.Lock()

    def check(self, session_id: str, kind: str) -> None:
        """Raise TooManyAttempts while `kind` attempts for the session are locked out."""
        key = (session_id, kind)
        with self._lock:
            until = self._locked_until.get(key)
            now = self.clock()
            if until is None:
                return
            if now >= until:
                del self._locked_until[key]
                return
        raise TooManyAttempts(lockout_message(session_id, kind, until - now))

    def failed(self, session_id: str, kind: str) -> float | None:
        """Count a wrong attempt; returns the lockout's length in seconds when this one starts
        it, else None."""
        key = (session_id, kind)
        with self._lock:
            now = self.clock()
            times = self._failures.setdefault(key, deque())
            times.append(now)
            while times and times[0] <= now - self.limits.window:
                times.popleft()
            if len(times) < self.limits.max_failures:
                return None
            del self._failures[key]
            self._locked_until[key] = now + self.limits.lockout
            return self.limits.lockout


def lockout_message(session_id: str, kind: str, remaining: float) -> str:
    wait = format_duration(max(1.0, math.ceil(remaining)))
    return f"too many wrong {kind}s for session {session_id}: try again in {wait}"
