"""Guessing join codes: a lockout after too many wrong attempts (never for facilitator secrets)."""

from __future__ import annotations

import pytest

from simulator.session import (
    AccessDenied,
    AttemptLimiter,
    AttemptLimits,
    SessionService,
    Store,
    TooManyAttempts,
)
from tests.session_helpers import POOL

LIMITS = AttemptLimits(max_failures=3, window=60.0, lockout=300.0)


@pytest.fixture
def service(store_url, clock):
    store = Store(store_url)
    yield SessionService(store, clock, LIMITS)
    store.close()


def test_lockout_after_too_many_failures_in_the_window(clock):
    limiter = AttemptLimiter(clock, LIMITS)
    assert limiter.failed("s1", "join code") is None
    assert limiter.failed("s1", "join code") is None
    assert limiter.failed("s1", "join code") == 300.0
    clock.advance(10)
    with pytest.raises(TooManyAttempts, match=r"^too many wrong join codes for session s1: "):
        limiter.check("s1", "join code")
    limiter.check("s1", "facilitator secret")  # counted apart
    limiter.check("s2", "join code")  # per session
    clock.advance(289)
    with pytest.raises(TooManyAttempts, match=r"try again in 1s$"):
        limiter.check("s1", "join code")
    clock.advance(1)
    limiter.check("s1", "join code")


def test_failures_spread_beyond_the_window_never_lock(clock):
    limiter = AttemptLimiter(clock, LIMITS)
    for _ in range(10):
        assert limiter.failed("s1", "join code") is None
        clock.advance(31)  # at most two failures in any 60 s
    limiter.check("s1", "join code")


def test_wrong_join_codes_lock_the_session_out_for_a_while(service, clock):
    created = service.create(POOL)
    sid = created.session_id
    for _ in range(2):
        with pytest.raises(AccessDenied, match=f"^wrong join code for session {sid}$"):
            service.join(sid, "WRONGCOD", "Eve", "ic")
    with pytest.raises(AccessDenied, match=r"too many wrong attempts: try again in 5m$"):
        service.join(sid, "WRONGCOD", "Eve", "ic")
    clock.advance(60)
    message = f"too many wrong join codes for session {sid}: try again in 4m"
    with pytest.raises(TooManyAttempts, match=message):
        service.join(sid, created.join_code, "Ada", "ic")  # even the right code, for now
    service.start(sid, created.facilitator_secret)  # the facilitator is not locked out
    assert service.participants(sid) == []
    clock.advance(240)
    assert service.join(sid, created.join_code, "Ada", "ic").name == "Ada"


def test_wrong_secrets_never_lock_the_facilitator_out(service, clock):
    created = service.create(POOL)
    sid = created.session_id
    for _ in range(3 * LIMITS.max_failures):
        with pytest.raises(AccessDenied, match=f"^wrong facilitator secret for session {sid}$"):
            service.start(sid, "not-the-secret")
    service.start(sid, created.facilitator_secret)
    assert service.status(sid).state == "running"
    service.join(sid, created.join_code, "F", "facilitator", created.facilitator_secret)
