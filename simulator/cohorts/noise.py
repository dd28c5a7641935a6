"""Seed noise: how much a team's score moves when only the seed changes.

A team's stored events (its actions at their stamped sim times, the facilitator's injects and
clock) are replayed on the same scenario under other seeds: traffic, noise and the stakeholders'
flavour differ, what the team did does not. The spread of an item's points over those runs is
what luck alone can do to that team on that item; a difference between teams smaller than it is
not evidence of anything (docs/reference/cohorts.md).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from simulator.journal import Journal
from simulator.scoring import Score, score
from simulator.session import SessionService, replay

NOISE_SEEDS = 4  # other seeds per team: with the played seed, five runs per team
TOTAL = "total"  # the key of the weighted total in the per-item figures


@dataclass(frozen=True)
class Spread:
    """An item's points for one team over the played seed and the other seeds."""

    low: float
    high: float

    @property
    def width(self) -> float:
        return self.high - self.low


def other_seeds(seed: int, count: int = NOISE_SEEDS) -> tuple[int, ...]:
    """The seeds a cohort's noise is measured on: the next `count` after the played one."""
    return tuple(seed + 1 + i for i in range(count))


def points_of(result: Score) -> dict[str, float]:
    """Item key -> points (applicable items only), and the weighted total under `TOTAL`."""
    found = {i.key: float(i.points) for i in result.items if i.applicable}
    found[TOTAL] = float(result.total)
    return found


def replayed_journal(sessions: SessionService, session_id: str, seed: int) -> Journal:
    """The session's stored events replayed under `seed` (the played run when it is its own)."""
    record = sessions.session(session_id)
    loaded = sessions.scenario(session_id)
    events = sessions.store.events(session_id)
    run = replay(loaded, seed, record.speed, events, session_id=session_id, solo=record.solo)
    return Journal(list(run.journal.entries))


def seed_spreads(
    sessions: SessionService, session_id: str, seeds: Sequence[int]
) -> dict[str, Spread]:
    """Item key -> the spread of that team's points over `seeds` (include the played seed)."""
    runs = [points_of(score(replayed_journal(sessions, session_id, s))) for s in seeds]
    return spreads(runs)


def spreads(runs: Sequence[Mapping[str, float]]) -> dict[str, Spread]:
    """Per item, the lowest and highest points over the runs that have it."""
    keys = dict.fromkeys(k for run in runs for k in run)
    return {
        key: Spread(min(values), max(values))
        for key in keys
        if (values := [run[key] for run in runs if key in run])
    }
