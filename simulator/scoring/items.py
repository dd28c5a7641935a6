"""Building score items: the credit curve and the wording of explanations."""

from __future__ import annotations

from typing import Any

from simulator.durations import format_clock, format_duration
from simulator.scoring.model import ScoreItem
from simulator.scoring.rubric import POINTS, Rubric


def credit(measured: float, target: float, multiple: float) -> float:
    """1.0 at or under target, falling linearly to 0.0 at multiple x target."""
    if measured <= target:
        return 1.0
    zero_at = multiple * target
    if target <= 0 or measured >= zero_at:
        return 0.0
    return (zero_at - measured) / (zero_at - target)


def credit_words(fraction: float) -> str:
    if fraction >= 1.0:
        return "full credit"
    if fraction <= 0.0:
        return "no credit"
    return f"{round(fraction * 100)}% credit"


def duration(seconds: float) -> str:
    """A duration in words; negative durations read as 0s."""
    return format_duration(max(0.0, seconds))


def relative(delta: float) -> str:
    """`2m after` or `1m30s before` (for "... detection")."""
    return f"{duration(delta)} after" if delta >= 0 else f"{duration(-delta)} before"


def make_item(key: str, role: str, title: str, **fields: Any) -> ScoreItem:
    """An item worth `fraction` of its POINTS."""
    fraction = fields.pop("fraction")
    max_points = POINTS[key]
    return ScoreItem(
        key=key,
        role=role,
        title=title,
        points=round(max_points * fraction, 2),
        max_points=max_points,
        **fields,
    )


def timed_item(
    key: str,
    role: str,
    title: str,
    measured: float,
    target: float,
    rubric: Rubric,
    what: str,
    note: str = "",
) -> ScoreItem:
    """A time item: `what` says what took `measured` seconds ("acknowledged ... after the page");
    `note` qualifies the target ("(SEV1)")."""
    fraction = credit(measured, target, rubric.decay_multiple)
    explanation = f"{what}; target {duration(target)}{note}: {credit_words(fraction)}"
    return make_item(
        key,
        role,
        title,
        measured=round(measured, 3),
        target=target,
        fraction=fraction,
        explanation=explanation,
    )


def missing_item(
    key: str, role: str, title: str, target: float | str | None, why: str
) -> ScoreItem:
    """An item that never happened: no credit, saying why."""
    return make_item(
        key,
        role,
        title,
        measured=None,
        target=target,
        fraction=0.0,
        explanation=f"{why}: no credit",
    )


def missing_by(
    key: str,
    role: str,
    title: str,
    target: float | str | None,
    why: str,
    due: float | None,
    end: float,
) -> ScoreItem:
    """Something the players never did. Once it was due (at `due`, by the run's `end`) it earns
    no credit; when the run ended before it was due, it is not judged (0 of 0 points, out of the
    totals): nobody can say they would have missed it."""
    if due is not None and end < due:
        ended, was_due = format_clock(end), format_clock(due)
        why += f", but the exercise ended at {ended}, before it was due at {was_due}"
        return not_applicable_item(key, role, title, target, why)
    return missing_item(key, role, title, target, why)


def not_required_item(key: str, role: str, title: str, target: float | None, why: str) -> ScoreItem:
    """An item that does not apply: full credit, saying why."""
    return make_item(
        key,
        role,
        title,
        measured=None,
        target=target,
        fraction=1.0,
        explanation=f"not required: {why}; full credit",
    )


def not_applicable_item(
    key: str, role: str, title: str, target: float | str | None, why: str
) -> ScoreItem:
    """An item that does not apply to this kind of run: 0 of 0 points, left out of the totals."""
    return ScoreItem(
        key=key,
        role=role,
        title=title,
        measured=None,
        target=target,
        points=0.0,
        max_points=0.0,
        explanation=f"not applicable: {why}",
        unit="count",
        applicable=False,
    )
