"""Forking a new session from a moment of another: what its event log starts with.

A fork replays the parent: same scenario text, seed and speed, and a copy of every parent event
that reached the engine before the moment `at` (accepted and engine-refused actions, the
facilitator's injects and hints, journaled roster changes, hidden entries, extensions of the
end), each at its own sim time. The engine is deterministic, so the fork's state at `at` is the
parent's. Its log then has one `clock.fork` event stamped at `at`: replaying it advances the
engine to `at`, journals a `forked_from` entry (parent id, `at`, the SHA-256 of the parent's
journal as it stood at `at`, i.e. of `gameday export --session PARENT --at T`) and holds the
clock in the lobby at `at` until the facilitator starts it.

Nobody is carried over: the fork has its own join code and secret and everyone joins afresh.
`keep_names` decides what the copied record says about who did what: kept, the actions keep the
signed-in user and the roster changes their names, and the `forked_from` entry lists the
parent's participants; not kept, those names become role titles.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from simulator.durations import format_clock
from simulator.errors import format_got
from simulator.roles import role_title
from simulator.session.clock import ADVANCE, EXTEND, FORK, MODE, ClockReading
from simulator.session.errors import SessionError
from simulator.session.moderation import HIDE
from simulator.session.roster import JOURNALED, ROSTER
from simulator.session.run import ACTION, HINT, INJECT, USER, stopping_at
from simulator.session.steps import DECISION
from simulator.session.store import (
    AlsoWrite,
    Appender,
    NewEvent,
    ParticipantRecord,
    StoredEvent,
)


def fork_time(
    value: object, session_id: str, reading: ClockReading, end_then: Callable[[float], float]
) -> float:
    """`value` as a moment of the session that can be forked from, or a SessionError saying why
    not: a number of seconds, not negative, no later than the session has reached, and before
    the end the session had then (`end_then`: a fork needs time left to play)."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise SessionError(
            f"fork at: expected a time in seconds like 720 or 12m (got {format_got(value)})"
        )
    at = round(float(value), 6)
    if at < 0:
        raise SessionError(f"fork at: the time cannot be negative (got {at:g}s)")
    if reading.state == "lobby":
        raise SessionError(f"session {session_id} has not started: there is no moment to fork")
    if at > reading.sim_time:
        raise SessionError(
            f"fork at {format_clock(at)}: session {session_id} only reached "
            f"{format_clock(reading.sim_time)} ({reading.state}); pick a moment up to then"
        )
    end = end_then(at)
    if at >= end:
        raise SessionError(
            f"fork at {format_clock(at)}: that is the scenario's end ({format_clock(end)}); "
            "a fork needs time left to play"
        )
    return at


def end_before(events: Iterable[StoredEvent], at: float, duration: float) -> float:
    """The end the session had at sim time `at`: the scenario's duration, or later when the
    facilitator extended it before then (the fork copies those extensions: `_replayed`)."""
    ends = (
        float(e.payload["value"])
        for e in events
        if e.kind == EXTEND and e.sim_time < at and e.payload.get("value") is not None
    )
    return max([duration, *ends])


def fork_events(
    parent: Iterable[StoredEvent],
    at: float,
    fork_payload: Mapping[str, Any],
    now: float,
    keep_names: bool,
) -> list[NewEvent]:
    """The fork's first events: the parent's engine events before `at`, then its `clock.fork`."""
    copied = [
        _copy(stopping_at(e, at), now, keep_names)
        for e in parent
        if e.sim_time < at and _replayed(e)
    ]
    return [*copied, NewEvent(FORK, now, at, dict(fork_payload), "facilitator", "facilitator")]


def fork_payload(
    parent_id: str,
    at: float,
    journal_sha256: str,
    people: Iterable[ParticipantRecord],
    keep_names: bool,
) -> dict[str, Any]:
    """The `clock.fork` event's payload (`value` is read by the clock)."""
    payload: dict[str, Any] = {
        "value": at,
        "parent": parent_id,
        "parent_journal_sha256": journal_sha256,
        "names_kept": keep_names,
    }
    if keep_names:
        payload["participants"] = [{"name": p.name, "role": p.role} for p in people]
    return payload


def writing(events: list[NewEvent]) -> AlsoWrite:
    """Stores `events` as a new session's log, in the transaction that creates it."""

    def also(conn: Any, session_id: str) -> None:
        appender = Appender(conn, session_id)
        for event in events:
            appender.append(event)

    return also


def _replayed(event: StoredEvent) -> bool:
    """Whether a parent event shaped its engine or journal (and so belongs in the fork). A
    tabletop's decisions, mode switches and Advances come too: an Advance applies the decisions
    waiting at its step (one whose next moment lies past the fork stops at it: `stopping_at`),
    and a fork of a step-mode session is in step mode itself. So do extensions: the fork ends
    where the parent was to end at the moment (its clock reads them in the lobby)."""
    if event.kind == ACTION:
        return bool(event.payload.get("applied"))
    if event.kind == ROSTER:
        return event.payload.get("change") in JOURNALED
    return event.kind in (INJECT, HINT, HIDE, DECISION, MODE, ADVANCE, EXTEND)


def _copy(event: StoredEvent, now: float, keep_names: bool) -> NewEvent:
    payload = dict(event.payload) if keep_names else _anonymous(event.payload)
    return NewEvent(event.kind, now, event.sim_time, payload, None, event.role, event.client_id)


def _anonymous(payload: Mapping[str, Any]) -> dict[str, Any]:
    """A payload without who did it: no signed-in user; roster changes name the role instead."""
    out = {k: v for k, v in payload.items() if k != USER}
    if "name" in out and "change" in out:
        out["name"] = _someone(out)
    if out.get("roster"):
        out["roster"] = [{**c, "name": _someone(c)} for c in out["roster"]]
    return out


def _someone(change: Mapping[str, Any]) -> str:
    previous = str(change.get("previous") or change.get("role") or "")
    return f"the {role_title(previous)}" if previous else "a participant"
