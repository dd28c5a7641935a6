"""Limits on a participant's actions: a rate limit (not stored when over it, a retry is not a new
action, each participant has their own) and a cap on the action's name."""

from __future__ import annotations

import pytest

from simulator.session import SessionError, SessionService, Store
from simulator.session.action_limits import MAX_ACTION_NAME, ActionLimits, TooManyActions
from tests.session_helpers import POOL

LIMITS = ActionLimits(max_actions=5, window=10.0)


@pytest.fixture
def service(store_url, clock):
    store = Store(store_url)
    yield SessionService(store, clock, action_limits=LIMITS)
    store.close()


@pytest.fixture
def game(service):
    created = service.create(POOL, seed=1)
    sid = created.session_id
    ada = service.join(sid, created.join_code, "Ada", "scribe").id
    tom = service.join(sid, created.join_code, "Tom", "ic").id
    service.start(sid, created.facilitator_secret)
    return sid, ada, tom


def notes(service, sid) -> list[str]:
    entries = service.journal(sid).entries
    return [e["params"]["text"] for e in entries if e.get("action") == "timeline_note"]


def note(service, sid, who, n, client_id=None):
    return service.act(sid, who, "timeline_note", {"text": f"n{n}", "tag": "note"}, client_id)


def test_over_the_rate_limit_is_refused_and_not_stored(service, game, clock):
    sid, ada, tom = game
    for n in range(5):
        note(service, sid, ada, n)
    with pytest.raises(TooManyActions, match="at most 5 every 10s; try again in 10s"):
        note(service, sid, ada, 99)
    assert notes(service, sid) == [f"n{n}" for n in range(5)]
    service.act(sid, tom, "declare", {"severity": "SEV1"})  # another participant is not limited
    clock.advance(10.5)
    note(service, sid, ada, 5)  # the window has moved on
    assert notes(service, sid)[-1] == "n5"


def test_a_retry_with_the_same_client_id_is_not_a_new_action(service, game):
    sid, ada, _ = game
    for n in range(5):
        note(service, sid, ada, n, client_id=f"c{n}")
    first = note(service, sid, ada, 0, client_id="c0")  # Retry after "not stored"
    assert first.payload["params"]["text"] == "n0"
    assert notes(service, sid) == [f"n{n}" for n in range(5)]


@pytest.mark.parametrize("name", ["", "x" * (MAX_ACTION_NAME + 1), "x" * 200_000])
def test_an_action_name_that_cannot_be_one_is_refused_and_not_stored(service, game, name):
    sid, ada, _ = game
    before = len(service.store.events(sid))
    with pytest.raises(SessionError, match=f"action: expected a name of 1 to {MAX_ACTION_NAME}"):
        service.act(sid, ada, name, {})
    assert len(service.store.events(sid)) == before
