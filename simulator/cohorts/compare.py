"""The cohort debrief: the teams compared item by item, against the seed noise and the earlier
cohorts of the same scenario.

Each team's session is scored from its debrief journal (what its own debrief shows). Every score
item, and the weighted total, gets each team's points and the item's seed noise: the widest
spread of any team's points on it when that team's own events are replayed under other seeds
(`noise.py`). Two teams differ on an item *beyond the noise* when their points are further apart
than that noise; the debrief names those pairs and says of every other item that its differences
are within the noise. Distributions (each team a point; earlier cohorts beside this one) are
returned as rows for the page's charts, never as bare averages.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from simulator.cohorts.noise import NOISE_SEEDS, TOTAL, Spread, other_seeds, points_of, seed_spreads
from simulator.cohorts.records import CohortRecord, Member
from simulator.scoring import Score, score
from simulator.session import SessionService

MAX_HISTORY = 10  # earlier cohorts of the scenario shown beside this one
TOTAL_TITLE = "Total score"


@dataclass(frozen=True)
class TeamResult:
    team: str
    session_id: str
    state: str
    points: Mapping[str, float]  # item key -> points (applicable items), and TOTAL


@dataclass(frozen=True)
class Difference:
    ahead: str
    behind: str
    by: float


@dataclass(frozen=True)
class ItemComparison:
    """One score item across the teams (points in the teams' order; None: not applicable)."""

    key: str
    title: str
    role: str
    max_points: float
    points: tuple[float | None, ...]
    noise: float
    differences: tuple[Difference, ...]  # the pairs further apart than `noise`

    def sentence(self, teams: Sequence[str]) -> str:
        present = [p for p in self.points if p is not None]
        if len(present) < 2:
            return f"{self.title}: fewer than two teams have this item; nothing to compare."
        gap = max(present) - min(present)
        if not self.differences:
            return (
                f"{self.title}: the teams are at most {gap:.1f} points apart, within the seed "
                f"noise ({self.noise:.1f} points): no team did measurably better."
            )
        pairs = "; ".join(f"{d.ahead} ahead of {d.behind} by {d.by:.1f}" for d in self.differences)
        return f"{self.title}: {pairs} points, more than the seed noise ({self.noise:.1f} points)."


@dataclass(frozen=True)
class HistoryPoint:
    """One team's points on one item in one cohort of the scenario (for the distributions)."""

    cohort_id: str
    cohort_name: str
    team: str
    key: str
    points: float
    current: bool


@dataclass(frozen=True)
class CohortDebrief:
    cohort: CohortRecord
    teams: tuple[TeamResult, ...]
    items: tuple[ItemComparison, ...]
    seeds: tuple[int, ...]  # the seeds the noise was measured on (the played one first)
    history: tuple[HistoryPoint, ...]

    @property
    def team_names(self) -> tuple[str, ...]:
        return tuple(t.team for t in self.teams)

    @property
    def all_ended(self) -> bool:
        return all(t.state == "ended" for t in self.teams)

    def sentences(self) -> list[str]:
        return [item.sentence(self.team_names) for item in self.items]

    def summary(self) -> list[str]:
        """The items with a difference beyond the noise, one sentence each, then one sentence
        naming every item on which the teams are within the noise."""
        found = [item.sentence(self.team_names) for item in self.items if item.differences]
        level = [item.title for item in self.items if not item.differences]
        if level:
            found.append(
                "Within the seed noise (no team measurably better): " + ", ".join(level) + "."
            )
        return found

    def rows(self) -> list[dict[str, object]]:
        """Item by item, each team's points: a table's rows."""
        rows: list[dict[str, object]] = []
        for item in self.items:
            row: dict[str, object] = {"item": item.title, "of": _points(item.max_points)}
            row.update(zip(self.team_names, map(_points, item.points), strict=True))
            row["seed noise"] = round(item.noise, 1)
            row["beyond noise"] = "yes" if item.differences else "no"
            rows.append(row)
        return rows


def _points(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}"


def compare(
    results: Sequence[TeamResult],
    scores: Sequence[Score],
    noise: Sequence[Mapping[str, Spread]],
) -> tuple[ItemComparison, ...]:
    """Every item any team has (in scoring order, the total first), compared across teams."""
    titles = {TOTAL: (TOTAL_TITLE, "team", 100.0)}
    for result in scores:
        for i in result.items:
            if i.applicable:
                titles.setdefault(i.key, (i.title, i.role, float(i.max_points)))
    out = []
    for key, (title, role, max_points) in titles.items():
        points = tuple(r.points.get(key) for r in results)
        widths = [s[key].width for s in noise if key in s]
        width = max(widths, default=0.0)
        out.append(
            ItemComparison(
                key, title, role, max_points, points, width, _beyond(results, key, width)
            )
        )
    return tuple(out)


def _beyond(results: Sequence[TeamResult], key: str, noise: float) -> tuple[Difference, ...]:
    found = []
    for a, b in itertools.combinations(results, 2):
        pa, pb = a.points.get(key), b.points.get(key)
        if pa is None or pb is None or abs(pa - pb) <= noise + 1e-9:
            continue
        ahead, behind = (a, b) if pa > pb else (b, a)
        found.append(Difference(ahead.team, behind.team, round(abs(pa - pb), 1)))
    return tuple(sorted(found, key=lambda d: -d.by))


def member_score(sessions: SessionService, member: Member) -> tuple[str, Score]:
    """(the session's state, its score from the debrief journal)."""
    state = sessions.status(member.session_id).state
    return state, score(sessions.debrief_journal(member.session_id))


def cohort_debrief(
    sessions: SessionService,
    record: CohortRecord,
    earlier: Sequence[CohortRecord] = (),
    noise_seeds: int = NOISE_SEEDS,
    jobs: int = 1,
) -> CohortDebrief:
    """The comparison of `record`'s teams; `earlier`: cohorts of the same scenario to show
    beside it (the last `MAX_HISTORY`); the noise runs go to `jobs` processes."""
    seeds = (record.seed, *other_seeds(record.seed, noise_seeds))
    scored = [member_score(sessions, m) for m in record.members]
    results = tuple(
        TeamResult(m.team, m.session_id, state, points_of(result))
        for m, (state, result) in zip(record.members, scored, strict=True)
    )
    noise = seed_spreads(sessions, record.session_ids, seeds, jobs)
    items = compare(results, [s for _state, s in scored], noise)
    history = _history(sessions, record, results, earlier[-MAX_HISTORY:])
    return CohortDebrief(record, results, items, seeds, history)


def _history(
    sessions: SessionService,
    record: CohortRecord,
    results: Sequence[TeamResult],
    earlier: Sequence[CohortRecord],
) -> tuple[HistoryPoint, ...]:
    points = [
        HistoryPoint(record.id, record.name, r.team, key, value, True)
        for r in results
        for key, value in r.points.items()
    ]
    for other in earlier:
        for member in other.members:
            _state, result = member_score(sessions, member)
            points.extend(
                HistoryPoint(other.id, other.name, member.team, key, value, False)
                for key, value in points_of(result).items()
            )
    return tuple(points)
