"""A session's engine, driven by its stored events: the disposable cache of DESIGN section 6.

`Run` owns one Engine and the clock events seen so far. Applying the stored events in `seq` order
to a fresh Run is the replay; the live service applies each event as it stores it. Both make the
very same engine calls in the same order at the same sim times (`advance(t)` then `act(...)`), and
the engine is deterministic, so a rebuilt Run has the live one's journal byte for byte.

What reaches the engine:

- an `action` event whose payload says `applied: true` (actions the session let through; the
  engine may still have refused one, and journals that refusal, so it is replayed too);
- ad-hoc `inject` and released `hint` events (journaled at their sim time);
- `clock.fork`, the last event a fork's log starts with (`fork.py`): the engine advances to the
  moment forked at and journals a `forked_from` entry there;
- `clock.end`, which first journals a `session.end` entry at its sim time (where the players'
  exercise stopped: scoring and reports cut the journal there), then finishes the engine (the rest
  of the scenario plays out with no more actions, so the journal always ends with its `end`
  entry). `clock.extend` journals an `extend` entry at its sim time (the new end) and moves the
  engine's end later. Other clock events only move the clock.

The journal's header gets a `session` block: the session id and whether it is solo (scoring marks
items that need several people not applicable then).

- step mode (`steps.py`): `clock.mode` journals an `exercise.mode` entry; a `decision` event
  journals a `decision` entry and waits; `clock.advance` applies the waiting decisions as actions
  at the step's time, runs the engine to the next moment and journals a `step` entry there.
- `roster` events (reassign, remove) and an accepted `transfer_command` action's roster changes
  are journaled as `roster` entries; joins as a shadow and the shadowing setting only change the
  roster (`roster.py`).

Facilitator notes never enter the journal.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Iterable, Mapping
from typing import Any

from simulator.engine import Engine
from simulator.journal import Journal
from simulator.scenario import LoadedScenario
from simulator.session.clock import (
    ADVANCE,
    CLOCK_KINDS,
    END,
    EXTEND,
    FORK,
    MODE,
    ClockEvent,
    ClockReading,
    read_clock,
)
from simulator.session.moderation import HIDE
from simulator.session.roster import JOURNALED, ROSTER, Roster
from simulator.session.steps import DECISION, MODE_ENTRY, STEP, moments_between
from simulator.session.store import StoredEvent

log = logging.getLogger(__name__)

ACTION = "action"
INJECT = "inject"
HINT = "hint"
NOTE = "note"
USER = "user"  # who acted, when signed in (company sign-in): in payloads and action entries


class StaleRun(Exception):
    """An event is stamped before the engine's current time (another process advanced past it
    while this one had not seen the event yet): the run must be rebuilt from the log."""


class Run:
    """One engine and the session events applied to it so far."""

    def __init__(
        self,
        loaded: LoadedScenario,
        seed: int,
        speed: float,
        *,
        session_id: str | None = None,
        solo: bool = False,
    ) -> None:
        self.loaded = loaded
        self.engine = Engine(loaded, seed)
        self.engine.label_session(session_id, solo)
        self.speed = speed
        self.duration = loaded.scenario.duration
        self.last_seq = 0
        self.last_sim_time = 0.0
        self.clock_events: list[ClockEvent] = []
        self.hidden: set[str] = set()  # journal ids the facilitator hid (moderation.py)
        self.roster = Roster()  # who holds which role now (roster.py)
        self.mismatches: list[int] = []  # seqs whose replayed outcome differs from the stored one
        self.gaps: list[tuple[int, int]] = []  # (first, last) missing seq of each gap
        self.decisions: list[StoredEvent] = []  # step mode: recorded, applied at the next advance
        self.steps = 0  # step mode: steps revealed so far

    # ------------------------------------------------------------------ time

    def reading(self, now: float) -> ClockReading:
        return read_clock(self.clock_events, now, self.duration, self.speed)

    def floor(self) -> float:
        """No new event may be stamped earlier than this (keeps stamps in `seq` order)."""
        return max(self.engine.now, self.last_sim_time)

    def advance_to(self, reading: ClockReading) -> None:
        """Advance-on-read: run the engine up to the clock's sim time, finishing at time-up."""
        if reading.time_up:
            self.engine.finish()
        elif reading.state != "lobby":
            self.engine.advance(reading.sim_time)

    # ------------------------------------------------------------------ applying events

    def act(
        self,
        sim_time: float,
        role: str,
        action: str,
        params: Mapping[str, Any],
        client_id: str | None,
        user: str | None = None,
    ) -> dict[str, Any]:
        """Apply a participant's action; with `user` (who was signed in), the journal's action
        entry carries it as `user`, so scoring, reports and replays see who acted."""
        self._advance(sim_time)
        entry = self.engine.act(role, action, dict(params), client_id)
        if user is not None and entry.get("kind") == ACTION:
            entry[USER] = user  # the entry the engine just journaled, before anyone reads it
        return entry

    def apply(self, event: StoredEvent, finish_on_end: bool = True) -> None:
        """Apply one stored event (in `seq` order). Raises StaleRun when it is too late for it."""
        self._check_seq(event)
        kind, payload = event.kind, event.payload
        if kind == ACTION and payload.get("applied"):
            entry = self.act(
                event.sim_time,
                event.role or "",
                payload["action"],
                payload["params"],
                event.client_id,
                payload.get(USER),
            )
            if entry.get("outcome") != payload.get("outcome"):
                self.mismatches.append(event.seq)
            self.change_roster(payload.get("roster") or ())
        elif kind == INJECT:
            self._advance(event.sim_time)
            self.engine.adhoc_inject(
                f"adhoc-{event.seq}",
                payload["channel"],
                payload["sender"],
                payload.get("subject"),
                payload["text"],
            )
        elif kind == HINT:
            self._advance(event.sim_time)
            self.engine.release_hint(payload["text"])
        elif kind == DECISION:
            self._advance(event.sim_time)
            self.engine.tabletop_entry(
                DECISION,
                id=f"decision-{event.seq}",
                role=event.role or "",
                action=payload["action"],
                params=payload["params"],
            )
            self.decisions.append(event)
        elif kind == HIDE:
            self.hidden.add(str(payload["entry"]))
        elif kind == ROSTER:
            if payload.get("change") in JOURNALED:
                self._advance(event.sim_time)
            self.change_roster([payload])
        elif kind == FORK:
            self._advance(event.sim_time)  # the moment forked at: the parent's state there
            self.engine.note_fork(_forked_from(payload))
            self.clock_events.append(ClockEvent(kind, event.wall_time, float(payload["value"])))
        elif kind in CLOCK_KINDS:
            self._clock(event, finish_on_end)
        self.mark(event)

    def _clock(self, event: StoredEvent, finish_on_end: bool) -> None:
        kind, payload = event.kind, event.payload
        value = payload.get("value")
        self.clock_events.append(
            ClockEvent(kind, event.wall_time, None if value is None else float(value))
        )
        if kind == END:
            self._end(event.sim_time, finish_on_end)
        elif kind == MODE:
            self._advance(event.sim_time)
            self.engine.tabletop_entry(MODE_ENTRY, mode="step" if value else "live")
        elif kind == ADVANCE:
            self.take_step(event.sim_time, float(payload["to"]), int(payload["n"]))
        elif kind == EXTEND and value is not None:
            self._advance(event.sim_time)
            self.engine.extend(float(value), by="facilitator")

    def apply_decisions(self, sim_time: float) -> None:
        """Apply the decisions waiting at this step as actions at `sim_time` (in the order they
        were recorded); each action entry names its `decision`."""
        waiting, self.decisions = self.decisions, []
        for event in waiting:
            payload = event.payload
            entry = self.act(
                sim_time,
                event.role or "",
                payload["action"],
                payload["params"],
                event.client_id,
                payload.get(USER),
            )
            if entry.get("kind") == ACTION:
                entry[DECISION] = f"decision-{event.seq}"

    def take_step(self, sim_time: float, to: float, n: int) -> None:
        """Advance: the waiting decisions at `sim_time`, the engine to `to`, the `step` entry.
        The live service has done the first two already (finding `to`); then they are no-ops."""
        self.apply_decisions(sim_time)
        self._advance(to)
        if n > self.steps:
            self.steps = n
            entries = self.engine.journal.entries
            self.engine.tabletop_entry(
                STEP, n=n, since=sim_time, moments=moments_between(entries, sim_time, to)
            )

    def change_roster(self, changes: Iterable[Mapping[str, Any]]) -> None:
        """Apply roster changes; the ones players should know of are journaled (`roster`)."""
        for change in changes:
            self.roster.apply(change)
            if change.get("change") in JOURNALED:
                self.engine.roster_change(
                    str(change["change"]),
                    str(change.get("name", "")),
                    str(change.get("role", "")),
                    str(change.get("previous", "")),
                )

    def _check_seq(self, event: StoredEvent) -> None:
        """The store never leaves a gap; a log that has one (edited, restored in part, an archive
        cut short) still replays, with a warning and the gap kept in `gaps`."""
        expected = self.last_seq + 1
        if event.seq != expected:
            self.gaps.append((expected, event.seq - 1))
            log.warning(
                "event log of session %s: seq %d follows %d (events %d-%d missing); "
                "replaying what is there",
                event.session_id,
                event.seq,
                self.last_seq,
                expected,
                event.seq - 1,
            )

    def mark(self, event: StoredEvent) -> None:
        self.last_seq = event.seq
        self.last_sim_time = max(self.last_sim_time, event.sim_time)

    def _end(self, sim_time: float, finish: bool) -> None:
        """The facilitator's end: journal where the exercise stopped, then play the rest out."""
        self._advance(sim_time)
        self.engine.end_early(by="facilitator")
        if finish:
            self.engine.finish()

    def _advance(self, sim_time: float) -> None:
        if self.engine.finished or sim_time < self.engine.now - 1e-9:
            raise StaleRun(f"event at {sim_time} is before the engine's time {self.engine.now}")
        self.engine.advance(sim_time)

    @property
    def journal(self) -> Journal:
        return self.engine.journal

    @property
    def end(self) -> float:
        """The scenario's end as the events applied so far have it (extensions included)."""
        return float(self.engine.end_at)


