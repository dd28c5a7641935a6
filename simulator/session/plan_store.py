"""The improvement plan in the session store (`action_plans`, `action_items`; tables.py):
saved whole, in one write transaction, so a failed save leaves the plan as it was."""

from __future__ import annotations

from sqlalchemy import Connection, delete, insert, select

from simulator.plan import PlanItem
from simulator.session import tables as t
from simulator.session.errors import SessionNotFound
from simulator.session.store import Store


def load_plan(store: Store, session_id: str) -> tuple[PlanItem, ...] | None:
    """The saved plan in order, or None when none was ever saved for the session."""
    with store.read() as conn:
        saved = conn.execute(
            select(t.action_plans.c.saved_at).where(t.action_plans.c.session_id == session_id)
        ).first()
        if saved is None:
            return None
        rows = conn.execute(
            select(t.action_items)
            .where(t.action_items.c.session_id == session_id)
            .order_by(t.action_items.c.position)
        ).all()
    return tuple(PlanItem(r.issue, r.action, r.owner, r.priority, r.due, r.status) for r in rows)


def save_plan(store: Store, session_id: str, items: tuple[PlanItem, ...], now: float) -> None:
    """Replace the session's plan with `items` (already checked: `simulator.plan`)."""
    with store.write() as conn:
        if (
            conn.execute(select(t.sessions.c.id).where(t.sessions.c.id == session_id)).first()
            is None
        ):
            raise SessionNotFound(f"no session {session_id!r} (see: gameday sessions)")
        delete_plan(conn, [session_id])
        conn.execute(insert(t.action_plans).values(session_id=session_id, saved_at=now))
        if items:
            conn.execute(
                insert(t.action_items),
                [
                    {"session_id": session_id, "position": n, **item.to_dict()}
                    for n, item in enumerate(items, 1)
                ],
            )


def delete_plan(conn: Connection, session_ids: list[str]) -> None:
    """Remove the sessions' plans (saving anew, pruning) inside the caller's transaction."""
    for table in (t.action_items, t.action_plans):
        conn.execute(delete(table).where(table.c.session_id.in_(session_ids)))
