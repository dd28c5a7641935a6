"""The report's exercise evaluation (tabletops): each objective with its automatic evidence
(the linked score items' results) and the evaluators' ratings beside it, never mixed into the
score, and the participants' feedback on the exercise. From the journal header's `exercise`
block (`simulator.tabletop`); None when the run had no objectives, ratings or feedback."""

from __future__ import annotations

from dataclasses import dataclass

from simulator.journal import Journal
from simulator.scoring import Score
from simulator.tabletop import exercise_of, objective_evidence


@dataclass(frozen=True)
class ObjectiveResult:
    id: str
    text: str
    source: str  # scenario or facilitator
    evidence: tuple[str, ...]  # "Declared (IC): 15/15" per linked score item
    ratings: tuple[str, ...]  # "Performed with some challenges (Eve): comment"


@dataclass(frozen=True)
class FeedbackLine:
    name: str
    role: str
    rating: int
    comment: str


@dataclass(frozen=True)
class ExerciseReport:
    mode: str
    objectives: tuple[ObjectiveResult, ...]
    feedback: tuple[FeedbackLine, ...]

    @property
    def mean_feedback(self) -> float | None:
        if not self.feedback:
            return None
        return round(sum(f.rating for f in self.feedback) / len(self.feedback), 1)


def exercise_report(journal: Journal, result: Score) -> ExerciseReport | None:
    exercise = exercise_of(journal)
    if exercise.empty:
        return None
    objectives = []
    for objective in exercise.objectives:
        evidence = tuple(
            f"{e.title}: {e.result}" for e in objective_evidence(objective, result.items)
        )
        ratings = tuple(
            f"{r.label} ({r.evaluator})" + (f": {r.comment}" if r.comment else "")
            for r in exercise.ratings_of(objective.id)
        )
        objectives.append(
            ObjectiveResult(objective.id, objective.text, objective.source, evidence, ratings)
        )
    feedback = tuple(FeedbackLine(f.name, f.role, f.rating, f.comment) for f in exercise.feedback)
    return ExerciseReport(exercise.mode, tuple(objectives), feedback)


__all__ = ["ExerciseReport", "FeedbackLine", "ObjectiveResult", "exercise_report"]
