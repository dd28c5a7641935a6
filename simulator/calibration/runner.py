"""Playing the calibration runs, serially or on every core.

Every player is drawn in the parent process before any run starts, and results come back in the
order of the tasks, so `jobs` (or a Dask cluster) changes how long calibration takes and never
what it finds.
"""

from __future__ import annotations

from collections.abc import Sequence

from simulator.batches import Sources, Workers, run_batch, scenario_of
from simulator.calibration.figures import Calibration, Outcome, summarise
from simulator.calibration.policies import Policy, detection_time, draw_policies
from simulator.scenario import LoadedScenario
from simulator.selftest.measures import clear_from, failed_requests
from simulator.selftest.runs import BASE_SERIES, RunSpec, RunSummary, run_one

Task = tuple[int, RunSpec]


def calibrate(
    scenarios: Sequence[LoadedScenario], runs: int, seed: int, jobs: int, dask: str | None = None
) -> list[Calibration]:
    """Play each scenario `runs` times with drawn players; one `Calibration` per scenario. The
    runs go to `jobs` local processes, or to the Dask scheduler at `dask`."""
    sources = tuple((s.text, s.filename) for s in scenarios)
    workers = Workers(jobs, dask)

    def play_all(tasks: list[Task]) -> list[RunSummary]:
        return run_batch(_play, sources, tasks, workers)

    return _calibrate(scenarios, runs, seed, play_all)


def _calibrate(
    scenarios: Sequence[LoadedScenario], runs: int, seed: int, play_all: object
) -> list[Calibration]:
    assert callable(play_all)
    quiet = play_all([(i, RunSpec(seed)) for i in range(len(scenarios))])
    players: list[tuple[Policy, ...]] = []
    for loaded, summary in zip(scenarios, quiet, strict=True):
        impact = summary.impact[0][0] if summary.impact else None
        detected = detection_time(loaded.scenario, summary.alerts, impact)
        players.append(draw_policies(loaded.scenario, detected, runs, seed))
    tasks = [(i, p.spec()) for i, group in enumerate(players) for p in group]
    summaries = iter(play_all(tasks))
    results: list[Calibration] = []
    for loaded, group in zip(scenarios, players, strict=True):
        s = loaded.scenario
        outcomes = [_outcome(s.duration, s.tick, p, next(summaries)) for p in group]
        results.append(summarise(s.id, s.difficulty, s.duration, outcomes))
    return results


def _play(sources: Sources, task: Task) -> RunSummary:
    index, spec = task
    return run_one(scenario_of(sources, index), spec, BASE_SERIES)


def _outcome(duration: float, tick: float, policy: Policy, summary: RunSummary) -> Outcome:
    impact = sum((end if end is not None else duration) - start for start, end in summary.impact)
    return Outcome(
        recovered=clear_from(summary) is not None,
        impact_minutes=round(impact / 60.0, 3),
        failed_requests=round(failed_requests(summary, -1.0, duration, tick), 1),
        fix_minutes=policy.fix_at / 60.0,
        fixed=policy.fix_at < duration,
        stop_gap=policy.stop_gap,
        harmful=policy.harmful,
    )
