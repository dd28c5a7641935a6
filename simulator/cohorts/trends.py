"""Trends: a team's sessions over time, for its history page and `gameday trends --team NAME`.

Every session stored under the team's name (case-insensitive; `session_teams`) is scored from
its debrief journal. A row keeps the total and the four response times the debrief measures
against targets: acknowledge (from the page), declare (from detection), mitigate and resolve
(from detection), in seconds, None when it never happened. `by_scenario` groups the rows so each
scenario's distribution is seen on its own; scenarios differ too much to pool.
"""

from __future__ import annotations

import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from simulator.scoring import Score, score
from simulator.session import SessionService
from simulator.session.teams import clean_team, sessions_of_team

RESPONSE_KEYS: tuple[str, ...] = ("acknowledge", "declare", "mitigate", "resolve")


@dataclass(frozen=True)
class TrendRow:
    session_id: str
    scenario_id: str
    created_at: float  # wall time the session was created (orders the rows; never in the model)
    state: str
    total: float
    times: Mapping[str, float | None]  # RESPONSE_KEYS -> seconds, None when never


@dataclass(frozen=True)
class ScenarioTrend:
    """One scenario's sessions of the team: how many, and the spread of the total."""

    scenario_id: str
    rows: tuple[TrendRow, ...]

    @property
    def totals(self) -> list[float]:
        return [r.total for r in self.rows]

    def describe(self) -> str:
        totals = self.totals
        low, mid, high = min(totals), statistics.median(totals), max(totals)
        return (
            f"{self.scenario_id}: {len(totals)} session(s), total score min {low:.1f} · "
            f"median {mid:.1f} · max {high:.1f}"
        )


def response_times(result: Score) -> dict[str, float | None]:
    """The measured response times of a score (seconds; None when it never happened)."""
    found: dict[str, float | None] = dict.fromkeys(RESPONSE_KEYS)
    for item in result.items:
        if item.key in found and isinstance(item.measured, int | float):
            found[item.key] = float(item.measured)
    return found


def team_trends(sessions: SessionService, team: str) -> list[TrendRow]:
    """The team's sessions, oldest first (empty when the team has none)."""
    name = clean_team(team)
    if name is None:
        return []
    rows = []
    for session_id in sessions_of_team(sessions.store, name):
        record = sessions.session(session_id)
        result = score(sessions.debrief_journal(session_id))
        rows.append(
            TrendRow(
                session_id=session_id,
                scenario_id=record.scenario_id,
                created_at=record.created_at,
                state=sessions.status(session_id).state,
                total=float(result.total),
                times=response_times(result),
            )
        )
    return sorted(rows, key=lambda r: (r.created_at, r.session_id))


def by_scenario(rows: Sequence[TrendRow]) -> list[ScenarioTrend]:
    """The rows grouped per scenario, scenarios in the order they were first played."""
    groups: dict[str, list[TrendRow]] = {}
    for row in rows:
        groups.setdefault(row.scenario_id, []).append(row)
    return [ScenarioTrend(sid, tuple(group)) for sid, group in groups.items()]
