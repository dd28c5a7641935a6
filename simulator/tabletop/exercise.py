"""A tabletop's human judgement beside the automatic score: the objectives (the scenario's and
the facilitator's own), the evaluators' ratings of them and the participants' feedback.

They live in the journal header's `exercise` block (the debrief journal: `gameday report`,
exports and the debrief read it from there), never in the score: `objective_evidence` shows the
linked score items next to the ratings, and nothing here changes a number the scorer computed."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from simulator.journal import Journal
from simulator.objectives import evidence_items

# The four-point scale exercise evaluation guides use, best first.
RATINGS: dict[str, str] = {
    "P": "Performed without challenges",
    "S": "Performed with some challenges",
    "M": "Performed with major challenges",
    "U": "Unable to be performed",
}
FEEDBACK_SCALE = (1, 5)


@dataclass(frozen=True)
class ExerciseObjective:
    id: str
    text: str
    evidence: tuple[str, ...]
    source: str  # "scenario" or "facilitator"


@dataclass(frozen=True)
class Rating:
    objective: str
    rating: str  # a RATINGS key
    comment: str
    evaluator: str
    t: float

    @property
    def label(self) -> str:
        return RATINGS.get(self.rating, self.rating)


@dataclass(frozen=True)
class Feedback:
    name: str
    role: str
    rating: int
    comment: str


@dataclass(frozen=True)
class Evidence:
    """One linked score item's result for an objective."""

    key: str
    title: str
    points: float
    max_points: float
    explanation: str
    applicable: bool = True

    @property
    def result(self) -> str:
        """`15/15`, or why there is none (an item this run did not score). A penalty item (no
        points to earn, only to lose: harmful actions) reads `no penalty` or `-10 (penalty)`."""
        if not self.applicable:
            return "not scored in this run"
        if self.max_points == 0:
            return "no penalty" if self.points == 0 else f"{self.points:g} (penalty)"
        return f"{self.points:g}/{self.max_points:g}"


@dataclass(frozen=True)
class Exercise:
    mode: str
    objectives: tuple[ExerciseObjective, ...]
    ratings: tuple[Rating, ...]
    feedback: tuple[Feedback, ...]

    def ratings_of(self, objective_id: str) -> tuple[Rating, ...]:
        return tuple(r for r in self.ratings if r.objective == objective_id)

    @property
    def empty(self) -> bool:
        return not (self.objectives or self.ratings or self.feedback)


def exercise_of(journal: Journal) -> Exercise:
    """The header's `exercise` block (an empty exercise when the journal has none)."""
    block = journal.header.get("exercise") or {}
    return exercise_from(block)


def exercise_from(block: Mapping[str, Any]) -> Exercise:
    return Exercise(
        mode=str(block.get("mode", "live")),
        objectives=tuple(
            ExerciseObjective(
                str(o["id"]), str(o["text"]), tuple(o.get("evidence", ())), str(o["source"])
            )
            for o in block.get("objectives", ())
        ),
        ratings=tuple(
            Rating(
                str(r["objective"]),
                str(r["rating"]),
                str(r.get("comment", "")),
                str(r["evaluator"]),
                float(r["t"]),
            )
            for r in block.get("ratings", ())
        ),
        feedback=tuple(
            Feedback(str(f["name"]), str(f["role"]), int(f["rating"]), str(f.get("comment", "")))
            for f in block.get("feedback", ())
        ),
    )


def exercise_block(exercise: Exercise) -> dict[str, Any]:
    """The header block for `exercise` (plain JSON data)."""
    return {
        "mode": exercise.mode,
        "objectives": [
            {"id": o.id, "text": o.text, "evidence": list(o.evidence), "source": o.source}
            for o in exercise.objectives
        ],
        "ratings": [
            {
                "objective": r.objective,
                "rating": r.rating,
                "comment": r.comment,
                "evaluator": r.evaluator,
                "t": r.t,
            }
            for r in exercise.ratings
        ],
        "feedback": [
            {"name": f.name, "role": f.role, "rating": f.rating, "comment": f.comment}
            for f in exercise.feedback
        ],
    }


def objective_evidence(objective: ExerciseObjective, items: Sequence[Any]) -> list[Evidence]:
    """The automatic score's items that evidence `objective` (`items`: the score's ScoreItems),
    in the objective's order; an item this run did not score says so (`applicable` False)."""
    by_key = {i.key: i for i in items}
    found = []
    for key in evidence_items(list(objective.evidence)):
        item = by_key.get(key)
        if item is not None:
            applicable = bool(getattr(item, "applicable", True))
            found.append(
                Evidence(
                    key, item.title, item.points, item.max_points, item.explanation, applicable
                )
            )
    return found


__all__ = [
    "FEEDBACK_SCALE",
    "RATINGS",
    "Evidence",
    "Exercise",
    "ExerciseObjective",
    "Feedback",
    "Rating",
    "exercise_block",
    "exercise_from",
    "exercise_of",
    "objective_evidence",
]
