"""Benchmark: replaying a 4-hour session with 500 actions (DESIGN section 9: well under a second).

Prints the times (run with `-s` to see them); wall-clock numbers are reported, never asserted.
"""

from __future__ import annotations

import gc
import time

import pytest

from simulator.scenario import LoadedScenario, load_scenario
from simulator.session import SessionService, Store, replay
from simulator.session.store import StoredEvent
from tests.session_helpers import POOL, FakeClock

pytestmark = pytest.mark.bench

FOUR_HOURS = 14400.0
ACTIONS = 500
COMMANDS = ("pods", "logs", "db-activity", "deploys", "dashboard")


def plan(k: int) -> tuple[str, str, dict[str, object]]:
    """A varied, mostly cheap mix, with a rollback early on (it changes the model for hours)."""
    if k == 40:
        return "ic", "rollback", {"target": "deploy"}
    kind = k % 4
    if kind == 0:
        return "scribe", "timeline_note", {"text": f"note {k}"}
    if kind == 1:
        return "tech_lead", "investigate", {"command": COMMANDS[k % len(COMMANDS)]}
    if kind == 2:
        update = {"status": "investigating", "impact": "checkout", "actions": "looking"}
        return "comms_lead", "status_update", update
    return "ic", "acknowledge", {}


def four_hour_copy() -> LoadedScenario:
    loaded = load_scenario(POOL)
    scenario = loaded.scenario.model_copy(update={"duration": FOUR_HOURS})
    return LoadedScenario(scenario, loaded.text, loaded.sha256, loaded.filename)


def synthetic_log() -> list[StoredEvent]:
    events = [StoredEvent("bench", 1, "clock.start", 0.0, 0.0, {})]
    for k in range(ACTIONS):
        role, action, params = plan(k)
        payload = {"action": action, "params": params, "outcome": "accepted", "applied": True}
        t = round((k + 1) * FOUR_HOURS / (ACTIONS + 1), 6)
        events.append(StoredEvent("bench", k + 2, "action", t, t, payload, "p-1", role, f"c{k}"))
    return events


def test_replay_four_hours_with_500_actions(capsys):
    events = synthetic_log()
    timings = []
    loaded = four_hour_copy()
    for _ in range(2):
        started = time.perf_counter()
        run = replay(loaded, 1, 1.0, events)
        run.engine.finish()
        timings.append(time.perf_counter() - started)
    entries = run.journal.entries
    assert entries[-1]["kind"] == "end" and entries[-1]["t"] == FOUR_HOURS
    assert len([e for e in entries if e["kind"] == "action"]) == ACTIONS
    with capsys.disabled():
        print(
            f"\nreplay 4h + {ACTIONS} actions (engine only): "
            f"best {min(timings) * 1000:.0f} ms of {len(timings)}"
        )


def test_rebuild_a_stored_four_hour_session(tmp_path, capsys):
    """The same through a SQLite store: a cold process loads the log and replays it."""
    store_url = f"sqlite:///{tmp_path / 'bench.db'}"
    text = POOL.read_text(encoding="utf-8").replace("duration: 45m", "duration: 4h")
    clock = FakeClock()
    store = Store(store_url)
    live = SessionService(store, clock)
    created = live.create_from_text(text, "pool-exhaustion-4h.yaml", seed=1)
    sid = created.session_id
    players = {
        role: live.join(sid, created.join_code, role.title(), role)
        for role in ("ic", "comms_lead", "scribe", "tech_lead")
    }
    live.start(sid, created.facilitator_secret)
    started = time.perf_counter()
    for k in range(ACTIONS):
        role, action, params = plan(k)
        clock.advance(FOUR_HOURS / (ACTIONS + 1))
        live.act(sid, players[role].id, action, params, f"c{k}")
    clock.advance(FOUR_HOURS)
    live_journal = live.journal(sid).to_jsonl()
    live_time = time.perf_counter() - started

    cold = SessionService(Store(store_url), clock)
    # Settle the process's garbage-collection debt first (as `timeit` does by turning the
    # collector off): otherwise a full collection owed by what earlier benchmarks in this
    # process allocated (the live page's load clients) can land in the rebuild and double it.
    gc.collect()
    started, cpu_started = time.perf_counter(), time.process_time()
    journal = cold.journal(sid)
    rebuild_time = time.perf_counter() - started
    rebuild_cpu = time.process_time() - cpu_started
    rebuilt = journal.to_jsonl()
    write_time = time.perf_counter() - started - rebuild_time
    assert rebuilt == live_journal
    with capsys.disabled():
        print(
            f"\n[{store.backend}] live 4h session, {ACTIONS} actions stored: {live_time:.2f} s; "
            f"cold rebuild from the store: {rebuild_time * 1000:.0f} ms wall, "
            f"{rebuild_cpu * 1000:.0f} ms CPU; then {write_time * 1000:.0f} ms to write it as "
            "JSON Lines"
        )
    store.close()
    cold.store.close()
