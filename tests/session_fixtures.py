"""Session fixtures shared by the session test modules (loaded by tests/conftest.py): a created
session, one running with every player role joined, and services "in other processes" over the
same store. The fake clock and the service itself are in tests/conftest.py."""

from __future__ import annotations

import pytest

from simulator.session import SessionService, Store
from simulator.session.roles import PLAYER_ROLES
from tests.session_helpers import POOL


@pytest.fixture
def another(store_url):
    """Services over their own stores, as other processes would have; closed at the end."""
    stores: list[Store] = []

    def make(clock) -> SessionService:
        stores.append(Store(store_url))
        return SessionService(stores[-1], clock)

    yield make
    for store in stores:
        store.close()


@pytest.fixture
def session(service):
    return service.create(POOL, seed=11)


def join_all(service, created):
    return {
        role: service.join(created.session_id, created.join_code, role.title(), role)
        for role in PLAYER_ROLES
    }


def outcome(event):
    return event.payload["outcome"], event.payload.get("reason")


@pytest.fixture
def running(service, session, clock):
    players = join_all(service, session)
    service.start(session.session_id, session.facilitator_secret)
    clock.advance(120)
    return session, players
