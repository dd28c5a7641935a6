"""The tabletop part of the session API (`SessionService` inherits it): step mode, the master
events list, objectives the facilitator adds, evaluators' ratings and participants' feedback.

Step mode is clock events (`clock.mode`, `clock.advance`: `clock.py`, `steps.py`) and `decision`
events, all replayed into the engine like any other. Objectives, ratings and feedback are stored
events that never reach the engine: the debrief journal carries them in its header's `exercise`
block (`with_exercise`), beside the automatic score and never in it.
"""

from __future__ import annotations

import copy
import re
from typing import TYPE_CHECKING, Any, TypeVar

from simulator.errors import format_got
from simulator.journal import Journal
from simulator.objectives import EVIDENCE_NAMES
from simulator.roles import EVALUATOR, FACILITATOR
from simulator.session.checks import clean_text
from simulator.session.clock import ADVANCE, MODE, ClockReading, control_problem
from simulator.session.errors import AccessDenied, ClockRefused, SessionError
from simulator.session.host import ServiceHost
from simulator.session.keeper import Pending
from simulator.session.run import Run
from simulator.session.steps import next_moment
from simulator.session.store import Appender, NewEvent, StoredEvent
from simulator.suggest import did_you_mean_text
from simulator.tabletop.exercise import (
    FEEDBACK_SCALE,
    RATINGS,
    Exercise,
    ExerciseObjective,
    Feedback,
    Rating,
    exercise_block,
)
from simulator.tabletop.msel import MselRow, msel

if TYPE_CHECKING:
    pass

T = TypeVar("T")


OBJECTIVE = "objective"  # stored: an objective the facilitator added for this session
RATING = "rating"  # stored: an evaluator's rating of one objective
FEEDBACK = "feedback"  # stored: a participant's rating of the exercise and comment
EXERCISE_KINDS = (OBJECTIVE, RATING, FEEDBACK)
MAX_COMMENT = 2000


