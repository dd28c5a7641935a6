"""Running a what-if: every distinct run once, on every core when asked, with progress."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor

from simulator.scenario import LoadedScenario
from simulator.selftest.runs import BASE_SERIES, RunSpec, RunSummary, run_one

Progress = Callable[[int, int], None]
"""Called with (runs done, runs in all) as runs finish."""

_WORKER: LoadedScenario | None = None


def _init(text: str, filename: str) -> None:
    global _WORKER
    from simulator.scenario import load_scenario_text

    _WORKER = load_scenario_text(text, filename)


def _run(spec: RunSpec) -> RunSummary:
    assert _WORKER is not None
    return run_one(_WORKER, spec, BASE_SERIES)


def run_specs(
    loaded: LoadedScenario,
    specs: Sequence[RunSpec],
    jobs: int = 1,
    progress: Progress | None = None,
) -> dict[RunSpec, RunSummary]:
    """Each distinct spec run once; results do not depend on `jobs`."""
    unique = list(dict.fromkeys(specs))
    done: dict[RunSpec, RunSummary] = {}
    report = progress or (lambda _done, _all: None)
    report(0, len(unique))
    if jobs <= 1 or len(unique) <= 1:
        for spec in unique:
            done[spec] = run_one(loaded, spec, BASE_SERIES)
            report(len(done), len(unique))
        return done
    with ProcessPoolExecutor(
        min(jobs, len(unique)), initializer=_init, initargs=(loaded.text, loaded.filename)
    ) as pool:
        for spec, summary in zip(unique, pool.map(_run, unique), strict=True):
            done[spec] = summary
            report(len(done), len(unique))
    return done
