"""Guessing join codes: a lockout per client after too many wrong codes, counted in the store so
every process shares it; other clients still join; facilitator secrets are never limited."""

from __future__ import annotations

import pytest

from simulator.session import (
    AccessDenied,
    AttemptLimits,
    GuessLimiter,
    SessionService,
    Store,
    TooManyAttempts,
)
from tests.session_helpers import POOL

LIMITS = AttemptLimits(max_failures=3, window=60.0, lockout=300.0)
LOCKED = r"^too many wrong join codes from here: try again in "


@pytest.fixture
def store(store_url):
    store = Store(store_url)
    yield store
    store.close()


@pytest.fixture
def service(store, clock):
    return SessionService(store, clock, LIMITS)


def test_lockout_after_too_many_failures_in_the_window(store, clock):
    limiter = GuessLimiter(store, clock, LIMITS)
    assert limiter.failed("mallory", "s1") is None
    assert limiter.failed("mallory", "s2") is None  # every session counts for the client
    assert limiter.failed("mallory", "s1") == 300.0
    clock.advance(10)
    with pytest.raises(TooManyAttempts, match=LOCKED + "4m50s$"):
        limiter.check("mallory")
    limiter.check("alice")  # per client
    clock.advance(289)
    with pytest.raises(TooManyAttempts, match=LOCKED + "1s$"):
        limiter.check("mallory")
    clock.advance(1)
    limiter.check("mallory")


def test_failures_spread_beyond_the_window_never_lock(store, clock):
    limiter = GuessLimiter(store, clock, LIMITS)
    for _ in range(10):
        assert limiter.failed("mallory", "s1") is None
        clock.advance(31)  # at most two failures in any 60 s
    limiter.check("mallory")


def test_one_clients_wrong_codes_do_not_stop_another_client_joining(service, clock):
    """The issue's "Must show": ten wrong codes used to lock everyone out of the session."""
    created = service.create(POOL)
    sid = created.session_id
    for _ in range(2):
        with pytest.raises(AccessDenied, match=f"^wrong join code for session {sid}$"):
            service.join(sid, "WRONGCOD", "Eve", "ic", client="ip:203.0.113.9")
    with pytest.raises(AccessDenied, match=r"too many wrong attempts: try again in 5m$"):
        service.join(sid, "WRONGCOD", "Eve", "ic", client="ip:203.0.113.9")
    clock.advance(60)
    with pytest.raises(TooManyAttempts, match=LOCKED + "4m$"):
        service.join(sid, created.join_code, "Eve", "ic", client="ip:203.0.113.9")
    late = service.join(sid, created.join_code, "Ada", "scribe", client="ip:198.51.100.4")
    assert [p.name for p in service.participants(sid)] == [late.name]
    service.start(sid, created.facilitator_secret)  # the facilitator is not locked out either
    clock.advance(240)
    assert service.join(sid, created.join_code, "Eve", "ic", client="ip:203.0.113.9").name == "Eve"


def test_two_services_on_one_store_share_the_count(store_url, service, clock):
    """Another process (its own Store and service) sees this one's failures and lockout."""
    other_store = Store(store_url)
    try:
        other = SessionService(other_store, clock, LIMITS)
        sid = service.create(POOL).session_id
        for svc in (service, other):
            with pytest.raises(AccessDenied, match=r"^wrong join code"):
                svc.join(sid, "WRONGCOD", "Eve", "ic", client="browser-1")
        with pytest.raises(AccessDenied, match="too many wrong attempts"):
            service.join(sid, "WRONGCOD", "Eve", "ic", client="browser-1")
        with pytest.raises(TooManyAttempts):
            other.join(sid, "WRONGCOD", "Eve", "ic", client="browser-1")
    finally:
        other_store.close()


def test_a_lockout_survives_a_restart(store_url, service, clock):
    sid = service.create(POOL).session_id
    for _ in range(LIMITS.max_failures):
        with pytest.raises(AccessDenied):
            service.join(sid, "WRONGCOD", "Eve", "ic", client="browser-1")
    service.store.close()
    reopened = Store(store_url)
    try:
        with pytest.raises(TooManyAttempts):
            SessionService(reopened, clock, LIMITS).join(sid, "X", "Eve", "ic", client="browser-1")
    finally:
        reopened.close()


def test_without_a_client_the_process_is_the_client(service, clock):
    """The CLI names no client: its process is counted (and another process is not)."""
    sid = service.create(POOL).session_id
    for _ in range(LIMITS.max_failures):
        with pytest.raises(AccessDenied):
            service.join(sid, "WRONGCOD", "Eve", "ic")
    with pytest.raises(TooManyAttempts):
        service.join(sid, "WRONGCOD", "Eve", "ic")
    service.join(sid, service.session(sid).join_code, "Ada", "ic", client="browser-2")


def test_wrong_secrets_never_lock_the_facilitator_out(service, clock):
    created = service.create(POOL)
    sid = created.session_id
    for _ in range(3 * LIMITS.max_failures):
        with pytest.raises(AccessDenied, match=f"^wrong facilitator secret for session {sid}$"):
            service.start(sid, "not-the-secret")
    service.start(sid, created.facilitator_secret)
    assert service.status(sid).state == "running"
    service.join(sid, created.join_code, "F", "facilitator", created.facilitator_secret)


def test_only_a_hash_of_the_client_is_stored(store, service):
    from sqlalchemy import select

    from simulator.session.guessing import join_failures

    sid = service.create(POOL).session_id
    with pytest.raises(AccessDenied):
        service.join(sid, "WRONGCOD", "Eve", "ic", client="ip:203.0.113.9")
    with store.read() as conn:
        stored = conn.execute(select(join_failures.c.client)).scalars().all()
    assert len(stored) == 1 and "203.0.113.9" not in stored[0] and len(stored[0]) == 64
