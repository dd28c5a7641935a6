"""A session survives its server process being killed (SIGKILL) mid-exercise.

A driver process plays a solo session at 10x against the store and is killed without warning.
A new process resubmits the whole script with the same client ids (what a client does after a
lost connection): what was stored is returned as stored, the rest is appended. The test process
ends the session and another process exports the journal (`gameday export`), which must equal an
uninterrupted reference run: a fresh Engine fed the same stamped actions directly.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from simulator.engine import Engine
from simulator.scenario import load_scenario_text
from simulator.session import SessionService, Store
from simulator.session.attendance import with_attendees
from tests.conftest import ROOT
from tests.session_helpers import POOL

DRIVER = r"""
import sys, time
from simulator.session import open_service

PLAN = [
    ("acknowledge", {}),
    ("declare", {"severity": "SEV1"}),
    ("investigate", {"command": "db-activity"}),
    ("timeline_note", {"text": "pool full of idle in transaction"}),
    ("investigate", {"command": "logs"}),
    ("status_update", {"status": "investigating", "impact": "checkout", "actions": "digging"}),
    ("investigate", {"command": "nope"}),
    ("rollback", {"target": "deploy"}),
]
session_id, participant_id = sys.argv[1], sys.argv[2]
count, pause = int(sys.argv[3]), float(sys.argv[4])
service = open_service()
for k in range(count):
    action, params = PLAN[k % len(PLAN)]
    event = service.act(session_id, participant_id, action, params, client_id=f"c{k}")
    print(k, event.seq, event.payload["outcome"], flush=True)
    time.sleep(pause)
print("done", flush=True)
"""

ACTIONS = 24
GAMEDAY = [sys.executable, "-c", "import sys; from simulator.cli import main; sys.exit(main())"]


def _env(url: str) -> dict[str, str]:
    env = dict(os.environ, GAMEDAY_DATABASE_URL=url, PYTHONPATH=str(ROOT))
    env.pop("GAMEDAY_FACILITATOR_SECRET", None)
    return env


def _driver(url: str, session_id: str, participant_id: str, pause: float) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", DRIVER, session_id, participant_id, str(ACTIONS), str(pause)],
        cwd=ROOT,
        env=_env(url),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def reference_journal(store: Store, session_id: str) -> str:
    """An uninterrupted run given the same stamped events, straight through the engine."""
    record = store.session(session_id)
    engine = Engine(load_scenario_text(record.scenario_text, record.scenario_file), record.seed)
    engine.journal.header["session"] = {"id": session_id, "solo": record.solo}
    for event in store.events(session_id):
        if event.kind == "action" and event.payload["applied"]:
            engine.advance(event.sim_time)
            engine.act(
                event.role, event.payload["action"], event.payload["params"], event.client_id
            )
        elif event.kind == "clock.end":
            engine.advance(event.sim_time)
            engine.record("session.end", by="facilitator", scenario_end=engine.scenario.duration)
            engine.finish()
    people = store.participants(session_id)  # an export names the attendees and the date
    return with_attendees(engine.journal, people, record.created_at).to_jsonl()


def test_killed_driver_is_resumed_with_an_identical_journal(store_url):
    store = Store(store_url)
    service = SessionService(store)
    created = service.create(POOL, seed=4, speed=10, solo=True)
    sid = created.session_id
    player = service.join(sid, created.join_code, "Sam", "ic")
    service.start(sid, created.facilitator_secret)

    first = _driver(store_url, sid, player.id, pause=0.05)
    assert first.stdout is not None
    seen = 0
    deadline = time.monotonic() + 60
    while seen < ACTIONS // 2 and time.monotonic() < deadline:
        line = first.stdout.readline()
        if not line:
            break
        seen += 1
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=30)
    assert first.returncode == -signal.SIGKILL, first.stderr.read() if first.stderr else ""
    stored_before = [e.client_id for e in store.events(sid) if e.kind == "action"]
    assert ACTIONS // 2 <= len(stored_before) < ACTIONS  # killed mid-exercise

    second = _driver(store_url, sid, player.id, pause=0.0)
    out, err = second.communicate(timeout=120)
    assert second.returncode == 0, err
    assert out.splitlines()[-1] == "done"

    events = store.events(sid)
    actions = [e for e in events if e.kind == "action"]
    assert [e.client_id for e in actions] == [f"c{k}" for k in range(ACTIONS)]  # each once
    assert [e.seq for e in events] == list(range(1, len(events) + 1))
    assert [e.sim_time for e in events] == sorted(e.sim_time for e in events)

    service.end(sid, created.facilitator_secret)  # from this process, with a cold cache
    exported = subprocess.run(
        [*GAMEDAY, "export", "--session", sid],
        cwd=ROOT,
        env=_env(store_url),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert exported.returncode == 0, exported.stderr
    assert exported.stdout == reference_journal(store, sid)
    assert '"kind":"end"' in exported.stdout.splitlines()[-1]
    store.close()
