"""Live sessions: an event-sourced store, a clock derived from its events, roles, and an engine
cache rebuilt by replay (DESIGN section 6). Start with `open_service()`.

    service = open_service()                      # GAMEDAY_DATABASE_URL or the default SQLite file
    created = service.create("scenarios/pool-exhaustion.yaml", seed=7)
    ic = service.join(created.session_id, created.join_code, "Ada", "ic")
    service.start(created.session_id, created.facilitator_secret)
    event = service.act(created.session_id, ic.id, "acknowledge", client_id="click-1")
    service.status(created.session_id).firing

Nothing here imports streamlit; only `simulator.engine` imports simpy.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from simulator.session.action_limits import ActionLimits
from simulator.session.clock import ClockEvent, ClockReading, read_clock
from simulator.session.errors import (
    AccessDenied,
    ClockRefused,
    SessionError,
    SessionNotFound,
    StoreConflict,
    StoreError,
    TooManyAttempts,
)
from simulator.session.guessing import AttemptLimits, GuessLimiter
from simulator.session.moderation import free_text_params, hideable, mask
from simulator.session.roles import PLAYER_ROLES, held_roles, permission_table
from simulator.session.roster import Standing
from simulator.session.run import Run, replay
from simulator.session.service import (
    CreatedSession,
    LiveRead,
    MetricsReading,
    PageView,
    SessionService,
    SessionStatus,
    SessionSummary,
)
from simulator.session.side_tables import create_missing
from simulator.session.signin import (
    SignInPolicy,
    configured_pass_key,
    configured_policy,
    facilitator_pass,
)
from simulator.session.store import (
    ParticipantRecord,
    SessionRecord,
    Store,
    StoredEvent,
    database_url,
)

__all__ = [
    "PLAYER_ROLES",
    "AccessDenied",
    "ActionLimits",
    "AttemptLimits",
    "ClockEvent",
    "ClockReading",
    "ClockRefused",
    "CreatedSession",
    "GuessLimiter",
    "LiveRead",
    "MetricsReading",
    "PageView",
    "ParticipantRecord",
    "Run",
    "SessionError",
    "SessionNotFound",
    "SessionRecord",
    "SessionService",
    "SessionStatus",
    "SessionSummary",
    "SignInPolicy",
    "Standing",
    "Store",
    "StoreConflict",
    "StoreError",
    "StoredEvent",
    "TooManyAttempts",
    "configured_pass_key",
    "configured_policy",
    "create_missing",
    "database_url",
    "facilitator_pass",
    "free_text_params",
    "held_roles",
    "hideable",
    "mask",
    "open_service",
    "permission_table",
    "read_clock",
    "replay",
]


def open_service(url: str | None = None, clock: Callable[[], float] = time.time) -> SessionService:
    """A service over the store at `url` (default: `GAMEDAY_DATABASE_URL`, else SQLite)."""
    return SessionService(Store(url), clock)
