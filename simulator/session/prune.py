"""Removing old sessions: find those idle for longer than a cut-off, archive them to JSON Lines,
then delete them (their events, participants and session row) in one write transaction.

A session's last activity is its newest event's wall time (its creation time when it has none).
The archive is written and flushed to disk before anything is deleted; each line is one whole
session: `{"session": {...}, "participants": [...], "events": [...]}` (the session row as stored:
the scenario text, and the facilitator secret only as its SHA-256).
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import delete, func, select

from simulator.session import tables as t
from simulator.session.plan_store import delete_plan, load_plan
from simulator.session.store import Store


@dataclass(frozen=True)
class IdleSession:
    session_id: str
    scenario_id: str
    last_activity: float  # wall time, seconds since the epoch
    events: int


def idle_sessions(store: Store, before: float) -> list[IdleSession]:
    """Sessions whose last activity is before `before` (wall time), oldest first."""
    s, e = t.sessions, t.events
    last = func.coalesce(func.max(e.c.wall_time), s.c.created_at)
    query = (
        select(s.c.id, s.c.scenario_id, last.label("last"), func.count(e.c.seq).label("n"))
        .select_from(s.outerjoin(e, e.c.session_id == s.c.id))
        .group_by(s.c.id, s.c.scenario_id, s.c.created_at)
        .having(last < before)
        .order_by(last, s.c.id)
    )
    with store.read() as conn:
        rows = conn.execute(query).all()
    return [IdleSession(r.id, r.scenario_id, float(r.last), int(r.n)) for r in rows]


def archive(store: Store, session_ids: Sequence[str], path: Path) -> None:
    """Append one JSON line per session to `path`, flushed to disk before returning."""
    with path.open("a", encoding="utf-8") as out:
        for session_id in session_ids:
            out.write(json.dumps(_whole(store, session_id), ensure_ascii=False) + "\n")
        out.flush()
        os.fsync(out.fileno())


def _whole(store: Store, session_id: str) -> dict[str, Any]:
    record = store.session(session_id)
    return {
        "session": dict(record.__dict__),
        "participants": [p.to_dict() for p in store.participants(session_id)],
        "events": [e.to_dict() for e in store.events(session_id)],
        "action_items": [i.to_dict() for i in load_plan(store, session_id) or ()],
    }


def delete_sessions(store: Store, session_ids: Sequence[str]) -> None:
    """Delete the sessions and everything of theirs, in one transaction."""
    ids = list(session_ids)
    if not ids:
        return
    with store.write() as conn:
        delete_plan(conn, ids)
        for table in (t.events, t.participants):
            conn.execute(delete(table).where(table.c.session_id.in_(ids)))
        conn.execute(delete(t.sessions).where(t.sessions.c.id.in_(ids)))
