"""Errors of live sessions. All are `GamedayError`s: the CLI prints them, never a traceback.

GamedayError
└── SessionError            a session request cannot be carried out; the message says why
    ├── SessionNotFound     no session with that id
    ├── AccessDenied        wrong join code or facilitator secret, or not a participant
    │   └── TooManyAttempts too many wrong codes or secrets for a session: wait and retry
    ├── ClockRefused        a clock control that does not fit the clock's state (pause twice)
    └── StoreError          the store cannot be opened, read or written (bad URL, corrupt file)
        └── StoreConflict   a concurrent writer got there first (the service retries)
"""

from __future__ import annotations

from simulator.errors import GamedayError


class SessionError(GamedayError):
    """A session request cannot be carried out."""


class SessionNotFound(SessionError):
    """No session with that id."""


class AccessDenied(SessionError):
    """A wrong join code or facilitator secret, or someone who is not a participant."""


class TooManyAttempts(AccessDenied):
    """Too many wrong join codes or facilitator secrets for a session lately; the message says
    when to try again."""


class ClockRefused(SessionError):
    """A clock control that does not fit the clock's current state."""


class StoreError(SessionError):
    """The store cannot be used; nothing already saved has been touched."""


class StoreConflict(StoreError):
    """Another writer stored the same `seq` or `client_id` first; the caller may retry."""
