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

from simulator.batches import Sources, Workers, run_batch, scenario_of
from simulator.journal import Journal
from simulator.scenario import LoadedScenario
from simulator.scoring import Score, score
from simulator.session import SessionRecord, SessionService, StoredEvent, replay

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


def replayed_journal(
    loaded: LoadedScenario, seed: int, record: SessionRecord, events: Sequence[StoredEvent]
) -> Journal:
    """The session's stored events replayed under `seed` (the played run when it is its own)."""
    run = replay(loaded, seed, record.speed, events, session_id=record.id, solo=record.solo)
    return Journal(list(run.journal.entries))


Task = tuple[int, SessionRecord, tuple[StoredEvent, ...]]


def _points(sources: Sources, task: Task) -> dict[str, float]:
    seed, record, events = task
    return points_of(score(replayed_journal(scenario_of(sources, 0), seed, record, events)))


def seed_spreads(
    sessions: SessionService, session_ids: Sequence[str], seeds: Sequence[int], jobs: int = 1
) -> list[dict[str, Spread]]:
    """Per session (all of one scenario), item key -> the spread of its points over `seeds`
    (include the played seed). The runs go to `jobs` processes; the figures do not depend on it."""
    if not session_ids:
        return []
    loaded = sessions.scenario(session_ids[0])
    tasks: list[Task] = []
    for sid in session_ids:
        record, events = sessions.session(sid), tuple(sessions.store.events(sid))
        tasks.extend((seed, record, events) for seed in seeds)
    points = run_batch(_points, ((loaded.text, loaded.filename),), tasks, Workers(jobs))
    per = len(seeds)
    return [spreads(points[i * per : (i + 1) * per]) for i in range(len(session_ids))]


def spreads(runs: Sequence[Mapping[str, float]]) -> dict[str, Spread]:
    """Per item, the lowest and highest points over the runs that have it."""
    keys = dict.fromkeys(k for run in runs for k in run)
    return {
        key: Spread(min(values), max(values))
        for key in keys
        if (values := [run[key] for run in runs if key in run])
    }
