"""Running a self-test: which runs, in two rounds, then the judging, over one or many seeds.

Round one runs no response and the ideal response at each seed (stop-gap and harmful times
depend on when impact starts without a response); round two runs every claim trial. Runs shared
by several trials (a no-response run, the fixes alone) run once.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from simulator.batches import Workers
from simulator.scenario import LoadedScenario
from simulator.scenario.schema import Scenario
from simulator.selftest import expectations, judges, measures
from simulator.selftest.claims import Claim, Trial, claims_of, trials
from simulator.selftest.results import Check, Outcome, fold
from simulator.selftest.runs import BASE_SERIES, RunSpec, RunSummary, Step, run_all

SEEDS_PER_CLAIM = 3


def derived_seeds(seed: int) -> list[int]:
    """The seeds tried for one `--seed`: it and the next ones."""
    return [seed + i for i in range(SEEDS_PER_CLAIM)]


def self_test(
    loaded: LoadedScenario,
    seed: int = 1,
    seeds: Sequence[int] | None = None,
    jobs: int = 1,
    only: str | None = None,
    claims: bool = True,
    dask: str | None = None,
) -> list[Check]:
    """Every check of one scenario over `seeds` (default: `derived_seeds(seed)`); with `only`,
    just the checks whose name contains that text (the runs they need, no others); without
    `claims`, just the expect block (no response and the ideal response). The runs go to `jobs`
    local processes, or to the Dask scheduler at `dask`."""
    scenario = loaded.scenario
    if scenario.expect is None:
        return [Check(scenario.id, "expect", "an expect block", "none", False)]
    chosen = list(seeds) if seeds is not None else derived_seeds(seed)
    outcomes = _outcomes(loaded, chosen, Workers(jobs, dask), only or "", claims)
    return fold(scenario.id, (o for o in outcomes if only is None or only in o.name))


def _metrics(scenario: Scenario) -> list[str]:
    expect = scenario.expect
    assert expect is not None
    wanted = [*expect.no_response.metrics, *expect.ideal_response.metrics]
    return [*BASE_SERIES, *(item.metric for item in wanted)]


def _ideal_spec(scenario: Scenario, seed: int) -> RunSpec:
    expect = scenario.expect
    assert expect is not None
    return RunSpec(seed, tuple(Step.of_scripted(a) for a in expect.ideal_response.actions))


def _outcomes(
    loaded: LoadedScenario, seeds: list[int], workers: Workers, only: str, claims: bool
) -> Iterator[Outcome]:
    scenario, metrics = loaded.scenario, _metrics(loaded.scenario)
    first = [spec for seed in seeds for spec in (RunSpec(seed), _ideal_spec(scenario, seed))]
    jobs, dask = workers.jobs, workers.dask
    runs = run_all(loaded, first, metrics, jobs, dask)
    per_seed = {
        seed: _seed_trials(scenario, seed, runs[RunSpec(seed)], only) if claims else []
        for seed in seeds
    }
    second = [spec for found in per_seed.values() for t in found for spec in t.runs]
    runs.update(run_all(loaded, [s for s in second if s not in runs], metrics, jobs, dask))
    for seed in seeds:
        yield from expectations.no_response(scenario, runs[RunSpec(seed)], seed)
    for seed in seeds:
        yield from expectations.ideal(scenario, runs[_ideal_spec(scenario, seed)], seed)
    if claims:
        yield from _claim_outcomes(scenario, seeds, per_seed, runs)


def _seed_trials(scenario: Scenario, seed: int, baseline: RunSummary, only: str) -> list[Trial]:
    """One seed's trials of the claims whose name contains `only`."""
    found = []
    for fault in scenario.faults:
        start = measures.impact_start_after(baseline, fault.at)
        found += [
            t
            for t in trials(scenario, seed, start)
            if t.claim.fault is fault and only in t.claim.name
        ]
    return found


def _claim_outcomes(
    scenario: Scenario,
    seeds: list[int],
    per_seed: dict[int, list[Trial]],
    runs: dict[RunSpec, RunSummary],
) -> Iterator[Outcome]:
    spreads = _spreads(scenario, [t for found in per_seed.values() for t in found], runs)
    for claim in claims_of(scenario):
        for seed in seeds:
            mine = [t for t in per_seed[seed] if t.claim == claim]
            if not mine:
                yield _untried(claim, seed)
            for trial in mine:
                yield _judge(scenario, trial, runs, spreads.get(trial.group_key, {}))
    yield from _relapses(scenario, per_seed, runs)


def _judge(
    scenario: Scenario, trial: Trial, runs: dict[RunSpec, RunSummary], spread: dict[str, float]
) -> Outcome:
    return judges.JUDGES[trial.claim.group](scenario, trial, runs, spread)


def _untried(claim: Claim, seed: int) -> Outcome:
    return Outcome(
        claim.name,
        "at least one time that fits before the end",
        "no time fits; set one in expect.claims",
        False,
        seed,
    )


def _spreads(
    scenario: Scenario, found: Iterable[Trial], runs: dict[RunSpec, RunSummary]
) -> dict[tuple[str, str], dict[str, float]]:
    """Per claim and kind of time, the noise of each measure's paired difference across seeds.

    Both runs of a trial share their seed (common random numbers), so what varies from seed to
    seed in their difference is the action's effect and the noise it brings; the spread of the
    reference measure itself (how busy one seed's traffic is) is not noise for this comparison.
    """
    values: dict[tuple[str, str], dict[str, list[float]]] = {}
    for trial in found:
        if trial.claim.group == "fixed_by":
            continue
        reference, candidate = runs[trial.runs[0]], runs[trial.runs[1]]
        if trial.claim.group == "mitigated_by":
            window = judges.stop_gap_window(scenario, trial, runs)
            chosen = judges.STOP_GAP_MEASURES
        else:
            window = judges.harmful_window(scenario, trial)
            chosen = judges.MEASURES
        ref = judges.reference_values(scenario, chosen, reference, window)
        cand = judges.reference_values(scenario, chosen, candidate, window)
        bucket = values.setdefault(trial.group_key, {})
        for name, value in ref.items():
            bucket.setdefault(name, []).append(cand.get(name, value) - value)
    return {
        key: {name: measures.noise(v) for name, v in bucket.items()}
        for key, bucket in values.items()
    }


def _relapses(
    scenario: Scenario, per_seed: dict[int, list[Trial]], runs: dict[RunSpec, RunSummary]
) -> Iterator[Outcome]:
    """`expect.stop_gaps.relapses`: checked at `expect.stop_gaps.at` only."""
    expect = scenario.expect
    assert expect is not None
    gaps = expect.stop_gaps
    if gaps is None:
        return
    for found in per_seed.values():
        for trial in found:
            ref = trial.claim.ref
            if (
                trial.claim.group == "mitigated_by"
                and trial.slot.label == "expect.stop_gaps.at"
                and gaps.relapses_after(ref.action)
            ):
                yield judges.relapse_outcome(scenario, trial, runs)
