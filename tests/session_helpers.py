"""Helpers shared by the session tests: a fake wall clock and scenario text."""

from __future__ import annotations

import threading

from tests.conftest import SCENARIO_DIR

POOL = SCENARIO_DIR / "pool-exhaustion.yaml"
T0 = 1_700_000_000.0


class FakeClock:
    """A wall clock moved by hand; `tick` makes every read step forward (for busy tests)."""

    def __init__(self, start: float = T0, tick: float = 0.0) -> None:
        self.t = start
        self.tick = tick
        self._lock = threading.Lock()

    def __call__(self) -> float:
        with self._lock:
            now = self.t
            self.t += self.tick
            return now

    def advance(self, seconds: float) -> None:
        with self._lock:
            self.t += seconds


def bulk_notes(service, session_id: str, participant_id: str, count: int, role: str = "scribe"):
    """Store `count` timeline notes by one participant in one transaction, fast (one
    executemany): what the service would store for them (`applied` actions, the engine replays
    them), at the clock's current sim time. The web app's rate limit would refuse this; the
    point is a session that already holds that many."""
    import json

    from sqlalchemy import insert

    from simulator.session import tables

    now = service.clock()
    sim_time = service.status(session_id).sim_time
    with service.store.appending(session_id) as tx:
        first = tx.last_seq + 1
        rows = [
            {
                "session_id": session_id,
                "seq": first + n,
                "wall_time": now,
                "sim_time": sim_time,
                "actor": participant_id,
                "role": role,
                "kind": "action",
                "client_id": None,
                "payload": json.dumps(
                    {
                        "action": "timeline_note",
                        "params": {"text": f"note-{n:05d}", "tag": "note"},
                        "outcome": "accepted",
                        "applied": True,
                    }
                ),
            }
            for n in range(count)
        ]
        tx.conn.execute(insert(tables.events), rows)
