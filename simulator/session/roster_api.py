"""The roster part of the session API (`SessionService` inherits it): joining, who holds which
role now, and the facilitator's roster changes (shadowing, reassigning, removing). Joins are rows
of their own; roster changes are events, journaled when players should know of them
(`roster.py`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from simulator.errors import format_got
from simulator.roles import ROLES
from simulator.session import codes
from simulator.session.checks import MAX_NAME, clean_text
from simulator.session.clock import ClockReading
from simulator.session.errors import SessionError
from simulator.session.guessing import process_client
from simulator.session.host import ServiceHost
from simulator.session.keeper import Pending
from simulator.session.roles import FACILITATOR, OBSERVER, PLAYER_ROLES, held_roles
from simulator.session.roster import (
    ALL_ROLES,
    ROSTER,
    Standing,
    find_participant,
    reassign_problem,
    roster_of,
    taken_message,
)
from simulator.session.run import Run
from simulator.session.store import Appender, NewEvent, ParticipantRecord, StoredEvent
from simulator.suggest import did_you_mean_text


class RosterMixin:
    """Joining and the roster; see the module docstring."""

    def join(
        self: ServiceHost,
        session_id: str,
        code: str,
        name: str,
        role: str,
        secret: str | None = None,
        *,
        client: str | None = None,
    ) -> ParticipantRecord:
        """Join with the session's code. Joining as facilitator also needs the secret; a solo
        session has one player, who holds every player role. Wrong codes are counted against
        `client` (the web app passes the browser's address; default: this process)."""
        who = client if client is not None else process_client()
        self.attempts.check(who)
        record = self.session(session_id)
        if not isinstance(code, str) or not codes.code_matches(code, record.join_code):
            self._wrong_code(session_id, who)
        if role not in ROLES:
            raise SessionError(
                f"unknown role {format_got(role)} (roles: {', '.join(ROLES)})"
                + did_you_mean_text(role, ROLES)
            )
        if role == FACILITATOR:
            self._check_secret(record, secret)
        clean_name = clean_text(name, "name", MAX_NAME)
        with self.store.appending(session_id) as tx:
            if record.solo and role in PLAYER_ROLES:
                taken = [p for p in tx.participants() if p.role in PLAYER_ROLES]
                if taken:
                    raise SessionError(
                        f"session {session_id} is solo and {taken[0].name} is already its "
                        "player; join as observer instead"
                    )
            shadow = None if record.solo else shadow_join(session_id, tx, role)
            participant = ParticipantRecord(
                session_id, codes.new_participant_id(), clean_name, role, self.clock()
            )
            tx.add_participant(participant)
            if shadow is not None:  # never journaled, so stamped with the log's last sim time
                payload = {"change": "join", "participant": participant.id, "role": role}
                tx.append(
                    NewEvent(ROSTER, participant.joined_at, shadow, payload, participant.id, role)
                )
        return participant

    def participants(self: ServiceHost, session_id: str) -> list[ParticipantRecord]:
        self.session(session_id)
        return self.store.participants(session_id)

    def held_roles(
        self: ServiceHost, session_id: str, participant: ParticipantRecord
    ) -> tuple[str, ...]:
        """The roles a participant holds now (after reassignments and hand-overs)."""
        now = self.standing(session_id, participant.id)
        if now.removed:
            return ()
        return held_roles(now.role, self.session(session_id).solo)

    def standing(self: ServiceHost, session_id: str, participant_id: str) -> Standing:
        """A participant's role now, whether they shadow it and whether they were removed."""
        person = self._participant(session_id, participant_id)
        return self._read(session_id, lambda run, _reading: run.roster.standing(person))

    def roster(self: ServiceHost, session_id: str) -> list[tuple[ParticipantRecord, Standing]]:
        """Every participant with their standing now, in the order they joined."""
        people = self.participants(session_id)
        return self._read(
            session_id, lambda run, _reading: [(p, run.roster.standing(p)) for p in people]
        )

    def shadowing(self: ServiceHost, session_id: str) -> frozenset[str]:
        """The roles that allow a shadow now ("*": every role)."""
        return self._read(session_id, lambda run, _reading: frozenset(run.roster.shadowing))

    # ------------------------------------------------------------------ facilitator: roster

    def allow_shadowing(
        self: ServiceHost, session_id: str, secret: str, role: str = ALL_ROLES, allow: bool = True
    ) -> StoredEvent:
        """Allow (or stop allowing) a second person in a player role ("*": every role) as a
        shadow. Stored, never journaled; shadows already in keep shadowing."""
        if role != ALL_ROLES and role not in PLAYER_ROLES:
            raise SessionError(
                f"shadowing: expected a player role or '*' (got {format_got(role)}; roles: "
                f"{', '.join(PLAYER_ROLES)})" + did_you_mean_text(role, PLAYER_ROLES)
            )
        payload = {"change": "shadowing", "role": role, "allow": bool(allow)}
        return self._roster_write(session_id, secret, lambda run, people: payload)

    def reassign(
        self: ServiceHost, session_id: str, secret: str, participant_id: str, role: str
    ) -> StoredEvent:
        """Move a participant to another role (journaled). A player role someone else holds is
        refused: reassign or remove its holder first."""
        if role not in ROLES:
            raise SessionError(
                f"unknown role {format_got(role)} (roles: {', '.join(ROLES)})"
                + did_you_mean_text(role, ROLES)
            )

        def change(run: Run, people: list[ParticipantRecord]) -> dict[str, Any]:
            person = one_participant(people, participant_id, session_id)
            problem = reassign_problem(run.roster, people, person, role)
            if problem:
                raise SessionError(f"session {session_id}: cannot reassign: {problem}")
            was = run.roster.standing(person).role
            return {
                "change": "reassign",
                "participant": person.id,
                "name": person.name,
                "role": role,
                "previous": was,
            }

        return self._roster_write(session_id, secret, change)

    def remove(self: ServiceHost, session_id: str, secret: str, participant_id: str) -> StoredEvent:
        """Remove a participant (journaled): their page says so and every action they try is
        refused. Their row and what they did stay in the log."""

        def change(run: Run, people: list[ParticipantRecord]) -> dict[str, Any]:
            person = one_participant(people, participant_id, session_id)
            now = run.roster.standing(person)
            if now.removed:
                raise SessionError(f"session {session_id}: {person.name} was already removed")
            if person.role == FACILITATOR:
                raise SessionError(f"session {session_id}: the facilitator is not removed")
            return {
                "change": "remove",
                "participant": person.id,
                "name": person.name,
                "role": OBSERVER,
                "previous": now.role,
            }

        return self._roster_write(session_id, secret, change)

    def _roster_write(
        self: ServiceHost,
        session_id: str,
        secret: str,
        change: Callable[[Run, list[ParticipantRecord]], dict[str, Any]],
    ) -> StoredEvent:
        self._check_secret(self.session(session_id), secret)

        def build(run: Run, reading: ClockReading, now: float, tx: Appender) -> Pending:
            payload = change(run, tx.participants())
            if reading.state == "ended" and payload["change"] != "shadowing":
                raise SessionError(f"session {session_id}: it has ended; the roster is final")
            return Pending(
                self._new(ROSTER, run, reading, now, payload, "facilitator", FACILITATOR)
            )

        return self._write(session_id, build)

    def _participant(self: ServiceHost, session_id: str, participant_id: str) -> ParticipantRecord:
        return one_participant(self.participants(session_id), participant_id, session_id)


def shadow_join(session_id: str, tx: Appender, role: str) -> float | None:
    """Joining a player role someone holds: refused (naming them) unless the facilitator allows
    a shadow for it; then the sim time to stamp the shadow's join with. None: the role is free
    (or not a player role)."""
    if role not in PLAYER_ROLES:
        return None
    events = tx.events_after(0)
    roster = roster_of(events)
    holder = roster.holder(tx.participants(), role)
    if holder is None:
        return None
    if not roster.allows_shadow(role):
        raise SessionError(f"session {session_id}: {taken_message(holder, role)}")
    return max((e.sim_time for e in events), default=0.0)


def one_participant(
    people: list[ParticipantRecord], who: str, session_id: str
) -> ParticipantRecord:
    """A participant of the session by id (or unique name), or a SessionError listing them."""
    person = find_participant(people, who)
    if person is None:
        names = ", ".join(f"{p.name} ({p.id})" for p in people) or "nobody has joined"
        raise SessionError(
            f"session {session_id}: no participant {format_got(who)} (participants: {names})"
        )
    return person
