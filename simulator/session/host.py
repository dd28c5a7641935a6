"""What the parts of the session API share: `ServiceHost`, the protocol of `SessionService`
that its mixins (`roster_api.py`, `clock_api.py`, `content_api.py`, `records_api.py`,
`tabletop.py`) are written against (mypy checks
each mixin method's `self` against it), and `by_user`, the signed-in user on a stored payload."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NoReturn, Protocol, TypeVar

from simulator.session.run import USER

if TYPE_CHECKING:
    from collections.abc import Callable

    from simulator.scenario import LoadedScenario
    from simulator.session.clock import ClockReading
    from simulator.session.guessing import GuessLimiter
    from simulator.session.keeper import Build
    from simulator.session.roster import Standing
    from simulator.session.run import Run
    from simulator.session.store import (
        NewEvent,
        ParticipantRecord,
        SessionRecord,
        Store,
        StoredEvent,
    )
    from simulator.session.views import SessionStatus
    from simulator.tabletop.exercise import Exercise, ExerciseObjective

T = TypeVar("T")


class ServiceHost(Protocol):
    """What the mixins use of `SessionService`."""

    store: Store
    clock: Callable[[], float]
    attempts: GuessLimiter

    def session(self, session_id: str) -> SessionRecord: ...
    def scenario(self, session_id: str) -> LoadedScenario: ...
    def status(self, session_id: str) -> SessionStatus: ...
    def participants(self, session_id: str) -> list[ParticipantRecord]: ...
    def standing(self, session_id: str, participant_id: str) -> Standing: ...
    def objectives(self, session_id: str) -> tuple[ExerciseObjective, ...]: ...
    def exercise(self, session_id: str) -> Exercise: ...
    def _participant(self, session_id: str, participant_id: str) -> ParticipantRecord: ...
    def _check_secret(self, record: SessionRecord, secret: str | None) -> str | None: ...
    def _wrong_code(self, session_id: str, client: str) -> NoReturn: ...
    def _read(self, session_id: str, use: Callable[[Run, ClockReading], T]) -> T: ...
    def _write(self, session_id: str, build: Build) -> StoredEvent: ...
    def _content(
        self, session_id: str, secret: str, kind: str, payload: dict[str, Any], engine: bool
    ) -> StoredEvent: ...
    def _roster_write(
        self,
        session_id: str,
        secret: str,
        change: Callable[[Run, list[ParticipantRecord]], dict[str, Any]],
    ) -> StoredEvent: ...
    def _stored(
        self, session_id: str, kind: str, payload: dict[str, Any], actor: str, role: str
    ) -> StoredEvent: ...
    def _control(
        self,
        session_id: str,
        secret: str,
        kind: str,
        value: float | None = None,
        client_id: str | None = None,
    ) -> StoredEvent: ...
    @staticmethod
    def _stamp(run: Run, reading: ClockReading) -> float: ...
    def _new(
        self,
        kind: str,
        run: Run,
        reading: ClockReading,
        now: float,
        payload: dict[str, Any],
        actor: str,
        role: str,
    ) -> NewEvent: ...


def by_user(payload: dict[str, Any], user: str | None) -> dict[str, Any]:
    """`payload` with who acted (`user`) when someone is signed in."""
    return payload if user is None else {**payload, USER: user}