class TabletopMixin:
    """Step mode, objectives, ratings and feedback; see the module docstring."""

    # ------------------------------------------------------------------ step mode

    def set_mode(
        self: ServiceHost, session_id: str, secret: str, step: bool, client_id: str | None = None
    ) -> StoredEvent:
        """Switch between step mode (the clock waits at each moment) and live mode. Switching
        to step mode pauses a running clock; switching to live leaves it paused (resume it)."""
        return self._control(session_id, secret, MODE, 1.0 if step else 0.0, client_id)

    def advance(
        self: ServiceHost, session_id: str, secret: str, client_id: str | None = None
    ) -> StoredEvent:
        """Step mode: apply the decisions recorded at this step (as actions at its time) and
        move the clock on to the next moment, where it waits again."""
        user = self._check_secret(self.session(session_id), secret)

        def build(
            run: Run, reading: ClockReading, now: float, tx: Appender
        ) -> Pending | StoredEvent:
            earlier = None if client_id is None else tx.by_client_id(client_id)
            if earlier is not None:
                return earlier
            problem = control_problem(ADVANCE, reading, 1.0)
            if problem:
                raise ClockRefused(f"session {session_id}: cannot advance: {problem}")
            here = reading.sim_time
            stamp = self._stamp(run, reading)
            run.apply_decisions(stamp)
            to = next_moment(run)
            payload: dict[str, Any] = {"value": to - here, "to": to, "n": run.steps + 1}
            if user is not None:
                payload["user"] = user
            new = NewEvent(ADVANCE, now, stamp, payload, "facilitator", FACILITATOR, client_id)
            return Pending(new)

        return self._write(session_id, build)

    def master_events(self: ServiceHost, session_id: str) -> list[MselRow]:
        """The master scenario events list, checked off from the journal so far. Facilitator
        content: pages show it to the facilitator and evaluators only."""
        scenario = self.scenario(session_id).scenario
        return self._read(session_id, lambda run, _reading: msel(scenario, run.journal.entries))

    # ------------------------------------------------------------------ objectives

    def add_objective(
        self: ServiceHost, session_id: str, secret: str, text: str, evidence: list[str]
    ) -> StoredEvent:
        """The facilitator's own objective for this session, with the score items or
        capabilities that evidence it (may be none: then only evaluators' ratings speak)."""
        self._check_secret(self.session(session_id), secret)
        clean = clean_text(text, "objective", 300)
        for name in evidence:
            if name not in EVIDENCE_NAMES:
                raise SessionError(
                    f"evidence: unknown scoring item or capability {format_got(name)}"
                    + did_you_mean_text(name, EVIDENCE_NAMES)
                )
        taken = {o.id for o in self.objectives(session_id)}
        slug = re.sub(r"[^a-z0-9]+", "-", clean.lower()).strip("-")[:40] or "objective"
        oid, n = slug, 2
        while oid in taken:
            oid, n = f"{slug}-{n}", n + 1
        payload = {"id": oid, "text": clean, "evidence": list(dict.fromkeys(evidence))}
        return self._stored(session_id, OBJECTIVE, payload, "facilitator", FACILITATOR)

    def objectives(self: ServiceHost, session_id: str) -> tuple[ExerciseObjective, ...]:
        """The scenario's objectives, then the facilitator's, in the order added."""
        scenario = self.scenario(session_id).scenario
        own = [
            ExerciseObjective(o.id, o.text, tuple(o.evidence), "scenario")
            for o in scenario.objectives
        ]
        for event in self.store.events(session_id, kinds=(OBJECTIVE,)):
            p = event.payload
            own.append(
                ExerciseObjective(str(p["id"]), str(p["text"]), tuple(p["evidence"]), "facilitator")
            )
        return tuple(own)

    # ------------------------------------------------------------------ evaluators, feedback

    def rate(
        self: ServiceHost,
        session_id: str,
        participant_id: str,
        objective: str,
        rating: str,
        comment: str = "",
    ) -> StoredEvent:
        """An evaluator rates an objective on the four-point scale (`RATINGS`: P, S, M, U),
        during the exercise or after it; a later rating of the same objective replaces theirs."""
        person = self._participant(session_id, participant_id)
        if self.standing(session_id, person.id).role != EVALUATOR:
            raise AccessDenied(f"{person.name}: only an evaluator rates objectives")
        ids = [o.id for o in self.objectives(session_id)]
        if objective not in ids:
            raise SessionError(
                f"objective: unknown objective {format_got(objective)} (objectives: "
                f"{', '.join(ids) or 'none'})" + did_you_mean_text(objective, ids)
            )
        if rating not in RATINGS:
            raise SessionError(
                f"rating: expected one of {', '.join(RATINGS)} (got {format_got(rating)})"
            )
        payload = {
            "objective": objective,
            "rating": rating,
            "comment": _comment(comment),
            "evaluator": person.name,
        }
        return self._stored(session_id, RATING, payload, person.id, EVALUATOR)

    def leave_feedback(
        self: ServiceHost, session_id: str, participant_id: str, rating: int, comment: str = ""
    ) -> StoredEvent:
        """A participant's rating of the exercise (1-5) and comment, once it has ended; a later
        one replaces theirs. The facilitator does not rate their own exercise."""
        person = self._participant(session_id, participant_id)
        if person.role == FACILITATOR:
            raise AccessDenied("the facilitator's feedback is the improvement plan")
        low, high = FEEDBACK_SCALE
        if isinstance(rating, bool) or not isinstance(rating, int) or not low <= rating <= high:
            raise SessionError(f"rating: expected {low} to {high} (got {format_got(rating)})")
        if self.status(session_id).state != "ended":
            raise SessionError(f"session {session_id}: feedback opens when the exercise ends")
        role = self.standing(session_id, person.id).role
        payload = {"rating": rating, "comment": _comment(comment), "name": person.name}
        return self._stored(session_id, FEEDBACK, payload, person.id, role)

    def exercise(self: ServiceHost, session_id: str) -> Exercise:
        """Objectives, the latest rating per evaluator and objective, the latest feedback per
        participant, and the mode the session is in now."""
        events = self.store.events(session_id, kinds=(RATING, FEEDBACK))
        ratings: dict[tuple[str, str], Rating] = {}
        feedback: dict[str, Feedback] = {}
        for e in events:
            p = e.payload
            if e.kind == RATING:
                key = (str(e.actor), str(p["objective"]))
                ratings.pop(key, None)
                ratings[key] = Rating(
                    str(p["objective"]),
                    str(p["rating"]),
                    str(p["comment"]),
                    str(p["evaluator"]),
                    e.sim_time,
                )
            else:
                feedback.pop(str(e.actor), None)
                feedback[str(e.actor)] = Feedback(
                    str(p["name"]), str(e.role), int(p["rating"]), str(p["comment"])
                )
        step = self._read(session_id, lambda _run, reading: reading.step)
        return Exercise(
            "step" if step else "live",
            self.objectives(session_id),
            tuple(ratings.values()),
            tuple(feedback.values()),
        )

    def with_exercise(self: ServiceHost, session_id: str, journal: Journal) -> Journal:
        """`journal` with the session's exercise in its header (`exercise` block) when it ran in
        step mode or has ratings, feedback or the facilitator's own objectives."""
        exercise = self.exercise(session_id)
        own = any(o.source == "facilitator" for o in exercise.objectives)
        if exercise.mode == "live" and not (exercise.ratings or exercise.feedback or own):
            return journal  # a plain game day: its journal and report are as they always were
        header = copy.deepcopy(journal.header)
        header["exercise"] = exercise_block(exercise)
        return Journal([header, *journal.entries[1:]])

    def _stored(
        self: ServiceHost,
        session_id: str,
        kind: str,
        payload: dict[str, Any],
        actor: str,
        role: str,
    ) -> StoredEvent:
        def build(run: Run, reading: ClockReading, now: float, tx: Appender) -> Pending:
            if reading.state == "lobby" and kind != OBJECTIVE:
                raise SessionError(f"session {session_id}: the exercise has not started")
            return Pending(self._new(kind, run, reading, now, payload, actor, role))

        return self._write(session_id, build)


def _comment(comment: object) -> str:
    if comment is None or (isinstance(comment, str) and not comment.strip()):
        return ""
    return clean_text(comment, "comment", MAX_COMMENT)


__all__ = ["EXERCISE_KINDS", "FEEDBACK", "OBJECTIVE", "RATING", "TabletopMixin"]
