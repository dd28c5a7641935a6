"""Live sessions: the public API the CLI and the web pages use.

`SessionService(store, clock=time.time)` creates sessions, lets people join, runs the facilitator's
controls and the players' actions, and answers reads. Everything it writes is an event in the
store; everything it reads comes from replaying those events into a cached engine (`run.py`).

A write takes the session's lock in this process, then the session's append lock in the store
(`Store.appending`), brings the cached engine up to date with events other processes stored, reads
the clock, stamps the event with the sim time, applies it to the engine and stores it with its
outcome, all in one transaction. Stamps therefore never go backwards in `seq` order, and the
stored outcome is the one the engine produced. If the transaction does not commit, the cached
engine (which may be ahead of the store) is dropped and rebuilt on the next call. That machinery
is `keeper.py`; this module is the API on top of it. The wall clock is injected (`clock`), so
tests drive time by hand; the engine never sees it.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, NoReturn, TypeVar

from simulator.durations import format_duration
from simulator.errors import format_got
from simulator.journal import Journal
from simulator.scenario import LoadedScenario, load_scenario
from simulator.session import codes, teams
from simulator.session.action_limits import ActionLimits, ActionRateLimiter, check_action_name
from simulator.session.attendance import with_attendees
from simulator.session.cache import RunCache
from simulator.session.checks import (
    action_refusal,
    check_client_id,
    check_settings,
    clean_params,
    clean_text,
    is_decision,
)
from simulator.session.clock import (
    CLOCK_KINDS,
    ClockReading,
    read_clock,
)
from simulator.session.clock_api import ClockMixin
from simulator.session.content_api import ContentMixin
from simulator.session.errors import (
    AccessDenied,
    SessionError,
)
from simulator.session.fork import end_before, fork_events, fork_payload, fork_time, writing
from simulator.session.guessing import AttemptLimits, GuessLimiter
from simulator.session.host import by_user
from simulator.session.keeper import Build, Pending, RunKeeper, clock_event
from simulator.session.lru import LRU
from simulator.session.records_api import RecordsMixin
from simulator.session.roles import held_roles
from simulator.session.roster import (
    TRANSFER,
    Standing,
    transfer_changes,
)
from simulator.session.roster_api import RosterMixin
from simulator.session.run import ACTION, Run
from simulator.session.signin import MAX_USER, pass_user
from simulator.session.steps import DECISION
from simulator.session.store import (
    AlsoWrite,
    Appender,
    NewEvent,
    ParticipantRecord,
    SessionRecord,
    Store,
    StoredEvent,
)
from simulator.session.tabletop import TabletopMixin
from simulator.session.views import (
    CreatedSession,
    LiveRead,
    MetricsReading,
    PageView,
    SessionStatus,
    SessionSummary,
)

T = TypeVar("T")
RECORD_CACHE = 256  # session rows kept in memory (each holds its scenario text, 10-20 KB)


def accepted_actions(journal: Journal) -> dict[tuple[str, str], int]:
    """How many actions each role has had accepted, by action name."""
    counts: dict[tuple[str, str], int] = {}
    for entry in journal.of_kind("action"):
        if entry.get("outcome") == "accepted":
            key = (str(entry.get("role", "")), str(entry.get("action", "")))
            counts[key] = counts.get(key, 0) + 1
    return counts


def _status(record: SessionRecord, run: Run, reading: ClockReading) -> SessionStatus:
    engine = run.engine
    pages = tuple(
        PageView(p.id, p.alert, p.status, p.triggered_at, p.level) for p in engine.open_pages()
    )
    return SessionStatus(
        session_id=record.id,
        scenario_id=record.scenario_id,
        title=run.loaded.scenario.title,
        state=reading.state,
        sim_time=reading.sim_time,
        duration=reading.end,
        speed=reading.speed,
        solo=record.solo,
        time_up=reading.time_up,
        firing=engine.firing_alerts(),
        open_pages=pages,
        last_seq=run.last_seq,
        step=reading.step,
        steps=run.steps,
        decisions=len(run.decisions),
    )


class SessionService(RosterMixin, ClockMixin, ContentMixin, RecordsMixin, TabletopMixin):
    """Live sessions over one store. Thread-safe; one per process (it caches the engines).
    Joining and the roster come from `RosterMixin` (`roster_api.py`), the clock controls from
    `ClockMixin` (`clock_api.py`), step mode, objectives, ratings and feedback (tabletops) from
    `TabletopMixin` (`tabletop.py`); this class keeps creating, content, actions and reads."""

    def __init__(
        self,
        store: Store,
        clock: Callable[[], float] = time.time,
        limits: AttemptLimits | None = None,
        runs: RunCache | None = None,
        action_limits: ActionLimits | None = None,
        pass_key: bytes | None = None,
    ) -> None:
        self.store = store
        # With company sign-in, a facilitator pass (signin.py) stands in for the secret.
        self.pass_key = pass_key
        self.clock = clock
        self.attempts = GuessLimiter(store, clock, limits)
        # Only the web app limits actions (`ActionLimits()`); the CLI is the operator's tool.
        self.action_rate = ActionRateLimiter(clock, action_limits) if action_limits else None
        self.runs = runs if runs is not None else RunCache()
        self._keeper = RunKeeper(store, clock, self.runs)
        self._records: LRU[str, SessionRecord] = LRU(RECORD_CACHE)

    # ------------------------------------------------------------------ creating and joining

    def create(
        self,
        scenario_path: str | Path,
        *,
        seed: int = 1,
        speed: float = 1.0,
        solo: bool = False,
        team: str | None = None,
        step: bool = False,
    ) -> CreatedSession:
        """A new session in the lobby for a scenario file (ScenarioError when it is invalid);
        `team` names the team that plays it (`teams.py`); `step`: a tabletop in step mode
        (`tabletop.py`)."""
        loaded = load_scenario(scenario_path)
        return self._create(loaded, seed, speed, solo, team=team, step=step)

    def create_from_text(
        self,
        text: str,
        filename: str = "scenario.yaml",
        *,
        seed: int = 1,
        speed: float = 1.0,
        solo: bool = False,
        also: AlsoWrite | None = None,
        team: str | None = None,
        secret: str | None = None,
        step: bool = False,
    ) -> CreatedSession:
        """A new session on a scenario's text; `also` writes rows that belong with it in the
        session's own transaction (see `Store.create_session`). `secret`: the facilitator
        secret to use instead of a new one (a cohort's sessions share the cohort's); `step`: a
        tabletop in step mode."""
        loaded = self._keeper.parse(text, filename)
        return self._create(loaded, seed, speed, solo, also, team=team, secret=secret, step=step)

    def _create(
        self,
        loaded: LoadedScenario,
        seed: int,
        speed: float,
        solo: bool,
        also: AlsoWrite | None = None,
        *,
        team: str | None = None,
        secret: str | None = None,
        step: bool = False,
    ) -> CreatedSession:
        check_settings(seed, speed)
        also = teams.team_writer(teams.clean_team(team), also)
        secret = secret or codes.new_secret()
        record = SessionRecord(
            id=codes.new_session_id(),
            scenario_id=loaded.scenario.id,
            scenario_file=loaded.filename,
            scenario_text=loaded.text,
            scenario_sha256=loaded.sha256,
            seed=seed,
            speed=float(speed),
            solo=bool(solo),
            join_code=codes.new_join_code(),
            facilitator_secret=codes.hash_secret(secret),
            created_at=self.clock(),
        )
        self.store.create_session(record, also)
        self._keeper.remember(loaded)
        if step:
            self.set_mode(record.id, secret, step=True)
        return CreatedSession(record.id, record.join_code, secret)

    def fork(
        self, session_id: str, secret: str, at: float, *, keep_names: bool = False
    ) -> CreatedSession:
        """A new session in the lobby at sim time `at` of this one (facilitator only): the same
        scenario, seed and speed, and this session's actions, injects and hints before `at`
        replayed into it (`fork.py`). It has its own join code and secret; `keep_names` keeps
        who did what in the copied record. A moment the session has not reached, a negative
        one or the scenario's end is a SessionError saying so."""
        parent = self.session(session_id)
        self._check_secret(parent, secret)
        loaded = self._keeper.loaded_for(parent)
        events = self.store.events(session_id)
        clock_events = [clock_event(e) for e in events if e.kind in CLOCK_KINDS]
        reading = read_clock(clock_events, self.clock(), loaded.scenario.duration, parent.speed)
        duration = loaded.scenario.duration
        moment = fork_time(at, session_id, reading, lambda t: end_before(events, t, duration))
        journal = self._keeper.fresh(parent, events, until=moment).journal
        digest = hashlib.sha256(journal.to_jsonl().encode("utf-8")).hexdigest()
        people = self.store.participants(session_id)
        payload = fork_payload(session_id, moment, digest, people, keep_names)
        new = fork_events(events, moment, payload, self.clock(), keep_names)
        return self._create(loaded, parent.seed, parent.speed, parent.solo, writing(new))

    # ------------------------------------------------------------------ players

    def act(
        self,
        session_id: str,
        participant_id: str,
        action: str,
        params: Mapping[str, Any] | None = None,
        client_id: str | None = None,
        role: str | None = None,
        user: str | None = None,
    ) -> StoredEvent:
        """Take an action now, as a participant; returns the stored event.

        The event's payload has `outcome` (`accepted` or `refused`) and, when refused, `reason`.
        Refusals are stored too. A `client_id` seen before returns the event stored then, and
        nothing new is stored. `role` picks one of the roles a solo player holds. `user` is who
        is signed in (company sign-in): kept in the event and on the journal's action entry.
        """
        record = self.session(session_id)
        check_client_id(client_id)
        check_action_name(action)
        if user is not None:
            user = clean_text(user, "user", MAX_USER)
        if self.action_rate is not None:
            self.action_rate.take(session_id, participant_id, client_id)

        def build(
            run: Run, reading: ClockReading, now: float, tx: Appender
        ) -> Pending | StoredEvent:
            if client_id is not None:
                earlier = tx.by_client_id(client_id)
                if earlier is not None:
                    return earlier
            participant = tx.participant(participant_id)
            if participant is None:
                raise AccessDenied(
                    f"no participant {participant_id!r} in session {session_id}; join first"
                )
            standing = run.roster.standing(participant)
            if standing.removed:
                raise AccessDenied(
                    f"{participant.name}, the facilitator removed you from session {session_id}: "
                    "you can no longer act in it"
                )
            held = held_roles(standing.role, record.solo)
            params_clean, params_problem = clean_params(params)
            used, reason = action_refusal(action, held, role, params_clean, params_problem, reading)
            roster, reason = _roster_check(
                record, run, standing, participant, tx, action, params_clean, reason
            )
            payload: dict[str, Any] = by_user({"action": action, "params": params_clean}, user)
            sim_time = self._stamp(run, reading)
            if reason is not None:
                payload.update(outcome="refused", reason=reason, applied=False)
                done = False
            elif is_decision(action, reading):  # step mode: applied when the facilitator advances
                payload.update(outcome="decision", applied=False)
                new = NewEvent(DECISION, now, sim_time, payload, participant.id, used, client_id)
                return Pending(new)
            else:
                entry = run.act(sim_time, used, action, params_clean, client_id, user)
                if entry["outcome"] == "accepted" and roster:
                    payload["roster"] = roster
                    run.change_roster(roster)
                payload.update(outcome=entry["outcome"], applied=True, action_id=entry["id"])
                if "reason" in entry:
                    payload["reason"] = entry["reason"]
                done = True
            new = NewEvent(ACTION, now, sim_time, payload, participant.id, used, client_id)
            return Pending(new, engine_done=done)

        return self._write(session_id, build)

    # ------------------------------------------------------------------ reads

    def session(self, session_id: str) -> SessionRecord:
        record = self._records.get(session_id)
        if record is None:
            if not isinstance(session_id, str) or not session_id:
                raise SessionError(f"expected a session id (got {format_got(session_id)})")
            record = self.store.session(session_id)
            self._records.put(session_id, record)
        return record

    def team(self, session_id: str) -> str | None:
        """The team that plays the session (None when it was created without a name)."""
        self.session(session_id)
        return teams.team_of(self.store, session_id)

    def status(self, session_id: str) -> SessionStatus:
        record = self.session(session_id)
        return self._read(session_id, lambda run, reading: _status(record, run, reading))

    def live(self, session_id: str, since: int = 0) -> LiveRead:
        """What a live page needs each second, from one read of the store: the status, the
        journal entries after the first `since` (a page keeps the ones it has) and the hidden
        ids. A `since` beyond the journal (it cannot shrink) gives no entries."""
        record = self.session(session_id)

        def view(run: Run, reading: ClockReading) -> LiveRead:
            entries = run.journal.entries
            start = max(0, min(int(since), len(entries)))
            return LiveRead(
                status=_status(record, run, reading),
                since=start,
                entries=tuple(entries[start:]),
                length=len(entries),
                hidden=frozenset(run.hidden),
            )

        return self._read(session_id, view)

    def scenario(self, session_id: str) -> LoadedScenario:
        """The session's scenario, parsed once per process (shared with its engine)."""
        return self._keeper.loaded_for(self.session(session_id))

    def metrics(self, session_id: str) -> MetricsReading:
        """The session's newest tick of metrics (advance-on-read); empty before the first tick."""
        record = self.session(session_id)

        def view(run: Run, reading: ClockReading) -> MetricsReading:
            return MetricsReading(
                session_id=session_id,
                scenario_id=record.scenario_id,
                service=run.loaded.scenario.service.name,
                state=reading.state,
                sim_time=reading.sim_time,
                speed=reading.speed,
                values=run.engine.current_metrics(),
                firing=run.engine.firing_alerts(),
                actions=accepted_actions(run.journal),
            )

        return self._read(session_id, view)

    def journal(self, session_id: str) -> Journal:
        """The journal up to now (advance-on-read); for an ended session, the whole journal."""
        return self._read(session_id, lambda run, _reading: Journal(list(run.journal.entries)))

    def debrief_journal(self, session_id: str) -> Journal:
        """`shared_journal()` (hidden entries' words withheld) with the attendees and the
        session's date in the header (for the debrief, the report and exports;
        `simulator.session.attendance`)."""
        journal = self.shared_journal(session_id)
        record = self.session(session_id)
        standings = {p.id: now for p, now in self.roster(session_id)}
        people = self.store.participants(session_id)
        return with_attendees(journal, people, record.created_at, standings)

    def journal_at(self, session_id: str, sim_time: float) -> Journal:
        """The journal as it stood at `sim_time`, replayed from the log (any past point; for an
        ended session, any point up to the scenario's end). The cached engine is not touched."""
        record = self.session(session_id)
        loaded = self._keeper.loaded_for(record)
        events = self.store.events(session_id)
        clock_events = [clock_event(e) for e in events if e.kind in CLOCK_KINDS]
        reading = read_clock(clock_events, self.clock(), loaded.scenario.duration, record.speed)
        limit = sim_time if reading.state == "ended" else min(sim_time, reading.sim_time)
        return self._keeper.fresh(record, events, until=max(0.0, limit)).journal

    def rebuild(self, session_id: str) -> Journal:
        """Drop this process's engine for the session and rebuild it from the log."""
        with self.runs.lock(session_id):
            self.runs.drop(session_id)
        return self.journal(session_id)

    def sessions(self) -> list[SessionSummary]:
        summaries = []
        now = self.clock()
        for record in self.store.sessions():
            self._records.put(record.id, record)
            clock_events = [
                clock_event(e) for e in self.store.events(record.id, kinds=tuple(CLOCK_KINDS))
            ]
            duration = self._keeper.loaded_for(record).scenario.duration
            reading = read_clock(clock_events, now, duration, record.speed)
            summaries.append(
                SessionSummary(
                    session_id=record.id,
                    scenario_id=record.scenario_id,
                    state=reading.state,
                    sim_time=reading.sim_time,
                    duration=reading.end,
                    speed=reading.speed,
                    solo=record.solo,
                    participants=len(self.store.participants(record.id)),
                    created_at=record.created_at,
                )
            )
        return summaries

    # ------------------------------------------------------------------ machinery

    def _read(self, session_id: str, use: Callable[[Run, ClockReading], T]) -> T:
        return self._keeper.read(self.session(session_id), use)

    def _write(self, session_id: str, build: Build) -> StoredEvent:
        return self._keeper.write(self.session(session_id), build)

    def _check_secret(self, record: SessionRecord, secret: str | None) -> str | None:
        """Wrong secrets are refused but never locked out (see docs/reference/sessions.md: a
        196-bit secret cannot be guessed, and a lockout would let anyone stop the facilitator).
        Returns the signed-in user when `secret` is a facilitator pass (signin.py), else None."""
        user = pass_user(self.pass_key, record.id, secret)
        if user is not None:
            return user
        if not isinstance(secret, str) or not codes.secret_matches(
            secret, record.facilitator_secret
        ):
            raise AccessDenied(f"wrong facilitator secret for session {record.id}")
        return None

    def _wrong_code(self, session_id: str, client: str) -> NoReturn:
        """Count a wrong join code against the client and refuse it (saying so when it starts a
        lockout)."""
        message = f"wrong join code for session {session_id}"
        lockout = self.attempts.failed(client, session_id)
        if lockout is not None:
            message += f"; too many wrong attempts: try again in {format_duration(lockout)}"
        raise AccessDenied(message)

    @staticmethod
    def _stamp(run: Run, reading: ClockReading) -> float:
        """The sim time an event happens at: the clock's, never before the previous event's."""
        return max(reading.sim_time, run.floor())

    def _new(
        self,
        kind: str,
        run: Run,
        reading: ClockReading,
        now: float,
        payload: dict[str, Any],
        actor: str,
        role: str,
    ) -> NewEvent:
        return NewEvent(kind, now, self._stamp(run, reading), payload, actor, role)


def _roster_check(
    record: SessionRecord,
    run: Run,
    standing: Standing,
    participant: ParticipantRecord,
    tx: Appender,
    action: str,
    params: dict[str, Any],
    reason: str | None,
) -> tuple[list[dict[str, Any]], str | None]:
    """(a hand-over's roster changes, the refusal reason): a shadow does not act; a
    `transfer_command` must name another participant who can take command."""
    if reason is not None:
        return [], reason
    if standing.shadow:
        return [], (
            f"you shadow the {standing.role} role: a shadow watches and keeps their own notes; "
            "the person holding the role acts (ask the facilitator to reassign you)"
        )
    if action != TRANSFER:
        return [], None
    if record.solo:
        return [], "solo practice: you hold every role; there is no one to hand over to"
    return transfer_changes(run.roster, tx.participants(), participant, params.get("to"))
