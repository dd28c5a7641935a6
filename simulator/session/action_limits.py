"""Limits on a participant's actions: a rate limit and a cap on the action's name.

A participant may take `max_actions` actions within any `window` seconds (default 20 in 10 s: a
person playing, clicking and typing fast, stays far below it; a script posting notes in a loop
hits it at once). An action over the limit is refused with `TooManyActions` and **not stored**:
storing refusals is what let 10,000 notes in 40 s into the log. An action name longer than
`MAX_ACTION_NAME` characters is refused the same way (no action is named that long; a 200 KB name
was stored before). Text fields have their own caps (`simulator.session.checks`).

The count lives in the process (one per `SessionService`) and reads the service's injected clock.
Behind several replicas with sticky sessions a participant's actions reach one process; without
stickiness each process counts its own share, so the limit is at most multiplied by the number
of replicas.
"""

from __future__ import annotations

import math
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

from simulator.durations import format_duration
from simulator.errors import format_got
from simulator.session.errors import SessionError

MAX_ACTION_NAME = 64


class TooManyActions(SessionError):
    """A participant took more actions than the rate limit allows; the message says when to try
    again. Nothing was stored."""


@dataclass(frozen=True)
class ActionLimits:
    max_actions: int = 20
    window: float = 10.0


def check_action_name(action: object) -> None:
    """SessionError for an action name that cannot be one (not text, empty, too long)."""
    if not isinstance(action, str) or not action.strip() or len(action) > MAX_ACTION_NAME:
        raise SessionError(
            f"action: expected a name of 1 to {MAX_ACTION_NAME} characters "
            f"(got {format_got(action)})"
        )


class ActionRateLimiter:
    """Each participant's recent actions in a sliding window."""

    def __init__(self, clock: Callable[[], float], limits: ActionLimits | None = None) -> None:
        self.clock = clock
        self.limits = limits if limits is not None else ActionLimits()
        self._recent: dict[tuple[str, str], deque[tuple[float, str | None]]] = {}
        self._lock = threading.Lock()

    def take(self, session_id: str, participant_id: str, client_id: str | None = None) -> None:
        """Count one action, or raise TooManyActions when the window is full. A repeat of a
        `client_id` counted in the window (a retry, a double click) is not a new action."""
        key = (session_id, participant_id)
        with self._lock:
            now = self.clock()
            times = self._recent.setdefault(key, deque())
            while times and times[0][0] <= now - self.limits.window:
                times.popleft()
            if client_id is not None and any(c == client_id for _, c in times):
                return
            if len(times) >= self.limits.max_actions:
                first = times[0][0]
                wait = format_duration(max(1.0, math.ceil(first + self.limits.window - now)))
                raise TooManyActions(
                    f"too many actions: at most {self.limits.max_actions} every "
                    f"{format_duration(self.limits.window)}; try again in {wait}"
                )
            times.append((now, client_id))
