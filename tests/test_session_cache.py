"""The engine cache: bounded, least recently used first out, and a forgotten session loses nothing
(its engine is rebuilt from the store by replay)."""

from __future__ import annotations

import json

import pytest

from simulator.session import SessionService, Store
from simulator.session.cache import RunCache
from tests.session_helpers import POOL, FakeClock


def test_the_least_recently_used_run_is_forgotten_beyond_the_capacity():
    cache = RunCache(capacity=2)
    runs = {name: object() for name in "abc"}
    cache.put("a", runs["a"])  # type: ignore[arg-type]
    cache.put("b", runs["b"])  # type: ignore[arg-type]
    assert cache.get("a") is runs["a"]  # a is now the most recently used
    cache.put("c", runs["c"])  # type: ignore[arg-type]
    assert "b" not in cache and "a" in cache and "c" in cache
    assert len(cache) == 2


def test_a_cache_holds_at_least_one_run():
    with pytest.raises(ValueError, match="at least one run"):
        RunCache(capacity=0)


def _journal_text(service: SessionService, session_id: str) -> str:
    return "\n".join(json.dumps(e, sort_keys=True) for e in service.journal(session_id).entries)


def test_a_forgotten_session_is_rebuilt_identically(store_url):
    clock = FakeClock()
    store = Store(store_url)
    try:
        runs = RunCache(capacity=1)  # every other session pushes the last one out
        service = SessionService(store, clock, runs=runs)
        sessions = [service.create(POOL, seed=seed) for seed in (3, 4)]
        for created in sessions:
            ic = service.join(created.session_id, created.join_code, "Ada", "ic")
            service.start(created.session_id, created.facilitator_secret)
            clock.advance(90)
            service.act(created.session_id, ic.id, "acknowledge", {})
            service.act(created.session_id, ic.id, "declare", {"severity": "SEV2"})
        first = sessions[0].session_id
        assert first not in runs
        rebuilt = _journal_text(service, first)  # replayed from the store
        assert first in runs and len(runs) == 1

        fresh = SessionService(store, clock)  # another process: nothing cached at all
        assert rebuilt == _journal_text(fresh, first)
        kinds = [e["kind"] for e in service.journal(first).entries]
        assert kinds.count("action") == 2
    finally:
        store.close()
