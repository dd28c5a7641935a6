"""Cohorts: several teams on one scenario and seed, created and driven together.

`CohortService(sessions)` sits on a `SessionService`. `create` makes one session per team (same
scenario text, seed and speed; each its own join code) sharing one facilitator secret, which is
the cohort's: the console's controls are the member sessions' own controls applied to each in
turn, and a facilitator may still open any one session with the same secret. Every control
reports per team, so one team's refusal (its clock already ended, say) does not hide the
others' results.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from simulator.background import Background
from simulator.cohorts import records
from simulator.cohorts.compare import CohortDebrief, cohort_debrief
from simulator.cohorts.noise import NOISE_SEEDS
from simulator.cohorts.records import CohortRecord, Member
from simulator.errors import GamedayError, format_got
from simulator.scenario import load_scenario
from simulator.session import SessionError, SessionService, SessionStatus, StoredEvent
from simulator.session.codes import hash_secret, new_secret, new_session_id, secret_matches
from simulator.session.teams import clean_team

MIN_TEAMS = 2
MAX_TEAMS = 12
MAX_COHORT_NAME = 100
CONTROLS = ("start", "pause", "resume", "end", "speed", "skip")
DEBRIEFS_KEPT = 16
V = TypeVar("V")


class CohortError(GamedayError):
    """A cohort request that cannot be met (bad teams, no such cohort, a wrong secret)."""


@dataclass(frozen=True)
class CreatedCohort:
    cohort_id: str
    facilitator_secret: str  # shown once; only its hash is stored
    members: tuple[Member, ...]

    def to_dict(self) -> dict[str, object]:
        return {
            "cohort_id": self.cohort_id,
            "facilitator_secret": self.facilitator_secret,
            "members": [m.__dict__ for m in self.members],
        }


@dataclass(frozen=True)
class MemberResult:
    """What one control or inject did to one team's session: done, or why not."""

    team: str
    session_id: str
    done: bool
    message: str = ""


@dataclass(frozen=True)
class MemberStatus:
    member: Member
    status: SessionStatus


def check_teams(teams: Sequence[str]) -> tuple[str, ...]:
    """2-12 distinct team names (blank lines dropped), or a CohortError saying what is wrong."""
    names = [t for t in (clean_team(name) for name in teams) if t is not None]
    if not MIN_TEAMS <= len(names) <= MAX_TEAMS:
        raise CohortError(
            f"teams: expected {MIN_TEAMS} to {MAX_TEAMS} team names (got {len(names)})"
        )
    seen: set[str] = set()
    for name in names:
        if name.casefold() in seen:
            raise CohortError(f"teams: {name!r} is entered twice; each team needs its own name")
        seen.add(name.casefold())
    return tuple(names)


def check_name(name: str | None, fallback: str) -> str:
    text = (name or "").strip() or fallback
    if len(text) > MAX_COHORT_NAME:
        raise CohortError(f"name: at most {MAX_COHORT_NAME} characters (got {len(text)})")
    if any(ord(ch) < 32 for ch in text):
        raise CohortError("name: control characters are not allowed")
    return text


