"""From many runs of one scenario to its figures and its grade.

The grade rule (docs/reference/calibration.md): with `recovered` the share of runs in which
impact was over for good before the end, and `impact` the median impact minutes as a share of
the scenario's duration,

- **beginner** when recovered >= 0.85 and impact < 0.30;
- **advanced** when recovered < 0.60 or impact >= 0.50;
- **intermediate** otherwise.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass

import numpy as np

QUANTILES = (0.1, 0.5, 0.9)
BEGINNER_RECOVERED, BEGINNER_IMPACT = 0.85, 0.30
ADVANCED_RECOVERED, ADVANCED_IMPACT = 0.60, 0.50


@dataclass(frozen=True)
class Outcome:
    """What one calibration run came to."""

    recovered: bool
    impact_minutes: float
    failed_requests: float
    fix_minutes: float
    fixed: bool  # the fix was taken before the end
    stop_gap: bool
    harmful: bool


@dataclass(frozen=True)
class Calibration:
    """One scenario's measured figures. Quantiles are (p10, p50, p90)."""

    scenario: str
    authored: str  # the author's difficulty
    runs: int
    duration_minutes: float
    recovered_share: float
    impact_minutes: tuple[float, float, float]
    failed_requests: tuple[float, float, float]
    impact_minutes_per_minute_of_delay: float
    failed_requests_per_minute_of_delay: float
    harmful_extra_impact_minutes: float | None
    grade: str

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def summarise(
    scenario: str, authored: str, duration: float, outcomes: Sequence[Outcome]
) -> Calibration:
    impact = np.array([o.impact_minutes for o in outcomes])
    failed = np.array([o.failed_requests for o in outcomes])
    recovered = float(np.mean([o.recovered for o in outcomes])) if outcomes else 0.0
    minutes = duration / 60.0
    return Calibration(
        scenario=scenario,
        authored=authored,
        runs=len(outcomes),
        duration_minutes=round(minutes, 2),
        recovered_share=round(recovered, 4),
        impact_minutes=_quantiles(impact),
        failed_requests=_quantiles(failed),
        impact_minutes_per_minute_of_delay=_delay_cost(outcomes, "impact_minutes"),
        failed_requests_per_minute_of_delay=_delay_cost(outcomes, "failed_requests"),
        harmful_extra_impact_minutes=_harm(outcomes),
        grade=grade(recovered, float(np.median(impact)) / minutes if len(impact) else 1.0),
    )


def grade(recovered_share: float, median_impact_share: float) -> str:
    """The documented rule (module docstring)."""
    if recovered_share < ADVANCED_RECOVERED or median_impact_share >= ADVANCED_IMPACT:
        return "advanced"
    if recovered_share >= BEGINNER_RECOVERED and median_impact_share < BEGINNER_IMPACT:
        return "beginner"
    return "intermediate"


def _quantiles(values: np.ndarray) -> tuple[float, float, float]:
    if not len(values):
        return (0.0, 0.0, 0.0)
    q = np.quantile(values, QUANTILES)
    return (round(float(q[0]), 2), round(float(q[1]), 2), round(float(q[2]), 2))


def _delay_cost(outcomes: Sequence[Outcome], field: str) -> float:
    """The least-squares slope of a measure on the fix time, over the runs that took their fix
    before the end and no harmful action: what one more minute before the fix costs."""
    chosen = [o for o in outcomes if o.fixed and not o.harmful]
    if len(chosen) < 3:
        return 0.0
    x = np.array([o.fix_minutes for o in chosen])
    y = np.array([getattr(o, field) for o in chosen])
    if float(np.ptp(x)) == 0.0:
        return 0.0
    slope = np.polyfit(x, y, 1)[0]
    return round(float(slope), 2)


def _harm(outcomes: Sequence[Outcome]) -> float | None:
    """Mean impact minutes of runs with a harmful action minus those without (None if either
    group is empty)."""
    hurt = [o.impact_minutes for o in outcomes if o.harmful]
    clean = [o.impact_minutes for o in outcomes if not o.harmful]
    if not hurt or not clean:
        return None
    return round(float(np.mean(hurt) - np.mean(clean)), 2)
