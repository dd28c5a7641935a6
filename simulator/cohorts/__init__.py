"""Several teams on one scenario, compared fairly, and each team's history.

- `CohortService(sessions)`: create a cohort (one session per team, same scenario and seed, one
  facilitator secret), drive every team's clock at once, inject to one team or all (`service`).
- `cohort_debrief(...)`: the teams item by item, each item's seed noise (a team's own events
  replayed under other seeds, `noise`) and which differences are larger than it, with rows for
  distributions over the teams and over earlier cohorts of the scenario (`compare`).
- `team_trends(sessions, team)`: a team's sessions with their scores and response times, grouped
  per scenario by `by_scenario` (`trends`).

See docs/reference/cohorts.md.
"""

from simulator.background import Background, JobState
from simulator.cohorts.compare import (
    CohortDebrief,
    Difference,
    HistoryPoint,
    ItemComparison,
    TeamResult,
    cohort_debrief,
    compare,
)
from simulator.cohorts.noise import NOISE_SEEDS, TOTAL, Spread, other_seeds
from simulator.cohorts.records import CohortRecord, Member
from simulator.cohorts.service import (
    CONTROLS,
    MAX_TEAMS,
    MIN_TEAMS,
    CohortError,
    CohortService,
    CreatedCohort,
    MemberResult,
    MemberStatus,
    check_teams,
)
from simulator.cohorts.trends import (
    RESPONSE_KEYS,
    ScenarioTrend,
    TrendRow,
    by_scenario,
    response_times,
    team_trends,
)

__all__ = [
    "CONTROLS",
    "MAX_TEAMS",
    "MIN_TEAMS",
    "NOISE_SEEDS",
    "RESPONSE_KEYS",
    "TOTAL",
    "Background",
    "CohortDebrief",
    "CohortError",
    "CohortRecord",
    "CohortService",
    "CreatedCohort",
    "Difference",
    "HistoryPoint",
    "ItemComparison",
    "JobState",
    "Member",
    "MemberResult",
    "MemberStatus",
    "ScenarioTrend",
    "Spread",
    "TeamResult",
    "TrendRow",
    "by_scenario",
    "check_teams",
    "cohort_debrief",
    "compare",
    "other_seeds",
    "response_times",
    "team_trends",
]