class CohortService:
    """Cohorts over the sessions of one `SessionService` (and its store)."""

    def __init__(self, sessions: SessionService) -> None:
        self.sessions = sessions
        self.store = sessions.store
        records.create_tables(self.store)
        self._debriefs: dict[tuple[object, ...], CohortDebrief] = {}
        self._jobs: dict[tuple[object, ...], Background[CohortDebrief]] = {}
        self._jobs_lock = threading.Lock()

    # ------------------------------------------------------------------ creating

    def create(
        self,
        scenario_path: str | Path,
        teams: Sequence[str],
        *,
        seed: int = 1,
        speed: float = 1.0,
        name: str | None = None,
    ) -> CreatedCohort:
        """One session per team in the lobby, all on the scenario at `scenario_path`."""
        loaded = load_scenario(scenario_path)
        names = check_teams(teams)
        title = check_name(name, loaded.scenario.title)
        secret = new_secret()
        created = [
            self.sessions.create_from_text(
                loaded.text, loaded.filename, seed=seed, speed=speed, team=team, secret=secret
            )
            for team in names
        ]
        found = tuple(
            Member(team, c.session_id, c.join_code) for team, c in zip(names, created, strict=True)
        )
        record = CohortRecord(
            id="c-" + new_session_id(),
            name=title,
            scenario_id=loaded.scenario.id,
            scenario_file=loaded.filename,
            seed=seed,
            speed=float(speed),
            facilitator_secret=hash_secret(secret),
            created_at=self.sessions.clock(),
            members=found,
        )
        with self.store.write() as conn:
            records.insert_cohort(conn, record)
        return CreatedCohort(record.id, secret, found)

    # ------------------------------------------------------------------ reading

    def cohort(self, cohort_id: str) -> CohortRecord:
        if not isinstance(cohort_id, str) or not cohort_id.strip():
            raise CohortError(f"expected a cohort id (got {format_got(cohort_id)})")
        found = records.read_cohort(self.store, cohort_id.strip())
        if found is None:
            raise CohortError(f"no cohort {cohort_id!r} (see: gameday cohort list)")
        return found

    def cohorts(self, scenario_id: str | None = None) -> list[CohortRecord]:
        """Every cohort, oldest first (only those of `scenario_id` when given)."""
        return [self.cohort(i) for i in records.cohort_ids(self.store, scenario_id)]

    def status(self, cohort_id: str) -> list[MemberStatus]:
        return [
            MemberStatus(m, self.sessions.status(m.session_id))
            for m in self.cohort(cohort_id).members
        ]

    def debrief(
        self, cohort_id: str, noise_seeds: int = NOISE_SEEDS, jobs: int | None = None
    ) -> CohortDebrief:
        """The cohort debrief (`compare.py`), beside the earlier cohorts of its scenario. Kept
        until a member session's log grows, so a page that reruns does not replay again. The
        noise runs use every core unless `jobs` says otherwise."""
        record = self.cohort(cohort_id)
        key = self._debrief_key(record, noise_seeds)
        found = self._debriefs.get(key)
        if found is None:
            earlier = [
                c
                for c in self.cohorts(record.scenario_id)
                if c.id != record.id and c.created_at <= record.created_at
            ]
            workers = jobs if jobs is not None else (os.cpu_count() or 1)
            found = cohort_debrief(self.sessions, record, earlier, noise_seeds, workers)
            _keep(self._debriefs, key, found)
        return found

    def debrief_job(
        self, cohort_id: str, noise_seeds: int = NOISE_SEEDS
    ) -> Background[CohortDebrief]:
        """The cohort debrief computed on a thread (`simulator.background`), so the cohort
        console opens at once and fills it in when the noise runs are done (seconds). One job
        per cohort and state of its members' logs, kept like the debriefs."""
        record = self.cohort(cohort_id)
        key = self._debrief_key(record, noise_seeds)
        with self._jobs_lock:
            job = self._jobs.get(key)
            if job is None:
                job = Background(
                    lambda _progress: self.debrief(cohort_id, noise_seeds),
                    name="cohort-debrief",
                    failed="the cohort debrief failed",
                )
                _keep(self._jobs, key, job.start())
        return job

    def _debrief_key(self, record: CohortRecord, noise_seeds: int) -> tuple[object, ...]:
        seqs = tuple(self.sessions.status(sid).last_seq for sid in record.session_ids)
        return (record.id, seqs, noise_seeds)

    def check_secret(self, cohort_id: str, secret: str | None) -> CohortRecord:
        record = self.cohort(cohort_id)
        if not isinstance(secret, str) or not secret_matches(secret, record.facilitator_secret):
            raise CohortError(f"cohort {record.id}: wrong facilitator secret")
        return record

    # ------------------------------------------------------------------ driving

    def control(
        self,
        cohort_id: str,
        secret: str,
        verb: str,
        value: float | None = None,
        client_id: str | None = None,
    ) -> list[MemberResult]:
        """A clock control (start, pause, resume, end, speed X, skip SECONDS) for every team.
        `client_id` makes a retried click harmless: each session keeps it as its own key."""
        if verb not in CONTROLS:
            raise CohortError(f"unknown control {verb!r} (controls: {', '.join(CONTROLS)})")
        if verb in ("speed", "skip") and value is None:
            raise CohortError(f"{verb}: a value is needed")
        record = self.check_secret(cohort_id, secret)
        act = self._control_of(verb, secret, value)
        return [
            _each(m, lambda m: act(m.session_id, _key(client_id, m.session_id)))
            for m in record.members
        ]

    def _control_of(
        self, verb: str, secret: str, value: float | None
    ) -> Callable[[str, str | None], StoredEvent]:
        s = self.sessions
        if verb == "speed":
            return lambda sid, key: s.set_speed(sid, secret, float(value or 0), key)
        if verb == "skip":
            return lambda sid, key: s.skip(sid, secret, float(value or 0), key)
        plain = {"start": s.start, "pause": s.pause, "resume": s.resume, "end": s.end}[verb]
        return lambda sid, key: plain(sid, secret, key)

    def inject(
        self,
        cohort_id: str,
        secret: str,
        channel: str,
        sender: str,
        text: str,
        *,
        to: str | None = None,
        subject: str | None = None,
    ) -> list[MemberResult]:
        """An ad-hoc message to one team's session (`to`: its session id or team name) or to
        every team (`to` None)."""
        record = self.check_secret(cohort_id, secret)
        targets = record.members if to is None else (_member(record, to),)

        def send(m: Member) -> StoredEvent:
            return self.sessions.inject(m.session_id, secret, channel, sender, text, subject)

        return [_each(m, send) for m in targets]


def _member(record: CohortRecord, wanted: str) -> Member:
    for m in record.members:
        if wanted in (m.session_id, m.team) or wanted.casefold() == m.team.casefold():
            return m
    teams = ", ".join(m.team for m in record.members)
    raise CohortError(f"cohort {record.id}: no team or session {wanted!r} (teams: {teams})")


def _key(client_id: str | None, session_id: str) -> str | None:
    return None if client_id is None else f"{client_id}:{session_id}"


def _each(member: Member, call: Callable[[Member], object]) -> MemberResult:
    """`call(member)`, or why the member's session refused it."""
    try:
        call(member)
    except SessionError as exc:
        return MemberResult(member.team, member.session_id, False, str(exc))
    return MemberResult(member.team, member.session_id, True)


def _keep(kept: dict[tuple[object, ...], V], key: tuple[object, ...], value: V) -> None:
    """Keep `value` under `key`, dropping the oldest beyond DEBRIEFS_KEPT."""
    if len(kept) >= DEBRIEFS_KEPT:
        kept.pop(next(iter(kept)))
    kept[key] = value
