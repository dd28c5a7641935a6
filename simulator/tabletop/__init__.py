"""Tabletop exercises: the master scenario events list, objectives with their automatic
evidence, evaluator ratings and participant feedback (the views the pages and reports use).
Step mode itself is the session's (`simulator.session`)."""

from __future__ import annotations

from simulator.objectives import CAPABILITIES, EVIDENCE_NAMES, ITEM_KEYS, evidence_items
from simulator.tabletop.exercise import (
    FEEDBACK_SCALE,
    RATINGS,
    Evidence,
    Exercise,
    ExerciseObjective,
    Feedback,
    Rating,
    exercise_block,
    exercise_from,
    exercise_of,
    objective_evidence,
)
from simulator.tabletop.msel import MselRow, msel

__all__ = [
    "CAPABILITIES",
    "EVIDENCE_NAMES",
    "FEEDBACK_SCALE",
    "ITEM_KEYS",
    "RATINGS",
    "Evidence",
    "Exercise",
    "ExerciseObjective",
    "Feedback",
    "MselRow",
    "Rating",
    "evidence_items",
    "exercise_block",
    "exercise_from",
    "exercise_of",
    "msel",
    "objective_evidence",
]
