"""The result types (ScoreItem, RoleScore, Score) and the score as JSON-ready data."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from simulator.scoring.reading import Milestones
from simulator.scoring.rubric import ROLE_WEIGHTS, Rubric


@dataclass(frozen=True)
class ScoreItem:
    """One rubric item. `measured` and `target` are seconds for time items (`unit` "s"; negative
    when it happened before the clock started, which earns full credit), a ratio, a count or a
    severity otherwise; `measured` is None when the thing never happened or was not required.
    An item that does not apply to this kind of run (naming roles in solo practice) has
    `applicable` False and 0 of 0 points: it is left out of the role's totals."""

    key: str
    role: str
    title: str
    measured: float | str | None
    target: float | str | None
    points: float
    max_points: float
    explanation: str
    unit: str = "s"
    applicable: bool = True

    @property
    def full(self) -> bool:
        return self.points >= self.max_points


@dataclass(frozen=True)
class RoleScore:
    role: str
    title: str
    score: float
    points: float
    max_points: float
    weight: float
    reason: str


@dataclass(frozen=True)
class Score:
    """Every item, the role scores, their weighted `total` and plain mean (`team`)."""

    scenario_id: str
    items: tuple[ScoreItem, ...]
    roles: tuple[RoleScore, ...]
    team: float
    total: float
    rubric: Rubric
    milestones: Milestones

    def item(self, key: str) -> ScoreItem:
        return next(i for i in self.items if i.key == key)

    def role(self, role: str) -> RoleScore:
        return next(r for r in self.roles if r.role == role)


def score_to_dict(result: Score) -> dict[str, Any]:
    """The score as plain JSON-ready data (what `gameday score` prints)."""
    data = asdict(result)
    data["rubric"]["overridden"] = list(result.rubric.overridden)
    data["role_weights"] = dict(ROLE_WEIGHTS)
    return data