def _forked_from(payload: Mapping[str, Any]) -> dict[str, Any]:
    """The `forked_from` journal entry's fields, from a `clock.fork` event (fork.py)."""
    fields: dict[str, Any] = {
        "parent": str(payload["parent"]),
        "at": float(payload["value"]),
        "parent_journal_sha256": str(payload["parent_journal_sha256"]),
        "names_kept": bool(payload.get("names_kept")),
    }
    if payload.get("participants"):
        fields["participants"] = [dict(p) for p in payload["participants"]]
    return fields


def replay(
    loaded: LoadedScenario,
    seed: int,
    speed: float,
    events: Iterable[StoredEvent],
    until: float | None = None,
    *,
    session_id: str | None = None,
    solo: bool = False,
) -> Run:
    """A fresh Run with `events` applied in order.

    With `until`, only events stamped before it are applied and the engine is advanced to it (an
    end of session is not applied unless `until` reaches the scenario's end, extensions
    included, where the journal is finished): the session as it stood at sim time `until`.
    """
    run = Run(loaded, seed, speed, session_id=session_id, solo=solo)
    if until is None:
        for event in events:
            run.apply(event)
        return run
    for event in events:
        if event.sim_time >= min(until, run.end):
            break
        run.apply(stopping_at(event, until), finish_on_end=False)
    if until >= run.end:
        run.engine.finish()
    else:
        run.engine.advance(until)
    return run


def stopping_at(event: StoredEvent, until: float) -> StoredEvent:
    """`event`, except that a step-mode Advance taken before `until` whose next moment lies past
    it stops at `until` (the session as it stood then: its decisions applied, the clock there)."""
    if event.kind != ADVANCE or float(event.payload.get("to", 0.0)) <= until:
        return event
    payload = {**event.payload, "to": until, "value": until - event.sim_time}
    return dataclasses.replace(event, payload=payload)
